"""An article's metadata besides its text: the corpus's ``sources.csv``, dates, languages, titles.

``sources.csv`` holds what a user knows better than the files do. Columns: ``file``
(required: a path relative to the corpus, a file name or a source_id), then any of
``outlet``, ``url``, ``published``, ``language``, ``title``; other columns are carried into
``articles`` as they are. It is read once per corpus and applied to each article as it is
read, so a corpus read in batches gets the same metadata as one read at once.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from dateutil import parser as date_parser

from .. import config
from ..claims.values import is_dateline
from ..decode import decode_bytes
from ..errors import InputError
from ..text import Block
from .documents import Document, error_row
from .files import read_bytes

KNOWN_FIELDS = ("outlet", "url", "published", "language", "title")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
# Parts a date leaves out are filled from here, not from today: "June 2024" is 2024-06-01.
DATE_FILL = datetime(2000, 1, 1)
# A title is the first block with at least this many words, cut to this many characters.
TITLE_MIN_WORDS_DEFAULT = 4
TITLE_MAX_CHARS_DEFAULT = 120


@dataclass
class SourceRow:
    """One row of sources.csv: the key naming the file, its fields, and its line number."""

    key: str
    fields: dict[str, str]
    line_no: int


@dataclass
class SourcesTable:
    """The usable rows of sources.csv, and the problems of the others (line number, words)."""

    rows: list[SourceRow] = field(default_factory=list)
    problems: list[tuple[int | None, str]] = field(default_factory=list)


def normalise_date(value: str) -> str | None:
    """An ISO date (YYYY-MM-DD) for ``value``, or None when it is not a date."""
    try:
        return date_parser.parse(value, default=DATE_FILL).date().isoformat()
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None


def normalise_language(value: str) -> str | None:
    """The language code of ``value`` ("en-GB" is "en"), or None when it is not one."""
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if LANGUAGE_CODE.match(code) else None


def read_sources_csv(data: bytes) -> SourcesTable:
    """Parse sources.csv bytes; raise ``InputError`` when the table as a whole is unusable."""
    text, _ = decode_bytes(data)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration as exc:
        raise InputError("metadata", "sources.csv is empty") from exc
    except csv.Error as exc:
        raise InputError("metadata", f"sources.csv is not valid CSV ({exc})") from exc
    names = [name.strip().lower() for name in header]
    if "file" not in names:
        raise InputError(
            "metadata",
            "sources.csv has no 'file' column: its first line must name the columns, "
            "e.g. file,outlet,url,published,language",
        )
    table = SourcesTable()
    try:
        for line_no, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(names):
                table.problems.append(
                    (line_no, f"has {len(values)} values for {len(names)} columns; row ignored")
                )
                continue
            record = {name: value.strip() for name, value in zip(names, values) if name}
            key = record.pop("file")
            if not key:
                table.problems.append((line_no, "has an empty 'file' value; row ignored"))
                continue
            table.rows.append(SourceRow(key, _normalise_fields(record, line_no, table), line_no))
    except csv.Error as exc:
        table.problems.append((reader.line_num, f"is not valid CSV ({exc}); rest ignored"))
    return table


def _normalise_fields(record: dict[str, str], line_no: int, table: SourcesTable) -> dict:
    fields: dict[str, str] = {}
    for name, value in record.items():
        if not value:
            continue
        if name == "published":
            date = normalise_date(value)
            if date is None:
                table.problems.append((line_no, f"published {value!r} is not a date; left empty"))
                continue
            value = date
        elif name == "language":
            code = normalise_language(value)
            if code is None:
                table.problems.append(
                    (line_no, f"language {value!r} is not a language code (e.g. en); left empty")
                )
                continue
            value = code
        fields[name] = value
    return fields


@dataclass
class CorpusSources:
    """A corpus's sources.csv, ready to apply to articles one at a time as they are read."""

    name: str
    by_key: dict[str, list[SourceRow]]
    rows: list[SourceRow]

    def apply(self, document: Document) -> None:
        """Set the fields of every row naming ``document``, in the order of the file."""
        rows = [row for key in document_keys(document) for row in self.by_key.get(key, ())]
        for row in sorted(rows, key=lambda row: row.line_no):
            document.meta.update(row.fields)
            if "language" in row.fields:
                document.language_source = "sources.csv"

    def unmatched_errors(self, matched_keys: set[str]) -> list[dict]:
        """An error for each row that named no article (``matched_keys``: the keys that did)."""
        return [
            error_row(
                self.name, "metadata",
                f"row {row.line_no} names {row.key!r}, which is not an article of the corpus",
                record=row.line_no,
            )
            for row in self.rows
            if row.key not in matched_keys
        ]


def document_keys(document: Document) -> list[str]:
    """The names a sources.csv row may give an article: its path, file name and source id."""
    return list(dict.fromkeys((document.path, Path(document.path).name, document.source_id)))


def sources_csv_path(corpus_dir: Path) -> Path | None:
    """The corpus's sources.csv (its name in any case), or None when it has none."""
    candidates = [p for p in corpus_dir.iterdir() if p.name.lower() == config.SOURCES_CSV_NAME]
    return candidates[0] if candidates else None


def read_corpus_sources(
    corpus_dir: Path, *, max_bytes: int, errors: list[dict]
) -> CorpusSources | None:
    """The sources.csv of ``corpus_dir`` (None when it has none or it is unusable).

    Problems go into ``errors``: the whole table when it cannot be used, one row each
    otherwise."""
    path = sources_csv_path(corpus_dir)
    if path is None:
        return None
    try:
        table = read_sources_csv(read_bytes(path, max_bytes=max_bytes))
    except InputError as exc:
        errors.append(error_row(path.name, "metadata", f"{exc.message}; metadata ignored"))
        return None
    for line_no, problem in table.problems:
        errors.append(error_row(path.name, "metadata", f"row {line_no} {problem}", record=line_no))
    by_key: dict[str, list[SourceRow]] = {}
    for row in table.rows:
        by_key.setdefault(row.key, []).append(row)
    return CorpusSources(path.name, by_key, table.rows)


def guess_title(blocks: list[Block]) -> str | None:
    """The first block of at least ``TITLE_MIN_WORDS_DEFAULT`` words that is no dateline
    ("December 15, 2008 at 1:00pm CST", "Posted 11/27/2005 7:21 AM"), shortened."""
    for block in blocks:
        if len(block.text.split()) >= TITLE_MIN_WORDS_DEFAULT and not is_dateline(block.text):
            text = block.text
            if len(text) > TITLE_MAX_CHARS_DEFAULT:
                text = text[: TITLE_MAX_CHARS_DEFAULT - 1].rstrip() + "…"
            return text
    return None
