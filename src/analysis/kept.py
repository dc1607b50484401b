"""Results kept between runs, by the content of what they were made from.

A journalist adds articles as a story unfolds. A stage cut up by article (or by story) gives
an article's (a story's) rows from that article's (story's) input rows alone, so rows made
from the same input rows, by the same code with the same settings, are the same: they are
kept, and only the articles (stories) whose inputs changed are computed again.

Each unit's key is a hash of: the code and settings (``fingerprint``), the unit's name, and
every input row of the unit (``pandas.util.hash_pandas_object``, in order). The kept rows of
each stage live in ``<out_dir>/.kept/<stage>/``: one Parquet file per table the stage writes,
with the unit (``_unit``) of each row, and ``keys.parquet`` with each unit's key.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from .runs import equal_runs

KEPT_DIR_NAME = ".kept"
MODELS_DIR_NAME = "models"
# Rows of a large kept table (the aligned pairs) read at a time.
KEPT_BATCH_ROWS = 50_000
UNIT_COLUMN = "_unit"
# The column that names a row's source in each table (the first source of a pair); a row's
# unit is that source, or that source's story.
SOURCE_COLUMN = {"contradictions": "source_a", "agreement": "source_a", "alignments": "source_a",
                 "copies": "source_a"}


def unit_of_rows(frame: pd.DataFrame, table: str, unit_of_source: dict[str, str] | None) -> pd.Series:
    """The unit of each row of ``frame`` (a table called ``table``): its source, or its story."""
    sources = frame[SOURCE_COLUMN.get(table, "source_id")].astype(object)
    return sources if unit_of_source is None else sources.map(unit_of_source)


def unit_keys(inputs: dict[str, pd.DataFrame], unit_of_source: dict[str, str] | None,
              fingerprint: str) -> dict[str, str]:
    """Each unit's key: a hash of ``fingerprint``, its name and its rows of every input."""
    digests: dict[str, hashlib.blake2b] = {}
    units = set() if unit_of_source is None else set(unit_of_source.values())
    for name, frame in inputs.items():
        if frame.empty:
            continue
        row_hashes = pd.util.hash_pandas_object(frame, index=False).to_numpy()
        unit = unit_of_rows(frame, name, unit_of_source).to_numpy()
        known = pd.notna(unit)
        if unit_of_source is None:
            units.update(unit[known])
        order = np.argsort(unit[known].astype(str), kind="stable")
        ordered_units = unit[known][order]
        ordered_hashes = row_hashes[known][order]
        for a, b in equal_runs(ordered_units):
            digest = digests.setdefault(ordered_units[a], _new_digest(fingerprint, ordered_units[a]))
            digest.update(name.encode())
            digest.update(ordered_hashes[a:b].tobytes())
    return {unit: (digests.get(unit) or _new_digest(fingerprint, unit)).hexdigest() for unit in units}


def _new_digest(fingerprint: str, unit: str):
    digest = hashlib.blake2b(digest_size=16)
    digest.update(fingerprint.encode())
    digest.update(str(unit).encode())
    return digest


