"""Boilerplate lexicons: regular expressions per kind, kept as package data files."""

from __future__ import annotations

import re
from dataclasses import dataclass

import re2
from functools import lru_cache
from pathlib import Path

from .. import config
from ..lexicons import read_patterns

LEXICON_DIR = config.PACKAGE_DATA_DIR / "boilerplate"
# The kinds with a lexicon, in the order of their feature columns and of precedence when a
# line matches several (a "Share on Facebook" line is share, not navigation).
LEXICON_KINDS = ("comments", "share", "promo", "teaser", "caption", "byline", "navigation")


# Space-like characters (no-break, thin, figure, ideographic) read as a plain space by the
# patterns; the stored text keeps them (foreign typography is translation evidence).
SPACE_LIKE_CHARS = "\u00a0\u2007\u2009\u202f\u3000"


def normalise_spaces(text: str) -> str:
    """``text`` with space-like characters as plain spaces (same length in characters).

    One ``str.replace`` per character, not ``str.translate`` (a lookup per character): on
    the dev pages' text 0.015 µs a line, a pattern 0.21 µs, ``str.translate`` 4.9 µs.
    """
    for char in SPACE_LIKE_CHARS:
        text = text.replace(char, " ")
    return text


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
    """Each kind's patterns: compiled for Python (reasons) and as RE2 text (Arrow features)."""

    patterns: dict[str, KindPattern]
    multiline: dict[str, "re2._Regexp"]

    def matches(self, text: str) -> dict[str, str]:
        """The kinds whose patterns match ``text`` (a short line), with the matched text."""
        text = normalise_spaces(text)
        found = {}
        for kind, pattern in self.patterns.items():
            match = pattern.search(text)
            if match:
                found[kind] = match.group(0).strip() or text
        return found


@lru_cache(maxsize=4)
def load_lexicon(folder: Path = LEXICON_DIR) -> Lexicon:
    """Compile each kind's file into one case-insensitive alternation."""
    patterns, multiline = {}, {}
    for kind in LEXICON_KINDS:
        alternatives = read_patterns(Path(folder) / f"{kind}.txt")
        anchored = [p[1:] for p in alternatives if p.startswith("^")]
        anywhere = [p for p in alternatives if not p.startswith("^")]
        patterns[kind] = KindPattern(_compile(anchored), _compile(anywhere))
        multiline[kind] = compile_document_pattern(
            "|".join(f"(?:{p})" for p in alternatives), ignore_case=True
        )
    return Lexicon(patterns, multiline)


# RE2's memory budget per pattern: the default 8 MiB is too small for the DFA of the byline
# lexicon (Unicode word classes), which then falls back to a slower engine and logs errors.
RE2_MAX_MEMORY = 64 << 20

# Whitespace but the newline, as literal characters for a character class.
_SPACE_NOT_NEWLINE = " \t\r\f\v\u00a0\u2009\u202f\u3000"


def compile_document_pattern(pattern: str, *, ignore_case: bool = False):
    """Compile a Python line pattern with RE2 for a whole UTF-8 document joined by newlines.

    Patterns match bytes: match offsets are byte offsets, with no per-match conversion.
    RE2 matches in linear time (no catastrophic backtracking on hostile text) and is compiled
    once. The pattern is rewritten so a match stays inside one line (``^``/``$`` per line,
    ``\\s`` never the newline) and ``\\w`` keeps Python's Unicode meaning; its groups do not
    capture (only where a match starts is used, and a group changes no match in RE2).
    """
    options = re2.Options()
    options.case_sensitive = not ignore_case
    options.max_mem = RE2_MAX_MEMORY
    return re2.compile(("(?m)" + to_re2_single_line(pattern)).encode("utf-8"), options=options)


def to_re2_single_line(pattern: str) -> str:
    """``pattern`` in RE2 syntax, for text joined by newlines (see ``compile_document_pattern``)."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            pair = pattern[i: i + 2]
            if pair == "\\s":
                out.append(_SPACE_NOT_NEWLINE if in_class else "[^\\S\\n]")
            elif pair == "\\w":
                out.append("\\pL\\pN_" if in_class else "[\\pL\\pN_]")
            else:
                out.append(pair)
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif char == "(" and not in_class and not pattern.startswith("(?", i):
            char = "(?:"
        out.append(char)
        i += 1
    return "".join(out)


def _compile(alternatives: list[str]) -> re.Pattern | None:
    if not alternatives:
        return None
    return re.compile("|".join(f"(?:{p})" for p in alternatives), re.IGNORECASE)
