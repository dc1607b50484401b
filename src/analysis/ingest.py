"""A corpus folder to the ``articles``, ``blocks``, ``sentences`` and ``errors`` tables.

Reads ``.txt`` (any common encoding), ``.html`` pages and ``.jsonl`` scraper exports, plus an
optional ``sources.csv`` of metadata. Bad input never stops the study and never disappears:
each unreadable file (or JSONL record) becomes a row of ``errors`` with a message in words.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from . import config
from .decode import decode_bytes, sniff_binary
from .errors import CorpusError, InputError
from .html_blocks import declared_charset, parse_html
from .schema import SCHEMAS, conform
from .sources_csv import KNOWN_FIELDS, normalise_date, normalise_language, read_sources_csv
from .text import Block, detect_language, split_sentences, text_to_blocks

# JSONL field names accepted for each article attribute, first match wins.
JSONL_FIELDS = {
    "text": ("text", "content", "body", "article"),
    "source_id": ("source_id", "id", "doc_id"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site", "sitename", "publisher"),
    "url": ("url", "link"),
    "published": ("published", "date", "published_at", "pubdate"),
    "language": ("language", "lang"),
}
# Reading a JSONL file stops at this many bad records: it is not a JSONL export (a binary
# file or a plain-text file with the wrong extension), and one clear error beats thousands.
MAX_BAD_JSONL_RECORDS_DEFAULT = 20
# A title is the first block with at least this many words, cut to this many characters.
TITLE_MIN_WORDS_DEFAULT = 4
TITLE_MAX_CHARS_DEFAULT = 120

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


@dataclass
class Corpus:
    """The ingested corpus: one DataFrame per table of the data contract."""

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


def list_input_files(corpus_dir: Path) -> list[Path]:
    """Every file under ``corpus_dir`` except hidden ones and sources.csv, in a stable order."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(corpus_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in names:
            if name.startswith("."):
                continue
            path = Path(folder) / name
            if path.parent == corpus_dir and name.lower() == config.SOURCES_CSV_NAME:
                continue
            found.append(path)
    return sorted(found, key=lambda path: path.relative_to(corpus_dir).as_posix())


def ingest_corpus(
    corpus_dir: str | os.PathLike,
    *,
    max_bytes: int = config.MAX_FILE_BYTES_DEFAULT,
    progress: Progress | None = None,
    engine=None,
) -> Corpus:
    """Read every input file of ``corpus_dir`` into the study's tables.

    With a parallel ``engine`` (see ``analysis.engine``), files are read and split into
    sentences on its workers, in chunks; duplicate ids and ``sources.csv`` are settled here,
    between the two, so the tables are the same as in one process.

    Raises ``CorpusError`` when the folder is missing or holds no input files; any problem
    with one file goes into ``errors`` and the rest of the corpus is read.
    """
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.exists():
        raise CorpusError(f"corpus folder {corpus_dir} does not exist")
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus {corpus_dir} is not a folder: give the folder of articles")
    files = list_input_files(corpus_dir)
    if not files:
        raise CorpusError(
            f"corpus folder {corpus_dir} holds no input files: add .txt, .html or .jsonl articles"
        )
    relative = [path.relative_to(corpus_dir).as_posix() for path in files]
    if engine is None or not engine.parallel(len(files)):
        documents, errors = _read_files(corpus_dir, relative, max_bytes, progress)
        documents = _drop_duplicate_ids(documents, errors)
        _apply_sources_csv(corpus_dir, documents, errors, max_bytes)
        return _to_tables(documents, errors)
    chunks = [relative[start:start + size] for start, size in _chunk_sizes(relative, engine)]
    read = engine.map(partial(_read_chunk, corpus_dir, max_bytes), chunks,
                      progress=progress, desc="reading articles")
    documents = [document for chunk_documents, _ in read for document in chunk_documents]
    errors = [error for _, chunk_errors in read for error in chunk_errors]
    documents = _drop_duplicate_ids(documents, errors)
    _apply_sources_csv(corpus_dir, documents, errors, max_bytes)
    groups = [documents[start:start + size] for start, size in _chunk_sizes(documents, engine)]
    del documents, read
    # Each worker builds its chunk's frames: the main process never holds a row dictionary
    # per block and sentence of the whole corpus (4.5 GB at 100,000 articles).
    parts = engine.map(_document_frames, groups, progress=progress, desc="sentences")
    del groups
    return Corpus(
        *(conform(pd.concat([part[k] for part in parts], ignore_index=True), table)
          for k, table in enumerate(("articles", "blocks", "sentences"))),
        errors=conform(pd.DataFrame(errors), "errors"),
    )


