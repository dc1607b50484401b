"""Pattern lexicons kept as package data: one regular expression a line.

``#`` at the start of a line makes a comment; after a pattern, two spaces and ``#`` start a
note (where the entry comes from). Patterns are matched case-insensitively unless they say
otherwise with ``(?-i:...)``.
"""

from __future__ import annotations

import re
from pathlib import Path

NOTE = re.compile(r"\s{2,}#.*$")


def read_patterns(path: Path) -> list[str]:
    """The regular expressions of a lexicon file, without comments and notes."""
    patterns = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        patterns.append(NOTE.sub("", line).strip())
    return patterns


def compile_alternatives(patterns: list[str], flags: int = re.IGNORECASE) -> re.Pattern | None:
    """One compiled alternation of ``patterns`` (None when there are none)."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression (``a|b(c|d)`` -> ``a``, ``b(c|d)``)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return parts + [pattern[start:]]
