"""The study's tables for a spreadsheet: every table as CSV, or all in one XLSX workbook.

Columns are the tables' own, as in README's Data contract (names and order), one row per row.
Article text is untrusted, and spreadsheets run a cell that starts with ``=`` (or ``+``,
``-``, ``@``) as a formula: in a CSV such a text cell gets a leading apostrophe (OWASP, "CSV
Injection"), in XLSX every text cell is written as text, never as a formula.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd

FORMATS = ("csv", "xlsx")
# Excel's limits (Microsoft, "Excel specifications and limits"): rows per sheet, characters
# per cell. A longer table goes on to a second sheet ("blocks 2"); a longer cell is cut, and
# says so (the CSV keeps it whole).
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_CELL_CHARS = 32_767
XLSX_NAME = "srcrel-tables.xlsx"
# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CUT_NOTE = " [cut: {n} characters in all; the CSV holds the whole text]"


def _cell(value):
    """A value as a spreadsheet cell: None for missing, lists joined, numbers as numbers."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def csv_text(value):
    """A cell for a CSV: text that a spreadsheet would run as a formula gets a leading ``'``."""
    value = _cell(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_text(value):
    """A cell for XLSX: text cut to Excel's limit per cell, saying so."""
    value = _cell(value)
    if isinstance(value, str) and len(value) > XLSX_MAX_CELL_CHARS:
        note = CUT_NOTE.format(n=len(value))
        return value[: XLSX_MAX_CELL_CHARS - len(note)] + note
    return value


def table_names(tables_dir: str | os.PathLike) -> list[str]:
    """The study's tables present in ``tables_dir``, in the order of ``analysis.study.TABLES``."""
    from .study import TABLES

    return [name for name in TABLES if (Path(tables_dir) / f"{name}.parquet").exists()]


def export_tables(tables_dir: str | os.PathLike, to_dir: str | os.PathLike, fmt: str = "csv") -> list[Path]:
    """Write every table of ``tables_dir`` into ``to_dir``: ``<table>.csv`` each (UTF-8 with a
    byte-order mark, which spreadsheets need to read it as UTF-8), or one workbook
    ``srcrel-tables.xlsx`` with a sheet per table. Returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: one of {', '.join(FORMATS)}")
    names = table_names(tables_dir)
    if not names:
        raise FileNotFoundError(f"no tables in {tables_dir}: run `srcrel run` first")
    to_dir = Path(to_dir)
    to_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        written = []
        for name in names:
            frame = pd.read_parquet(Path(tables_dir) / f"{name}.parquet")
            path = to_dir / f"{name}.csv"
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(frame.columns)
                for row in frame.itertuples(index=False, name=None):
                    writer.writerow([csv_text(v) for v in row])
            written.append(path)
        return written
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for name in names:
        frame = pd.read_parquet(Path(tables_dir) / f"{name}.parquet")
        per_sheet = XLSX_MAX_ROWS - 1   # the header takes a row
        for part, start in enumerate(range(0, max(len(frame), 1), per_sheet), start=1):
            sheet = book.create_sheet(name if part == 1 else f"{name} {part}")
            sheet.append(list(frame.columns))
            for row in frame.iloc[start:start + per_sheet].itertuples(index=False, name=None):
                cells = []
                for value in row:
                    cell = WriteOnlyCell(sheet, value=xlsx_text(value))
                    if isinstance(cell.value, str):
                        cell.data_type = "s"   # text, never a formula
                    cells.append(cell)
                sheet.append(cells)
    path = to_dir / XLSX_NAME
    book.save(path)
    return [path]
