"""Readable summaries of the ingested corpus: pure functions from tables to small tables."""

from __future__ import annotations

import pandas as pd

PREVIEW_CHARS_DEFAULT = 90


def shorten(text, limit: int = PREVIEW_CHARS_DEFAULT):
    """``text`` cut to ``limit`` characters with an ellipsis; missing values stay missing."""
    if pd.isna(text):
        return text
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sources_overview(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per source: title, outlet, date, language and size, sorted by source_id."""
    columns = [
        "source_id", "title", "outlet", "published", "language", "format",
        "n_chars", "n_blocks", "n_sentences",
    ]
    table = articles[columns].sort_values("source_id").reset_index(drop=True)
    table["title"] = table["title"].map(lambda text: shorten(text, 60))
    return table.set_index("source_id")


def language_counts(articles: pd.DataFrame) -> pd.DataFrame:
    """How many sources are in each language, and how the language was known."""
    counts = (
        articles.fillna({"language": "unknown", "language_source": "unknown"})
        .groupby(["language", "language_source"], dropna=False)
        .size()
        .rename("sources")
        .reset_index()
        .sort_values(["sources", "language"], ascending=[False, True])
    )
    return counts.reset_index(drop=True)


def corpus_totals(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Counts a reader wants first: sources, blocks, sentences, characters, problems."""
    articles = tables["articles"]
    errors = tables["errors"]
    return pd.Series(
        {
            "sources read": len(articles),
            "files with problems": errors["path"].nunique(),
            "blocks": len(tables["blocks"]),
            "sentences": len(tables["sentences"]),
            "characters": int(articles["n_chars"].sum()),
            "blocks repaired (mojibake)": int(articles["n_repaired_blocks"].sum()),
        },
        name="count",
    )


def errors_sentence(tables: dict[str, pd.DataFrame]) -> str:
    """One sentence on how many input files were read and how many could not be."""
    read = tables["articles"]["path"].nunique()
    problems = tables["errors"]["path"].nunique()
    if not problems:
        return f"All {read} input files were read."
    return f"{read} input files were read; {problems} had problems, listed below."


def errors_table(errors: pd.DataFrame) -> pd.DataFrame:
    """The problems, one row each, in words; empty when every file was read."""
    return errors[["path", "record", "kind", "error"]].reset_index(drop=True)


def first_blocks(blocks: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The first ``n`` blocks of every source with their line numbers, text shortened."""
    head = blocks.sort_values(["source_id", "block_no"]).groupby("source_id").head(n)
    head = head[["source_id", "line_no", "text"]].copy()
    head["text"] = head["text"].map(shorten)
    return head.set_index(["source_id", "line_no"])
