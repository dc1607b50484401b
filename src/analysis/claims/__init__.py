"""Claims: the checkable statements of each source, with typed, normalised values.

``extract_claims`` reads the sentences of article text (never boilerplate) and writes one row
per typed value (see ``values``). Aligning claims across sources (``cluster_id``) and judging
them (``status``: corroborated, unique, contradicted) is the next stage; until it exists those
columns are null, meaning "not compared yet".
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from ..engine import chunk_bounds, split_by
from .values import Value, extract_values

__all__ = ["Value", "extract_claims", "extract_values"]

CLAIM_COLUMNS = [
    "claim_id", "source_id", "block_id", "line_no", "text", "kind", "value", "bound", "unit",
    "value_text",
]


def reference_dates(articles: pd.DataFrame) -> dict[str, date]:
    """Each source's publication date, where its metadata gives one."""
    dates = {}
    for source, published in zip(articles["source_id"], articles["published"]):
        try:
            dates[source] = date.fromisoformat(str(published)[:10])
        except ValueError:
            continue
    return dates


def extract_claims(
    sentences: pd.DataFrame, blocks: pd.DataFrame, articles: pd.DataFrame, *,
    engine=None, progress=None,
) -> pd.DataFrame:
    """One row per typed value in a sentence of article text.

    With a parallel ``engine`` (``analysis.engine``), chunks of sources go to its workers.
    """
    if engine is not None and len(sentences):
        bounds = chunk_bounds(sorted(articles["source_id"].unique()), engine)
        if len(bounds) > 1:
            parts = engine.map(
                _claims_of_chunk,
                list(zip(*(split_by(frame, "source_id", bounds)
                           for frame in (sentences, blocks, articles)))),
                progress=progress, desc="claims")
            return pd.concat(parts, ignore_index=True)
    content = set(blocks.loc[~blocks["is_boilerplate"].fillna(False).astype(bool), "block_id"])
    references = reference_dates(articles)
    rows = []
    for sentence in sentences[sentences["block_id"].isin(content)].itertuples(index=False):
        for k, value in enumerate(extract_values(sentence.text, references.get(sentence.source_id)), start=1):
            rows.append({
                "claim_id": f"{sentence.sentence_id}:{k}",
                "source_id": sentence.source_id,
                "block_id": sentence.block_id,
                "line_no": sentence.line_no,
                "text": sentence.text,
                "kind": value.kind,
                "value": value.value,
                "bound": value.bound,
                "unit": value.unit,
                "value_text": value.text,
            })
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def _claims_of_chunk(item: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> pd.DataFrame:
    return extract_claims(*item)
