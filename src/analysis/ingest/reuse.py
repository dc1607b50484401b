"""Files read by an earlier run, reused when nothing they were read from has changed.

A journalist adds articles to a corpus as a story unfolds; reading every file again was the
largest part of such a run. Kept, it is small: 10,000 `make_corpus` articles with 100 added,
2 workers, ingest 5.3 s against 29.0 s afresh (2026-12-03, docs/figures.md). A
file's rows (its articles, blocks, sentences and errors) depend on its bytes, its name, the
size limit, ``sources.csv`` and the code alone, so they are kept under a key made of all of
these (``analysis.kept`` holds them) and a later run reads only the files whose key changed.

A web archive is kept as a whole, by the bytes of the whole archive. A file that lost an
article to a duplicate source id is not kept: which copy keeps an id is settled anew in
every run.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ..kept import UNIT_COLUMN, KeptResults
from .documents import Corpus
from .metadata import sources_csv_path
from .warc import is_warc

KEPT_STAGE = "ingest"
KEPT_TABLES = ("articles", "blocks", "sentences", "errors")
READ_CHUNK_BYTES = 1 << 20
# Rows written at a time when the rows are kept (a slice of blocks is about 20 MB of text).
KEEP_SLICE_ROWS = 50_000


@dataclass(frozen=True)
class KeptFile:
    """A corpus file whose rows are kept from the last run (its path relative to the corpus)."""

    name: str


class ReadFiles:
    """The keys of a corpus's files, and the rows the last run in ``out_dir`` kept for them."""

    def __init__(self, out_dir: Path, fingerprint: str, corpus_dir: Path, max_bytes: int):
        self.kept = KeptResults(out_dir, KEPT_STAGE)
        self.corpus_dir = corpus_dir
        self.max_bytes = max_bytes
        self.base = f"{fingerprint}:{max_bytes}:{_sources_digest(corpus_dir)}"
        self.keys: dict[str, str] = {}  # this run's key of every file read or kept
        self.previous = self.kept.keys()
        self._rows = {table: self.kept.rows(table, set(self.previous)) for table in KEPT_TABLES} \
            if self.previous else {}
        if any(frame is None for frame in self._rows.values()):  # damaged: read every file
            self.previous, self._rows = {}, {}
        self._positions = {table: frame.groupby(UNIT_COLUMN, sort=False).indices
                           for table, frame in self._rows.items()}

    def mark(self, names):
        """``names`` (files relative to the corpus), each unchanged file as a ``KeptFile``."""
        for name in names:
            key = self._key(name) if isinstance(name, str) else None
            if key is not None:
                self.keys[name] = key
            yield KeptFile(name) if key is not None and self.previous.get(name) == key else name

    def _key(self, name: str) -> str | None:
        """The file's key, or None when it is not kept (too large, unreadable: read again)."""
        path = self.corpus_dir / name
        try:
            if path.stat().st_size > self.max_bytes and not _limit_per_record(name):
                return None  # an error, read again
            digest = hashlib.blake2b(digest_size=16)
            digest.update(f"{self.base}:{name}".encode("utf-8", "replace"))
            with open(path, "rb") as handle:
                for chunk in iter(lambda: handle.read(READ_CHUNK_BYTES), b""):
                    digest.update(chunk)
        except OSError:
            return None
        return digest.hexdigest()

    def rows(self, names: list[str]) -> Corpus:
        """The kept rows of the files ``names`` (tables conformed, articles and each article's
        blocks and sentences in source order)."""
        tables = []
        for table in KEPT_TABLES:
            frame, positions = self._rows[table], self._positions[table]
            taken = [positions[name] for name in names if name in positions]
            rows = frame.take(np.concatenate(taken)) if taken else frame.iloc[:0]
            tables.append(rows.drop(columns=UNIT_COLUMN).reset_index(drop=True))
        return Corpus(*tables)

    def keep(self, corpus: Corpus, lost: set[str]) -> None:
        """Keep the rows of this run's files for the next run, but those of files in
        ``lost`` (they lost an article to a duplicate id). Written a slice of rows at a
        time: the tables are the whole corpus's, and are not copied whole."""
        keys = {name: key for name, key in self.keys.items() if name not in lost}
        self._rows, self._positions = {}, {}
        path_of_source = dict(zip(corpus.articles["source_id"], corpus.articles["path"]))
        tables = {table: partial(_slices_to_keep, frame, keys, path_of_source)
                  for table, frame in corpus.tables().items()}
        self.kept.replace(keys, tables)


def _slices_to_keep(frame: pd.DataFrame, keys: dict[str, str], path_of_source: dict[str, str]):
    """The rows of ``frame`` of the files in ``keys``, with their file as ``_unit``, in slices
    (the first slice has every column's type, even when it has no rows)."""
    for start in range(0, max(len(frame), 1), KEEP_SLICE_ROWS):
        part = frame.iloc[start:start + KEEP_SLICE_ROWS]
        units = part["path"] if "path" in part else part["source_id"].map(path_of_source)
        units = units.astype(object)
        mine = units.isin(keys).to_numpy()
        yield part[mine].assign(**{UNIT_COLUMN: pd.array(units[mine].to_numpy(), dtype="string")})


def _limit_per_record(name: str) -> bool:
    """Whether ``--max-bytes`` holds per record of the file, not for the file (JSONL, WARC)."""
    return name.lower().endswith(".jsonl") or is_warc(Path(name))


def _sources_digest(corpus_dir: Path) -> str:
    """A hash of the corpus's sources.csv (it gives the articles their metadata)."""
    try:
        path = sources_csv_path(corpus_dir)
        return "" if path is None else hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError as exc:  # unreadable: reading it fails too, and says so in errors
        return f"unreadable:{exc.errno}"
