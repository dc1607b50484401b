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
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from itertools import chain
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
from .reuse import KeptFile, ReadFiles
from .rows import document_frames
from .warc import WarcPage, is_warc, read_warc_page, record_error, warc_pages

# One unit of a batch: a file to read (its path relative to the corpus), one HTML page of a
# web archive (its raw bytes), or an error found while streaming an archive (an errors row).
Item = str | WarcPage | dict | KeptFile

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
    kept_in: str | os.PathLike | None = None,
    fingerprint: str = "",
) -> Corpus:
    """Read every input file of ``corpus_dir`` into the study's tables.

    The tables are the batches of ``iter_corpus`` stacked: the same whatever the engine
    and the batch size. Raises ``CorpusError`` when the folder is missing or holds no input
    files; any problem with one file goes into ``errors`` and the rest of the corpus is read.

    With ``kept_in`` (a study's output folder), each file's rows are kept there, under a key
    of its bytes and ``fingerprint`` (the code's), and files unchanged since the last run are
    not read again (``reuse``): the tables are the same as a run that reads every file.
    """
    reuse = ReadFiles(Path(kept_in), fingerprint, Path(corpus_dir), max_bytes) if kept_in else None
    lost: set[str] = set()
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLE_NAMES}
    for batch in iter_corpus(corpus_dir, max_bytes=max_bytes, progress=progress, engine=engine,
                             reuse=reuse, lost=lost):
        for name, frame in batch.tables().items():
            parts[name].append(frame)
        del batch
    corpus = Corpus(*(stack_batches(parts.pop(name), name) for name in TABLE_NAMES))
    if reuse is not None:
        reuse.keep(corpus, lost)
    return corpus


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
    reuse: ReadFiles | None = None,
    lost: set[str] | None = None,
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

    With ``reuse``, the files it has rows for are not read: their kept rows join the batch
    they are in (a batch counts only the files read). ``lost`` is given the paths of the
    files that lost an article to a duplicate id.

    Raises ``CorpusError`` when the folder is missing or holds no input files.
    """
    corpus_dir = Path(corpus_dir)
    files = corpus_files(corpus_dir)
    relative = [path.relative_to(corpus_dir).as_posix() for path in files]
    metadata_errors: list[dict] = []
    sources = read_corpus_sources(corpus_dir, max_bytes=max_bytes, errors=metadata_errors)
    ids = IdRegister(sources, lost)
    names = progress(relative, desc="reading articles", unit="file") if progress else relative
    if reuse is not None:
        names = reuse.mark(names)
    items = corpus_items(corpus_dir, names, max_bytes)
    read = partial(read_items, corpus_dir, max_bytes, sources)
    runs = _runs(items, batch_articles)
    yielded = False
    n_read = 0
    for run in runs:
        # the engine decides on the articles of the first batch, as it would on a corpus of
        # that size; once a batch would go to the workers, every item does, in one stream
        n_read += sum(not isinstance(item, KeptFile) for item in run)
        if engine is not None and engine.parallel(n_read):
            # a run of a batch's size per task: each task starts a fresh worker, so fewer,
            # larger runs pay that start less often (10,000 articles, 2 workers: runs of 500
            # 42.7 s, of 1,000 32.2 s, the whole-corpus chunks of before 35.9 s; one run each)
            size = max(engine.chunk_min_articles, batch_articles)
            sent: deque[list[Item]] = deque()  # each run handed to the workers, in order

            def to_read(runs_to_send):
                for part in runs_to_send:
                    sent.append(part)
                    yield [item for item in part if not isinstance(item, KeptFile)]

            for read_chunk in engine.imap(read, to_read(chain([run], _runs(items, size)))):
                yield ids.settle(*with_kept(sent.popleft(), read_chunk, reuse))
                yielded = True
            break
        yield ids.settle(*with_kept(run, read([i for i in run if not isinstance(i, KeptFile)]), reuse))
        yielded = True
    final_errors = metadata_errors + (sources.unmatched_errors(ids.matched) if sources else [])
    if final_errors or not yielded:
        yield empty_batch(final_errors)


def with_kept(run: list[Item], read_chunk: ReadChunk, reuse: ReadFiles | None):
    """The chunks of ``run`` (the one read, and one of the kept files' rows, when it has kept
    files) and the run's documents in corpus order (which settles who keeps an id)."""
    kept_names = [item.name for item in run if isinstance(item, KeptFile)]
    if not kept_names:
        return [read_chunk], None
    kept = reuse.rows(kept_names)
    kept_chunk = ReadChunk(kept.articles, kept.blocks, kept.sentences, errors=error_records(kept.errors),
                           documents=kept_documents(kept.articles))
    kept_of = {}
    for document in kept_chunk.documents:
        kept_of.setdefault(document.path, []).append(document)
    order, read_documents, position = [], read_chunk.documents, 0
    for item in run:
        if isinstance(item, KeptFile):
            order.extend(kept_of.get(item.name, ()))
            continue
        path = item.relative if isinstance(item, WarcPage) else item if isinstance(item, str) else None
        while position < len(read_documents) and read_documents[position].path == path:
            order.append(read_documents[position])
            position += 1
    return [kept_chunk, read_chunk], order


def kept_documents(articles: pd.DataFrame) -> list[ReadDocument]:
    """The ``ReadDocument`` of each kept article, as its file's reading made it."""
    documents = []
    for source_id, path, record, kind in zip(articles["source_id"], articles["path"], articles["record"],
                                             articles["format"]):
        record = None if pd.isna(record) else int(record)
        document = Document(source_id, path, kind, [], record=record)
        documents.append(ReadDocument(source_id, path, record, document.where(), document_keys(document)))
    return documents


def error_records(errors: pd.DataFrame) -> list[dict]:
    """Rows of a conformed ``errors`` frame as the dictionaries reading makes."""
    return errors.astype(object).where(errors.notna(), None).to_dict("records")


def _runs(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    """``items`` in consecutive lists of ``size`` items to read (the last may have fewer),
    with the kept files among them, taken from ``items`` as needed."""
    run, n_read = [], 0
    for item in items:
        run.append(item)
        n_read += not isinstance(item, KeptFile)
        if n_read == size:
            yield run
            run, n_read = [], 0
    if run:
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
        if isinstance(name, KeptFile) or not is_warc(Path(name)):
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

    def __init__(self, sources: CorpusSources | None, lost: set[str] | None = None):
        self.sources = sources
        self.first: dict[str, str] = {}  # source id -> where its first article is
        self.matched: set[str] = set()  # sources.csv keys that named a kept article
        self.lost = lost if lost is not None else set()  # files that lost an article

    def settle(self, chunks: list[ReadChunk], order: list[ReadDocument] | None = None) -> Corpus:
        """The batch of ``chunks`` as conformed tables, without articles whose id was taken
        (by an earlier article of ``order``: the chunks' documents, by default in turn)."""
        errors = [error for chunk in chunks for error in chunk.errors]
        order = order if order is not None else [d for chunk in chunks for d in chunk.documents]
        keeps = {id(document): self._keep(document, errors) for document in order}
        kept_parts: list[tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]] = []
        for chunk in chunks:
            keep = [keeps[id(document)] for document in chunk.documents]
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
        self.lost.add(document.path)
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
