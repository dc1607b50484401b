"""The composite ``reliability`` of a source, its uncertainty, and how it moves with the weights.

    reliability = w_consistency * consistency_score
                + w_clean       * (1 - boilerplate_share)
                + w_original    * (1 - translation_score)

with the weights of ``WEIGHTS_DEFAULT`` (they sum to 1, so reliability is in 0..1), each
part's contribution a column beside the total, and the translation score counted only where the
study calls the source machine-translated (``translation_evidence``). Consistency
weighs most: it is the only component about what a source *says*; noise and machine
translation are signs of a careless copy, not of a wrong one. ``reliability_low`` and
``reliability_high`` carry the 90% credible interval of the consistency score through the same
formula: a source whose claims nobody checked gets a wide interval, never a confident score.

``rank_ranges`` gives each ranked source the places its interval allows ("2-5": a tie within
the intervals, "3": a sure place); ``rescore`` recomputes consistency, reliability and ranks
from a ``sources`` table's counts under other weights (for the planted-error benchmark).

``sensitivity`` redraws the weights many times around the defaults (a Dirichlet with mean
``WEIGHTS_DEFAULT``) and reports, per source, the range of ranks it takes and how often it
keeps its default rank: a ranking that flips under small changes of the weights is not a
finding.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

COMPONENTS = {
    "consistency": "consistency_score",
    "clean": "boilerplate_share",
    "original": "translation_score",
}
# Where each weight came from: consistency (the facts) half of the score, because it is the
# only part about what a source *says*; noise and translation a quarter each, signs of a
# careless copy, not of a wrong one. A judgement, not a fit: no labelled reliability data
# exists yet. The planted-error benchmark (benchmarks/planted.py, in progress) is to choose
# them: ``rescore(sources, weights=...)`` recomputes the scores and ranks under other weights,
# and the sensitivity view shows what moving them changes.
WEIGHTS_DEFAULT = {"consistency": 0.5, "clean": 0.25, "original": 0.25}
# Dirichlet concentration of the weight draws: 20 lets each weight move about +-0.1 (one
# standard deviation of the consistency weight is 0.11) around its default.
CONCENTRATION_DEFAULT = 20.0
N_DRAWS_DEFAULT = 500
DECIMALS = 4
# Each part's contribution to the total, a column of ``sources`` (they sum to ``reliability``).
PART_COLUMNS = {"consistency": "reliability_facts", "clean": "reliability_clean",
                "original": "reliability_original"}
PART_LABELS = {"consistency": "facts", "clean": "noise", "original": "translation"}
COMPONENT_LABELS = {
    "consistency": "consistency (claims others confirm)",
    "clean": "clean text (1 - boilerplate share)",
    "original": "not machine-translated (1 - translation score, where machine_translated)",
}


def translation_evidence(sources: pd.DataFrame) -> pd.Series:
    """The translation score the composite counts (indexed like ``sources``): the score of a
    source the study calls likely machine-translated (``machine_translated``: artifact
    evidence, style alone never), else 0. "Some signs" (one doubled word gives 0.27) and style
    alone (native English outlets of ECB+ dev score up to 0.6) are named in the summary but
    move no place: on ECB+ dev they numbered native English reports apart by a typo or the
    way they write, not by what they say. Without the column, the score as it is."""
    score = sources["translation_score"].astype(float)
    if "machine_translated" not in sources:
        return score
    called = sources["machine_translated"].astype("boolean").fillna(False).astype(bool)
    return score.where(called | score.isna(), 0.0)


def components(sources: pd.DataFrame) -> pd.DataFrame:
    """The three components (0..1, higher = more reliable), indexed by source_id. A missing
    boilerplate share or translation score (a source with no text) counts as the worst; the
    translation score counts as ``translation_evidence`` says."""
    table = pd.DataFrame(index=sources["source_id"].to_numpy())
    table["consistency"] = sources["consistency_score"].astype(float).fillna(0.5).to_numpy()
    table["clean"] = 1 - sources["boilerplate_share"].astype(float).fillna(1.0).to_numpy()
    table["original"] = 1 - translation_evidence(sources).fillna(1.0).to_numpy()
    table.index.name = "source_id"
    return table


def _weights(weights: dict[str, float] | None) -> pd.Series:
    weights = pd.Series(weights or WEIGHTS_DEFAULT, dtype=float).reindex(list(COMPONENTS))
    if weights.isna().any() or (weights < 0).any() or weights.sum() <= 0:
        raise ValueError(f"weights need a non-negative value for each of {list(COMPONENTS)}")
    return weights / weights.sum()


def row_weights(sources: pd.DataFrame, w: pd.Series) -> np.ndarray:
    """The weights of each source's components (rows sum to 1): a source with text whose
    translation score is null (not measured: a language the study has no translation model
    for) is judged on the other components, their weights scaled up."""
    weights = np.tile(w.to_numpy(), (len(sources), 1))
    if "n_chars" in sources:
        not_measured = (sources["translation_score"].isna() & (sources["n_chars"].fillna(0) > 0)).to_numpy()
        weights[not_measured, list(COMPONENTS).index("original")] = 0.0
        weights /= weights.sum(axis=1, keepdims=True)
    return weights


def reliability_scores(sources: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """``source_id``, ``reliability``, ``reliability_low``, ``reliability_high``, and each
    part's contribution (``reliability_facts``, ``reliability_clean``,
    ``reliability_original``: weight x component, summing to ``reliability``)."""
    w = _weights(weights)
    parts = components(sources)
    rows = row_weights(sources, w)
    score = (parts.to_numpy() * rows).sum(axis=1)
    w_consistency = rows[:, list(COMPONENTS).index("consistency")]
    rest = score - w_consistency * parts["consistency"].to_numpy()
    low = rest + w_consistency * sources["consistency_low"].astype(float).fillna(0.0).to_numpy()
    high = rest + w_consistency * sources["consistency_high"].astype(float).fillna(1.0).to_numpy()
    contributions = parts.to_numpy() * rows
    return pd.DataFrame({
        "source_id": parts.index.to_numpy(),
        "reliability": np.round(score, DECIMALS),
        "reliability_low": np.round(low, DECIMALS),
        "reliability_high": np.round(high, DECIMALS),
        **{PART_COLUMNS[c]: np.round(contributions[:, k], DECIMALS) for k, c in enumerate(COMPONENTS)},
    })


def rank_ranges(sources: pd.DataFrame) -> pd.DataFrame:
    """``source_id``, ``rank`` (1 = most reliable, by ``reliability``, ties in source_id
    order), ``rank_low`` .. ``rank_high`` (the places the intervals allow: 1 + the sources
    certainly above it, whose ``reliability_low`` exceeds its ``reliability_high``, .. the
    sources not certainly below it, itself included) and ``rank_shown`` ("3" when the place
    is sure, "2-5" when it is a tie within the intervals). Sources with too little
    corroborated evidence are not ranked: null ranks, "not ranked"."""
    from .agreement.consistency import TOO_LITTLE

    table = sources[["source_id", "reliability", "reliability_low", "reliability_high"]].copy()
    ranked = ~(sources["consistency_evidence"].astype("string").eq(TOO_LITTLE).fillna(False)).to_numpy() \
        if "consistency_evidence" in sources else np.ones(len(sources), dtype=bool)
    ranked &= table["reliability"].notna().to_numpy()
    shown = table[ranked].sort_values(["reliability", "source_id"], ascending=[False, True], kind="stable")
    low = shown["reliability_low"].to_numpy(dtype=float)
    high = shown["reliability_high"].to_numpy(dtype=float)
    above = (low[None, :] > high[:, None]).sum(axis=1)     # row i: sources j certainly above i
    below = (low[:, None] > high[None, :]).sum(axis=1)     # row i: sources j certainly below i
    places = pd.DataFrame({
        "rank": np.arange(1, len(shown) + 1),
        "rank_low": 1 + above,
        "rank_high": len(shown) - below,
    }, index=shown.index)
    result = pd.DataFrame({"source_id": table["source_id"]})
    for column in ("rank", "rank_low", "rank_high"):
        result[column] = places[column].reindex(table.index).astype("Int64")
    result["rank_shown"] = pd.array([
        "not ranked" if pd.isna(r) else (str(lo) if lo == hi else f"{lo}-{hi}")
        for r, lo, hi in zip(result["rank"], result["rank_low"], result["rank_high"])], dtype="string")
    return result.reset_index(drop=True)


def rescore(sources: pd.DataFrame, weights: dict[str, float] | None = None, evidence=None) -> pd.DataFrame:
    """``sources`` with consistency, reliability, its parts and the rank ranges computed
    again from its counts (``n_corroborated``, ``n_contradicted``, ``n_first_reported``), its
    boilerplate share and its translation score, under other composite ``weights`` (as
    ``WEIGHTS_DEFAULT``) and other ``evidence`` weights
    (``agreement.consistency.EvidenceWeights``): what a benchmark calls to choose them. The
    ``summary`` sentence is left as it was."""
    from .agreement.consistency import consistency_scores

    table = sources.reset_index(drop=True).copy()
    consistency = consistency_scores(table, evidence)
    for column in consistency:
        table[column] = consistency[column].to_numpy()
    scores = reliability_scores(table, weights)
    for column in scores.columns.drop("source_id"):
        table[column] = scores[column].to_numpy()
    places = rank_ranges(table)
    for column in places.columns.drop("source_id"):
        table[column] = places[column].to_numpy()
    return table


def ranks(scores: np.ndarray) -> np.ndarray:
    """Ranks of each row of a 2-D array of scores: 1 = most reliable; ties go to the source
    that comes first (source_id order)."""
    order = np.argsort(-scores, axis=1, kind="stable")
    ranked = np.empty_like(order)
    ranked[np.arange(scores.shape[0])[:, None], order] = np.arange(1, scores.shape[1] + 1)
    return ranked


def sensitivity(
    sources: pd.DataFrame,
    weights: dict[str, float] | None = None,
    *,
    n_draws: int = N_DRAWS_DEFAULT,
    concentration: float = CONCENTRATION_DEFAULT,
    random_state: int = 0,
) -> pd.DataFrame:
    """Per source: its rank under the default weights, the 5th-95th percentile of its rank
    and its reliability over ``n_draws`` weightings drawn around them, and the share of
    draws in which it keeps its default rank."""
    w = _weights(weights)
    parts = components(sources).to_numpy()
    draws = np.random.default_rng(random_state).dirichlet(concentration * w.to_numpy(), size=n_draws)
    scores = draws @ parts.T                                  # (n_draws, n_sources)
    default_scores = parts @ w.to_numpy()
    default_rank = ranks(default_scores[None, :])[0]
    drawn_ranks = ranks(scores)
    return pd.DataFrame({
        "source_id": sources["source_id"].to_numpy(),
        "rank": default_rank,
        "rank_low": np.percentile(drawn_ranks, 5, axis=0, method="lower").astype(int),
        "rank_high": np.percentile(drawn_ranks, 95, axis=0, method="higher").astype(int),
        "same_rank_share": np.round((drawn_ranks == default_rank[None, :]).mean(axis=0), 3),
        "reliability": np.round(default_scores, DECIMALS),
        "reliability_p05": np.round(np.percentile(scores, 5, axis=0), DECIMALS),
        "reliability_p95": np.round(np.percentile(scores, 95, axis=0), DECIMALS),
    }).sort_values(["rank", "source_id"]).reset_index(drop=True)


WEIGHT_SOURCES = {
    "consistency": "judgement: the only part about what a source says (planted-error benchmark to choose)",
    "clean": "judgement: noise is a sign of a careless page, not of a wrong fact",
    "original": "judgement: machine translation is a sign of a careless copy, not of a wrong fact",
}


def weights_table(weights: dict[str, float] | None = None) -> pd.DataFrame:
    """The formula's weights, in words, for the report, each with where it came from."""
    w = _weights(weights)
    return pd.DataFrame({"component": [COMPONENT_LABELS[c] for c in w.index],
                         "from column": [COMPONENTS[c] for c in w.index],
                         "weight": w.round(3).to_numpy(),
                         "where it came from": [WEIGHT_SOURCES[c] for c in w.index]}).set_index("component")


