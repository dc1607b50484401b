"""The report's front page tables: pure functions of the study's tables."""

from __future__ import annotations

import pandas as pd


def scorecard_view(sources: pd.DataFrame) -> pd.DataFrame:
    """One row per source, most reliable first: the composite, its components and the summary.
    Sources with too little corroborated evidence to rank come last, marked as such, not in
    the ranking on a prior."""
    table = sources.copy()
    unranked = table["consistency_evidence"].eq("too little corroborated evidence").fillna(False) \
        if "consistency_evidence" in table else pd.Series(False, index=table.index)
    table = table.assign(_unranked=unranked.astype(bool)).sort_values(
        ["_unranked", "reliability", "source_id"], ascending=[True, False, True])
    table["rank"] = ["not ranked: too little corroborated evidence" if u else str(k)
                     for k, u in zip(range(1, len(table) + 1), table["_unranked"])]
    table["reliability (90% interval)"] = [
        f"{r:.2f} ({low:.2f}\u2013{high:.2f})"
        for r, low, high in zip(table["reliability"], table["reliability_low"], table["reliability_high"])]
    table["consistency"] = table["consistency_score"].round(2)
    n_facts = table["n_facts"] if "n_facts" in table else table["n_claims"]
    table["facts ✓ / ✗ / total"] = [
        f"{c} / {x} / {n}" for c, x, n in zip(table["n_corroborated"], table["n_contradicted"], n_facts)]
    table["boilerplate"] = (table["boilerplate_share"] * 100).round(0).astype("Int64").astype(str) + "%"
    table["translation"] = table["translation_score"].round(2)
    table["machine-translated"] = table["machine_translated"].map({True: "yes", False: "no"})
    columns = ["rank", "reliability (90% interval)", "consistency", "facts ✓ / ✗ / total", "boilerplate",
               "translation", "machine-translated", "summary"]
    return table.set_index("source_id")[columns]


def top_contradictions(contradictions: pd.DataFrame, *, n: int = 10, text_chars: int = 140) -> pd.DataFrame:
    """The contradictions to read first: values and quotes between the most alike sentences (the
    surest), then roles (read by patterns, the least sure), each in order."""
    from .consistency_tables import contradictions_view

    ordered = contradictions.assign(similarity=contradictions["similarity"].fillna(-1.0)).sort_values(
        ["similarity", "cluster_id", "source_a", "line_a"], ascending=[False, True, True, True])
    return contradictions_view(ordered.head(n), text_chars=text_chars)


def outlets_view(outlets: pd.DataFrame) -> pd.DataFrame | str:
    """One row per outlet, most reliable first (its articles pooled over every story); a
    sentence saying why there is none when no article names its outlet."""
    if outlets.empty:
        return ("No article names its outlet (add an outlet or url column to sources.csv, or "
                "outlet/url fields to .jsonl records): scores stay per article.")
    table = outlets.sort_values(["reliability", "outlet"], ascending=[False, True]).copy()
    table["reliability (90% interval)"] = [
        f"{r:.2f} ({low:.2f}\u2013{high:.2f})"
        for r, low, high in zip(table["reliability"], table["reliability_low"], table["reliability_high"])]
    table["articles / stories"] = [f"{a} / {s}" for a, s in zip(table["n_articles"], table["n_stories"])]
    table["claims ✓ / ✗ / total"] = [
        f"{c} / {x} / {n}" for c, x, n in zip(table["n_corroborated"], table["n_contradicted"], table["n_claims"])]
    table["boilerplate"] = (table["boilerplate_share"] * 100).round(0).astype("Int64").astype(str) + "%"
    table["machine-translated"] = (table["machine_translated_share"] * 100).round(0).astype("Int64").astype(str) + "%"
    columns = ["reliability (90% interval)", "articles / stories", "claims ✓ / ✗ / total", "boilerplate",
               "machine-translated"]
    return table.set_index("outlet")[columns]