class KeptResults:
    """The rows a stage made in the last run in ``out_dir``, by unit and key."""

    def __init__(self, out_dir: Path, stage: str):
        self.folder = Path(out_dir) / KEPT_DIR_NAME / stage.replace(" ", "_")

    def keys(self) -> dict[str, str]:
        try:
            frame = pd.read_parquet(self.folder / "keys.parquet")
        except (OSError, ValueError):
            return {}
        return dict(zip(frame[UNIT_COLUMN], frame["key"]))

    def rows(self, table: str, units: set[str]) -> pd.DataFrame | None:
        """The kept rows of ``units`` in ``table`` (with their ``_unit`` column), or None."""
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        path = self.folder / f"{table}.parquet"
        try:
            if not units:  # the columns alone
                return pq.read_schema(path).empty_table().to_pandas()
            arrow = pq.read_table(path)
        except (OSError, ValueError):
            return None
        units_of_rows = arrow.column(UNIT_COLUMN).cast("string")  # "null" when no rows were kept
        mask = pc.is_in(units_of_rows, value_set=pa_array(sorted(units)))
        return arrow.filter(mask).to_pandas()

    def rows_in_pieces(self, table: str, units: set[str], key: str) -> Iterator[pd.DataFrame]:
        """The kept rows of ``units`` in ``table``, a batch at a time, never splitting the rows
        of one value of ``key`` (the table's first sort key) between two batches: for tables
        too large to read at once (``store.PartedTable`` takes a key's rows in one frame)."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        value_set = pa_array(sorted(units))
        carried = None
        for batch in pq.ParquetFile(self.folder / f"{table}.parquet").iter_batches(batch_size=KEPT_BATCH_ROWS):
            batch = pa.Table.from_batches([batch])
            batch = batch.filter(pc.is_in(batch.column(UNIT_COLUMN).cast("string"), value_set=value_set))
            if carried is not None:
                batch = pa.concat_tables([carried, batch])
            if not len(batch):
                carried = batch
                continue
            last = batch.column(key)[len(batch) - 1]
            tail = pc.equal(batch.column(key), last) if last.is_valid else pc.is_null(batch.column(key))
            n_tail = pc.sum(pc.cast(tail, "int64")).as_py()
            carried = batch.slice(len(batch) - n_tail)
            if len(batch) > n_tail:
                yield batch.slice(0, len(batch) - n_tail).to_pandas()
        if carried is not None and len(carried):
            yield carried.to_pandas()

    def replace(self, keys: dict[str, str], tables: dict, unit_of_rows_in=None) -> None:
        """Keep ``tables`` and the units' ``keys`` for the next run: a frame (with its
        ``_unit`` column); a function giving such a frame in slices (written one at a time,
        with the first slice's columns and types); or the path of a written table, copied a
        row group at a time with ``unit_of_rows_in(frame, table)`` added."""
        from .store import write_parquet

        staging = self.folder.with_name(self.folder.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for table, frame in tables.items():
            if isinstance(frame, Path):
                _copy_with_units(frame, staging / f"{table}.parquet", table, unit_of_rows_in)
            elif callable(frame):
                _write_slices(frame(), staging / f"{table}.parquet")
            else:
                write_parquet(frame, staging / f"{table}.parquet")
        write_parquet(pd.DataFrame({UNIT_COLUMN: list(keys), "key": list(keys.values())}),
                      staging / "keys.parquet")
        shutil.rmtree(self.folder, ignore_errors=True)
        staging.rename(self.folder)


def kept_models(load, out_dir: Path, stage: str, fingerprint: str) -> dict:
    """``load()`` (a stage's trained models), kept in ``out_dir`` by the code's
    ``fingerprint`` and scikit-learn's version: trained once per code version, not per run
    (the line and page models: 21.7 s of training, 0.02 s to read back).

    The file is a pickle in the study's own output folder, read only when its name carries
    this code's fingerprint; one that does not load is trained again and replaced."""
    import pickle

    import sklearn

    folder = Path(out_dir) / KEPT_DIR_NAME / MODELS_DIR_NAME
    name = stage.replace(" ", "_")
    path = folder / f"{name}-{fingerprint[:32]}-sklearn-{sklearn.__version__}.pickle"
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, damaged, or written by other library versions
        pass
    models = load()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.pickle"):  # this stage's models of other code versions
        old.unlink()
    staging = path.with_suffix(".new")
    with open(staging, "wb") as handle:
        pickle.dump(models, handle, protocol=pickle.HIGHEST_PROTOCOL)
    staging.rename(path)
    return models


def _write_slices(slices: Iterator[pd.DataFrame], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    try:
        for frame in slices:
            if writer is None:
                schema = pa.Schema.from_pandas(frame, preserve_index=False)
                writer = pq.ParquetWriter(path, schema)
            writer.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False))
    finally:
        if writer is not None:
            writer.close()


def _copy_with_units(source: Path, target: Path, table: str, unit_of_rows_in) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(source)
    writer = None
    try:
        for group in range(parquet.num_row_groups):
            frame = parquet.read_row_group(group).to_pandas()
            frame[UNIT_COLUMN] = unit_of_rows_in(frame, table)
            arrow = pa.Table.from_pandas(frame, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(target, arrow.schema)
            writer.write_table(arrow)
        if writer is None:  # no row group: the columns alone
            frame = parquet.schema_arrow.empty_table().to_pandas()
            frame[UNIT_COLUMN] = pd.Series(dtype="string")
            pa_table = pa.Table.from_pandas(frame, preserve_index=False)
            pq.write_table(pa_table, target)
    finally:
        if writer is not None:
            writer.close()


def pa_array(values: list):
    import pyarrow as pa

    return pa.array(values, type=pa.string())
