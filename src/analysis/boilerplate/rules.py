"""Rules that flag boilerplate on evidence precise enough to need no classifier.

Each rule's score is its precision measured on the labelled dev lines (17,238 lines of 91
pages; ``benchmarks/boilerplate.py --rules``), so a rule's flag reads as a probability, like
the classifier's.
- *lexicon*: a short line matching a kind's lexicon (not captions: 0.90 precise there).
- *section*: lines after a comment or "read also"/"latest" header that comes after most of
  the article's prose belong to that section (the nearest header names the kind).
- *duplicate*: a word-for-word repeat of an earlier line of the same page.
- *dateline*: a date and time alone on a line (``dateline.txt``), article metadata of kind
  ``byline`` like the byline lexicon's lines; a rule only, not a classifier feature.

And one guard the other way: a *sentence attached to the article's prose* (capitalised start,
sentence end, 4+ words, a third of them function words, no URL or separator, in an unbroken
run of sentence-shaped lines and paragraphs of prose that holds a paragraph) is never
flagged by the classifier alone; its score is capped at the default threshold. Rules still
flag it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..lexicons import read_patterns
from .features import (
    DECIMAL, FEATURE_NAMES, WORD_CHAR, Documents, character_classes, documents_of, first_occurrences,
    lines_matching,
)
from .lexicon import LEXICON_DIR, LEXICON_KINDS, LEXICON_MAX_WORDS, compile_document_pattern, normalise_spaces

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
# The dateline rule: all 181 dev lines its patterns match are labelled boilerplate.
DATELINE_FILE = LEXICON_DIR / "dateline.txt"
DATELINE_RULE_PRECISION = 1.0
DATELINE_KIND = "byline"

# The sentence guard. Swept on the dev lines (grouped CV) and the ECB+ dev articles: 4, 6 or 8
# words; function-word share 0.2 or 0.3; at most 0, 1, 2 or any lines from prose, or in a run
# attached to prose. 4 / 0.3 / run: macro-F1 full 0.870 -> 0.868, span 0.611 -> 0.619, and
# 112 of the 178 ECB+ lines the classifier flagged (closing sentences and quotes) kept; any
# distance kept 15 more ECB+ lines but cost full F1 0.002 more (sentences in footers).
# Then (issue 17, same measures): a run goes on through any sentence-shaped line, short or
# not ("Ever again.", "Burn baby, burn?" broke it), and a date in the sentence no longer
# disqualifies it ("He will be sentenced November 8."; datelines have their own rule): ECB+
# model flags 49 -> 34, macro-F1 full 0.8687 -> 0.8688, span 0.6165 -> 0.6168. Not taken:
# function-word share 0.2 (25 flags, full 0.8672), guarding every line of prose whatever
# its function words (29, 0.8673).
GUARD_MIN_WORDS = 4
GUARD_MIN_FUNCTION_SHARE = 0.3
# The guarded line's score is capped here: the default threshold (a circular import keeps
# the name from ``model``; tests check the two agree).
GUARD_MAX_SCORE = 0.7
SENTENCE_SHAPE = re.compile(r"^[\"“‘'(«„]?[^\W\d_a-z].*[.!?…][\"”’')»]*$", re.DOTALL)
# Its parts as characters, for ``sentence_shaped``.
SHAPE_OPENERS = "\"“‘'(«„"
SHAPE_MARKS = ".!?…"
SHAPE_CLOSERS = "\"”’')»"

_COLUMN = {name: i for i, name in enumerate(FEATURE_NAMES)}
_LEXICON_COLUMNS = [_COLUMN[f"lexicon_{kind}"] for kind in LEXICON_KINDS]
# The lexicon kinds with a rule (their indices in LEXICON_KINDS) and the rules' precisions.
_RULE_KINDS = np.array([k for k, kind in enumerate(LEXICON_KINDS) if kind in LEXICON_RULE_PRECISION])
_RULE_PRECISIONS = np.array([LEXICON_RULE_PRECISION[LEXICON_KINDS[k]] for k in _RULE_KINDS])


# The parts of SENTENCE_SHAPE as character classes, one bit each (see ``_shape_classes``).
SHAPE_START, SHAPE_OPENER, SHAPE_MARK, SHAPE_CLOSER = 1, 2, 4, 8


@lru_cache(maxsize=1)
def _shape_classes() -> np.ndarray:
    """For every code point, its SHAPE_* bits: ``[^\\W\\d_a-z]`` (a word character, not a
    decimal digit, ``_`` or ``a-z``), SHAPE_OPENERS, SHAPE_MARKS, SHAPE_CLOSERS."""
    classes = character_classes()
    table = np.where(((classes & WORD_CHAR) > 0) & ((classes & DECIMAL) == 0),
                     SHAPE_START, 0).astype(np.uint8)
    table[[ord("_"), *range(ord("a"), ord("z") + 1)]] = 0
    for chars, bit in ((SHAPE_OPENERS, SHAPE_OPENER), (SHAPE_MARKS, SHAPE_MARK),
                       (SHAPE_CLOSERS, SHAPE_CLOSER)):
        table[[ord(char) for char in chars]] |= bit
    return table


def sentence_shaped(lines: Sequence[str]) -> np.ndarray:
    """Whether SENTENCE_SHAPE matches each line, from the code points of the whole document:
    an opener or not, a word character that is not a digit, ``_`` or ``a-z``, then anything,
    a sentence mark and closers to the end. A line with a line break in it (``$`` may match
    before a final one) goes through the pattern itself."""
    n = len(lines)
    text = "\n".join(lines)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if not len(codes):
        return np.zeros(n, dtype=bool)
    classes = np.take(_shape_classes(), codes)
    lengths = np.fromiter(map(len, lines), dtype=np.int64, count=n)
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])
    ends = starts + lengths

    def has(positions: np.ndarray, bit: int) -> np.ndarray:
        return (classes.take(positions, mode="clip") & bit) > 0

    first = starts + ((lengths > 0) & has(starts, SHAPE_OPENER))
    position = ends - 1
    while True:  # back over the closers at the end, not onto the first character
        moving = (position > first) & has(position, SHAPE_CLOSER)
        if not moving.any():
            break
        position -= moving
    shaped = (first < ends) & has(first, SHAPE_START) & (position > first) & has(position, SHAPE_MARK)
    if text.count("\n") != n - 1:
        for i, line in enumerate(lines):
            if "\n" in line:
                shaped[i] = bool(SENTENCE_SHAPE.match(line))
    return shaped


def sentence_guard(lines: Sequence[str], features: np.ndarray,
                   documents: Documents | None = None) -> np.ndarray:
    """Lines that are sentences next to the article's prose (see the module docstring);
    ``documents``: where the documents ``lines`` holds begin and end (one when None)."""
    if not len(lines):
        return np.zeros(0, dtype=bool)
    documents = documents_of(lines, documents)
    words = np.expm1(features[:, _COLUMN["log_words"]]).round()
    shaped = sentence_shaped(lines)
    shaped &= (features[:, _COLUMN["has_url_or_email"]] == 0) & (features[:, _COLUMN["has_separator"]] == 0)
    sentence = (
        shaped
        & (words >= GUARD_MIN_WORDS)
        & (features[:, _COLUMN["function_word_share"]] >= GUARD_MIN_FUNCTION_SHARE)
    )
    prose = features[:, _COLUMN["is_prose"]] > 0
    member = shaped | prose  # a short sentence ("Ever again.") does not break the run
    # a run ends where ``member`` changes and where a document ends
    breaks = np.r_[True, member[1:] != member[:-1]]
    breaks[documents.starts[documents.lengths > 0]] = True
    run = np.cumsum(breaks)
    run_has_prose = np.bincount(run, weights=prose & member)[run] > 0
    return sentence & member & run_has_prose


@lru_cache(maxsize=1)
def dateline_pattern():
    """The dateline patterns as one RE2 alternation for lines joined by newlines."""
    patterns = read_patterns(DATELINE_FILE)
    return compile_document_pattern("|".join(f"(?:{p})" for p in patterns), ignore_case=True)


def datelines(lines: Sequence[str], candidates: np.ndarray | None = None) -> np.ndarray:
    """Which lines are a dateline alone (see ``dateline.txt``); only ``candidates`` (a mask:
    lines that could be one) are scanned, all lines when None."""
    n = len(lines)
    hit = np.zeros(n, dtype=bool)
    rows = np.arange(n) if candidates is None else np.flatnonzero(candidates)
    if not len(rows):
        return hit
    text = normalise_spaces("\n".join([lines[i].replace("\n", " ") for i in rows])).encode("utf-8")
    starts = np.concatenate([[0], np.flatnonzero(np.frombuffer(text, dtype=np.uint8) == 10) + 1])
    hit[rows] = lines_matching(dateline_pattern(), text, starts, len(rows))
    return hit


def combine(probability: np.ndarray, rules: "RuleFlags", guard: np.ndarray) -> np.ndarray:
    """Scores: the classifier's probability (capped for guarded lines) raised to any rule's."""
    capped = np.where(guard, np.minimum(probability, GUARD_MAX_SCORE), probability)
    return np.maximum(capped, rules.score)


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
    documents: Documents | None = None,
) -> RuleFlags:
    """Score, name and explain the lines each rule flags (vectorised; text only for flags).
    ``documents``: where the documents ``lines`` holds begin and end (one when None); each
    document's rules look at its own lines only."""
    n = len(lines)
    flags = RuleFlags(np.zeros(n), [None] * n, [None] * n, [None] * n)
    if n == 0:
        return flags
    documents = documents_of(lines, documents)
    start = documents.first
    words = np.expm1(features[:, _COLUMN["log_words"]]).round()
    chars = np.expm1(features[:, _COLUMN["log_chars"]]).round()
    hits = features[:, _LEXICON_COLUMNS] > 0
    index = np.arange(n)

    # section: the nearest earlier header that follows most of the prose names the kind
    # (prose characters are whole numbers: their sums are exact, whatever the order)
    prose_chars = np.where(features[:, _COLUMN["is_prose"]] > 0, chars, 0.0)
    cumulative = np.cumsum(prose_chars)
    before_document = (cumulative - prose_chars)[start]  # the prose before the document
    in_document = cumulative[documents.end - 1] - before_document
    prose_before = (cumulative - prose_chars - before_document) / np.maximum(in_document, 1.0)
    header_kind = np.full(n, -1)
    for k, kind in reversed(list(enumerate(LEXICON_KINDS))):
        if kind in SECTION_KINDS:
            header_kind = np.where(hits[:, k], k, header_kind)
    is_header = (header_kind >= 0) & (words <= SECTION_HEADER_MAX_WORDS) & (
        prose_before >= section_min_prose_before)
    last_header = np.maximum.accumulate(np.where(is_header, index, -1))
    previous_header = np.concatenate([[-1], last_header[:-1]])
    previous_header[previous_header < start] = -1  # a header of an earlier document
    in_section = (previous_header >= 0) & ~is_header  # a header is judged by its own lexicon

    # lexicon: the first kind (in LEXICON_KINDS order) with a rule, on short lines
    rule_hits = hits[:, _RULE_KINDS] & (words <= LEXICON_MAX_WORDS)[:, None]
    has_lexicon = rule_hits.any(axis=1)
    first_rule = rule_hits.argmax(axis=1)
    first_kind = _RULE_KINDS[first_rule]
    lexicon_score = _RULE_PRECISIONS[first_rule]

    # a dateline has a digit (its year or numeric date) and is short: only those are scanned
    could_be_dateline = (features[:, _COLUMN["digit_share"]] > 0) & (words <= LEXICON_MAX_WORDS) & ~has_lexicon
    dateline = datelines(lines, could_be_dateline) & ~has_lexicon & ~in_section
    flags.score = np.maximum(
        np.where(in_section, SECTION_RULE_PRECISION, 0.0), np.where(has_lexicon, lexicon_score, 0.0)
    )
    flags.score = np.maximum(flags.score, np.where(dateline, DATELINE_RULE_PRECISION, 0.0))
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
    for i in np.flatnonzero(dateline):
        flags.rule[i] = "lexicon"
        flags.kind[i] = DATELINE_KIND
        flags.evidence[i] = "a dateline (a date and time alone on the line)"
    first = first_occurrences(lines, documents)
    for i in np.flatnonzero(first != index):
        back = int(i - first[i])
        flags.score[i] = 1.0
        flags.rule[i] = "duplicate"
        flags.kind[i] = flags.kind[i] or "duplicate"
        flags.evidence[i] = (
            f"repeats word for word the block {back} above" if back > 1
            else "repeats the block above word for word"
        )
    return flags
