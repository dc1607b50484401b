"""What ingest hands from one step to the next: a document, an error row, the finished tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from ..text import Block

# Wraps an iterable to show progress (tqdm-like); called with ``desc`` and ``total`` or ``unit``.
Progress = Callable[..., Iterable]


@dataclass
class Document:
    """One article as read from its file, before it becomes table rows."""

    source_id: str
    path: str
    format: str
    blocks: list[Block]
    record: int | None = None
    encoding: str | None = None
    n_bytes: int | None = None
    meta: dict[str, str | None] = field(default_factory=dict)
    language_source: str | None = None

    def where(self) -> str:
        """The file, and the line or record inside it, in words (for error messages)."""
        if not self.record:
            return self.path
        return f"{self.path} {'record' if self.format == 'warc' else 'line'} {self.record}"


@dataclass
class Corpus:
    """The ingested corpus (or one batch of it): one DataFrame per table of the data contract."""

    articles: pd.DataFrame
    blocks: pd.DataFrame
    sentences: pd.DataFrame
    errors: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "articles": self.articles,
            "blocks": self.blocks,
            "sentences": self.sentences,
            "errors": self.errors,
        }


def error_row(path: str, kind: str, message: str, *, record=None, source_id=None) -> dict:
    """One row of the ``errors`` table."""
    return {"path": path, "record": record, "source_id": source_id, "kind": kind, "error": message}
