"""Scraper exports as JSON Lines (``.jsonl``): one article per line, read as a stream."""

from __future__ import annotations

import json
from pathlib import Path

from ..decode import sniff_binary
from ..errors import InputError
from ..text import text_to_blocks
from .documents import Document, error_row
from .files import check_regular_file, open_binary
from .metadata import normalise_date, normalise_language

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


def read_jsonl(
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
                    jsonl_document(raw, stem, relative, record, max_bytes=max_bytes)
                )
            except InputError as exc:
                errors.append(error_row(relative, exc.kind, exc.message, record=record))
                bad += 1
                if bad >= MAX_BAD_JSONL_RECORDS_DEFAULT:
                    errors.append(error_row(
                        relative, "parse",
                        f"stopped reading after {bad} bad records: this does not look like "
                        "a JSONL export (one JSON object with a 'text' field per line)",
                    ))
                    break
    if not documents and not bad:
        raise InputError("empty", "the JSONL file holds no records")
    return documents


def json_error_words(exc: json.JSONDecodeError, record: int) -> str:
    """What the JSON parser says and where, in full: ``exc.msg`` alone is cut before its
    place ("Invalid control character at"); the record is one line of the file, so the place
    is that line and the column in it."""
    msg = exc.msg.rstrip(": ")
    if not msg.endswith(" at"):
        msg += " at"
    return f"{msg} line {record}, column {exc.colno} (character {exc.pos + 1} of the line)"


def jsonl_document(
    raw: bytes, stem: str, relative: str, record: int, *, max_bytes: int
) -> Document:
    """The article of one JSONL line, or ``InputError`` naming the line."""
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
        raise InputError("parse", f"line {record} is not valid JSON: {json_error_words(exc, record)}") from exc
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