def _chunk_sizes(items: list, engine) -> list[tuple[int, int]]:
    from .engine import chunk_bounds

    starts = [int(i) for i in chunk_bounds(list(range(len(items))), engine)]
    ends = [*starts[1:], len(items)]
    return [(a, b - a) for a, b in zip(starts, ends)]


def _read_files(
    corpus_dir: Path, relative: list[str], max_bytes: int, progress: Progress | None = None
) -> tuple[list[Document], list[dict]]:
    errors: list[dict] = []
    documents: list[Document] = []
    for name in progress(relative, desc="reading articles", unit="file") if progress else relative:
        try:
            documents.extend(read_file(corpus_dir / name, name, max_bytes=max_bytes, errors=errors))
        except InputError as exc:
            errors.append(_error_row(name, exc.kind, exc.message))
    return documents, errors


def _read_chunk(corpus_dir: Path, max_bytes: int, relative: list[str]):
    return _read_files(corpus_dir, relative, max_bytes)


def read_file(path: Path, relative: str, *, max_bytes: int, errors: list[dict]) -> list[Document]:
    """Read one input file into documents; record per-record problems in ``errors``."""
    suffix = path.suffix.lower()
    if suffix not in config.TEXT_SUFFIXES + config.HTML_SUFFIXES + config.JSONL_SUFFIXES:
        raise InputError(
            "unsupported",
            f"files of type {suffix or '(no extension)'} are not read: "
            "save articles as .txt, .html or .jsonl",
        )
    stem = path.stem
    if suffix in config.JSONL_SUFFIXES:
        return _read_jsonl(path, stem, relative, max_bytes, errors)
    data = read_bytes(path, max_bytes=max_bytes)
    if suffix in config.HTML_SUFFIXES:
        return [_read_html(data, stem, relative)]
    text, encoding = decode_bytes(data)
    blocks = text_to_blocks(text)
    if not blocks:
        raise InputError("empty", "the file holds no text")
    return [Document(stem, relative, "txt", blocks, encoding=encoding, n_bytes=len(data))]


