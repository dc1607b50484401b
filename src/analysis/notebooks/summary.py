"""The report's front page tables: pure functions of the study's tables."""

from __future__ import annotations

import pandas as pd


def scorecard_view(sources: pd.DataFrame, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per source in rank order, its place with its certainty ("2-5": a tie within the
    intervals), the total and each part of it beside it (facts, noise, translation: their
    contributions add up to the total), the evidence behind the facts part, and the summary.
    Sources with too little corroborated evidence to rank come last, "not ranked". Indexed by
    "outlet · id" when ``articles`` name outlets, else by id."""
    table = sources.copy()
    if "rank" not in table:  # tables written before rank ranges: compute them
        from ..reliability import rank_ranges
        table = table.merge(rank_ranges(table), on="source_id", how="left")
    table["_unranked"] = table["rank"].isna()
    table = table.sort_values(["_unranked", "rank", "reliability", "source_id"],
                              ascending=[True, True, False, True])
    labels = source_labels(articles) if articles is not None else {}
    table["source"] = [labels.get(s, s) for s in table["source_id"]]
    table["place"] = table["rank_shown"]
    table["reliability (90% interval)"] = [
        f"{r:.2f} ({low:.2f}\u2013{high:.2f})"
        for r, low, high in zip(table["reliability"], table["reliability_low"], table["reliability_high"])]
    for part, column in (("facts", "reliability_facts"), ("noise", "reliability_clean"),
                         ("translation", "reliability_original")):
        table[f"= {part}" if part == "facts" else f"+ {part}"] = table[column].round(2)
    n_facts = table["n_facts"] if "n_facts" in table else table["n_claims"]
    first = table["n_first_reported"] if "n_first_reported" in table else pd.Series(0, index=table.index)
    table["facts ✓ / ✗ / disputed / total (first)"] = [
        f"{c} / {x} / {d} / {n}" + (f" ({f})" if f else "")
        for c, x, d, n, f in zip(table["n_corroborated"], table["n_contradicted"],
                                 table["n_disputed"].fillna(0).astype(int), n_facts, first.fillna(0).astype(int))]
    table["boilerplate"] = (table["boilerplate_share"] * 100).round(0).astype("Int64").astype(str) + "%"
    table["machine-translated"] = table["machine_translated"].map({True: "yes", False: "no"})
    columns = ["place", "reliability (90% interval)", "= facts", "+ noise", "+ translation",
               "facts ✓ / ✗ / disputed / total (first)", "boilerplate", "machine-translated", "summary"]
    return table.set_index("source")[columns].rename_axis(None)


def top_contradictions(contradictions: pd.DataFrame, *, n: int = 10, text_chars: int = 140) -> pd.DataFrame:
    """The contradictions to read first: values and quotes between the most alike sentences (the
    surest), then roles (read by patterns, the least sure), each in order."""
    from .consistency import contradictions_view

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


# --- the linked views of the report's summary page ----------------------------------------
# Links are relative to the page that shows them: ``base`` is the report's folder seen from
# there. In the report, 00-summary.html sits beside articles/ and stories/ (analysis.pages
# writes them): base "". The stored notebook sits in notebooks/, the default report in
# reports/: base "../reports/" (the summary notebook's ``links`` parameter).

# Charts of the summary show at most this many sources: the most and the least reliable.
CHART_SOURCES_DEFAULT = 40


def scorecard_links(tables: dict[str, pd.DataFrame], base: str = ""):
    """The scorecard as HTML: sources named by outlet and linked to their article pages, every
    count linked to the lines behind it, sortable and filterable in the report."""
    from ..pages import scorecard_html

    return scorecard_html(tables, base)


def stories_at_a_glance(tables: dict[str, pd.DataFrame], base: str = ""):
    """The stories of a corpus of several (size, sources, contradictions, most and least
    reliable source), each linked to its page; None (no output) for a corpus of one story."""
    from ..pages import stories_html

    return stories_html(tables, base)


def contradictions_links(tables: dict[str, pd.DataFrame], base: str = "", *, n: int = 10):
    """The contradictions to read first (as ``top_contradictions`` orders them), both
    sentences in full and wrapped, each line linked to its article page."""
    from ..pages import contradictions_html

    contradictions = tables["contradictions"]
    ordered = contradictions.assign(_similarity=contradictions["similarity"].fillna(-1.0)).sort_values(
        ["_similarity", "cluster_id", "source_a", "line_a"], ascending=[False, True, True, True])
    return contradictions_html(tables, ordered.head(n), base)


def outlets_links(tables: dict[str, pd.DataFrame], base: str = "", *, max_articles: int = 10):
    """``outlets_view`` with each outlet's articles linked to their pages; the sentence saying
    why there is none when no article names its outlet."""
    from markupsafe import Markup

    from ..pages import Html, Site, render

    view = outlets_view(tables["outlets"])
    if isinstance(view, str):
        return view
    site = Site(tables)
    ids = tables["outlets"].set_index("outlet")["source_ids"].astype(str).str.split()
    rows = []
    for outlet, row in view.iterrows():
        articles = ids.get(outlet, [])
        links = Markup(", ").join(site.source(sid, base, second_line=False) if site.outlet.get(sid) != outlet
                                  else site.id_link(sid, base) for sid in articles[:max_articles])
        if len(articles) > max_articles:
            links += Markup(", and {} more").format(len(articles) - max_articles)
        rows.append({"outlet": outlet, "cells": [row[c] for c in view.columns], "articles": links})
    return Html(render("outlets.html.j2", columns=list(view.columns), rows=rows))


def source_labels(articles: pd.DataFrame) -> dict[str, str]:
    """Each source's label on a chart: "outlet · id", the id alone when no outlet is known."""
    from ..outlets import outlet_of

    outlets = dict(zip(articles["source_id"], outlet_of(articles)))
    return {s: (f"{o} · {s}" if pd.notna(o) else str(s)) for s, o in outlets.items()}


def chart_labels(sources: pd.DataFrame, articles: pd.DataFrame, *,
                 max_sources: int = CHART_SOURCES_DEFAULT) -> dict[str, str]:
    """The sources a chart shows, each with its label ("outlet · id", the id alone when no
    outlet is known): all of them, or the ``max_sources`` / 2 most and least reliable."""
    labels = source_labels(articles)
    table = sources.sort_values(["reliability", "source_id"], ascending=[False, True])
    if len(table) > max_sources:
        half = max_sources // 2
        table = pd.concat([table.head(half), table.tail(max_sources - half)])
    return {s: labels.get(s, str(s)) for s in table["source_id"]}


def chart_sources(sources: pd.DataFrame, articles: pd.DataFrame, *,
                  max_sources: int = CHART_SOURCES_DEFAULT) -> pd.DataFrame:
    """The rows of ``sources`` a chart shows (see ``chart_labels``), ``source_id`` their label."""
    labels = chart_labels(sources, articles, max_sources=max_sources)
    shown = sources[sources["source_id"].isin(labels)]
    return shown.assign(source_id=shown["source_id"].map(labels))


def chart_sensitivity(sensitivity: pd.DataFrame, sources: pd.DataFrame, articles: pd.DataFrame, *,
                      max_sources: int = CHART_SOURCES_DEFAULT) -> pd.DataFrame:
    """The rows of ``sensitivity`` for the sources the charts show, ``source_id`` their label."""
    labels = chart_labels(sources, articles, max_sources=max_sources)
    shown = sensitivity[sensitivity["source_id"].isin(labels)]
    return shown.assign(source_id=shown["source_id"].map(labels))


def sources_shown_sentence(sources: pd.DataFrame, *, max_sources: int = CHART_SOURCES_DEFAULT) -> str:
    """What the summary's charts leave out, in words (empty when they show every source)."""
    if len(sources) <= max_sources:
        return ""
    return (f"The charts show the {max_sources // 2} most and the {max_sources - max_sources // 2} least "
            f"reliable of {len(sources)} sources; the scorecard above lists them all.")
