"""Which article a translation comes from: German versions of ECB+ reports among the English
reports of the same events (tests/data/translation_pairs), and the pairs in the study's tables."""

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.agreement.copies import copy_families, translation_links
from analysis.translation.originals import article_anchors, translation_pairs
from analysis.translation.pair_evaluation import load_pairs_corpus, pair_measures

PAIRS = Path(__file__).parent / "data" / "translation_pairs"
FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text())["translation_pairs"]


def test_translations_are_paired_with_their_originals_and_same_event_reports_are_not():
    texts, languages, truth = load_pairs_corpus(PAIRS)
    measures = pair_measures(translation_pairs(texts, languages), truth)
    assert measures["precision"] >= FLOORS["precision"], measures
    assert measures["recall"] >= FLOORS["recall"], measures


def test_an_english_report_is_not_paired_with_a_german_report_of_its_event_whose_translation_is_absent():
    texts, languages, truth = load_pairs_corpus(PAIRS)
    german_only = {s for s in texts if languages[s] == "de"} - {o for o in truth.values() if o}
    assert german_only  # the corpus holds German articles whose English original was left out
    pairs = translation_pairs(texts, languages)
    assert not set(pairs["translation_of"]) & german_only


def test_numbers_are_one_anchor_in_either_language_and_english_names_are_words_capitalised_inside_a_sentence():
    german = article_anchors("Am 12. März 2009 kamen 1.500 Menschen nach Wasilla.", names_anywhere=True)
    english = article_anchors("On March 12, 2009, 1,500 people came to Wasilla.", names_anywhere=False)
    assert [a for a in german.anchors if a.isdigit()] == ["12", "2009", "1500"]
    assert [a for a in english.anchors if a.isdigit()] == ["12", "2009", "1500"]
    assert "wasilla" in german.anchors and "wasilla" in english.anchors
    assert "on" not in english.anchors  # a sentence's first word is no name
    assert "am" in german.anchors  # foreign capitals are all read: a translation's names are among them


def test_the_evidence_names_what_both_texts_share():
    texts, languages, _ = load_pairs_corpus(PAIRS)
    pairs = translation_pairs(texts, languages)
    assert len(pairs)
    for english, original, evidence in zip(pairs["source_id"], pairs["translation_of"],
                                           pairs["translation_of_evidence"]):
        assert evidence.startswith(f"translates {original}: ")
        shown = evidence.split("(")[-1].rstrip(")").replace(", ...", "").split(", ")
        english_anchors = set(article_anchors(texts[english], names_anywhere=False).anchors)
        german_anchors = set(article_anchors(texts[original], names_anywhere=True).anchors)
        assert shown and all(a in english_anchors and a in german_anchors for a in shown)


def test_a_corpus_in_one_language_has_no_pairs():
    pairs = translation_pairs({"a": "Police in Wasilla said 40 people left.", "b": "Wasilla police: 40 left."},
                              {"a": "en", "b": "en"})
    assert pairs.empty and list(pairs.columns) == ["source_id", "translation_of", "translation_of_evidence",
                                                   "translation_match"]


def test_two_translations_of_one_original_and_the_original_are_one_family():
    translations = pd.DataFrame({"source_id": ["en_human", "en_machine"], "translation_of": ["de", "de"]})
    links = translation_links(translations)
    assert sorted(map(tuple, links.to_numpy())) == [("de", "en_human"), ("de", "en_machine"),
                                                    ("en_human", "en_machine")]
    families = copy_families(["de", "en_human", "en_machine", "other"], links)
    assert families["en_human"] == families["en_machine"] == families["de"] != families["other"]
    # a family is computed over the sources given: links to others are left out
    assert copy_families(["en_human", "other"], links) == {"en_human": "en_human", "other": "other"}


@pytest.fixture(scope="module")
def pairs_study(tmp_path_factory):
    from analysis.study import run_study

    return run_study(PAIRS / "corpus", tmp_path_factory.mktemp("pairs"))


def test_the_study_names_each_translations_original_in_the_scorecard(pairs_study):
    sources = pairs_study["sources"]
    _, _, truth = load_pairs_corpus(PAIRS)
    found = sources[sources["translation_of"].notna()]
    measures = pair_measures(found, truth)
    assert measures["precision"] >= FLOORS["precision"], measures
    assert measures["recall"] >= FLOORS["recall"], measures
    family = dict(zip(sources["source_id"], sources["copy_family"]))
    for english, original, summary in zip(found["source_id"], found["translation_of"], found["summary"]):
        assert family[english] == family[original]
        assert f"a translation of {original}" in summary
    assert sources.loc[sources["translation_of"].isna(), "translation_of_evidence"].isna().all()


def test_page_3_lists_each_translation_with_its_original_or_says_why_there_is_none(pairs_study):
    from analysis.notebooks.translation import translations_table

    table = translations_table(pairs_study["sources"], pairs_study["articles"])
    assert set(table["language"]) == {"en"} and set(table["original_language"]) == {"de"}
    assert table["evidence"].str.startswith("translates ").all()
    english = pairs_study["articles"][pairs_study["articles"]["language"] == "en"]
    # the English half alone: no original to find
    alone = pairs_study["sources"][pairs_study["sources"]["source_id"].isin(english["source_id"])]
    alone = alone.assign(translation_of=None, translation_of_evidence=None)
    assert "no article in a language other than English" in translations_table(alone, english)
    assert "translates one of its articles" in translations_table(alone, pairs_study["articles"])
