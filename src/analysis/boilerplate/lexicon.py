"""Boilerplate lexicons: regular expressions per kind, kept as package data files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import config

LEXICON_DIR = config.PACKAGE_DATA_DIR / "boilerplate"
# The kinds with a lexicon, in the order of their feature columns and of precedence when a
# line matches several (a "Share on Facebook" line is share, not navigation).
LEXICON_KINDS = ("comments", "share", "promo", "teaser", "caption", "byline", "navigation")


# Lexicons judge short lines only: a paragraph of prose that mentions "Facebook" or "share"
# is not a share button, and skipping long lines keeps matching cheap.
LEXICON_MAX_WORDS = 40


@dataclass(frozen=True)
class KindPattern:
    """A kind's patterns: those anchored at the start (tried there only) and the rest."""

    anchored: re.Pattern | None
    anywhere: re.Pattern | None

    def search(self, text: str) -> re.Match | None:
        return (self.anchored and self.anchored.match(text)) or (
            self.anywhere and self.anywhere.search(text)
        ) or None


@dataclass(frozen=True)
class Lexicon:
    """The compiled patterns of each kind."""

    patterns: dict[str, KindPattern]

    def matches(self, text: str) -> dict[str, str]:
        """The kinds whose patterns match ``text`` (a short line), with the matched text."""
        found = {}
        for kind, pattern in self.patterns.items():
            match = pattern.search(text)
            if match:
                found[kind] = match.group(0).strip() or text
        return found


def read_patterns(path: Path) -> list[str]:
    """The regular expressions of a lexicon file (one a line, ``#`` comments)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=4)
def load_lexicon(folder: Path = LEXICON_DIR) -> Lexicon:
    """Compile each kind's file into one case-insensitive alternation."""
    patterns = {}
    for kind in LEXICON_KINDS:
        alternatives = read_patterns(Path(folder) / f"{kind}.txt")
        anchored = [p[1:] for p in alternatives if p.startswith("^")]
        anywhere = [p for p in alternatives if not p.startswith("^")]
        patterns[kind] = KindPattern(_compile(anchored), _compile(anywhere))
    return Lexicon(patterns)


def _compile(alternatives: list[str]) -> re.Pattern | None:
    if not alternatives:
        return None
    return re.compile("|".join(f"(?:{p})" for p in alternatives), re.IGNORECASE)
