"""Plain-text articles (``.txt``): any common encoding, one block per paragraph."""

from __future__ import annotations

from pathlib import Path

from ..decode import decode_bytes
from ..errors import InputError
from ..text import text_to_blocks
from .documents import Document
from .files import read_bytes


def read_txt(path: Path, relative: str, *, max_bytes: int) -> Document:
    """The article in the text file at ``path``, or ``InputError``."""
    data = read_bytes(path, max_bytes=max_bytes)
    text, encoding = decode_bytes(data)
    blocks = text_to_blocks(text)
    if not blocks:
        raise InputError("empty", "the file holds no text")
    return Document(path.stem, relative, "txt", blocks, encoding=encoding, n_bytes=len(data))
