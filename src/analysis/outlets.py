"""Outlets: each publisher's scores pooled over all its articles, across stories.

A source in the study is one article. An outlet (``articles.outlet``: from ``sources.csv``, a
``.jsonl`` record or the page's metadata; else the host of ``articles.url``, ``www.`` left
out) usually covers many stories, and its reliability should rest on all of that coverage:

    n_corroborated, n_contradicted,  summed over its articles
    n_first_reported
    consistency_score                the sources' formula (``agreement.consistency``) on the
                                     sums, with the 90% credible interval of that Beta
                                     posterior: it narrows as the outlet's checked facts add up
    boilerplate_share                character-weighted over its articles
    translation_score                the mean over its articles (each article is one document)
    machine_translated_share         the share of its articles called machine-translated
    reliability (low, high)          the sources' formula (``analysis.reliability``) on these,
                                     translation as each article's counts there

Articles whose outlet is unknown are left out: pooling them would join strangers.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd

from .agreement.consistency import consistency_scores
from .reliability import reliability_scores, translation_evidence

DECIMALS = 4


def outlet_of(articles: pd.DataFrame) -> pd.Series:
    """Each article's outlet (indexed like ``articles``): the ``outlet`` named, whitespace
    collapsed; else the host of its ``url`` without ``www.``; else null."""
    named = articles["outlet"].astype("string").str.split().str.join(" ") if "outlet" in articles \
        else pd.Series(pd.NA, index=articles.index, dtype="string")
    named = named.mask(named.eq(""))
    urls = articles["url"].astype("string") if "url" in articles \
        else pd.Series(pd.NA, index=articles.index, dtype="string")
    hosts = pd.Series([_host(url) for url in urls], index=articles.index, dtype="string")
    return named.fillna(hosts)


def _host(url) -> str | None:
    if url is None or url is pd.NA:
        return None
    try:
        host = urlsplit(str(url).strip()).hostname or ""
    except ValueError:  # a malformed URL names no host
        return None
    host = host.removeprefix("www.")
    return host or None


def outlets_table(articles: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet with at least one article, in the ``outlets`` schema."""
    from .schema import conform

    frame = articles[["source_id"]].assign(
        outlet=outlet_of(articles).to_numpy(),
        story_id=articles["story_id"].to_numpy() if "story_id" in articles else pd.NA,
    )
    frame = frame[frame["outlet"].notna()].merge(sources, on="source_id", how="left")
    if frame.empty:
        return conform(pd.DataFrame(), "outlets")
    grouped = frame.groupby("outlet", sort=True)
    table = pd.DataFrame({
        "n_articles": grouped.size(),
        "n_stories": grouped["story_id"].nunique(),
        "n_claims": grouped["n_claims"].sum(),
        "n_corroborated": grouped["n_corroborated"].sum(),
        "n_contradicted": grouped["n_contradicted"].sum(),
        "n_first_reported": grouped["n_first_reported"].sum() if "n_first_reported" in frame else 0,
        "n_chars": grouped["n_chars"].sum(),
        "n_boilerplate_chars": grouped["n_boilerplate_chars"].sum(),
        "translation_score": grouped["translation_score"].mean(),
        "machine_translated_share": grouped["machine_translated"].apply(
            lambda flags: flags.astype("Float64").mean()),
        "source_ids": grouped["source_id"].apply(lambda ids: " ".join(sorted(ids))),
    }).reset_index()
    table["boilerplate_share"] = (table["n_boilerplate_chars"] / table["n_chars"].where(table["n_chars"] > 0))
    # the consistency of the pooled counts: the sources' formula on the sums
    table = pd.concat([table, consistency_scores(table).drop(columns="consistency_evidence")], axis=1)
    # the composite counts translation as the sources' does (``reliability.translation_evidence``)
    counted = frame.assign(_counted=translation_evidence(frame)).groupby("outlet", sort=True)["_counted"].mean()
    scores = reliability_scores(table.rename(columns={"outlet": "source_id"}).assign(
        translation_score=table["outlet"].map(counted).to_numpy()))
    table = table.merge(scores.rename(columns={"source_id": "outlet"}), on="outlet", how="left")
    for column in ("boilerplate_share", "translation_score", "machine_translated_share"):
        table[column] = table[column].astype(float).round(DECIMALS)
    return conform(table, "outlets")
