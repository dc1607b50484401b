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
    """Score, name and explain the lines each rule flags (vectorised; text only for flags)."""
    n = len(lines)
    flags = RuleFlags(np.zeros(n), [None] * n, [None] * n, [None] * n)
    if n == 0:
        return flags
    words = np.expm1(features[:, _COLUMN["log_words"]]).round()
    chars = np.expm1(features[:, _COLUMN["log_chars"]]).round()
    hits = np.column_stack([features[:, _COLUMN[f"lexicon_{kind}"]] > 0 for kind in LEXICON_KINDS])
    index = np.arange(n)

    # section: the nearest earlier header that follows most of the prose names the kind
    prose_chars = np.where(features[:, _COLUMN["is_prose"]] > 0, chars, 0.0)
    prose_before = (np.cumsum(prose_chars) - prose_chars) / max(prose_chars.sum(), 1.0)
    header_kind = np.full(n, -1)
    for k, kind in reversed(list(enumerate(LEXICON_KINDS))):
        if kind in SECTION_KINDS:
            header_kind = np.where(hits[:, k], k, header_kind)
    is_header = (header_kind >= 0) & (words <= SECTION_HEADER_MAX_WORDS) & (
        prose_before >= section_min_prose_before)
    last_header = np.maximum.accumulate(np.where(is_header, index, -1))
    previous_header = np.concatenate([[-1], last_header[:-1]])
    in_section = (previous_header >= 0) & ~is_header  # a header is judged by its own lexicon

    # lexicon: the first kind (in LEXICON_KINDS order) with a rule, on short lines
    rule_kinds = [k for k, kind in enumerate(LEXICON_KINDS) if kind in LEXICON_RULE_PRECISION]
    rule_hits = hits[:, rule_kinds] & (words <= LEXICON_MAX_WORDS)[:, None]
    has_lexicon = rule_hits.any(axis=1)
    first_kind = np.array(rule_kinds)[rule_hits.argmax(axis=1)]
    lexicon_score = np.array([LEXICON_RULE_PRECISION[kind] for kind in LEXICON_KINDS if kind in LEXICON_RULE_PRECISION])[rule_hits.argmax(axis=1)]

    flags.score = np.maximum(
        np.where(in_section, SECTION_RULE_PRECISION, 0.0), np.where(has_lexicon, lexicon_score, 0.0)
    )
    for i in np.flatnonzero(in_section):
        header = previous_header[i]
        flags.rule[i] = "section"
        flags.kind[i] = LEXICON_KINDS[header_kind[header]]
        flags.evidence[i] = (
            f"in the {flags.kind[i]} section under {_quote(lines[header])}, which follows the article"
        )
    for i in np.flatnonzero(has_lexicon & ~in_section):  # a spam comment is a comment
        flags.rule[i] = "lexicon"
        flags.kind[i] = LEXICON_KINDS[first_kind[i]]
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
