"""Facts as sides without chaining, verdicts by sides, and per-source counts in facts."""

import numpy as np
import pandas as pd

from analysis.agreement.consistency import TOO_LITTLE, consistency_by_source
from analysis.agreement.verdicts import build_facts, verdicts


def _claims(rows):
    return pd.DataFrame(rows, columns=["claim_id", "source_id", "kind", "value", "bound", "measure"])


def _links(rows):
    return pd.DataFrame(rows, columns=["claim_a", "claim_b", "relation", "similarity"])


def test_agreeing_links_do_not_chain_incompatible_values():
    # "at least five" agrees with "5" and with "24", which disagree: never one side
    claims = _claims([("a:1:1", "a", "count", "5 people", "exact", "died"),
                      ("b:1:1", "b", "count", "5 people", "min", "died"),
                      ("c:1:1", "c", "count", "24 people", "exact", "died")])
    links = _links([("a:1:1", "b:1:1", "agrees", 0.9), ("b:1:1", "c:1:1", "agrees", 0.8)])
    fact, side, kept = build_facts(claims, links)
    assert side[0] == side[1] != side[2]
    assert fact[0] == fact[1] != fact[2]   # no contradiction link: two facts
    assert kept.empty


def test_two_measures_never_share_a_side():
    claims = _claims([("a:1:1", "a", "count", "5 people", "exact", "died"),
                      ("b:1:1", "b", "count", "5 people", "exact", "injured"),
                      ("c:1:1", "c", "count", "5 people", "exact", "")])
    links = _links([("a:1:1", "c:1:1", "agrees", 0.9), ("b:1:1", "c:1:1", "agrees", 0.8)])
    fact, _, _ = build_facts(claims, links)
    assert fact[0] == fact[2] and fact[1] != fact[0]   # the strongest link wins, died and injured apart


def test_the_side_with_more_independent_sources_wins_and_copies_count_once():
    claims = _claims([("a:1:1", "a", "count", "11 complaints", "exact", ""),
                      ("b:1:1", "b", "count", "11 complaints", "exact", ""),
                      ("a2:1:1", "a2", "count", "11 complaints", "exact", ""),
                      ("c:1:1", "c", "count", "17 complaints", "exact", "")])
    links = _links([("a:1:1", "b:1:1", "agrees", 0.9), ("a:1:1", "a2:1:1", "agrees", 0.99),
                    ("a:1:1", "c:1:1", "contradicts", 0.8)])
    fact, side, kept = build_facts(claims, links)
    assert len(set(fact)) == 1 and len(set(side)) == 2 and len(kept) == 1
    judged = verdicts(claims, fact, side, {"a": "a", "a2": "a", "b": "b", "c": "c"})
    assert judged["status"].tolist() == ["corroborated", "corroborated", "corroborated", "contradicted"]
    assert judged.loc[3, "contradicted_by"] == "a,a2,b"
    # with b a copy of a too, the 11 side has one family like the 17 side: an even split
    judged = verdicts(claims, fact, side, {"a": "a", "a2": "a", "b": "a", "c": "c"})
    assert set(judged["status"]) == {"disputed"}


def test_a_toll_that_rose_between_articles_dates_is_updated_not_contradicted():
    claims = _claims([("a:1:1", "a", "count", "5 people", "exact", "died"),
                      ("b:1:1", "b", "count", "24 people", "exact", "died")])
    links = _links([("a:1:1", "b:1:1", "contradicts", 0.8)])
    fact, side, _ = build_facts(claims, links)
    dated = verdicts(claims, fact, side, {}, {"a": "2012-07-02", "b": "2012-07-03"})
    assert dated["status"].tolist() == ["updated", "unique"]
    undated = verdicts(claims, fact, side, {})
    assert undated["status"].tolist() == ["disputed", "disputed"]
    fell = verdicts(claims, fact, side, {}, {"a": "2012-07-03", "b": "2012-07-02"})  # fell: no update
    assert fell["status"].tolist() == ["disputed", "disputed"]


def test_a_fact_holds_at_most_five_values():
    rows = [(f"s{k}:1:1", f"s{k}", "count", f"{10 + k} people", "exact", "died") for k in range(8)]
    claims = _claims(rows)
    links = _links([(rows[0][0], row[0], "contradicts", 0.9 - k / 100) for k, row in enumerate(rows[1:])])
    fact, _, kept = build_facts(claims, links)
    assert np.bincount(fact).max() == 3 and len(kept) == 2      # three sides at most
    fact, _, kept = build_facts(claims, links, max_sides=10)
    assert np.bincount(fact).max() == 5 and len(kept) == 4      # five values at most


def test_consistency_counts_facts_not_mentions_and_says_when_evidence_is_thin():
    claims = pd.DataFrame({
        "source_id": ["a", "a", "a", "b", "b", "b", "b", "c", "c", "c"],
        "cluster_id": ["f1", "f1", "f2", "f1", "f3", "f4", "f5", "f3", "f4", "f6"],
        "status": ["contradicted", "contradicted", "unique", "corroborated", "corroborated",
                   "corroborated", "corroborated", "corroborated", "corroborated", "unique"],
    })
    table = consistency_by_source(claims, ["a", "b", "c"]).set_index("source_id")
    assert table.loc["a", "n_claims"] == 3 and table.loc["a", "n_facts"] == 2
    assert table.loc["a", "n_contradicted"] == 1          # one fact, however often it is said
    # one contradiction is evidence enough to rank (and sink) a source; two corroborations are not
    assert table.loc["a", "consistency_evidence"] == "enough"
    assert table.loc["c", "n_corroborated"] == 2 and table.loc["c", "consistency_evidence"] == TOO_LITTLE
    assert table.loc["b", "n_corroborated"] == 4 and table.loc["b", "consistency_evidence"] == "enough"
    assert table.loc["a", "consistency_score"] < 0.5 < table.loc["c", "consistency_score"]
