"""The optional ``sources.csv`` of a corpus: metadata a user knows better than the files do.

Columns: ``file`` (required: a path relative to the corpus, a file name or a source_id),
then any of ``outlet``, ``url``, ``published``, ``language``, ``title``; other columns are
carried into ``articles`` as they are.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime

from dateutil import parser as date_parser

from .decode import decode_bytes
from .errors import InputError

KNOWN_FIELDS = ("outlet", "url", "published", "language", "title")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
# Parts a date leaves out are filled from here, not from today: "June 2024" is 2024-06-01.
DATE_FILL = datetime(2000, 1, 1)


@dataclass
class SourceRow:
    """One row of sources.csv: the key naming the file, its fields, and its line number."""

    key: str
    fields: dict[str, str]
    line_no: int


@dataclass
class SourcesTable:
    rows: list[SourceRow] = field(default_factory=list)
    problems: list[tuple[int | None, str]] = field(default_factory=list)


def normalise_date(value: str) -> str | None:
    """An ISO date (YYYY-MM-DD) for ``value``, or None when it is not a date."""
    try:
        return date_parser.parse(value, default=DATE_FILL).date().isoformat()
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None


def normalise_language(value: str) -> str | None:
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
