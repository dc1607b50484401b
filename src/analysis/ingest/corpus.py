"""A corpus folder to the ``articles``, ``blocks``, ``sentences`` and ``errors`` tables.

The one place that puts ingest's steps in order: find the input files (``files``), read
each (``formats``; web archives record by record, ``warc``), give it its metadata
(``metadata``), turn it into rows (``rows``). The corpus is read in batches of articles, in
corpus order (``iter_corpus``), so memory is bounded by a batch, not by the corpus;
``ingest_corpus`` stacks the batches into whole tables. Bad input never stops the study and
never disappears: each unreadable file (or JSONL line, or web-archive record) becomes a row
of ``errors`` with a message in words.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from itertools import chain, islice
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..errors import CorpusError, InputError
from ..schema import SCHEMAS, conform
from .documents import Corpus, Document, Progress, error_row
from .files import list_input_files
from .formats import read_file
from .metadata import CorpusSources, document_keys, read_corpus_sources
from .rows import document_frames
from .warc import WarcPage, is_warc, read_warc_page, record_error, warc_pages

# One unit of a batch: a file to read (its path relative to the corpus), one HTML page of a
# web archive (its raw bytes), or an error found while streaming an archive (an errors row).
Item = str | WarcPage | dict

# Articles read per batch, and per task on the engine's workers: large enough that starting
# a fresh worker per task costs little (see ``iter_corpus``), small enough that a batch's
# frames stay well under a GB (about 40 MB of text per 1,000 pages).
BATCH_ARTICLES_DEFAULT = 1000
TABLE_NAMES = ("articles", "blocks", "sentences", "errors")


@dataclass
class ReadDocument:
    """What the main process needs of an article read elsewhere: its id and names."""

    source_id: str
    path: str
    record: int | None
    where: str
    keys: list[str]


@dataclass
class ReadChunk:
    """One chunk of input read into rows (not yet conformed, in document order)."""

    articles: pd.DataFrame
    blocks: pd.DataFrame
    sentences: pd.DataFrame
    errors: list[dict]
    documents: list[ReadDocument]


def ingest_corpus(
    corpus_dir: str | os.PathLike,
    *,
    max_bytes: int = config.MAX_FILE_BYTES_DEFAULT,
    progress: Progress | None = None,
    engine=None,
) -> Corpus:
    """Read every input file of ``corpus_dir`` into the study's tables.

    The tables are the batches of ``iter_corpus`` stacked: the same whatever the engine
    and the batch size. Raises ``CorpusError`` when the folder is missing or holds no input
    files; any problem with one file goes into ``errors`` and the rest of the corpus is read.
    """
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLE_NAMES}
    for batch in iter_corpus(corpus_dir, max_bytes=max_bytes, progress=progress, engine=engine):
        for name, frame in batch.tables().items():
            parts[name].append(frame)
        del batch
    return Corpus(*(stack_batches(parts.pop(name), name) for name in TABLE_NAMES))


def stack_batches(frames: list[pd.DataFrame], table: str) -> pd.DataFrame:
    """One table from its batches, as if the corpus had been read at once."""
    return conform(pd.concat(frames, ignore_index=True), table)


def iter_corpus(
    corpus_dir: str | os.PathLike,
    *,
    max_bytes: int = config.MAX_FILE_BYTES_DEFAULT,
    engine=None,
    progress: Progress | None = None,
    batch_articles: int = BATCH_ARTICLES_DEFAULT,
) -> Iterator[Corpus]:
    """The corpus's tables in batches of about ``batch_articles`` articles, in corpus order.

    Each batch is a ``Corpus`` of conformed frames; stacked (``stack_batches``) they are
    the tables of ``ingest_corpus``. A source id already used by an earlier article, in
    this batch or an earlier one, is an error (the first keeps it); ``sources.csv`` is read
    once and applied to each article as it is read; its problems, and its rows that named
    no article, come in the last batch. With a parallel ``engine`` (see
    ``analysis.engine``) the files of a batch are read, parsed and split into sentences on
    its workers; this process only lists the files, reads the raw bytes of web-archive
    records and settles the ids. A web archive's pages count one article each, so a
    many-GB archive is read in batches like a folder of pages.

    Raises ``CorpusError`` when the folder is missing or holds no input files.
    """
    corpus_dir = Path(corpus_dir)
    files = corpus_files(corpus_dir)
    relative = [path.relative_to(corpus_dir).as_posix() for path in files]
    metadata_errors: list[dict] = []
    sources = read_corpus_sources(corpus_dir, max_bytes=max_bytes, errors=metadata_errors)
    ids = IdRegister(sources)
    names = progress(relative, desc="reading articles", unit="file") if progress else relative
    items = corpus_items(corpus_dir, names, max_bytes)
    read = partial(read_items, corpus_dir, max_bytes, sources)
    yielded = False
    n_read = 0
    while batch := list(islice(items, batch_articles)):
        # the engine decides on the articles of the first batch, as it would on a corpus of
        # that size; once a batch would go to the workers, every item does, in one stream
        n_read += len(batch)
        parallel = engine is not None and engine.parallel(n_read)
        if parallel:
            # a run of a batch's size per task: each task starts a fresh worker, so fewer,
            # larger runs pay that start less often (10,000 articles, 2 workers: runs of 500
            # 42.7 s, of 1,000 32.2 s, the whole-corpus chunks of before 35.9 s; one run each)
            size = max(engine.chunk_min_articles, batch_articles)
            chunks = _runs(chain(batch, items), size)
            del batch
            for read_chunk in engine.imap(read, chunks):
                yield ids.settle([read_chunk])
                yielded = True
            break
        yield ids.settle([read(batch)])
        del batch
        yielded = True
    final_errors = metadata_errors + (sources.unmatched_errors(ids.matched) if sources else [])
    if final_errors or not yielded:
        yield empty_batch(final_errors)


def _runs(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    """``items`` in consecutive lists of ``size`` (the last may be shorter), read as needed."""
    while run := list(islice(items, size)):
        yield run


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The input files of ``corpus_dir``, or ``CorpusError`` saying what is wrong with it."""
    if not corpus_dir.exists():
        raise CorpusError(f"corpus folder {corpus_dir} does not exist")
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus {corpus_dir} is not a folder: give the folder of articles")
    files = list_input_files(corpus_dir)
    if not files:
        raise CorpusError(
            f"corpus folder {corpus_dir} holds no input files: add .txt, .html, .jsonl or .warc "
            "articles"
        )
    return files


