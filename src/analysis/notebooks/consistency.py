"""Tables about claims and consistency for the notebooks: pure functions of the study's tables."""

from __future__ import annotations

import pandas as pd

from .ingest import shorten

STATUS_ORDER = ["corroborated", "contradicted", "disputed", "updated", "unique"]
KIND_LABELS = {"count": "count", "number": "number", "percent": "percentage", "money": "amount",
               "date": "date", "role": "role", "quote": "quote", "statement": "statement"}


def consistency_table(sources: pd.DataFrame) -> pd.DataFrame:
    """Per source: its facts by status, the consistency score with its 90% interval, and
    whether the evidence is enough to rank it."""
    table = sources.copy()
    for column in ("n_facts", "n_disputed", "n_updated"):
        if column not in table:
            table[column] = 0
    table["n_unique"] = (table["n_facts"] - table["n_corroborated"] - table["n_contradicted"]
                         - table["n_disputed"] - table["n_updated"])
    table["interval (90%)"] = [f"{low:.2f}–{high:.2f}" for low, high in
                               zip(table["consistency_low"], table["consistency_high"])]
    table["consistency_score"] = table["consistency_score"].round(2)
    if "consistency_evidence" not in table:
        table["consistency_evidence"] = ""
    columns = ["n_claims", "n_facts", "n_corroborated", "n_contradicted", "n_disputed", "n_updated",
               "n_unique", "consistency_score", "interval (90%)", "consistency_evidence", "copy_family"]
    return table.set_index("source_id")[columns]


def fact_sides(claims: pd.DataFrame, *, text_chars: int | None = None) -> pd.DataFrame:
    """Every fact on which sources take different sides: one row per side, with its values as
    the sources wrote them, the sources behind it (a copy family counts once in the verdict)
    and its verdict. Empty when no fact is disputed."""
    several = claims.groupby("cluster_id")["side_sources"].nunique()
    chosen = claims[claims["cluster_id"].isin(several[several > 1].index)]
    if chosen.empty:
        return pd.DataFrame(columns=["side", "said", "sources", "verdict", "lines"])
    rows = []
    for (fact, side), part in chosen.sort_values(["cluster_id", "source_id", "line_no"]).groupby(
            ["cluster_id", "side_sources"], sort=True):
        said = sorted(set(part["value_text"].astype(str)))
        rows.append({"fact": fact, "side": side, "said": shorten("; ".join(said), text_chars) if text_chars else "; ".join(said),
                     "sources": part["source_id"].nunique(), "verdict": part["status"].iloc[0],
                     "lines": ", ".join(f"{s} l.{line}" for s, line in zip(part["source_id"], part["line_no"]))})
    return pd.DataFrame(rows).set_index(["fact", "side"])


def claims_by_kind(claims: pd.DataFrame) -> pd.DataFrame:
    """How many claims of each kind, by status."""
    counts = pd.crosstab(claims["kind"].map(KIND_LABELS), claims["status"])
    counts = counts.reindex(columns=[s for s in STATUS_ORDER if s in counts.columns], fill_value=0)
    counts.index.name = "kind"
    return counts


# A facts-by-sources matrix shows at most this many sources (those in the most shared facts),
# and names the rest: past about ten columns of 40-character cells it runs off a report page.
MATRIX_SOURCES_MAX = 10


def matrix_sources(claims: pd.DataFrame, *, min_sources: int = 2,
                   max_sources: int = MATRIX_SOURCES_MAX) -> tuple[list[str], list[str]]:
    """The sources a facts-by-sources matrix shows (those in the most facts that ``min_sources``
    or more sources report, ties by id) and the ones it leaves out."""
    per_fact = claims.groupby("cluster_id")["source_id"].nunique()
    shared = claims[claims["cluster_id"].isin(per_fact[per_fact >= min_sources].index)]
    counts = shared.groupby("source_id")["cluster_id"].nunique()
    ranked = sorted(counts.index, key=lambda source: (-counts[source], source))
    return sorted(ranked[:max_sources]), sorted(ranked[max_sources:])


