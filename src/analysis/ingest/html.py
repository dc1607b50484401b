"""HTML pages (``.html`` files and the HTML responses of web archives): visible blocks and
the metadata of the page's head, through ``analysis.html_blocks``."""

from __future__ import annotations

from ..decode import decode_bytes
from ..errors import InputError
from ..html_blocks import declared_charset, parse_html
from .documents import Document

# Byte-order marks: a page that starts with one is decoded by it, whatever it declares.
BYTE_ORDER_MARKS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def read_html(data: bytes, stem: str, relative: str) -> Document:
    """The article of one HTML page's bytes, or ``InputError`` when it shows no text."""
    text, encoding = decode_html(data)
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


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's text and encoding: its declared charset when that decodes, else detected."""
    declared = declared_charset(data)
    if declared and not data.startswith(BYTE_ORDER_MARKS):
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: detect instead
    return decode_bytes(data)
