"""Shared fixtures: small corpora the tests write themselves (never the default corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

ENGLISH_ARTICLE = (
    "Regulators open inquiry into harbour dredging contract\n"
    "\n"
    "The port authority of Eastmouth awarded a dredging contract worth 12 million pounds "
    "to a company owned by a council member, according to documents seen by reporters.\n"
    "\n"
    "Share this article\n"
    "\n"
    "The council said on Tuesday that it would cooperate fully with the inquiry.\n"
)


@pytest.fixture
def write_corpus(tmp_path: Path):
    """Write ``{relative name: bytes or str}`` into a fresh corpus folder and return it."""

    def write(files: dict[str, bytes | str], folder: str = "corpus") -> Path:
        root = tmp_path / folder
        root.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8")
            else:
                path.write_bytes(content)
        return root

    return write
