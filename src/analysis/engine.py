"""Where the per-article and per-story work runs: here, on local worker processes, or on Dask.

The stages hand an engine a function and a list of chunks (whole articles or whole stories,
in corpus order) and get the results back in the same order, whatever finished first, so
the tables do not depend on the engine, the number of workers or the chunking:

- ``InlineEngine``: in this process, one chunk after another;
- ``LocalEngine``: a pool of worker processes on this machine (the default: one per core);
  small corpora (at most ``INLINE_MAX_ARTICLES_DEFAULT`` articles) stay in this process.
  Workers are forked from a server process that has imported this package, not from
  this process (which may hold large tables by then), and each is replaced after
  ``MAX_TASKS_PER_WORKER_DEFAULT`` chunks, so no worker keeps its largest chunk's memory;
- ``DaskEngine``: a dask.distributed cluster, given the scheduler's address, or a local
  cluster of worker processes when none is given. Workers need this package installed.

Each chunk runs with one thread for the numeric libraries (OpenMP, BLAS): the work is
already spread over processes, and threads on top of them only wait for each other.
``imap`` sends the local workers two chunks each at a time (the next as one comes back) and
hands results back one at a time, in order, each dropped by the engine once handed
over, so a caller can write them out as they come instead of holding them all.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import numpy as np
import pandas as pd

ENGINES = ("local", "dask")
# Corpora of at most this many articles are studied in this process by the local engine:
# starting worker processes and sending them the text costs more than it saves (the five
# articles of the default corpus take well under a second in one process).
INLINE_MAX_ARTICLES_DEFAULT = 200
# Articles per chunk: at least this many (fewer chunks mean less to send and merge), and
# enough chunks for every worker to take about four (so one slow chunk does not leave the
# others idle at the end).
CHUNK_MIN_ARTICLES_DEFAULT = 100
CHUNKS_PER_WORKER_DEFAULT = 4
# ... and at most this many (a story larger than that stays one chunk): a worker's memory
# grows with its chunk, so past 8,000 articles (2 workers x 4 chunks of 1,000) there are
# more chunks, not larger ones. Without it the 8 chunks of two workers held 12,500 articles
# each at 100,000; a chunk of 1,250 sources took about 1.1 GB of a worker in the agreement
# stage (10,000 articles, 2026-12-01), so 1,000 should hold a worker below that (expected
# from that figure, not measured per worker; the summed peaks are in docs/figures.md).
CHUNK_MAX_ARTICLES_DEFAULT = 1_000
# Chunks a local worker runs before it is replaced by a fresh one. A Python process rarely
# gives memory back to the system, so a long-lived worker keeps the memory of the largest
# chunk it ever ran (about 1.1 GB each in the agreement stage of a 10,000-article corpus,
# with chunks of 1,250 articles); a fresh worker forked from the server starts at the size
# of the imported package, but loads its models again. Chunks are at most
# CHUNK_MAX_ARTICLES_DEFAULT articles, so what a worker keeps is bounded too: a 1,000-article
# corpus in 20 chunks took 70.3 s replacing each worker after 1 chunk and 57.9 s after 4,
# at summed peaks of 1,341 and 1,325 MB (2026-12-03, one run each, cores shared with
# another run).
MAX_TASKS_PER_WORKER_DEFAULT = 4
# Chunks handed to the local workers at a time, per worker: the next is sent as one comes
# back, so the main process never holds every chunk's pickled copy in the pool's queue (at
# 100,000 articles, every story's sentences and claims at once). Two keep a worker busy
# while its next chunk is being sent.
IN_FLIGHT_PER_WORKER_DEFAULT = 2
# Imported once by the server that local workers are forked from. Loading the models each
# worker loads again per task there too (the language identifier, dateparser's locales,
# lingua's models) was tried: 1,000 articles 32.0-33.3 s -> 30.7 s, but the summed resident
# memory of the process tree 1.31 -> 2.17-2.25 GB (each worker's copy counted; 2026-12-02).
WORKER_PRELOAD = ("analysis.study",)

Progress = Callable[..., Iterable]
_DONE = object()


def _run_single_threaded(func: Callable, item):
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return func(item)


def _with_progress(iterator: Iterator, progress: Progress | None, desc: str, items) -> Iterator:
    """``iterator`` shown by ``progress``, with the number of ``items`` when they have one."""
    if not progress:
        return iterator
    return iter(progress(iterator, desc=desc, total=len(items) if hasattr(items, "__len__") else None))


def _results_in_order(futures: list, release: Callable | None = None) -> Iterator:
    """Each future's result in order; the engine keeps no reference to a result once handed over."""
    futures.reverse()
    try:
        while futures:
            future = futures.pop()
            result = future.result()
            if release is not None:
                release([future])
            del future
            yield result
            del result
    finally:
        if release is not None and futures:
            release(futures)


