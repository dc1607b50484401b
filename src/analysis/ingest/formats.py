"""Which reader reads a file, by its extension: one call for any input file."""

from __future__ import annotations

from pathlib import Path

from .. import config
from ..errors import InputError
from .documents import Document
from .files import read_bytes
from .html import read_html
from .jsonl import read_jsonl
from .txt import read_txt
from .warc import is_warc, read_warc


def input_format(path: Path) -> str | None:
    """The format of ``path`` by its extension ("txt", "html", "jsonl", "warc"), None when
    it is not read."""
    if is_warc(path):
        return "warc"
    suffix = path.suffix.lower()
    if suffix in config.TEXT_SUFFIXES:
        return "txt"
    if suffix in config.HTML_SUFFIXES:
        return "html"
    if suffix in config.JSONL_SUFFIXES:
        return "jsonl"
    return None


def read_file(path: Path, relative: str, *, max_bytes: int, errors: list[dict]) -> list[Document]:
    """Read one input file into documents; record per-record problems in ``errors``."""
    kind = input_format(path)
    if kind is None:
        suffix = path.suffix.lower()
        if path.name.lower() == config.SOURCES_CSV_NAME:  # one below the corpus folder's top
            raise InputError(
                "unsupported",
                "a sources.csv is read only at the top of the corpus folder (it names the "
                "files relative to that folder): move it there and give each row the file's "
                "path from there",
            )
        raise InputError(
            "unsupported",
            f"files of type {suffix or '(no extension)'} are not read: "
            "save articles as .txt, .html, .jsonl or .warc",
        )
    if kind == "warc":
        return read_warc(path, relative, max_bytes=max_bytes, errors=errors)
    if kind == "jsonl":
        return read_jsonl(path, path.stem, relative, max_bytes, errors)
    if kind == "html":
        return [read_html(read_bytes(path, max_bytes=max_bytes), path.stem, relative)]
    return [read_txt(path, relative, max_bytes=max_bytes)]
