"""The composite reliability: its formula, its interval, and its sensitivity to the weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.notebooks.agreement import cluster_order, symmetric_agreement
from analysis.reliability import WEIGHTS_DEFAULT, ranks, reliability_scores, sensitivity


def sources(**columns) -> pd.DataFrame:
    base = {"source_id": ["a", "b", "c"], "consistency_score": [0.9, 0.5, 0.2],
            "consistency_low": [0.7, 0.05, 0.05], "consistency_high": [0.99, 0.95, 0.5],
            "boilerplate_share": [0.1, 0.1, 0.1], "translation_score": [0.0, 0.0, 0.0]}
    base.update(columns)
    return pd.DataFrame(base)


def test_reliability_is_the_weighted_sum_and_its_interval_follows_consistency():
    table = reliability_scores(sources()).set_index("source_id")
    expected = 0.5 * 0.9 + 0.25 * 0.9 + 0.25 * 1.0
    assert table.loc["a", "reliability"] == pytest.approx(expected, abs=1e-4)
    assert (table["reliability_low"] <= table["reliability"]).all()
    assert (table["reliability"] <= table["reliability_high"]).all()
    widths = table["reliability_high"] - table["reliability_low"]
    assert widths["b"] > widths["a"]     # no checked claims: wide; checked: narrow
    assert table.loc["b", "reliability_high"] - table.loc["b", "reliability_low"] == pytest.approx(0.45, abs=1e-4)


def test_machine_translation_and_noise_lower_reliability():
    table = reliability_scores(sources(translation_score=[0.0, 0.0, 0.0],
                                       consistency_score=[0.5, 0.5, 0.5],
                                       boilerplate_share=[0.0, 0.6, 0.0]))
    clean, noisy, _ = table["reliability"]
    translated = reliability_scores(sources(translation_score=[0.97, 0.0, 0.0],
                                            consistency_score=[0.5, 0.5, 0.5],
                                            boilerplate_share=[0.0, 0.0, 0.0]))["reliability"].iloc[0]
    assert noisy < clean and translated < clean


def test_weights_must_be_complete_and_non_negative():
    with pytest.raises(ValueError, match="non-negative value for each"):
        reliability_scores(sources(), {"consistency": 1.0})
    with pytest.raises(ValueError):
        reliability_scores(sources(), {**WEIGHTS_DEFAULT, "clean": -0.5})


def test_sensitivity_separates_a_robust_ranking_from_a_fragile_one():
    robust = sensitivity(sources()).set_index("source_id")
    assert list(robust["rank"]) == [1, 2, 3]
    assert (robust["same_rank_share"] == 1.0).all()
    # b is cleaner but less consistent than a: which comes first depends on the weights
    fragile = sensitivity(sources(consistency_score=[0.60, 0.55, 0.1],
                                  boilerplate_share=[0.20, 0.02, 0.1])).set_index("source_id")
    assert fragile.loc["a", "same_rank_share"] < 1.0
    assert fragile.loc["a", "rank_low"] == 1 and fragile.loc["a", "rank_high"] == 2
    again = sensitivity(sources(consistency_score=[0.60, 0.55, 0.1],
                                boilerplate_share=[0.20, 0.02, 0.1])).set_index("source_id")
    pd.testing.assert_frame_equal(fragile, again)    # seeded


def test_ranks_are_one_for_the_best_and_break_ties_by_order():
    np.testing.assert_array_equal(ranks(np.array([[0.2, 0.9, 0.9]])), [[3, 1, 2]])


def test_clustering_puts_agreeing_sources_side_by_side():
    agreement = pd.DataFrame(
        [(a, b, v) for a, b, v in [("a", "c", 0.9), ("c", "a", 0.8), ("b", "d", 0.7), ("d", "b", 0.9),
                                   ("a", "b", 0.1), ("b", "a", 0.1), ("a", "d", 0.0), ("d", "a", 0.1),
                                   ("c", "b", 0.0), ("b", "c", 0.1), ("c", "d", 0.1), ("d", "c", 0.0)]],
        columns=["source_a", "source_b", "agreement"])
    matrix = symmetric_agreement(agreement, ["a", "b", "c", "d"])
    assert matrix.loc["a", "c"] == pytest.approx(0.85) and matrix.loc["a", "a"] == 1.0
    order, tree = cluster_order(matrix)
    assert tree is not None
    assert abs(order.index("a") - order.index("c")) == 1
    assert abs(order.index("b") - order.index("d")) == 1


def test_dot_matrix_of_claims_no_two_sources_share_says_so_without_warnings():
    import warnings

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.notebooks.plots import claims_dot_matrix

    claims = pd.DataFrame({
        "cluster_id": ["fact-0001", "fact-0002"], "source_id": ["a", "b"], "line_no": [1, 1],
        "status": ["unique", "unique"], "value_text": ["11 complaints", "June 26"],
    })
    figure, ax = plt.subplots()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        claims_dot_matrix(ax, claims)
    assert [t.get_text() for t in ax.texts] == ["No fact is reported by 2 sources or more."]
    plt.close(figure)


def _wide_claims(n_sources: int) -> pd.DataFrame:
    """Facts reported by many sources: source s<k> reports facts 0..k (so later ones report more)."""
    rows = []
    for k in range(n_sources):
        for fact in range(k + 1):
            rows.append({"cluster_id": f"fact-{fact:04d}", "source_id": f"s{k:02d}", "line_no": fact + 1,
                         "claim_id": f"s{k:02d}:{fact}", "status": "corroborated", "kind": "number",
                         "value_text": f"{fact} people"})
    return pd.DataFrame(rows)


def test_a_wide_facts_matrix_keeps_the_sources_in_most_facts_and_names_the_rest():
    from analysis.notebooks.consistency import (
        MATRIX_SOURCES_MAX, matrix_sources, shared_facts, sources_left_out_sentence,
    )

    claims = _wide_claims(MATRIX_SOURCES_MAX + 4)
    shown, rest = matrix_sources(claims)
    # s00 reports one fact only; s13 reports 14: the sources in the most shared facts stay
    assert shown == [f"s{k:02d}" for k in range(4, MATRIX_SOURCES_MAX + 4)]
    assert rest == ["s00", "s01", "s02", "s03"]
    matrix = shared_facts(claims)
    assert list(matrix.columns) == ["kind"] + shown
    assert "s00, s01, s02, s03" in sources_left_out_sentence(claims)
    assert sources_left_out_sentence(_wide_claims(3)) == ""
    assert list(shared_facts(claims, max_sources=None).columns)[1:] == sorted(claims["source_id"].unique())


def test_charts_name_sources_by_outlet_with_the_id_after_it():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.notebooks.plots import claims_dot_matrix
    from analysis.notebooks.summary import source_labels

    articles = pd.DataFrame({"source_id": ["s00", "s01", "s02"], "outlet": ["Reuters", None, None],
                             "url": [None, "https://www.example.org/a", None]})
    labels = source_labels(articles)
    assert labels == {"s00": "Reuters · s00", "s01": "example.org · s01", "s02": "s02"}
    figure, ax = plt.subplots()
    claims_dot_matrix(ax, _wide_claims(3), labels=labels)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Reuters · s00", "example.org · s01", "s02"]
    plt.close(figure)