class InlineEngine:
    """Every chunk in this process, in order."""

    workers = 1

    def __init__(self, *, chunk_min_articles: int = CHUNK_MIN_ARTICLES_DEFAULT,
                 chunk_max_articles: int = CHUNK_MAX_ARTICLES_DEFAULT):
        self.chunk_min_articles = chunk_min_articles
        self.chunk_max_articles = max(chunk_max_articles, chunk_min_articles)

    def parallel(self, n_articles: int) -> bool:
        return False

    def map(self, func: Callable, items: Sequence, *, progress: Progress | None = None,
            desc: str = "") -> list:
        """``func`` of each item, in order."""
        return list(self.imap(func, items, progress=progress, desc=desc))

    def imap(self, func: Callable, items: Sequence, *, progress: Progress | None = None,
             desc: str = "") -> Iterator:
        """``func`` of each item, handed back one at a time in order."""
        return _with_progress((func(item) for item in items), progress, desc, items)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class LocalEngine(InlineEngine):
    """A pool of ``workers`` processes on this machine (default: one per core)."""

    def __init__(self, workers: int | None = None, *,
                 inline_max_articles: int = INLINE_MAX_ARTICLES_DEFAULT,
                 chunk_min_articles: int = CHUNK_MIN_ARTICLES_DEFAULT,
                 chunk_max_articles: int = CHUNK_MAX_ARTICLES_DEFAULT,
                 max_tasks_per_worker: int | None = MAX_TASKS_PER_WORKER_DEFAULT):
        super().__init__(chunk_min_articles=chunk_min_articles, chunk_max_articles=chunk_max_articles)
        self.workers = workers or len(os.sched_getaffinity(0))
        self.inline_max_articles = inline_max_articles
        self.max_tasks_per_worker = max_tasks_per_worker
        self._pool: ProcessPoolExecutor | None = None

    def parallel(self, n_articles: int) -> bool:
        return self.workers > 1 and n_articles > self.inline_max_articles

    def imap(self, func, items, *, progress=None, desc=""):
        if self.workers <= 1 or (hasattr(items, "__len__") and len(items) <= 1):
            return super().imap(func, items, progress=progress, desc=desc)
        if self._pool is None:
            # forkserver: workers are forked from a server that imported the package once
            # (quick to start, small), and may be replaced after some tasks (only with a
            # start method other than fork)
            context = get_context("forkserver")
            context.set_forkserver_preload(list(WORKER_PRELOAD))
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                             max_tasks_per_child=self.max_tasks_per_worker)
        return _with_progress(self._submitted_as_workers_free(func, items), progress, desc, items)

    def _submitted_as_workers_free(self, func: Callable, items: Sequence) -> Iterator:
        """Each item's result in order; at most ``IN_FLIGHT_PER_WORKER_DEFAULT`` items per
        worker sent ahead of the one waited for."""
        from collections import deque

        pending = iter(items)
        in_flight: deque = deque()
        limit = self.workers * IN_FLIGHT_PER_WORKER_DEFAULT

        def send_more() -> None:
            while len(in_flight) < limit:
                item = next(pending, _DONE)
                if item is _DONE:
                    return
                in_flight.append(self._pool.submit(_run_single_threaded, func, item))

        try:
            send_more()
            while in_flight:
                future = in_flight.popleft()
                result = future.result()
                del future
                send_more()
                yield result
                del result
        finally:
            for future in in_flight:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


