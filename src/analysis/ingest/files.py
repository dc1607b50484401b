"""Finding a corpus's input files and opening them safely (regular files, size limits)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .. import config
from ..errors import InputError


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
