"""Agreement: sentence similarity, value comparison, and whole stories whose truth is known."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis.agreement import AdditiveSimilarity, sentence_similarity
from analysis.agreement.compare import dates_agree, numbers_agree, values_agree
from analysis.agreement.consistency import consistency_by_source
from analysis.claims import extract_values
from analysis.study import run_study


def test_similarity_ranks_paraphrase_above_topic_neighbour_above_unrelated():
    claim = "The regulator received eleven complaints about the airline on Monday."
    scores = sentence_similarity(
        [claim] * 4,
        [claim,
         "On Monday the airline was the subject of 11 complaints to the regulator.",
         "The airline announced new routes to Spain on Monday.",
         "Heavy rain flooded the village hall last winter."],
    )
    assert isinstance(scores, np.ndarray) and scores.shape == (4,)
    assert scores[0] >= 0.9
    assert scores[0] > scores[1] > scores[2] > scores[3]
    assert scores[3] < 0.2
    assert np.all((scores >= 0) & (scores <= 1))


def test_similarity_is_symmetric_and_handles_edges():
    a = ["Police arrested two men in Leeds.", "Markets fell sharply."]
    b = ["Two men were arrested by police in Leeds.", "Stocks dropped on Friday."]
    np.testing.assert_allclose(sentence_similarity(a, b), sentence_similarity(b, a), atol=1e-6)
    assert sentence_similarity([], []).shape == (0,)
    assert sentence_similarity("Same words here.", "Same words here.").shape == (1,)
    with pytest.raises(ValueError, match="2 first sentences but 1"):
        sentence_similarity(a, b[:1])


def test_a_pool_fitted_once_scores_as_the_texts_it_was_fitted_on():
    from analysis.agreement.features import Pool, pair_features

    pool = ["The ferry left Eastmouth at 9 am with 212 passengers.",
            "Harbour officials said 212 people were aboard the ferry.",
            "The storm closed the harbour for two days.",
            "Nobody was hurt, the harbour master said."]
    first = [pool[0], pool[2], "The ferry did not leave Eastmouth."]
    second = [pool[1], pool[3], pool[0]]
    fitted = Pool(pool)
    expected = pair_features(first, second, pool=pool)
    assert np.array_equal(pair_features(first, second, pool=fitted), expected)
    assert np.array_equal(pair_features(first[:1], second[:1], pool=fitted), expected[:1])  # reused
    assert np.array_equal(pair_features(first, second, pool=Pool(pool[::-1])), expected)  # order
    assert not np.array_equal(pair_features(first, second, pool=pool + pool[:1]), expected)  # repeats


def test_the_pools_counts_give_the_aligners_tfidf_to_the_last_bit():
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

    from analysis.agreement.features import Pool

    texts = ["Harbour officials said 212 people were aboard the ferry.",
             "The ferry left Eastmouth at 9 am with 212 passengers.",
             "Harbour officials said 212 people were aboard the ferry.",
             "Zebra crossings were closed near the harbour."]
    expected = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                               dtype=np.float32).fit_transform(texts)
    counts = Pool(dict.fromkeys(texts)).char_counts(texts)
    counts = sparse.csr_matrix((counts.data.astype(np.float32), counts.indices, counts.indptr), shape=counts.shape)
    found = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    for part in ("indptr", "indices", "data"):  # each row's terms in the same order, not only the values
        assert np.array_equal(getattr(found, part), getattr(expected, part))
    assert Pool(texts[::-1]).char_counts(texts) is None  # first seen in another order


def test_alignment_in_small_batches_is_the_alignment_in_one():
    from analysis.agreement.align import align_sentences

    texts = ["The ferry left Eastmouth at 9 am with 212 passengers.",
             "Harbour officials said 212 people were aboard the ferry.",
             "The storm closed the harbour for two days.",
             "The ferry left Eastmouth at 9 am with 212 passengers."]
    sentences = pd.DataFrame({
        "sentence_id": [f"s{k % 3}:1:{k}" for k in range(9)],
        "source_id": [f"s{k % 3}" for k in range(9)], "line_no": list(range(1, 10)),
        "text": [texts[k % 4] for k in range(9)]})
    whole = align_sentences(sentences)
    assert len(whole) and whole["similarity"].min() >= 0.3
    pd.testing.assert_frame_equal(align_sentences(sentences, pair_batch=2), whole)


def test_additive_model_follows_sklearn_conventions_and_round_trips():
    rng = np.random.default_rng(0)
    X = rng.uniform(size=(200, 3))
    y = 5 * X[:, 0] + rng.normal(scale=0.1, size=200)
    model = AdditiveSimilarity(n_knots=4).fit(X, y)
    assert model.get_params() == {"n_knots": 4, "alpha": 1.0}
    assert model.score(X, y) > 0.95
    assert np.ptp(model.contributions(X)[:, 0]) > 10 * np.ptp(model.contributions(X)[:, 1])
    copy = AdditiveSimilarity.from_dict(model.to_dict())
    np.testing.assert_allclose(copy.predict(X), model.predict(X), atol=1e-4)


def value(sentence: str):
    (found,) = [v for v in extract_values(sentence) if v.kind in {"count", "number", "money", "percent"}]
    return found


@pytest.mark.parametrize("first, second, agree", [
    ("They filed 11 complaints.", "They filed eleven complaints.", True),
    ("It has 400 million users.", "It has more than 400 million users.", True),
    ("It has 400 million users.", "It has 412 million users.", True),   # a rounding of it
    ("They filed 11 complaints.", "They filed 12 complaints.", False),
    ("It has more than 400 million users.", "It has 300 million users.", False),
    ("It costs about 40 euros.", "It costs 43 euros.", True),
    ("The rate rose by 4.5%.", "The rate rose by 4.6%.", False),
    ("The blast killed 10 people.", "The blast killed 14 people.", False),   # 10 is not a rounding
    ("The rate rose by 4,5 %.", "The rate rose by 4.5%.", True),             # a decimal comma
])
def test_values_agree_within_rounding_and_bounds(first, second, agree):
    a, b = value(first), value(second)
    assert values_agree(a.kind, a.value, a.bound, b.kind, b.value, b.bound) is agree


def test_dates_agree_at_the_coarser_precision():
    assert dates_agree("--06-26", "2024-06-26")
    assert dates_agree("2024-06", "2024-06-19")
    assert not dates_agree("--06-26", "--06-19")
    assert not dates_agree("2024", "2023")
    assert dates_agree("2024-W03", "2024-01-17") is None     # an ISO week is not a month
    assert numbers_agree(11, "exact", 11, "approx")


def test_consistency_shrinks_toward_the_prior_with_little_evidence():
    claims = pd.DataFrame({
        "source_id": ["few"] * 2 + ["many"] * 20 + ["mixed"] * 4,
        "status": ["corroborated"] * 2 + ["corroborated"] * 20
                  + ["corroborated", "contradicted", "contradicted", "unique"],
    })
    table = consistency_by_source(claims, ["few", "many", "mixed", "silent"]).set_index("source_id")
    assert table.loc["silent", "consistency_score"] == 0.9 and table.loc["silent", "n_claims"] == 0  # the prior
    assert table.loc["few", "consistency_score"] == 0.95          # (1.8 + 2) / (2 + 2)
    assert table.loc["many", "consistency_score"] > 0.99
    assert table.loc["mixed", "consistency_score"] == 0.3111      # (1.8 + 1) / (2 + 1 + 3 x 2)
    widths = table["consistency_high"] - table["consistency_low"]
    assert widths["many"] < widths["few"] < widths["silent"]


def story(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


@pytest.fixture(scope="module")
def airline_story(tmp_path_factory):
    """Four sources of one story, each framed in its own words: one corroborates the first,
    one contradicts it, one copies it."""
    root = tmp_path_factory.mktemp("story")
    first = story(
        "Passengers have complained for months about delays at the northern terminal of "
        "Riverside airport, where security queues often stretch outside the building.",
        "The aviation regulator said it had received 11 complaints about Skyline Air on Monday.",
        "Skyline Air now flies to 14 cities across Europe from the terminal.",
        "The airport operator said it would publish a full response once its review of "
        "security staffing had been completed.",
    )
    files = {
        "first.txt": first,
        "agrees.txt": story(
            "Travellers at Riverside have faced long waits this spring.",
            "On Monday the aviation regulator said it had received eleven complaints about Skyline Air.",
            "Skyline Air employs 14 pilots at the Riverside terminal, the regulator said.",
            "A spokesperson for the carrier declined to comment on the figures.",
        ),
        "disagrees.txt": story(
            "A row over queues at the northern terminal has reached the national watchdog.",
            "The aviation regulator said it had received 17 complaints about Skyline Air on Monday.",
            "Union representatives blamed staff shortages for the delays.",
        ),
        "copy.txt": first,
    }
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return run_study(root, root.parent / "out")


def test_story_facts_are_linked_and_judged(airline_story):
    claims = airline_story["claims"].set_index("source_id")
    complaints = airline_story["claims"][airline_story["claims"]["unit"].eq("complaints")]
    assert complaints["cluster_id"].nunique() == 1   # "11", "eleven" and "17" complaints: one fact
    status = dict(zip(complaints["source_id"], complaints["status"]))
    # sides, not mentions: 11 has two independent sources (the copy counts with its original),
    # 17 one: the 11 side is corroborated, the 17 side contradicted
    assert status == {"agrees": "corroborated", "copy": "corroborated", "disagrees": "contradicted",
                      "first": "corroborated"}
    assert set(complaints["side_sources"]) == {"agrees,copy,first", "disagrees"}
    first = complaints.set_index("source_id").loc["first"]
    assert first["corroborated_by"] == "agrees"          # the copy is not listed: not independent
    assert first["contradicted_by"] == "disagrees"
    assert first["repeated_by_copies"] == "copy"
    cities = claims.loc[["first", "copy"]].query("unit == 'cities'")
    # the copy repeats the cities, but a copy is no corroboration
    assert set(cities["status"]) == {"unique"}
    assert set(cities["repeated_by_copies"]) == {"copy", "first"}
    assert not set(cities["cluster_id"]) & set(complaints["cluster_id"])  # another fact
    pilots = claims.loc[["agrees"]].query("unit == 'pilots'")  # shares a number, not a fact
    assert list(pilots["status"]) == ["unique"]
    assert not set(pilots["cluster_id"]) & set(cities["cluster_id"])


def test_contradictions_name_both_sentences_and_the_reason(airline_story):
    table = airline_story["contradictions"]
    pairs = {tuple(sorted((a, b))) for a, b in zip(table["source_a"], table["source_b"])}
    assert pairs == {("disagrees", "first"), ("agrees", "disagrees"), ("copy", "disagrees")}
    row = table[(table["source_a"] == "disagrees") & (table["source_b"] == "first")].iloc[0]
    assert "17 complaints" in row["text_a"] and "11 complaints" in row["text_b"]
    assert row["reason"].startswith("numbers differ")
    assert row["line_a"] == 3 and row["line_b"] == 3
    assert row["value_a"] == "17 complaints" and row["value_b"] == "11 complaints"


def test_copies_are_detected_and_do_not_corroborate(airline_story):
    copies = airline_story["copies"]
    assert list(zip(copies["source_a"], copies["source_b"])) == [("copy", "first")]
    sources = airline_story["sources"].set_index("source_id")
    assert sources.loc["copy", "copy_family"] == sources.loc["first", "copy_family"] == "copy"
    assert sources.loc["agrees", "copy_family"] == "agrees"


def test_agreement_table_covers_ordered_pairs(airline_story):
    agreement = airline_story["agreement"]
    assert len(agreement) == 4 * 3
    pair = agreement.set_index(["source_a", "source_b"])
    assert pair.loc[("first", "copy"), "text_similarity"] > 0.9
    assert pair.loc[("first", "copy"), "agreement"] > pair.loc[("first", "disagrees"), "agreement"]
    assert pair.loc[("first", "disagrees"), "n_contradicting_facts"] == 1
    assert agreement["agreement"].between(0, 1).all()


def test_sources_are_compared_only_within_their_story(tmp_path):
    harbour = ("The port authority of Eastmouth awarded a dredging contract worth 12 million pounds "
               "to a company owned by a council member, according to documents seen by reporters.")
    harbour_again = ("Documents show Eastmouth's port authority gave a 12 million pound dredging contract "
                     "to a firm that belongs to a member of the council.")
    orchestra = ("The city orchestra cancelled 12 concerts of its spring season after the concert hall "
                 "roof was found to be unsafe by building inspectors.")
    orchestra_again = ("Building inspectors declared the concert hall roof unsafe, and the city orchestra "
                       "has called off 12 concerts of its spring season.")
    files = {"harbour_a.txt": harbour, "harbour_b.txt": harbour_again,
             "orchestra_a.txt": orchestra, "orchestra_b.txt": orchestra_again,
             "lonely.txt": "A rare orchid bloomed in the botanical garden greenhouse for the first time in forty years."}
    for name, text in files.items():
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    tables = run_study(tmp_path, tmp_path.parent / f"{tmp_path.name}-out")
    story = dict(zip(tables["articles"]["source_id"], tables["articles"]["story_id"]))
    assert story["harbour_a"] == story["harbour_b"] != story["orchestra_a"] == story["orchestra_b"]
    pairs = set(zip(tables["agreement"]["source_a"], tables["agreement"]["source_b"]))
    assert pairs == {("harbour_a", "harbour_b"), ("harbour_b", "harbour_a"),
                     ("orchestra_a", "orchestra_b"), ("orchestra_b", "orchestra_a")}
    claims = tables["claims"]
    twelve = claims[claims["value"].astype(str).str.startswith("12")]
    # the same number in two stories is two facts, each corroborated within its own story
    by_story = twelve.groupby(twelve["source_id"].map(story))["cluster_id"].nunique()
    assert (by_story == 1).all() and twelve["cluster_id"].nunique() == 2
    assert set(twelve["status"]) == {"corroborated"}
    assert all(c.startswith(story[s] + ":") for c, s in zip(twelve["cluster_id"], twelve["source_id"]))
    lonely = tables["sources"].set_index("source_id").loc["lonely"]
    assert lonely["n_corroborated"] == 0 and lonely["consistency_score"] == 0.9   # alone in its story: the prior


@pytest.mark.parametrize("a, b, change", [
    ("We filed 11 complaints in every country this year", "We filed eleven complaints in every country this year", None),
    ("It has 400,000,000 users across the whole of Europe", "It has 400 million users across the whole of Europe", None),
    ("This is not legal under European law at all", "This is illegal under European law at all", None),
    ("We will accept that users are tracked without consent", "We will not accept that users are tracked without consent", "negation"),
    ("We filed 11 complaints in every country this year", "We filed 17 complaints in every country this year", "number"),
])
def test_a_quote_is_altered_only_by_a_real_change(a, b, change):
    from analysis.agreement.facts import _changed
    assert _changed(a, b) == change


def test_entities_sharing_only_kind_words_are_two_entities():
    from analysis.agreement.facts import same_entity
    from analysis.claims.roles import entity_key
    assert not same_entity(entity_key("Nigeria Data Protection Commission"), entity_key("Irish Data Protection Commission"))
    assert not same_entity(entity_key("Hamburg Consumer Center"), entity_key("Hamburg Data Protection Authority"))
    assert same_entity(entity_key("North Rhine-Westphalia Consumer Center"),
                       entity_key("Verbraucherzentrale North Rhine-Westphalia"))


def test_units_are_matched_as_whole_words():
    from analysis.agreement.facts import units_related
    assert not units_related("day", "week", "It lasted 11 days.", "It started on Monday and lasted 11 weeks.")
    assert units_related("complaint", "countrie", "They filed 11 complaints.", "Complaints went to 11 countries.")


def test_a_shared_date_in_unrelated_clauses_is_no_corroboration(tmp_path):
    files = {
        "a.txt": "Meta changed its privacy policy for users in Europe this spring, and regulators took note.\n\n"
                 "The regulator will publish its first decision on the case on June 26, a spokesperson said.\n\n"
                 "Consumer groups have asked the regulator to act quickly against the company's plans.\n",
        "b.txt": "Meta's new privacy policy for users in Europe draws complaints from consumer groups.\n\n"
                 "Meta will start training its artificial intelligence models on the posts of users on June 26.\n\n"
                 "The company says that users can object to the use of their posts through a form.\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    claims = run_study(tmp_path, tmp_path.parent / f"{tmp_path.name}-out")["claims"]
    june = claims[claims["value_text"].str.contains("June 26", na=False) & claims["kind"].ne("statement")]
    assert len(june) == 2 and set(june["status"]) == {"unique"}


def test_relative_dates_never_contradict(tmp_path):
    text = ("The city council met on Thursday to vote on the new harbour budget.\n\n"
            "The council approved the harbour budget on Thursday after a long debate.\n")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "sources.csv").write_text("file,published\na.txt,2024-06-06\nb.txt,2024-06-14\n", encoding="utf-8")
    tables = run_study(tmp_path, tmp_path.parent / f"{tmp_path.name}-out")
    claims = tables["claims"][tables["claims"]["kind"].ne("statement")]
    thursdays = claims[claims["value_text"].str.contains("Thursday", na=False)]
    assert len(set(thursdays["value"])) == 2          # resolved to two different dates ...
    assert tables["contradictions"].empty             # ... yet no contradiction


def test_pair_features_do_not_depend_on_the_string_hash_seed():
    # sums over sets of words follow the set's order, which changes with PYTHONHASHSEED
    script = (
        "import json, sys\n"
        "from analysis.agreement.features import pair_features\n"
        "a = ['The regulator fined the company 1.2 billion euros on Monday for moving data abroad.',\n"
        "     'Shares of the carmaker rose sharply after profits beat analysts expectations.',\n"
        "     'Rescue teams searched collapsed buildings overnight as aftershocks shook the region.']\n"
        "b = ['On Monday the data regulator imposed a fine of 1.2 billion euros on the firm.',\n"
        "     'The carmaker reported profits above expectations, and its shares climbed.',\n"
        "     'Aftershocks rattled the region while rescuers combed through collapsed homes.']\n"
        "print(json.dumps(pair_features(a, b).tolist()))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_rows_by_group_keeps_each_storys_rows_in_order_and_leaves_unknown_sources_out():
    from analysis.engine import rows_by_group

    # a frame stacked from many pieces, as the engines' results are: many chunks per column
    pieces = [pd.DataFrame({"source_id": pd.array([f"s{k % 7}"] * 3, dtype="string"),
                            "text": pd.array([f"{k}-{i}" for i in range(3)], dtype="string")})
              for k in range(50)]
    frame = pd.concat(pieces, ignore_index=True)
    story_no = {"s0": 1, "s1": 0, "s2": 1, "s3": 2, "s5": 0, "s6": 2}  # s4 in no story
    parts = rows_by_group(frame, story_no, 4)
    assert len(parts) == 4 and parts[3].empty and list(parts[3].columns) == ["source_id", "text"]
    for k in range(3):
        expected = frame[frame["source_id"].map(story_no) == k]
        pd.testing.assert_frame_equal(parts[k], expected)
    assert sum(len(part) for part in parts) == len(frame) - 3 * len(range(4, 50, 7))


def test_a_dispute_needs_one_measure_and_one_scope():
    from analysis.agreement import compare

    assert compare.measures_same("died", "died", "people", "")      # "24 dead" / "11 people killed"
    assert not compare.measures_same("died", "injured", "people", "people")
    assert not compare.measures_same("age", "age", "", "")          # two people's ages
    assert not compare.measures_same("", "", "", "")                # two bare numbers
    assert compare.measures_same("", "", "complaint", "complaint")
    assert compare.scopes_same("", "aceh")                           # the story's own place
    assert compare.scopes_same("2004", "2004 | indian ocean")
    assert not compare.scopes_same("in the province", "indian ocean")
    assert not compare.scopes_same("", "since october")
    assert not compare.scopes_same("2004", "2012")
    assert compare.values_agree("money", "2.6 USD", "exact", "money", "2600000 USD", "exact") is None


def test_statements_said_alike_corroborate_and_a_negated_one_contradicts(tmp_path):
    files = {  # two independent reports (not copies), one sentence negated
        "a.txt": "The regional court in Cologne has rejected the request for an injunction against the company.\n\n"
                 "Consumer advocates had hoped to stop the training before the end of the month.\n\n"
                 "The judges said in their ruling that private messages would not be used for the training "
                 "of the models.\n\n"
                 "An appeal is possible, a spokeswoman for the advocates told reporters in Düsseldorf.\n",
        "b.txt": "On Friday the Cologne regional court rejected an injunction that consumer advocates had requested "
                 "against the company.\n\n"
                 "The ruling is a setback for the privacy campaigners who brought the case last month.\n\n"
                 "The judges said in their ruling that private messages would be used for the training "
                 "of the models.\n\n"
                 "The company welcomed the decision and said its plans were lawful.\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    tables = run_study(tmp_path, tmp_path.parent / f"{tmp_path.name}-out")
    statements = tables["claims"][tables["claims"]["kind"] == "statement"].set_index(["source_id", "line_no"])
    assert statements.loc[("a", 1), "status"] == statements.loc[("b", 1), "status"] == "corroborated"
    assert statements.loc[("a", 1), "cluster_id"] == statements.loc[("b", 1), "cluster_id"]
    assert statements.loc[("a", 5), "status"] == statements.loc[("b", 5), "status"] == "disputed"  # one source each way
    negated = tables["contradictions"][tables["contradictions"]["reason"].str.startswith("negation differs")]
    assert list(zip(negated["line_a"], negated["line_b"])) == [(5, 5)]


def test_a_headline_the_classifier_alone_flags_stays_article_text():
    from analysis.boilerplate import keep_headlines

    blocks = pd.DataFrame({
        "source_id": ["a", "a", "a"], "block_no": [1, 2, 3],
        "text": ["Quake strikes Aceh province, killing five", "Quake strikes Aceh province, killing five",
                 "A strong earthquake struck Aceh on Tuesday."],
        "is_boilerplate": [True, True, False], "boilerplate_kind": ["navigation", "navigation", None],
        "boilerplate_reason": ["model", "model", None], "boilerplate_rule": ["model", "template", None],
    })
    articles = pd.DataFrame({"source_id": ["a"], "title": ["Quake strikes Aceh province, killing five"]})
    kept = keep_headlines(blocks, articles)
    assert kept["is_boilerplate"].tolist() == [False, True, False]   # the first one only, never a template
    assert pd.isna(kept.loc[0, "boilerplate_kind"])


def test_each_side_of_a_contested_fact_counts_its_independent_sources(airline_story):
    complaints = airline_story["claims"][airline_story["claims"]["unit"].eq("complaints")].set_index("source_id")
    # the copy and its original are one text: the 11 side has two independent sources
    assert complaints.loc["first", "n_independent"] == 2 and complaints.loc["disagrees", "n_independent"] == 1
    sides = complaints.loc["first", "fact_sides"]
    assert sides.startswith("\u201c11 complaints\u201d: 2 independent (agrees; copy = first, one text) vs ")
    assert sides.endswith(": 1 independent (disagrees)")
    fact = complaints.loc["first", "cluster_id"]
    contradictions = airline_story["contradictions"]
    assert set(contradictions.loc[contradictions["cluster_id"] == fact, "fact_sides"]) == {sides}
    assert complaints["first_reported_by"].isna().all()      # no publication dates: nobody is first
    sources = airline_story["sources"].set_index("source_id")
    assert sources.loc["disagrees", "n_contradicted"] == 1
    assert sources.loc["disagrees", "consistency_evidence"] == "enough"   # one contradiction ranks it ...
    assert sources.loc["disagrees", "rank"] == sources["rank"].max()      # ... last
    assert sources.loc["disagrees", "consistency_score"] < sources["consistency_score"].drop("disagrees").min()


def test_a_lone_wrong_figure_in_the_same_slot_is_contradicted_by_the_majority(tmp_path):
    """Three reports agree on a figure in their own words; a fourth states another in the same
    slot, the sentences worded apart ("commandos had captured 49 Somali pirates near Yemen" /
    "its commandos had captured 23 Somali pirates in a raid"): its figure is contradicted, the others corroborated. One report against one
    makes no contradiction of this kind (no majority)."""
    files = {
        "a.txt": "Navy commandos captured 23 Somali pirates after a gun battle in the Gulf of Aden on Tuesday.\n\n"
                 "The suspects were handed over to the coast guard in the port of Djibouti.\n",
        "b.txt": "Indian sailors arrested 23 pirates in the Gulf of Aden, the defence ministry said.\n\n"
                 "A merchant vessel had sent a distress call shortly before dawn.\n",
        "c.txt": "The navy said its commandos had captured 23 Somali pirates in a raid in the Gulf of Aden.\n\n"
                 "Officials praised the crew of the frigate for its quick response.\n",
        "d.txt": "On Tuesday the navy said commandos had captured 49 Somali pirates near Yemen.\n\n"
                 "The operation lasted several hours, a spokesman said.\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    tables = run_study(tmp_path, tmp_path.parent / f"{tmp_path.name}-out")
    claims = tables["claims"]
    pirates = claims[claims["kind"].isin(["count", "number"]) & claims["value_text"].str.contains("23|49")]
    pirates = pirates[~pirates["text"].str.contains("distress|praised|handed|lasted")]
    status = dict(zip(pirates["source_id"], pirates["status"]))
    assert status["d"] == "contradicted", pirates[["source_id", "value_text", "status", "cluster_id"]]
    assert status["a"] == status["c"] == "corroborated"
    assert pirates.loc[pirates["source_id"].isin(["a", "c", "d"]), "cluster_id"].nunique() == 1
    assert set(tables["contradictions"]["source_a"]) | set(tables["contradictions"]["source_b"]) >= {"d"}

    # one against one: no majority, so the slot rule alone makes no contradiction
    two = tmp_path.parent / f"{tmp_path.name}-two"
    two.mkdir()
    for name in ("b.txt", "d.txt"):
        (two / name).write_text(files[name], encoding="utf-8")
    tables = run_study(two, two.parent / f"{two.name}-out")
    assert tables["contradictions"].empty, tables["contradictions"][["text_a", "text_b", "reason"]]


@pytest.mark.parametrize("negating, other, in_scope", [
    ("A publicist says Tara Reid has not checked herself into rehab.",
     "A publicist says Tara Reid has checked herself into a rehab facility.", True),
    ("Harrison did not play in Thursday night's win over Jacksonville.",
     "Manning inspired the Colts to their eighth straight win on Thursday night.", False),
    ("Simpson pleaded not guilty to murder at his arraignment in January.",
     "A jury found Simpson guilty of murder in September.", False),
    ("The attacker was not one person, but probably a combination of several people.",
     "The attacker was probably a combination of several people.", False),
    ("The regulator said the practice is not legal.", "The regulator said the practice is illegal.", False),
    ("Police said the driver had been drinking.", "Police said the driver had been drinking heavily.", False),
])
def test_a_negation_contradicts_only_the_words_it_negates(negating, other, in_scope):
    from analysis.agreement.facts import negation_in_scope

    assert negation_in_scope(negating, other) is in_scope
    assert negation_in_scope(other, negating) is in_scope