def sources_left_out_sentence(claims: pd.DataFrame, *, max_sources: int = MATRIX_SOURCES_MAX) -> str:
    """Which sources the facts-by-sources matrix leaves out, in words (empty when none)."""
    shown, rest = matrix_sources(claims, max_sources=max_sources)
    if not rest:
        return ""
    return (f"The matrix shows the {len(shown)} sources in the most shared facts; also reporting shared "
            f"facts: {', '.join(rest)}.")


def shared_facts(claims: pd.DataFrame, *, min_sources: int = 2, text_chars: int = 40,
                 max_sources: int | None = MATRIX_SOURCES_MAX) -> pd.DataFrame:
    """Facts x sources: each fact reported by ``min_sources`` sources or more, with what each
    source says (its words for the value, and the line), blank where it says nothing; at most
    ``max_sources`` columns (``matrix_sources``; None: every source)."""
    per_source = claims.groupby("cluster_id")["source_id"].nunique()
    chosen = claims[claims["cluster_id"].isin(per_source[per_source >= min_sources].index)]
    if max_sources is not None:
        shown, _ = matrix_sources(claims, min_sources=min_sources, max_sources=max_sources)
        chosen = chosen[chosen["source_id"].isin(shown)]
    if chosen.empty:
        return pd.DataFrame()
    cells = chosen.sort_values(["line_no", "claim_id"]).groupby(["cluster_id", "source_id"]).agg(
        said=("value_text", "first"), line=("line_no", "first"), status=("status", "first"))
    cells["cell"] = [f"{shorten(said, text_chars)} (l.{line})" + (" ✗" if status == "contradicted" else "")
                     for said, line, status in zip(cells["said"], cells["line"], cells["status"])]
    matrix = cells["cell"].unstack("source_id").fillna("")
    kinds = chosen.groupby("cluster_id")["kind"].first().map(KIND_LABELS)
    matrix.insert(0, "kind", kinds)
    matrix.columns.name = None
    return matrix.sort_index()


def contradictions_view(contradictions: pd.DataFrame, *, text_chars: int | None = None) -> pd.DataFrame:
    """Every contradiction with both sentences (in full unless ``text_chars`` is given: the
    context decides whether two sentences conflict), the reason and each side's verdict."""
    columns = ["cluster_id", "source_a", "line_a", "text_a", "source_b", "line_b", "text_b", "reason"]
    columns += [c for c in ("status_a", "status_b") if c in contradictions]
    table = contradictions[columns].copy()
    if text_chars:
        for column in ("text_a", "text_b", "reason"):
            table[column] = table[column].map(lambda text: shorten(text, text_chars))
    return table.set_index("cluster_id")


def unique_claims(claims: pd.DataFrame, *, text_chars: int = 120, statements: bool = False) -> pd.DataFrame:
    """Claims no other source makes, by source and line (plain statements left out unless
    ``statements``: most sentences of an article are its own)."""
    chosen = (claims["status"] == "unique") & (statements or claims["kind"].ne("statement"))
    table = claims.loc[chosen, ["source_id", "line_no", "kind", "value_text", "text"]].copy()
    table["kind"] = table["kind"].map(KIND_LABELS)
    table["value_text"] = table["value_text"].map(lambda text: shorten(text, 60))
    table["text"] = table["text"].map(lambda text: shorten(text, text_chars))
    return table.sort_values(["source_id", "line_no", "kind", "value_text"]).set_index(["source_id", "line_no"])


def copies_view(copies: pd.DataFrame) -> pd.DataFrame:
    """Pairs of sources that copy each other, with the share of copied sentences."""
    return copies[["source_a", "source_b", "n_copied", "copied_share"]].set_index(["source_a", "source_b"])