def corpus_items(corpus_dir: Path, names, max_bytes: int) -> Iterator[Item]:
    """The units of work of the files ``names``, in order: a web archive's pages one by one
    (streamed here, as raw bytes), any other file whole (read by ``read_items``)."""
    for name in names:
        if not is_warc(Path(name)):
            yield name
            continue
        try:
            yield from warc_pages(corpus_dir / name, name, max_bytes=max_bytes)
        except InputError as exc:
            yield error_row(name, exc.kind, exc.message)


def read_items(
    corpus_dir: Path, max_bytes: int, sources: CorpusSources | None, items: list[Item]
) -> ReadChunk:
    """Read ``items`` (see ``Item``) into rows: the work of one chunk."""
    errors: list[dict] = []
    documents: list[Document] = []
    for item in items:
        if isinstance(item, dict):
            errors.append(item)
        elif isinstance(item, WarcPage):
            try:
                documents.append(read_warc_page(item))
            except InputError as exc:
                errors.append(record_error(item.relative, item.record, exc))
        else:
            try:
                documents.extend(read_file(corpus_dir / item, item, max_bytes=max_bytes,
                                           errors=errors))
            except InputError as exc:
                errors.append(error_row(item, exc.kind, exc.message))
    if sources is not None:
        for document in documents:
            sources.apply(document)
    read = [
        ReadDocument(d.source_id, d.path, d.record, d.where(), document_keys(d)) for d in documents
    ]
    return ReadChunk(*document_frames(documents), errors=errors, documents=read)


class IdRegister:
    """Source ids seen so far, across batches: the first article with an id keeps it."""

    def __init__(self, sources: CorpusSources | None):
        self.sources = sources
        self.first: dict[str, str] = {}  # source id -> where its first article is
        self.matched: set[str] = set()  # sources.csv keys that named a kept article

    def settle(self, chunks: list[ReadChunk]) -> Corpus:
        """The batch of ``chunks`` as conformed tables, without articles whose id was taken."""
        errors = [error for chunk in chunks for error in chunk.errors]
        kept_parts: list[tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]] = []
        for chunk in chunks:
            keep = [self._keep(document, errors) for document in chunk.documents]
            kept_parts.append(drop_documents(chunk, keep))
        del chunks
        tables = [
            conform(drop_empty_extras(pd.concat([part[k] for part in kept_parts], ignore_index=True),
                                      table), table)
            for k, table in enumerate(("articles", "blocks", "sentences"))
        ]
        return Corpus(*tables, errors=conform(pd.DataFrame(errors), "errors"))

    def _keep(self, document: ReadDocument, errors: list[dict]) -> bool:
        where = self.first.get(document.source_id)
        if where is None:
            self.first[document.source_id] = document.where
            if self.sources is not None:
                self.matched.update(key for key in document.keys if key in self.sources.by_key)
            return True
        errors.append(
            error_row(
                document.path, "duplicate_id",
                f"source_id {document.source_id!r} is already used by {where}: "
                "rename one of the files (source ids must be unique)",
                record=document.record, source_id=document.source_id,
            )
        )
        return False


def drop_documents(chunk: ReadChunk, keep: list[bool]):
    """The chunk's article, block and sentence frames without the documents not kept."""
    frames = (chunk.articles, chunk.blocks, chunk.sentences)
    if all(keep):
        return frames
    articles, blocks, sentences = frames
    keep_mask = np.asarray(keep, dtype=bool)
    return (
        articles[keep_mask],
        blocks[np.repeat(keep_mask, articles["n_blocks"].to_numpy())],
        sentences[np.repeat(keep_mask, articles["n_sentences"].to_numpy())],
    )


def drop_empty_extras(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` without metadata columns that no kept article has a value for.

    Such a column came only with a dropped duplicate; an article read at once with the
    rest would not have brought it."""
    empty = [
        column for column in frame.columns
        if column not in SCHEMAS[table] and frame[column].isna().all()
    ]
    return frame.drop(columns=empty) if empty else frame


def empty_batch(errors: list[dict]) -> Corpus:
    """A batch with no articles, only ``errors``."""
    return Corpus(
        *(conform(pd.DataFrame(), table) for table in ("articles", "blocks", "sentences")),
        errors=conform(pd.DataFrame(errors), "errors"),
    )
