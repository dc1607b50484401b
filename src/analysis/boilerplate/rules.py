"""Rules that flag boilerplate on evidence precise enough to need no classifier.

Each rule's score is its precision measured on the labelled dev lines (17,238 lines of 91
pages; ``benchmarks/boilerplate.py --rules``), so a rule's flag reads as a probability, like
the classifier's.
- *lexicon*: a short line matching a kind's lexicon (not captions: 0.90 precise there).
- *section*: lines after a comment or "read also"/"latest" header that comes after most of
  the article's prose belong to that section (the nearest header names the kind).
- *duplicate*: a word-for-word repeat of an earlier line of the same page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .explain import first_occurrences
from .features import FEATURE_NAMES
from .lexicon import LEXICON_KINDS, LEXICON_MAX_WORDS

# Precision of a lexicon hit on a line of at most LEXICON_MAX_WORDS words, measured on dev.
LEXICON_RULE_PRECISION = {
    "comments": 1.0, "share": 0.998, "promo": 0.979, "teaser": 0.992, "byline": 1.0,
    "navigation": 1.0,
}
# A section header is a lexicon line this short ...
SECTION_HEADER_MAX_WORDS = 6
# ... that comes after this share of the page's prose characters. Swept on dev: 0.5, 0.7, 0.9
# gave precision 0.986, 0.998, 0.9997 over 4,926, 4,513 and 3,239 section lines.
SECTION_MIN_PROSE_BEFORE_DEFAULT = 0.7
SECTION_RULE_PRECISION = 0.998
SECTION_KINDS = ("comments", "teaser")

_COLUMN = {name: i for i, name in enumerate(FEATURE_NAMES)}


def _quote(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


@dataclass
class RuleFlags:
    """Per line: the rule score (0 when no rule fired), the rule's name, kind and evidence."""

    score: np.ndarray
    rule: list[str | None]
    kind: list[str | None]
    evidence: list[str | None]


def apply_rules(
    lines: Sequence[str],
    features: np.ndarray,
    *,
    section_min_prose_before: float = SECTION_MIN_PROSE_BEFORE_DEFAULT,
) -> RuleFlags:
    n = len(lines)
    flags = RuleFlags(np.zeros(n), [None] * n, [None] * n, [None] * n)
    words = np.array([len(line.split()) for line in lines])
    hits = {kind: features[:, _COLUMN[f"lexicon_{kind}"]] > 0 for kind in LEXICON_KINDS}

    prose_chars = np.where(
        features[:, _COLUMN["is_prose"]] > 0, [len(line) for line in lines], 0
    ).astype(float)
    prose_before = (np.cumsum(prose_chars) - prose_chars) / max(prose_chars.sum(), 1.0)
    header_kind: str | None = None
    header_at = 0
    for i in range(n):
        if header_kind is not None:
            flags.score[i] = SECTION_RULE_PRECISION
            flags.rule[i] = "section"
            flags.kind[i] = header_kind
            flags.evidence[i] = (
                f"in the {header_kind} section under {_quote(lines[header_at])}, "
                "which follows the article"
            )
        for kind in SECTION_KINDS:
            if (hits[kind][i] and words[i] <= SECTION_HEADER_MAX_WORDS
                    and prose_before[i] >= section_min_prose_before):
                header_kind, header_at = kind, i
                break
    for i in range(n):
        if words[i] > LEXICON_MAX_WORDS:
            continue
        for kind in LEXICON_KINDS:
            if hits[kind][i] and kind in LEXICON_RULE_PRECISION:
                flags.score[i] = max(flags.score[i], LEXICON_RULE_PRECISION[kind])
                if flags.rule[i] == "section":
                    break  # a spam comment is a comment, whatever it advertises
                flags.rule[i] = "lexicon"
                flags.kind[i] = kind
                flags.evidence[i] = None
                break
    for i, earlier in enumerate(first_occurrences(lines)):
        if earlier is not None:
            flags.score[i] = 1.0
            flags.rule[i] = "duplicate"
            flags.kind[i] = flags.kind[i] or "duplicate"
            flags.evidence[i] = (
                f"repeats word for word the block {i - earlier} above"
                if i - earlier > 1 else "repeats the block above word for word"
            )
    return flags
