"""Per source: how its facts fare against the other sources.

    n_claims        claims the source makes in its article text (values, roles, quotes, statements)
    n_facts         the facts those claims belong to (a fact stated twice counts once)
    n_corroborated  facts on whose winning side the source stands with another copy family
    n_contradicted  facts on which the source stands on a side other sources outnumber
    n_disputed      facts split evenly between sides, the source on one of them
    n_updated       facts of a running figure the source gave before it rose
    consistency_score = (n_corroborated + 1) / (n_corroborated + n_contradicted + 2)

Facts count, not mentions: a source that repeats a contested figure in its headline and its
body is contradicted once. The score is the mean of a Beta(1, 1) posterior on "a fact of this
source that others checked holds up": unique and disputed facts are evidence of nothing, and
little evidence keeps the score near 0.5 (two corroborated facts give 0.75, not 1.0).
``consistency_low`` and ``consistency_high`` bound its 90% credible interval, which shrinks as
evidence grows; ``consistency_evidence`` says "too little corroborated evidence" while that
interval is wider than ``RANKABLE_MAX_WIDTH_DEFAULT``: such a source is not ranked on a prior.
"""

from __future__ import annotations

import pandas as pd
from scipy.stats import beta

PRIOR = 1.0  # Beta(1, 1): uniform, no opinion before the evidence
CREDIBLE_MASS_DEFAULT = 0.90
SCORE_DECIMALS = 4
# A 90% interval wider than this leaves the score to the prior: with no contradiction, 4
# corroborated facts give 0.57-0.99 (width 0.42), 3 give 0.53-0.99 (0.46), 2 0.47-0.98
# (0.52). Half the scale is the most a ranking can stand on.
RANKABLE_MAX_WIDTH_DEFAULT = 0.5
TOO_LITTLE = "too little corroborated evidence"
# Fact statuses in the order a fact takes the worst one its source's claims have.
STATUS_ORDER = ["contradicted", "disputed", "updated", "corroborated", "unique"]


def fact_status(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (source, fact): the fact's status for that source, the worst of its claims'
    (a source that gives two values of one fact, one of them outnumbered, is contradicted)."""
    if "cluster_id" not in claims:
        claims = claims.assign(cluster_id=claims.index.astype(str))
    rank = {status: k for k, status in enumerate(STATUS_ORDER)}
    frame = claims[["source_id", "cluster_id", "status"]].assign(
        _rank=claims["status"].map(rank).fillna(len(STATUS_ORDER)).astype(int))
    worst = frame.groupby(["source_id", "cluster_id"], observed=True)["_rank"].min().reset_index()
    worst["status"] = [STATUS_ORDER[r] if r < len(STATUS_ORDER) else "unique" for r in worst["_rank"]]
    return worst.drop(columns="_rank")


def consistency_by_source(claims: pd.DataFrame, source_ids, *,
                          credible_mass: float = CREDIBLE_MASS_DEFAULT,
                          rankable_max_width: float = RANKABLE_MAX_WIDTH_DEFAULT) -> pd.DataFrame:
    """One row per source in ``source_ids``: counts, score, its credible interval and
    whether the evidence is enough to rank the source."""
    table = pd.DataFrame({"source_id": pd.Series(sorted(source_ids), dtype=object)})
    table["n_claims"] = table["source_id"].map(claims.groupby("source_id").size()).fillna(0).astype("int64")
    facts = fact_status(claims)
    table["n_facts"] = table["source_id"].map(facts.groupby("source_id").size()).fillna(0).astype("int64")
    for column, value in (("n_corroborated", "corroborated"), ("n_contradicted", "contradicted"),
                          ("n_disputed", "disputed"), ("n_updated", "updated")):
        counts = facts[facts["status"] == value].groupby("source_id").size()
        table[column] = table["source_id"].map(counts).fillna(0).astype("int64")
    held = table["n_corroborated"] + PRIOR
    failed = table["n_contradicted"] + PRIOR
    tail = (1 - credible_mass) / 2
    table["consistency_score"] = (held / (held + failed)).round(SCORE_DECIMALS)
    table["consistency_low"] = beta.ppf(tail, held, failed).round(SCORE_DECIMALS)
    table["consistency_high"] = beta.ppf(1 - tail, held, failed).round(SCORE_DECIMALS)
    wide = (table["consistency_high"] - table["consistency_low"]) > rankable_max_width
    table["consistency_evidence"] = [TOO_LITTLE if w else "enough" for w in wide]
    return table


def consistency_clause(row) -> str:
    """A clause on a source's consistency."""
    n = int(row["n_facts"]) if "n_facts" in row else int(row["n_claims"])
    if n == 0:
        return "no checkable claims (numbers, dates, roles, quotes, statements) found"
    corroborated, contradicted = int(row["n_corroborated"]), int(row["n_contradicted"])
    disputed = int(row.get("n_disputed", 0) or 0)
    updated = int(row.get("n_updated", 0) or 0)
    unique = n - corroborated - contradicted - disputed - updated
    parts = [f"{corroborated} corroborated", f"{contradicted} contradicted"]
    if disputed:
        parts.append(f"{disputed} disputed (sources split evenly)")
    if updated:
        parts.append(f"{updated} since updated")
    clause = (f"of {n} fact{'s' if n != 1 else ''} it states, " + ", ".join(parts)
              + f", {unique} confirmed by no independent source")
    if row.get("consistency_evidence") == TOO_LITTLE:
        clause += f" ({TOO_LITTLE} to rank it)"
    return clause
