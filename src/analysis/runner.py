"""Execute the table of stages (``analysis.stages``): cut each stage's work up, run the pieces
on an engine, write each table as it is done, free what no later stage reads.

How a stage's work is cut up follows its ``by``:

- ``files`` and ``corpus``: one piece, in this process;
- ``article``: runs of whole articles (``engine.chunk_bounds``), when the engine is parallel
  for a corpus of this size; otherwise one piece;
- ``story``: runs of whole stories of about equal weight (the stage's first table's rows),
  handed out heaviest first (``engine.imap_heaviest_first``); one piece when not parallel.

Each piece gets the rows of its articles (or its stories' articles) of every table it reads,
in the tables' order, and the stage's ``context``. The pieces' results come back in any
order; tables of the data contract are written through ``store.PartedTable`` (sorted rows,
the same file whatever the pieces), the others are stacked in piece order. A table of the
data contract that a later stage reads is read back from its Parquet file, only the columns
that stage reads; the others stay in memory until their last reader has run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from .kept import UNIT_COLUMN, KeptResults, kept_models, unit_keys, unit_of_rows
from .engine import InlineEngine, chunk_bounds, imap_heaviest_first, rows_by_group, split_by, weighted_chunks
from .stages import PUBLIC_TABLES, Stage
from .schema import conform
from .store import PartedTable, write_parquet

STORY_COLUMN = "story_id"


def run_stages(stages: tuple[Stage, ...], tables: dict[str, pd.DataFrame], out_dir: Path, *,
               settings: dict, engine: InlineEngine, progress=None, fingerprint: str | None = None,
               on_stage: Callable[[str, float], None] | None = None) -> dict[str, int]:
    """Run ``stages`` in order on ``tables`` (the tables made before them, in memory or, for
    tables of the data contract, already in ``out_dir``); the number of rows of each table
    written to ``out_dir``. ``settings`` are the run's (``similarity``...); ``on_stage(name,
    seconds)`` is told when each stage ends.

    With a ``fingerprint`` (of the code and the run's settings), the rows of stages cut up by
    article or story are kept in ``out_dir`` (``analysis.kept``), and a later run with the
    same fingerprint computes only the articles or stories whose input rows changed."""
    rows: dict[str, int] = {}
    last_reader = {name: k for k, stage in enumerate(stages) for name in stage.reads}
    for k, stage in enumerate(stages):
        start = time.perf_counter()
        inputs = {name: _read(name, columns, tables, out_dir) for name, columns in stage.reads.items()}
        for name in stage.reads:  # what no later stage reads is freed now
            if last_reader[name] == k:
                tables.pop(name, None)
        context = stage.context(settings, inputs) if stage.context else {}
        if stage.models:
            models = stage.models if fingerprint is None else \
                partial(kept_models, stage.models, out_dir, stage.name, fingerprint)
            context = {**context, "models": models}
        if fingerprint is not None and stage.by in ("article", "story"):
            outputs = _run_kept_stage(stage, inputs, context, engine, progress, out_dir, fingerprint)
        else:
            outputs = _run_stage(stage, inputs, context, engine, progress, out_dir)
        del inputs
        for name, result in zip(stage.writes, outputs):
            if isinstance(result, PartedTable):
                rows[name] = result.close()
            elif isinstance(result, _Written):
                rows[name] = int(result)
            elif name in PUBLIC_TABLES:
                write_parquet(conform(result, name), out_dir / f"{name}.parquet")
                rows[name] = len(result)
            if name not in PUBLIC_TABLES and last_reader.get(name, -1) > k:
                tables[name] = result
            del result
        del outputs
        release_memory()
        if on_stage:
            on_stage(stage.name, time.perf_counter() - start)
    return rows


def _run_kept_stage(stage: Stage, inputs: dict[str, pd.DataFrame], context: dict, engine: InlineEngine,
                    progress, out_dir: Path, fingerprint: str) -> list:
    """``_run_stage`` for the units (articles or stories) whose inputs changed since the rows
    in ``out_dir`` were kept; the others' rows are the kept ones. Keeps this run's rows."""
    unit_of_source = None
    if stage.by == "story":
        articles = inputs["articles"]
        unit_of_source = dict(zip(articles["source_id"], articles[STORY_COLUMN].astype(object)))
        del articles
    settings_said = repr(sorted((k, v) for k, v in context.items() if isinstance(v, (str, bool, int, float))))
    keys = unit_keys(inputs, unit_of_source, f"{fingerprint}:{stage.name}:{settings_said}")
    kept = KeptResults(out_dir, stage.name)
    previous = kept.keys()
    reused = {unit for unit, key in keys.items() if previous.get(unit) == key}
    # large tables (a streamed stage's) are read back in pieces, as they are added
    cached = {name: kept.rows(name, reused if not stage.streamed else set()) for name in stage.writes} \
        if reused else {}
    if any(frame is None for frame in cached.values()):  # a kept table is missing: compute all
        reused, cached = set(), {}
    if reused:  # in place: the caller's dictionary lets the whole frames go too
        todo = {name: frame[~unit_of_rows(frame, name, unit_of_source).isin(reused).to_numpy()]
                for name, frame in inputs.items()}
        inputs.clear()
        inputs.update(todo)
        del todo
    n_todo = len(keys) - len(reused)
    if n_todo or not keys:  # no article at all: the stage says what its empty tables are
        outputs = _run_stage(stage, inputs, context, engine, progress, out_dir)
    else:
        outputs = [PartedTable(name, out_dir / f"{name}.parquet") if stage.streamed else None
                   for name in stage.writes]
    del inputs
    merged = []
    for name, output in zip(stage.writes, outputs):
        old = cached.get(name)
        old = None if old is None else old.drop(columns=UNIT_COLUMN)
        if isinstance(output, PartedTable):
            if old is not None:  # no rows: the table's columns, should no piece have rows
                output.add(old)
            if reused:
                for piece in kept.rows_in_pieces(name, reused, output.key):
                    output.add(piece.drop(columns=UNIT_COLUMN))
            merged.append(output)
            continue
        frames = [frame for frame in (output, old) if frame is not None and (len(frame) or frame is output)]
        if not frames:  # nothing computed, and no kept row: the kept table's columns alone
            frames = [old]
        merged.append(pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0])
    del cached
    keep_tables, finished = {}, []
    for name, output in zip(stage.writes, merged):
        if isinstance(output, PartedTable):
            keep_tables[name] = out_dir / f"{name}.parquet"  # copied a row group at a time
            finished.append(_Written(output.close()))
            continue
        frame = conform(output, name) if name in PUBLIC_TABLES else _in_source_order(output)
        keep_tables[name] = frame.assign(**{UNIT_COLUMN: unit_of_rows(frame, name, unit_of_source).to_numpy()})
        finished.append(frame)
    kept.replace(keys, keep_tables,
                 lambda frame, table: unit_of_rows(frame, table, unit_of_source).to_numpy())
    del keep_tables
    # rows made here and rows read back are one table read back, the same in both runs
    return [result if isinstance(result, _Written) or name in PUBLIC_TABLES
            else kept.rows(name, set(keys)).drop(columns=UNIT_COLUMN)
            for name, result in zip(stage.writes, finished)]


class _Written(int):
    """The number of rows of a table already written to the output folder."""


def _in_source_order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("source_id", kind="stable").reset_index(drop=True) if len(frame) else frame


def _read(name: str, columns: list[str] | None, tables: dict, out_dir: Path) -> pd.DataFrame:
    if name in tables:
        frame = tables[name]
        return frame if columns is None else frame[columns]
    return pd.read_parquet(out_dir / f"{name}.parquet", columns=columns)


def _run_stage(stage: Stage, inputs: dict[str, pd.DataFrame], context: dict, engine: InlineEngine,
               progress, out_dir: Path) -> list:
    """The stage's tables: a frame each, or, for a ``streamed`` stage, a ``PartedTable``
    holding its rows on disk, to be closed. ``inputs`` is emptied once cut into pieces."""
    names = list(inputs)
    context = dict(context)
    loader = context.pop("models", None)
    if loader is not None:
        context = {**context, **loader()}
    run = partial(_run_piece, stage.run, names, context)
    pieces, weights = _pieces(stage, inputs, engine)
    if pieces is None and not stage.streamed:
        return list(_as_tuple(run(tuple(inputs.values()))))
    if pieces is None:
        pieces, weights = [tuple(inputs.values())], None
    # the pieces hold a copy of the inputs' rows in piece order: the whole frames are let go
    # here, in the callers' dictionary too (one copy of the stage's inputs in memory, not two)
    inputs.clear()
    outputs: list = [PartedTable(name, out_dir / f"{name}.parquet") if stage.streamed else [None] * len(pieces)
                     for name in stage.writes]
    if weights is None:
        results = enumerate(engine.imap(run, pieces, progress=progress, desc=stage.name)
                            if len(pieces) > 1 else [run(pieces[0])])
    else:
        results = imap_heaviest_first(engine, run, pieces, weights, progress=progress, desc=stage.name)
    for position, result in results:
        for output, frame in zip(outputs, _as_tuple(result)):
            if isinstance(output, PartedTable):
                output.add(frame)
            else:
                output[position] = frame
        del result
    return [output if isinstance(output, PartedTable) else
            pd.concat(output, ignore_index=True) for output in outputs]


def _pieces(stage: Stage, inputs: dict[str, pd.DataFrame], engine: InlineEngine):
    """(pieces, weights): each piece a tuple of the inputs' rows; ``None`` for one piece."""
    if stage.by in ("files", "corpus"):
        return None, None
    first = next(iter(inputs.values()))
    if first.empty or not engine.parallel(_n_articles(inputs)):
        return None, None
    if stage.by == "article":
        bounds = chunk_bounds(sorted(first["source_id"].unique()), engine)
        if len(bounds) <= 1:
            return None, None
        return list(zip(*(split_by(frame, "source_id", bounds) for frame in inputs.values()))), None
    if stage.by == "story":
        articles = inputs["articles"]
        story_sources = articles.groupby(articles[STORY_COLUMN].astype("string").fillna(""), sort=True)["source_id"]
        story_no = {source: k for k, (_, ids) in enumerate(story_sources) for source in ids}
        n_stories = len(story_sources)
        if n_stories <= 1:
            return None, None
        story_weights = np.bincount(first["source_id"].map(story_no).dropna().astype("int64"),
                                    minlength=n_stories).tolist()
        story_articles = [len(ids) for _, ids in story_sources]
        chunks = weighted_chunks(story_weights, engine, story_articles)
        if len(chunks) <= 1:
            return None, None
        chunk_of_story = np.empty(n_stories, dtype="int64")
        for c, members in enumerate(chunks):
            chunk_of_story[members] = c
        chunk_of = {source: int(chunk_of_story[k]) for source, k in story_no.items()}
        parts = [rows_by_group(frame, chunk_of, len(chunks)) for frame in inputs.values()]
        weights = [sum(story_weights[k] for k in members) for members in chunks]
        return list(zip(*parts)), weights
    raise ValueError(f"stage {stage.name}: unknown partition {stage.by!r}")


def _n_articles(inputs: dict[str, pd.DataFrame]) -> int:
    if "articles" in inputs:
        return len(inputs["articles"])
    return int(next(iter(inputs.values()))["source_id"].nunique())


def _run_piece(func: Callable, names: list[str], context: dict, frames: tuple):
    return func(**dict(zip(names, frames)), **context)


def _as_tuple(result) -> tuple:
    return result if isinstance(result, tuple) else (result,)


def release_memory() -> None:
    """Hand the memory of freed objects back to the system (glibc only; elsewhere a no-op).

    Python frees objects but its allocator keeps the pages, so without this the process
    stays at the size of its largest step (ingest's row dictionaries, a stage's results
    before they are stacked) for the rest of the study."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