def check_regular_file(path: Path, *, max_bytes: int | None) -> None:
    """Raise ``InputError`` unless ``path`` is a regular file within ``max_bytes``."""
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise InputError("unreadable", "the file is missing or is a broken link") from exc
    except OSError as exc:
        raise InputError("unreadable", f"the file cannot be inspected ({exc.strerror})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise InputError("unreadable", "this is not a regular file (a pipe, socket or device)")
    if max_bytes is not None and info.st_size > max_bytes:
        raise InputError(
            "too_large",
            f"the file is {info.st_size / 2**20:.1f} MiB, over the limit of "
            f"{max_bytes / 2**20:.1f} MiB: split it, or raise the limit with --max-bytes",
        )


def open_binary(path: Path):
    """``open(path, "rb")`` with failures as ``InputError`` in words."""
    try:
        return open(path, "rb")
    except PermissionError as exc:
        raise InputError(
            "unreadable", "permission denied: the file cannot be read (check its permissions)"
        ) from exc
    except OSError as exc:
        raise InputError("unreadable", f"the file cannot be read ({exc.strerror})") from exc


def read_bytes(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of a regular file no larger than ``max_bytes``, or ``InputError``."""
    check_regular_file(path, max_bytes=max_bytes)
    with open_binary(path) as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise InputError("unreadable", f"the file cannot be read ({exc.strerror})") from exc
    if len(data) > max_bytes:  # grew while we looked
        raise InputError("too_large", f"the file is over the limit of {max_bytes} bytes")
    return data


def _read_html(data: bytes, stem: str, relative: str) -> Document:
    text, encoding = _decode_html(data)
    page = parse_html(text)
    if not page.blocks:
        raise InputError("empty", "the page has no visible text")
    meta = {
        "title": page.title,
        "outlet": page.outlet,
        "url": page.url,
        "published": page.published,
        "language": page.language,
    }
    return Document(
        stem, relative, "html", page.blocks, encoding=encoding, n_bytes=len(data), meta=meta,
        language_source="html" if page.language else None,
    )


def _decode_html(data: bytes) -> tuple[str, str]:
    declared = declared_charset(data)
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: detect instead
    return decode_bytes(data)


def _read_jsonl(
    path: Path, stem: str, relative: str, max_bytes: int, errors: list[dict]
) -> list[Document]:
    """Stream a JSONL export: the size limit holds per record, not for the whole file."""
    check_regular_file(path, max_bytes=None)
    documents: list[Document] = []
    bad = 0
    with open_binary(path) as handle:
        head = handle.read(64)
        kind = sniff_binary(head)
        if kind:
            raise InputError("binary", f"this is {kind}, not a JSONL export")
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError("encoding", "JSONL must be UTF-8 (this is UTF-16): re-save as UTF-8")
        handle.seek(0)
        for record, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                documents.append(
                    _jsonl_document(raw, stem, relative, record, max_bytes=max_bytes)
                )
            except InputError as exc:
                errors.append(_error_row(relative, exc.kind, exc.message, record=record))
                bad += 1
                if bad >= MAX_BAD_JSONL_RECORDS_DEFAULT:
                    errors.append(_error_row(
                        relative, "parse",
                        f"stopped reading after {bad} bad records: this does not look like "
                        "a JSONL export (one JSON object with a 'text' field per line)",
                    ))
                    break
    if not documents and not bad:
        raise InputError("empty", "the JSONL file holds no records")
    return documents


def _jsonl_document(
    raw: bytes, stem: str, relative: str, record: int, *, max_bytes: int
) -> Document:
    if len(raw) > max_bytes:
        raise InputError(
            "too_large", f"line {record} is {len(raw) / 2**20:.1f} MiB, over the limit of "
            f"{max_bytes / 2**20:.1f} MiB per article (raise it with --max-bytes)",
        )
    try:
        line = raw.decode("utf-8-sig" if record == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "encoding", f"line {record} is not UTF-8 (byte {exc.start}): JSONL must be UTF-8"
        ) from exc
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError("parse", f"line {record} is not valid JSON ({exc.msg})") from exc
    if not isinstance(item, dict):
        raise InputError("parse", f"line {record} is not a JSON object")
    values = {
        name: next((item[key] for key in keys if item.get(key) not in (None, "")), None)
        for name, keys in JSONL_FIELDS.items()
    }
    body = values.pop("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(
            "empty", f"line {record} has no article text (expected a 'text' string field)"
        )
    blocks = text_to_blocks(body)
    source_id = str(values.pop("source_id") or f"{stem}-{record}").strip()
    meta = {name: (str(value).strip() if value is not None else None) for name, value in values.items()}
    if meta.get("published"):
        meta["published"] = normalise_date(meta["published"])
    if meta.get("language"):
        meta["language"] = normalise_language(meta["language"])
    return Document(
        source_id, relative, "jsonl", blocks, record=record, encoding="utf-8",
        n_bytes=len(raw), meta=meta,
        language_source="jsonl" if meta.get("language") else None,
    )


def _drop_duplicate_ids(documents: list[Document], errors: list[dict]) -> list[Document]:
    kept: dict[str, Document] = {}
    for document in documents:
        first = kept.get(document.source_id)
        if first is None:
            kept[document.source_id] = document
            continue
        where = first.path + (f" line {first.record}" if first.record else "")
        errors.append(
            _error_row(
                document.path, "duplicate_id",
                f"source_id {document.source_id!r} is already used by {where}: "
                "rename one of the files (source ids must be unique)",
                record=document.record, source_id=document.source_id,
            )
        )
    return list(kept.values())


def _apply_sources_csv(
    corpus_dir: Path, documents: list[Document], errors: list[dict], max_bytes: int
) -> None:
    candidates = [p for p in corpus_dir.iterdir() if p.name.lower() == config.SOURCES_CSV_NAME]
    if not candidates:
        return
    path = candidates[0]
    try:
        table = read_sources_csv(read_bytes(path, max_bytes=max_bytes))
    except InputError as exc:
        errors.append(_error_row(path.name, "metadata", f"{exc.message}; metadata ignored"))
        return
    for line_no, problem in table.problems:
        errors.append(_error_row(path.name, "metadata", f"row {line_no} {problem}", record=line_no))
    named: dict[str, list[Document]] = {}  # path, file name or source id -> its articles
    for document in documents:
        for key in dict.fromkeys((document.path, Path(document.path).name, document.source_id)):
            named.setdefault(key, []).append(document)
    for row in table.rows:
        matches = named.get(row.key, [])
        if not matches:
            errors.append(
                _error_row(
                    path.name, "metadata",
                    f"row {row.line_no} names {row.key!r}, which is not an article of the corpus",
                    record=row.line_no,
                )
            )
        for document in matches:
            document.meta.update(row.fields)
            if "language" in row.fields:
                document.language_source = "sources.csv"


def _error_row(path: str, kind: str, message: str, *, record=None, source_id=None) -> dict:
    return {"path": path, "record": record, "source_id": source_id, "kind": kind, "error": message}


def guess_title(blocks: list[Block]) -> str | None:
    """The first block of at least ``TITLE_MIN_WORDS_DEFAULT`` words, shortened."""
    for block in blocks:
        if len(block.text.split()) >= TITLE_MIN_WORDS_DEFAULT:
            text = block.text
            if len(text) > TITLE_MAX_CHARS_DEFAULT:
                text = text[: TITLE_MAX_CHARS_DEFAULT - 1].rstrip() + "…"
            return text
    return None


def _to_tables(documents: list[Document], errors: list[dict]) -> Corpus:
    return Corpus(*_document_frames(documents), errors=conform(pd.DataFrame(errors), "errors"))


def _document_frames(documents: list[Document]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The ``articles``, ``blocks`` and ``sentences`` frames of ``documents``, conformed."""
    article_rows, block_rows, sentence_rows = _document_rows(documents)
    articles = conform(pd.DataFrame(article_rows), "articles")
    del article_rows
    blocks = conform(pd.DataFrame(block_rows), "blocks")
    del block_rows
    return articles, blocks, conform(pd.DataFrame(sentence_rows), "sentences")


def _document_rows(documents: list[Document]) -> tuple[list[dict], list[dict], list[dict]]:
    """Article, block and sentence rows of ``documents`` (language detection, sentences)."""
    article_rows, block_rows, sentence_rows = [], [], []
    for document in documents:
        full_text = "\n".join(block.text for block in document.blocks)
        detected, confidence = detect_language(full_text)
        language = document.meta.get("language") or detected
        n_sentences = 0
        for block_no, block in enumerate(document.blocks, start=1):
            block_id = f"{document.source_id}:{block_no}"
            block_rows.append({
                "source_id": document.source_id,
                "block_id": block_id,
                "block_no": block_no,
                "line_no": block.line_no,
                "n_lines": block.n_lines,
                "text": block.text,
                "text_before_repair": block.text_before_repair,
                "n_chars": len(block.text),
                "link_share": block.page.link_share if block.page else None,
                "page_section": block.page.section if block.page else None,
                "page_main": block.page.main_text if block.page else None,
            })
            for sentence_no, (start, end, sentence) in enumerate(
                split_sentences(block.text, language), start=1
            ):
                sentence_rows.append({
                    "sentence_id": f"{block_id}:{sentence_no}",
                    "source_id": document.source_id,
                    "block_id": block_id,
                    "line_no": block.line_no,
                    "sentence_no": sentence_no,
                    "start": start,
                    "end": end,
                    "text": sentence,
                })
                n_sentences += 1
        # Other metadata (sources.csv columns) rides along; a name the contract uses is prefixed.
        extra = {
            (name if name not in SCHEMAS["articles"] else f"meta_{name}"): value
            for name, value in document.meta.items()
            if name not in KNOWN_FIELDS
        }
        article_rows.append({
            "source_id": document.source_id,
            "path": document.path,
            "record": document.record,
            "format": document.format,
            "title": document.meta.get("title") or guess_title(document.blocks),
            "outlet": document.meta.get("outlet"),
            "url": document.meta.get("url"),
            "published": document.meta.get("published"),
            "language": language,
            "language_source": document.language_source or ("detected" if detected else None),
            "language_detected": detected,
            "language_confidence": confidence,
            "encoding": document.encoding,
            "n_bytes": document.n_bytes,
            "n_chars": len(full_text),
            "n_blocks": len(document.blocks),
            "n_sentences": n_sentences,
            "n_repaired_blocks": sum(b.text_before_repair is not None for b in document.blocks),
            **extra,
        })
    return article_rows, block_rows, sentence_rows
