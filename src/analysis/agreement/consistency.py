"""Per source: how its claims fare against the other sources.

    n_claims        claims the source makes in its article text (values, roles, quotes)
    n_corroborated  of those, claims a source of another copy family agrees with
    n_contradicted  of those, claims another source contradicts
    consistency_score = (n_corroborated + 1) / (n_corroborated + n_contradicted + 2)

The score is the mean of a Beta(1, 1) posterior on "a claim of this source that others
checked holds up": unique claims are evidence of nothing, and little evidence keeps the
score near 0.5 (two corroborated claims give 0.75, not 1.0). ``consistency_low`` and
``consistency_high`` bound its 90% credible interval, which shrinks as evidence grows.
"""

from __future__ import annotations

import pandas as pd
from scipy.stats import beta

PRIOR = 1.0  # Beta(1, 1): uniform, no opinion before the evidence
CREDIBLE_MASS_DEFAULT = 0.90
SCORE_DECIMALS = 4


def consistency_by_source(claims: pd.DataFrame, source_ids, *,
                          credible_mass: float = CREDIBLE_MASS_DEFAULT) -> pd.DataFrame:
    """One row per source in ``source_ids``: counts, score and its credible interval."""
    status = claims.groupby("source_id")["status"]
    table = pd.DataFrame({"source_id": pd.Series(sorted(source_ids), dtype=object)})
    table["n_claims"] = table["source_id"].map(status.size()).fillna(0).astype("int64")
    for column, value in (("n_corroborated", "corroborated"), ("n_contradicted", "contradicted")):
        counts = status.apply(lambda s, value=value: int((s == value).sum()))
        table[column] = table["source_id"].map(counts).fillna(0).astype("int64")
    held = table["n_corroborated"] + PRIOR
    failed = table["n_contradicted"] + PRIOR
    tail = (1 - credible_mass) / 2
    table["consistency_score"] = (held / (held + failed)).round(SCORE_DECIMALS)
    table["consistency_low"] = beta.ppf(tail, held, failed).round(SCORE_DECIMALS)
    table["consistency_high"] = beta.ppf(1 - tail, held, failed).round(SCORE_DECIMALS)
    return table


def consistency_clause(row) -> str:
    """A clause on a source's consistency."""
    n = int(row["n_claims"])
    if n == 0:
        return "no checkable claims (numbers, dates, roles, quotes) found"
    corroborated, contradicted = int(row["n_corroborated"]), int(row["n_contradicted"])
    unique = n - corroborated - contradicted
    return (f"of {n} checkable claim{'s' if n != 1 else ''}, {corroborated} corroborated, "
            f"{contradicted} contradicted, {unique} confirmed by no independent source")