class DaskEngine(InlineEngine):
    """Chunks as tasks of a dask.distributed cluster: at ``scheduler`` (``host:port``), or a
    local cluster of ``workers`` processes when no address is given."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None, *,
                 chunk_min_articles: int = CHUNK_MIN_ARTICLES_DEFAULT):
        from dask.distributed import Client, LocalCluster

        super().__init__(chunk_min_articles=chunk_min_articles)
        self._cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=workers or len(os.sched_getaffinity(0)), threads_per_worker=1,
                processes=True, dashboard_address=None)
            self.client = Client(self._cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def parallel(self, n_articles: int) -> bool:
        return True

    def imap(self, func, items, *, progress=None, desc=""):
        items = list(items)  # a scheduler is handed every task at once
        if not items:
            return iter(())
        futures = self.client.map(_run_single_threaded, [func] * len(items), list(items),
                                  pure=False)
        return _with_progress(_results_in_order(futures, self.client.cancel), progress, desc, items)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(name: str = "local", *, scheduler: str | None = None,
                workers: int | None = None) -> InlineEngine:
    """The engine called ``name`` (``local`` or ``dask``)."""
    if name == "local":
        return LocalEngine(workers)
    if name == "dask":
        return DaskEngine(scheduler, workers)
    raise ValueError(f"unknown engine {name!r}: use one of {', '.join(ENGINES)}")


def chunk_bounds(keys: Sequence[str], engine: InlineEngine) -> list[str]:
    """The first key of each chunk: ``keys`` (sorted, unique) cut into runs for ``engine``."""
    n = len(keys)
    if n == 0:
        return []
    if not engine.parallel(n):
        return [keys[0]]
    wanted = max(engine.workers * CHUNKS_PER_WORKER_DEFAULT, 1)
    n_chunks = max(1, min(wanted, math.ceil(n / engine.chunk_min_articles)),
                   math.ceil(n / engine.chunk_max_articles))
    size = math.ceil(n / n_chunks)
    return [keys[i] for i in range(0, n, size)]


def split_by(frame: pd.DataFrame, key: str, bounds: Sequence[str]) -> list[pd.DataFrame]:
    """``frame`` sorted by ``key`` and cut where ``bounds`` (first keys of chunks) begin."""
    if not frame[key].is_monotonic_increasing:  # the tables come in source order: no copy then
        frame = frame.sort_values(key, kind="stable")
    if not bounds:
        return [frame]
    values = frame[key].astype(object).to_numpy()
    cuts = np.searchsorted(values, np.asarray(list(bounds)[1:], dtype=object), side="left")
    edges = [0, *cuts.tolist(), len(frame)]
    return [frame.iloc[a:b] for a, b in zip(edges[:-1], edges[1:])]


def rows_by_group(frame: pd.DataFrame, group_of: dict[str, int], n_groups: int) -> list[pd.DataFrame]:
    """``frame``'s rows of each group (``group_of`` maps a ``source_id`` to its group's
    position: a story, a run of stories), in ``frame``'s order; rows of other sources left
    out. One take of the rows in group order, then a slice per group: a take per group costs
    time in the number of the columns' chunks, which grows with the corpus (at 100,000
    articles, with the agreement stage's preparation, 16 minutes)."""
    codes = frame["source_id"].map(group_of)
    known = codes.notna().to_numpy()
    codes = codes[known].astype("int64").to_numpy()
    order = np.argsort(codes, kind="stable")
    ordered = frame.iloc[np.flatnonzero(known)[order]]
    bounds = np.searchsorted(codes[order], np.arange(n_groups + 1), side="left")
    return [ordered.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def weighted_chunks(weights: Sequence[float], engine: InlineEngine,
                    articles: Sequence[int] | None = None) -> list[list[int]]:
    """Positions of items (stories, in order) cut into consecutive runs of about equal
    weight (their expected cost), ``CHUNKS_PER_WORKER_DEFAULT`` per worker, and, given each
    item's number of ``articles``, of at most ``engine.chunk_max_articles`` of them; an item
    heavier than a share, or larger than that, stays alone. One run when ``engine`` is not
    parallel."""
    positions = list(range(len(weights)))
    if not positions or engine.workers <= 1:
        return [positions] if positions else []
    articles = [0] * len(weights) if articles is None else articles
    share = sum(weights) / (engine.workers * CHUNKS_PER_WORKER_DEFAULT)
    chunks, current, load, size = [], [], 0.0, 0
    for position, weight, n in zip(positions, weights, articles):
        if current and (load + weight > share or size + n > engine.chunk_max_articles):
            chunks.append(current)
            current, load, size = [], 0.0, 0
        current.append(position)
        load += weight
        size += n
    return [*chunks, current]


def imap_heaviest_first(engine: InlineEngine, func: Callable, chunks: Sequence, weights: Sequence[float],
                        *, progress: Progress | None = None, desc: str = "") -> Iterator[tuple[int, object]]:
    """(position in ``chunks``, result) for each chunk, the heaviest handed out (and back) first."""
    order = sorted(range(len(chunks)), key=lambda i: (-weights[i], i))
    return zip(order, engine.imap(func, [chunks[i] for i in order], progress=progress, desc=desc))
