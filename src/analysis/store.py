"""Tables written to Parquet as they are done, so the study never holds them all in memory.

``write_parquet`` writes a table held in memory. ``PartedTable`` is for a table too large to
hold: its rows come in frames (a chunk of stories at a time, in any order), are kept on disk
in sorted parts, and are merged at the end into one Parquet file, a row group at a time, in
the table's sort order (``schema.SORT_KEYS``). The file holds what ``conform`` of all the
rows at once would give, provided the rows sharing a value of the first sort key come in one
frame (for ``alignments``: a source's pairs come from its story, compared in one piece).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .schema import SORT_KEYS, conform

# Rows buffered before a sorted part is written, and rows per row group of the merged file
# (a key with more rows than that keeps them in one group): what the merge holds in memory
# at a time, about 50 MB of aligned sentence pairs with their texts.
PART_ROWS_DEFAULT = 100_000
GROUP_ROWS_DEFAULT = 100_000
# Rows per row group of a part, and read from a part at a time while merging: the merge
# holds one such group of every part, so it stays small as the parts grow in number with
# the corpus (at 10,000 articles, 13 parts of aligned pairs).
PART_GROUP_ROWS = 4_096


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` as Parquet, its columns made contiguous first: a table merged from chunks
    (worker results) would otherwise be written in other pages, other bytes, same values."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False).combine_chunks(), path)


class PartedTable:
    """Table ``table`` written to ``path`` from frames added in any order (see the module
    docstring); ``close`` merges the parts and returns the number of rows."""

    def __init__(self, table: str, path: Path, *, part_rows: int | None = None,
                 group_rows: int | None = None):
        self.table, self.path = table, Path(path)
        self.part_rows = part_rows or PART_ROWS_DEFAULT
        self.group_rows = group_rows or GROUP_ROWS_DEFAULT
        self.key = SORT_KEYS[table][0]
        self._folder = Path(tempfile.mkdtemp(prefix=f".{table}-parts-", dir=self.path.parent))
        self._parts: list[Path] = []
        self._buffer: list[pd.DataFrame] = []
        self._buffered = 0
        self._empty: pd.DataFrame | None = None

    def add(self, frame: pd.DataFrame) -> None:
        """Rows of the table (any columns ``conform`` accepts); kept on disk once enough are in.
        The first frame without rows gives the columns of the table written when none comes."""
        if not len(frame) and self._empty is None:
            self._empty = frame.iloc[:0]
        if len(frame):
            self._buffer.append(frame)
            self._buffered += len(frame)
        if self._buffered >= self.part_rows:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._buffer:
            return
        frame = conform(pd.concat(self._buffer, ignore_index=True), self.table)
        self._buffer, self._buffered = [], 0
        path = self._folder / f"part-{len(self._parts):05d}.parquet"
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path,
                       row_group_size=PART_GROUP_ROWS)
        self._parts.append(path)

    def close(self) -> int:
        """Merge the parts into ``path``, remove them; the number of rows written."""
        try:
            self._flush()
            return self._merge()
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)

    def _merge(self) -> int:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        if not self._parts:
            empty = self._empty if self._empty is not None else pd.DataFrame()
            write_parquet(conform(empty, self.table), self.path)
            return 0
        # rows of each key in each part (parts are sorted, so a key's rows are consecutive)
        owner: dict = {}
        for position, part in enumerate(self._parts):
            keys = pq.read_table(part, columns=[self.key]).column(0).to_pandas()
            for key, count in keys.value_counts(sort=False, dropna=False).items():
                key = None if pd.isna(key) else key
                if key in owner:
                    raise ValueError(f"{self.table}: rows of {self.key} {key!r} came in two frames")
                owner[key] = (position, int(count))
        cursors = [_Cursor(part) for part in self._parts]
        # the parts are conformed already: each group needs only the sort (a stable one, as
        # ``conform``'s; Arrow orders strings by their UTF-8 bytes, as Python does)
        keys = [(key, "ascending", "at_start") for key in SORT_KEYS[self.table]]
        writer, n_rows = None, 0
        try:
            in_order = sorted(owner, key=lambda key: (key is not None, key or ""))  # nulls first
            for group in _groups(in_order, owner, self.group_rows):
                wanted = [0] * len(cursors)
                for key in group:
                    position, count = owner[key]
                    wanted[position] += count
                pieces = pa.concat_tables([cursors[i].take(n) for i, n in enumerate(wanted) if n])
                order = pc.sort_indices(pieces, sort_keys=keys)
                arrow = pieces.take(order).combine_chunks()
                del pieces, order
                if writer is None:
                    writer = pq.ParquetWriter(self.path, arrow.schema)
                writer.write_table(arrow, row_group_size=max(len(arrow), 1))
                n_rows += len(arrow)
                del arrow
        finally:
            if writer is not None:
                writer.close()
        return n_rows


def _groups(keys: list, owner: dict, group_rows: int):
    """``keys`` (sorted) cut into consecutive runs of at most ``group_rows`` rows."""
    group, rows = [], 0
    for key in keys:
        count = owner[key][1]
        if group and rows + count > group_rows:
            yield group
            group, rows = [], 0
        group.append(key)
        rows += count
    if group:
        yield group


class _Cursor:
    """The rows of one Parquet part, handed out in order, a few batches in memory at most."""

    def __init__(self, path: Path):
        import pyarrow.parquet as pq

        self._batches = pq.ParquetFile(path).iter_batches(batch_size=PART_GROUP_ROWS,
                                                          use_threads=False)
        self._pending = None

    def take(self, n: int):
        import pyarrow as pa

        pieces = []
        while n > 0:
            if self._pending is None or len(self._pending) == 0:
                self._pending = next(self._batches)
            piece = self._pending.slice(0, n)
            self._pending = self._pending.slice(len(piece))
            pieces.append(piece)
            n -= len(piece)
        return pa.Table.from_batches(pieces)
