"""The composite ``reliability`` of a source, its uncertainty, and how it moves with the weights.

    reliability = w_consistency * consistency_score
                + w_clean       * (1 - boilerplate_share)
                + w_original    * (1 - translation_score)

with the weights of ``WEIGHTS_DEFAULT`` (they sum to 1, so reliability is in 0..1). Consistency
weighs most: it is the only component about what a source *says*; noise and machine
translation are signs of a careless copy, not of a wrong one. ``reliability_low`` and
``reliability_high`` carry the 90% credible interval of the consistency score through the same
formula: a source whose claims nobody checked gets a wide interval, never a confident score.

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
# Consistency half of the score, noise and translation a quarter each: a judgement, not a
# fit (no labelled reliability data exists); the sensitivity view shows what it changes.
WEIGHTS_DEFAULT = {"consistency": 0.5, "clean": 0.25, "original": 0.25}
# Dirichlet concentration of the weight draws: 20 lets each weight move about +-0.1 (one
# standard deviation of the consistency weight is 0.11) around its default.
CONCENTRATION_DEFAULT = 20.0
N_DRAWS_DEFAULT = 500
DECIMALS = 4
COMPONENT_LABELS = {
    "consistency": "consistency (claims others confirm)",
    "clean": "clean text (1 - boilerplate share)",
    "original": "not machine-translated (1 - translation score)",
}


def components(sources: pd.DataFrame) -> pd.DataFrame:
    """The three components (0..1, higher = more reliable), indexed by source_id. A missing
    boilerplate share or translation score (a source with no text) counts as the worst."""
    table = pd.DataFrame(index=sources["source_id"].to_numpy())
    table["consistency"] = sources["consistency_score"].astype(float).fillna(0.5).to_numpy()
    table["clean"] = 1 - sources["boilerplate_share"].astype(float).fillna(1.0).to_numpy()
    table["original"] = 1 - sources["translation_score"].astype(float).fillna(1.0).to_numpy()
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
    """``source_id``, ``reliability``, ``reliability_low``, ``reliability_high``."""
    w = _weights(weights)
    parts = components(sources)
    rows = row_weights(sources, w)
    score = (parts.to_numpy() * rows).sum(axis=1)
    w_consistency = rows[:, list(COMPONENTS).index("consistency")]
    rest = score - w_consistency * parts["consistency"].to_numpy()
    low = rest + w_consistency * sources["consistency_low"].astype(float).fillna(0.0).to_numpy()
    high = rest + w_consistency * sources["consistency_high"].astype(float).fillna(1.0).to_numpy()
    return pd.DataFrame({
        "source_id": parts.index.to_numpy(),
        "reliability": np.round(score, DECIMALS),
        "reliability_low": np.round(low, DECIMALS),
        "reliability_high": np.round(high, DECIMALS),
    })


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


def weights_table(weights: dict[str, float] | None = None) -> pd.DataFrame:
    """The formula's weights, in words, for the report."""
    w = _weights(weights)
    return pd.DataFrame({"component": [COMPONENT_LABELS[c] for c in w.index],
                         "from column": [COMPONENTS[c] for c in w.index],
                         "weight": w.round(3).to_numpy()}).set_index("component")


def reliability_clause(row) -> str:
    """The opening of a source's summary: its reliability and how sure it is."""
    return (f"Reliability {row['reliability']:.2f} (90% interval {row['reliability_low']:.2f}"
            f"\u2013{row['reliability_high']:.2f})")
