"""Reliability from evidence: the consistency score follows the facts (monotone, contradictions
weigh more, volume is no merit), ranks carry their certainty, each side of a disputed fact says
who stands behind it, and the first to report a fact gets the credit."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.agreement.consistency import (
    TOO_LITTLE,
    EvidenceWeights,
    consistency_by_source,
    consistency_scores,
    first_reporters,
    side_summaries,
)
from analysis.reliability import rank_ranges, reliability_scores, rescore

counts = st.integers(min_value=0, max_value=60)
weights = st.builds(
    EvidenceWeights,
    prior_mean=st.floats(0.05, 0.95), prior_strength=st.floats(0.5, 20),
    corroboration=st.floats(0.0, 5), contradiction=st.floats(0.0, 10), original=st.floats(0.0, 5))


def scored(rows: list[dict], w: EvidenceWeights | None = None) -> pd.DataFrame:
    return consistency_scores(pd.DataFrame(rows), w)


@settings(max_examples=300, deadline=None)
@given(c=counts, x=counts, d=counts, f=counts, w=weights)
def test_a_corroboration_never_lowers_and_a_contradiction_never_raises_the_score(c, x, d, f, w):
    f = min(f, c)
    base = {"n_corroborated": c, "n_contradicted": x, "n_disputed": d, "n_first_reported": f}
    table = scored([base, {**base, "n_corroborated": c + 1}, {**base, "n_contradicted": x + 1},
                    {**base, "n_first_reported": f + 1, "n_corroborated": c + 1}], w)
    for column in ("consistency_score", "consistency_low", "consistency_high"):
        now, more_held, more_failed, first = table[column]
        assert more_held >= now >= more_failed, column
        assert first >= more_held, column
    assert (table["consistency_low"] <= table["consistency_score"]).all()
    assert (table["consistency_score"] <= table["consistency_high"]).all()
    # and through the composite: the facts part moves reliability the same way
    sources = table.assign(source_id=list("abcd"), boilerplate_share=0.1, translation_score=0.2)
    rel = reliability_scores(sources)["reliability"]
    assert rel[1] >= rel[0] >= rel[2]


def test_a_contradiction_weighs_more_than_a_corroboration():
    table = scored([{"n_corroborated": 5, "n_contradicted": 0}, {"n_corroborated": 6, "n_contradicted": 0},
                    {"n_corroborated": 5, "n_contradicted": 1}])
    clean, one_more, contradicted = table["consistency_score"]
    assert clean - contradicted > 5 * (one_more - clean)
    assert contradicted < 0.7 < clean


def test_volume_is_no_merit_the_prior_sits_at_the_base_rate():
    many, few = scored([{"n_corroborated": 27, "n_contradicted": 0},
                        {"n_corroborated": 4, "n_contradicted": 0}])["consistency_score"]
    assert many - few < 0.05                              # was 0.97 vs 0.83 under Beta(1, 1)
    ranks = rank_ranges(rescore(pd.DataFrame({
        "source_id": ["many", "few"], "n_corroborated": [27, 4], "n_contradicted": [0, 0],
        "boilerplate_share": [0.05, 0.05], "translation_score": [0.0, 0.0]})))
    assert list(ranks["rank_shown"]) == ["1-2", "1-2"]    # tied, not numbered apart


def test_disputed_facts_widen_the_interval_but_do_not_move_the_score():
    plain, disputed = scored([{"n_corroborated": 5, "n_disputed": 0}, {"n_corroborated": 5, "n_disputed": 2}]).to_dict("records")
    assert plain["consistency_score"] == disputed["consistency_score"]
    assert disputed["consistency_low"] < plain["consistency_low"]


def test_unique_facts_are_no_evidence_and_thin_evidence_is_not_ranked():
    claims = pd.DataFrame({"source_id": ["rewriter"] * 12 + ["wire"] * 4,
                           "cluster_id": [f"f{k}" for k in range(12)] + [f"f{k}" for k in range(4)],
                           "status": ["corroborated"] * 2 + ["unique"] * 10 + ["corroborated"] * 4})
    table = consistency_by_source(claims, ["rewriter", "wire"]).set_index("source_id")
    assert table.loc["rewriter", "n_facts"] == 12 and table.loc["rewriter", "consistency_evidence"] == TOO_LITTLE
    assert table.loc["wire", "consistency_evidence"] == "enough"


def test_rank_ranges_are_ties_within_the_intervals_and_sure_places_outside():
    sources = pd.DataFrame({
        "source_id": ["a", "b", "c", "d", "e"],
        "reliability": [0.95, 0.93, 0.70, 0.40, 0.90],
        "reliability_low": [0.90, 0.85, 0.65, 0.20, 0.50],
        "reliability_high": [0.99, 0.97, 0.80, 0.60, 0.99],
        "consistency_evidence": ["enough", "enough", "enough", "enough", TOO_LITTLE],
    })
    table = rank_ranges(sources).set_index("source_id")
    assert table.loc[["a", "b", "c", "d"], "rank"].tolist() == [1, 2, 3, 4]
    assert table.loc[["a", "b", "c", "d"], "rank_shown"].tolist() == ["1-2", "1-2", "3", "4"]
    assert pd.isna(table.loc["e", "rank"]) and table.loc["e", "rank_shown"] == "not ranked"
    ranked = table.dropna(subset=["rank"])
    assert ((ranked["rank_low"] <= ranked["rank"]) & (ranked["rank"] <= ranked["rank_high"])).all()


def test_rescore_recomputes_under_other_weights():
    sources = pd.DataFrame({"source_id": ["noisy", "wrong"], "n_corroborated": [6, 6], "n_contradicted": [0, 1],
                            "boilerplate_share": [0.2, 0.0], "translation_score": [0.0, 0.0]})
    by_default = rescore(sources).set_index("source_id")
    assert by_default.loc["noisy", "rank"] == 1
    facts_only = rescore(sources, weights={"consistency": 1.0, "clean": 0.0, "original": 0.0}).set_index("source_id")
    assert facts_only.loc["noisy", "reliability"] > facts_only.loc["wrong", "reliability"]
    noise_only = rescore(sources, weights={"consistency": 0.0, "clean": 1.0, "original": 0.0}).set_index("source_id")
    assert noise_only.loc["wrong", "rank"] == 1
    lenient = rescore(sources, evidence=EvidenceWeights(contradiction=0.0)).set_index("source_id")
    assert lenient.loc["wrong", "consistency_score"] == lenient.loc["noisy", "consistency_score"]
    parts = by_default[["reliability_facts", "reliability_clean", "reliability_original"]].sum(axis=1)
    assert parts.to_numpy() == pytest.approx(by_default["reliability"].to_numpy(), abs=1e-3)
    with pytest.raises(ValueError, match="cannot be negative"):
        EvidenceWeights(contradiction=-1.0)


def judged_claims() -> pd.DataFrame:
    """One fact on two sides as ``verdicts`` writes them: "11 complaints" by the wire, its
    copy and a paper; "17 complaints" by a blog; and a second fact only the wire and the blog state."""
    return pd.DataFrame({
        "source_id": ["wire", "copy", "paper", "blog", "wire", "blog"],
        "cluster_id": ["f1", "f1", "f1", "f1", "f2", "f2"],
        "value": ["11 complaints"] * 3 + ["17 complaints", "14 cities", "14 cities"],
        "value_text": ["11 complaints", "11 complaints", "eleven complaints", "17 complaints", "14 cities",
                       "14 cities"],
        "status": ["corroborated"] * 3 + ["contradicted", "corroborated", "corroborated"],
        "side_sources": ["copy,paper,wire"] * 3 + ["blog", "blog,wire", "blog,wire"],
    })


FAMILIES = {"wire": "copy", "copy": "copy", "paper": "paper", "blog": "blog"}


def test_each_side_says_how_many_independent_sources_and_which_outlets():
    table = side_summaries(judged_claims(), FAMILIES, {"wire": "Wire Agency", "copy": "aggregator.example"})
    assert table["n_independent"].tolist() == [2, 2, 2, 1, 2, 2]     # a copy counts with its original
    sides = table.loc[0, "fact_sides"]
    assert sides == ("\u201c11 complaints\u201d: 2 independent (aggregator.example = Wire Agency, one text; paper)"
                     " vs \u201c17 complaints\u201d: 1 independent (blog)")
    assert table.loc[3, "fact_sides"] == sides
    assert table.loc[4:, "fact_sides"].isna().all()                    # one side: nothing to weigh


def test_the_first_to_publish_a_fact_is_named_only_when_the_times_tell():
    claims = judged_claims()
    published = {"wire": "2024-06-03T06:37", "copy": "2024-06-03T09:00", "paper": "2024-06-04",
                 "blog": "2024-06-05"}
    first = first_reporters(claims, FAMILIES, published)
    assert first.tolist()[:3] == ["wire"] * 3     # before its copy and the paper
    assert pd.isna(first[3])                        # alone on its side: repeated by nobody
    assert first[4] == "wire"
    # same day, no time for the paper: the wire and the paper tie, nobody is first
    tied = first_reporters(claims, FAMILIES, {**published, "paper": "2024-06-03"})
    assert tied[:3].isna().all()
    # a date missing on the side: nobody is first
    assert first_reporters(claims, FAMILIES, {k: v for k, v in published.items() if k != "paper"})[:3].isna().all()
    # the credit: the wire's corroborated facts it reported first
    table = consistency_by_source(claims.assign(first_reported_by=first), FAMILIES).set_index("source_id")
    assert table.loc["wire", "n_first_reported"] == 2 and table.loc["paper", "n_first_reported"] == 0
    assert table.loc["wire", "consistency_score"] > table.loc["paper", "consistency_score"]


def test_study_credits_the_source_that_reported_a_fact_first(write_corpus, tmp_path):
    from analysis.study import run_study

    from .test_agreement import story

    first = story(
        "The aviation regulator said it had received 11 complaints about Skyline Air on Monday.",
        "Skyline Air now flies to 14 cities across Europe from the northern terminal.",
        "The airport operator said it would publish a full response once its review of "
        "security staffing had been completed.")
    files = {
        "first.txt": first,
        "copy.txt": first,
        "later.txt": story(
            "On Monday the aviation regulator said it had received eleven complaints about Skyline Air.",
            "A spokesperson for the carrier declined to comment on the figures."),
        "sources.csv": "file,published\nfirst.txt,2024-06-03\ncopy.txt,2024-06-04\nlater.txt,2024-06-05\n",
    }
    tables = run_study(write_corpus(files), tmp_path / "out")
    complaints = tables["claims"][tables["claims"]["unit"].eq("complaints")].set_index("source_id")
    assert set(complaints["first_reported_by"]) == {"first"}   # before its copy and the later report
    sources = tables["sources"].set_index("source_id")
    # every fact the later report repeats (the complaints, the day, the sentence) is the first's
    assert sources.loc["first", "n_first_reported"] == sources.loc["first", "n_corroborated"] == 3
    assert sources.loc["copy", "n_first_reported"] == 0 and sources.loc["later", "n_first_reported"] == 0
    assert sources.loc["first", "consistency_score"] > sources.loc["later", "consistency_score"]


def test_translation_counts_only_where_the_study_calls_it_machine_translated():
    sources = pd.DataFrame({
        "source_id": ["native", "typo", "translated"], "n_corroborated": [6, 6, 6], "n_contradicted": [0, 0, 0],
        "boilerplate_share": [0.0, 0.0, 0.0], "machine_translated": [False, False, True],
        "translation_score": [0.6, 0.27, 0.9]})      # style alone; one doubled word; artifacts
    table = rescore(sources).set_index("source_id")
    assert table.loc["native", "reliability_original"] == table.loc["typo", "reliability_original"] == 0.25
    assert table.loc["translated", "reliability_original"] == pytest.approx(0.25 * 0.1)
    assert table["rank_shown"].tolist() == ["1-2", "1-2", "3"]