def evidence_table(evidence=None) -> pd.DataFrame:
    """The facts part's prior and evidence weights (``agreement.consistency.EvidenceWeights``),
    in words, each with where it came from."""
    from .agreement.consistency import EvidenceWeights

    e = evidence or EvidenceWeights()
    rows = [
        ("prior: share of checked facts that hold up", e.prior_mean,
         "judgement below the ECB+ dev rate (12 sub-topics: 1,604 source-facts corroborated, none contradicted, 2 disputed)"),
        ("prior strength (facts)", e.prior_strength, "as strong as the former Beta(1, 1) prior (judgement)"),
        ("a corroborated fact counts", e.corroboration, "the unit"),
        ("a contradicted fact counts", e.contradiction,
         "judgement: a majority of independent sources against a fact is rarer and stronger evidence"),
        ("a fact reported first counts once more", e.original, "judgement: original reporting over rewriting"),
        ("evidence needed to rank", e.rankable_min_evidence, "three corroborated facts, as the former rule, or one contradiction"),
    ]
    return pd.DataFrame(rows, columns=["evidence", "weight", "where it came from"]).set_index("evidence")


def reliability_clause(row) -> str:
    """The opening of a source's summary: its reliability and how sure it is."""
    return (f"Reliability {row['reliability']:.2f} (90% interval {row['reliability_low']:.2f}"
            f"\u2013{row['reliability_high']:.2f})")
