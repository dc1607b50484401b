"""Features of the lines of one document, for the boilerplate classifier.

Per line: length, function-word and punctuation density, case, digits, separators, lexicon
hits. In context (jusText's insight, learned instead of hand-revised): the same signals
smoothed over neighbours, the distance to the nearest line of prose, whether the line sits
inside the span of prose, after a comment-section marker, and repeats within the page.
Everything is computed from the document alone, so ``predict`` needs no other source.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from ..text import FUNCTION_WORDS

from .lexicon import (
    LEXICON_KINDS, LEXICON_MAX_WORDS, Lexicon, compile_document_pattern, load_lexicon,
    normalise_spaces,
)

TERMINAL_CHARS = ".!?…:;"
SENTENCE_CHARS = ".!?…"
CLOSER_CHARS = "\"'”’»)]"
TERMINAL = re.compile(f"[{re.escape(TERMINAL_CHARS)}][{re.escape(CLOSER_CHARS)}]*\\s*$")
SEPARATOR_CHARS = "|»›•·/►▶→"  # a line has a separator when it has one of these
URL_OR_EMAIL = re.compile(r"https?://|www\.|\S+@\S+\.\w+")
BULLET = re.compile(r"^\s*([-*•·▪]|\d{1,3}[.)])\s")
DATE_LIKE = re.compile(
    r"\b(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec)[a-z]*\.? \d{1,2}|\d{1,2}:\d{2})\b",
    re.IGNORECASE,
)
# The same patterns, compiled with RE2 for a whole document joined by newlines.
URL_OR_EMAIL_DOC = compile_document_pattern(URL_OR_EMAIL.pattern)
BULLET_DOC = compile_document_pattern(BULLET.pattern)
DATE_LIKE_DOC = compile_document_pattern(DATE_LIKE.pattern, ignore_case=True)
# A line of prose: at least this many words and a sentence-final mark.
PROSE_MIN_WORDS = 12
# A short line with prose at most this many lines before and after sits inside the article.
SANDWICH_MAX_LINES = 3
# Windows (in lines, each side) over which neighbours are averaged.
CONTEXT_WINDOWS = (1, 3, 8)

LINE_FEATURES = (
    "log_chars", "log_words", "function_word_share", "short_word_share", "mean_word_length",
    "punctuation_share", "ends_terminal", "sentence_ends", "commas_per_word", "digit_share",
    "capitalised_share", "all_caps_share", "has_separator", "has_url_or_email", "is_bullet",
    "is_date_like", "is_prose",
    *(f"lexicon_{kind}" for kind in LEXICON_KINDS),
)
CONTEXT_FEATURES = (
    "relative_position", "log_lines_from_start", "log_lines_to_end", "log_document_lines",
    "words_vs_document_max", "log_lines_to_prose", "inside_prose_span", "after_comment_marker",
    "log_repeats_in_document", "prev_log_words", "next_log_words", "prev_is_prose",
    "next_is_prose", "prev_lexicon_any", "next_lexicon_any", "log_lines_since_prose",
    "log_lines_until_prose", "sandwiched_by_prose", "log_lines_after_first_prose",
    "log_lines_before_last_prose", "log_short_run_length",
    *(f"mean_{name}_w{w}" for w in CONTEXT_WINDOWS
      for name in ("log_words", "function_word_share", "is_prose", "lexicon_any")),
)
FEATURE_NAMES = LINE_FEATURES + CONTEXT_FEATURES


# Character classes, one bit each, looked up by code point (see ``character_classes``);
# DECIMAL is what Python's ``\d`` matches in str patterns (``str.isdecimal``).
LETTER, DIGIT, WORD_CHAR, UPPER, LOWER, SPACE, TERMINAL_MARK, SENTENCE_MARK, CLOSER, DECIMAL = (
    1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
SEPARATOR_MARK = 1024
# Sentence-final punctuation, as character classes: a line *ends a sentence* when it ends with
# one of TERMINAL_CHARS, then any CLOSER_CHARS, then any spaces (TERMINAL); a sentence ends
# inside a line at SENTENCE_CHARS, then any closers, then a space or the end of the line.


@lru_cache(maxsize=1)
def character_classes() -> np.ndarray:
    """A class bitmask for every Unicode code point, with Python's own definitions."""
    table = np.zeros(sys.maxunicode + 1, dtype=np.uint16)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isalnum() or char == "_":
            bits = WORD_CHAR
            if char.isalpha():
                bits |= LETTER
            if char.isdigit():
                bits |= DIGIT
            if char.isdecimal():
                bits |= DECIMAL
            if char.isupper():
                bits |= UPPER
            elif char.islower():
                bits |= LOWER
            table[code] = bits
        elif char.isupper():
            table[code] = UPPER
        elif char.islower():
            table[code] = LOWER
        elif char.isspace():  # what Python's \s matches in str patterns
            table[code] = SPACE
    for chars, bit in ((TERMINAL_CHARS, TERMINAL_MARK), (SENTENCE_CHARS, SENTENCE_MARK),
                       (CLOSER_CHARS, CLOSER), (SEPARATOR_CHARS, SEPARATOR_MARK)):
        for char in chars:
            table[ord(char)] |= bit
    return table


# Characters counted per line, each of one kind (a letter is never a digit): the kinds in
# order, 0 for the others.
COUNTED_KINDS = ("other", "letter", "digit", "space", "comma", "separator")


@lru_cache(maxsize=1)
def _counted_kinds() -> np.ndarray:
    """For every code point, its index in COUNTED_KINDS."""
    classes = character_classes()
    table = np.zeros(len(classes), dtype=np.int64)
    table[(classes & LETTER) > 0] = COUNTED_KINDS.index("letter")
    table[(classes & DIGIT) > 0] = COUNTED_KINDS.index("digit")
    table[ord(" ")] = COUNTED_KINDS.index("space")
    table[ord(",")] = COUNTED_KINDS.index("comma")
    table[(classes & SEPARATOR_MARK) > 0] = COUNTED_KINDS.index("separator")
    return table


# Flags of a word, one bit each, counted per line in one bincount of the sets of flags.
WORD_FUNCTION, WORD_SHORT, WORD_CAPITALISED, WORD_ALL_CAPS = 1, 2, 4, 8
WORD_FLAG_SETS = 16


@lru_cache(maxsize=1)
def _flag_members() -> np.ndarray:
    """Which flags each set of flags holds: sets x flags, 0 or 1."""
    sets = np.arange(WORD_FLAG_SETS)[:, None]
    bits = np.array([WORD_FUNCTION, WORD_SHORT, WORD_CAPITALISED, WORD_ALL_CAPS])
    return ((sets & bits) > 0).astype(np.int64)


# Function words are found by number: a word's key is the sum over its letters of the
# letter's number times FUNCTION_WORD_BASE to the letter's position in the word, from prefix
# sums over the whole text modulo 2**64. The base is odd (invertible modulo 2**64) and above
# every letter's number, and the key of a word of up to FUNCTION_WORD_MAX_CHARS letters is
# below 2**64, so two such words have the same key only when they are the same word.
FUNCTION_WORD_MAX_CHARS = max(map(len, FUNCTION_WORDS))
FUNCTION_WORD_LETTERS = sorted({char for word in FUNCTION_WORDS for char in word})
FUNCTION_WORD_BASE = 33
assert len(FUNCTION_WORD_LETTERS) < FUNCTION_WORD_BASE and FUNCTION_WORD_BASE % 2
assert FUNCTION_WORD_BASE ** FUNCTION_WORD_MAX_CHARS < 2 ** 64


@lru_cache(maxsize=1)
def _function_word_letters() -> np.ndarray:
    """For every code point, 1 + the index in FUNCTION_WORD_LETTERS of its ``str.lower()``
    (0 when that is not one of them, or is more than one character)."""
    number = {char: k + 1 for k, char in enumerate(FUNCTION_WORD_LETTERS)}
    table = np.zeros(sys.maxunicode + 1, dtype=np.uint8)
    for code in range(sys.maxunicode + 1):
        table[code] = number.get(chr(code).lower(), 0)
    return table


@lru_cache(maxsize=8)  # sizes are powers of two
def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """FUNCTION_WORD_BASE to the powers 0 to ``size - 1``, and its inverse to them, modulo 2**64."""
    inverse = pow(FUNCTION_WORD_BASE, -1, 2 ** 64)
    powers = np.full(size, FUNCTION_WORD_BASE, dtype=np.uint64)
    inverses = np.full(size, inverse, dtype=np.uint64)
    powers[0] = inverses[0] = 1
    return np.cumprod(powers), np.cumprod(inverses)  # numpy's uint64 products wrap: modulo 2**64


def _word_keys(letters: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each word's key (see FUNCTION_WORD_BASE) and whether it can be a function word's: at
    most FUNCTION_WORD_MAX_CHARS letters, each one a function word has (number above 0)."""
    n = len(letters)
    powers, inverses = _powers(1 << n.bit_length())
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(letters * powers[:n], out=prefix[1:])
    missing = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(letters == 0, out=missing[1:])
    keys = (prefix[ends] - prefix[starts]) * inverses[starts]
    possible = (ends - starts <= FUNCTION_WORD_MAX_CHARS) & (missing[ends] == missing[starts])
    return keys, possible


# Keys are looked up in a table of 2**FUNCTION_WORD_TABLE_BITS slots, by multiplicative
# hashing with the first odd multiplier (from 2**64 / golden ratio up) that puts every
# function word in a slot of its own (a binary search over the sorted keys took half the
# time of finding function words, on the dev pages).
FUNCTION_WORD_TABLE_BITS = 16
FUNCTION_WORD_FIRST_MULTIPLIER = 0x9E3779B97F4A7C15


@lru_cache(maxsize=1)
def _function_word_table() -> tuple[np.uint64, np.ndarray]:
    """The hash multiplier and the table: each function word's key in its slot, 0 elsewhere."""
    number = {char: k + 1 for k, char in enumerate(FUNCTION_WORD_LETTERS)}
    words = sorted(FUNCTION_WORDS)
    letters = np.array([number[char] for word in words for char in word], dtype=np.uint64)
    lengths = np.array([len(word) for word in words])
    ends = np.cumsum(lengths)
    keys = _word_keys(letters, ends - lengths, ends)[0]
    multiplier = np.uint64(FUNCTION_WORD_FIRST_MULTIPLIER)
    while len(np.unique(_slots(keys, multiplier))) < len(keys):
        multiplier += np.uint64(2)
    table = np.zeros(1 << FUNCTION_WORD_TABLE_BITS, dtype=np.uint64)  # no word has key 0
    table[_slots(keys, multiplier)] = keys
    return multiplier, table


def _slots(keys: np.ndarray, multiplier: np.uint64) -> np.ndarray:
    return (keys * multiplier) >> np.uint64(64 - FUNCTION_WORD_TABLE_BITS)


def _is_function_word(letters: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Whether each word (``\\w+`` run from ``starts`` to ``ends``) lower-cased is one of
    FUNCTION_WORDS; ``letters`` is ``_function_word_letters()`` of the text's code points."""
    keys, possible = _word_keys(letters.astype(np.uint64), starts, ends)
    multiplier, table = _function_word_table()
    return possible & (table[_slots(keys, multiplier)] == keys)


def _skip(positions: np.ndarray, classes: np.ndarray, bit: int, limit: np.ndarray,
          step: int) -> np.ndarray:
    """Move each position by ``step`` while it stays before ``limit`` on a char of class ``bit``."""
    positions = positions.copy()
    while True:
        inside = (positions >= limit) if step < 0 else (positions < limit)
        moving = inside & ((classes.take(positions, mode="clip") & bit) > 0)
        if not moving.any():
            return positions
        positions += step * moving


def _ends_terminal(classes, starts_char, ends_char) -> np.ndarray:
    """TERMINAL per line: a terminal mark, then closers, then spaces, at the end of the line."""
    position = _skip(ends_char - 1, classes, SPACE, starts_char, -1)
    position = _skip(position, classes, CLOSER, starts_char, -1)
    return (position >= starts_char) & ((classes.take(position, mode="clip") & TERMINAL_MARK) > 0)


def _sentence_ends(classes, line_of, ends_char, n) -> np.ndarray:
    """Sentence ends per line: a sentence mark, closers, then a space or the line end."""
    marks = np.flatnonzero(classes & SENTENCE_MARK)
    limit = ends_char[line_of[marks]]
    after = _skip(marks + 1, classes, CLOSER, limit, 1)
    ends = (after >= limit) | ((classes.take(after, mode="clip") & SPACE) > 0)
    return np.bincount(line_of[marks[ends]], minlength=n)[:n].astype(np.float64)


def _per_line(values: np.ndarray, line_of: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(line_of, weights=values, minlength=n)[:n]


def lines_matching(pattern, text: bytes, line_starts: np.ndarray, n: int) -> np.ndarray:
    """Which lines of ``text`` (UTF-8 lines joined by newlines) ``pattern`` matches in."""
    positions = [match.start() for match in pattern.finditer(text)]
    hit = np.zeros(n, dtype=bool)
    if positions:
        hit[np.searchsorted(line_starts, positions, side="right") - 1] = True
    return hit


def line_features(lines: Sequence[str], lexicon: Lexicon) -> np.ndarray:
    """One row per line of :data:`LINE_FEATURES`, vectorised over the whole document.

    Characters are classified by a lookup table (Python's ``isalpha``, ``isdigit``, ...);
    words are Python's ``\\w+`` runs; patterns run once over the document in MULTILINE mode.
    """
    n = len(lines)
    rows = np.zeros((n, len(LINE_FEATURES)), dtype=np.float32)
    if n == 0:
        return rows
    text = "\n".join(lines)
    if text.count("\n") != n - 1:  # a line with a line break in it: a space there
        lines = [line.replace("\n", " ") for line in lines]
        text = "\n".join(lines)
    lengths = np.fromiter(map(len, lines), dtype=np.int64, count=n)
    # the patterns scan UTF-8 bytes with space-like characters as plain spaces
    data = normalise_spaces(text).encode("utf-8")
    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    line_starts = np.concatenate([[0], newlines + 1])
    byte_lengths = np.concatenate([newlines, [len(data)]]) - line_starts
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    classes = np.take(character_classes(), codes)
    if not len(classes):  # one empty line: a character of no class to look at, outside it
        classes = np.zeros(1, dtype=classes.dtype)
    line_of = np.repeat(np.arange(n), lengths + 1)[: len(codes)]
    starts_char = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])
    ends_char = starts_char + lengths

    # per line, the characters of each counted kind (one bincount for all kinds)
    kinds = np.bincount(line_of * len(COUNTED_KINDS) + np.take(_counted_kinds(), codes),
                        minlength=n * len(COUNTED_KINDS)).reshape(n, len(COUNTED_KINDS))
    letters, digits, spaces, commas, separators = (
        kinds[:, COUNTED_KINDS.index(kind)].astype(np.float64)
        for kind in ("letter", "digit", "space", "comma", "separator"))
    is_word = (classes & WORD_CHAR) > 0
    edges = np.diff(np.concatenate([[0], is_word.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    word_line = line_of[starts]
    word_length = ends - starts
    # per word, the classes of its characters together: all caps when upper and no lower
    word_classes = (np.bitwise_or.reduceat(classes * is_word, starts) if len(starts)
                    else np.zeros(0, dtype=classes.dtype))
    flags = (_is_function_word(np.take(_function_word_letters(), codes), starts, ends)
             * WORD_FUNCTION
             + (word_length <= 3) * WORD_SHORT
             + ((classes[starts] & UPPER) > 0) * WORD_CAPITALISED
             + (((word_classes & LOWER) == 0) & ((word_classes & UPPER) > 0)) * WORD_ALL_CAPS)
    # per line, the words with each set of flags, then the words with each flag
    by_flags = np.bincount(word_line * WORD_FLAG_SETS + flags, minlength=n * WORD_FLAG_SETS)
    with_flag = by_flags.reshape(n, WORD_FLAG_SETS) @ _flag_members()
    n_words = np.bincount(word_line, minlength=n)[:n].astype(np.float64)
    safe_words = np.maximum(n_words, 1)
    n_chars = lengths.astype(np.float64)
    safe_chars = np.maximum(n_chars, 1)

    rows[:, 0] = np.log1p(n_chars)
    rows[:, 1] = np.log1p(n_words)
    rows[:, 2] = with_flag[:, 0].astype(np.float64) / safe_words
    rows[:, 3] = with_flag[:, 1].astype(np.float64) / safe_words
    rows[:, 4] = _per_line(word_length.astype(np.float64), word_line, n) / safe_words
    rows[:, 5] = np.maximum(n_chars - letters - digits - spaces, 0) / safe_chars
    rows[:, 6] = _ends_terminal(classes, starts_char, ends_char)
    rows[:, 7] = _sentence_ends(classes, line_of, ends_char, n)
    rows[:, 8] = commas / safe_words * (n_words > 0)
    rows[:, 9] = digits / safe_chars
    rows[:, 10] = with_flag[:, 2].astype(np.float64) / safe_words
    rows[:, 11] = with_flag[:, 3].astype(np.float64) / safe_words
    rows[:, 12] = separators > 0
    rows[:, 13] = lines_matching(URL_OR_EMAIL_DOC, data, line_starts, n)
    rows[:, 14] = lines_matching(BULLET_DOC, data, line_starts, n)
    rows[:, 15] = lines_matching(DATE_LIKE_DOC, data, line_starts, n)
    rows[:, 16] = (n_words >= PROSE_MIN_WORDS) & (rows[:, 6] > 0)
    short = n_words <= LEXICON_MAX_WORDS
    encoded = data.split(b"\n")
    short_text = b"\n".join([line if keep else b"" for line, keep in zip(encoded, short)])
    short_starts = np.concatenate([[0], np.cumsum(np.where(short, byte_lengths, 0) + 1)[:-1]])
    for k, kind in enumerate(LEXICON_KINDS):
        rows[:, 17 + k] = lines_matching(lexicon.multiline[kind], short_text, short_starts, n)
    return rows


# Documents scored together are cut into batches of at most this many characters: the
# function-word keys need two tables of powers twice the batch's length (64 MB at 2**21
# characters), and a batch of the dev pages' size (1.2 million characters, 17,238 lines)
# already leaves no fixed cost per batch to speak of.
BATCH_MAX_CHARS = 1 << 21


@dataclass(frozen=True)
class Documents:
    """Documents of consecutive lines, one after another in one list of lines: per
    document its first line and length; per line, its document's first line and the line
    after its last (indices into the list)."""

    starts: np.ndarray
    lengths: np.ndarray
    first: np.ndarray
    end: np.ndarray

    @classmethod
    def of(cls, lengths: Sequence[int]) -> "Documents":
        lengths = np.asarray(lengths, dtype=np.int64).reshape(-1)
        starts = np.cumsum(lengths) - lengths
        first = np.repeat(starts, lengths)
        return cls(starts, lengths, first, first + np.repeat(lengths, lengths))

    @property
    def size(self) -> np.ndarray:
        """Per line, the number of lines of its document."""
        return self.end - self.first

    def split(self, values) -> list:
        """``values`` (one per line) cut into the documents' parts."""
        return [values[a: a + n] for a, n in zip(self.starts.tolist(), self.lengths.tolist())]


def batches(documents: Sequence[Sequence[str]], max_chars: int = BATCH_MAX_CHARS):
    """``documents`` in runs of consecutive documents of at most ``max_chars`` characters
    (a longer document alone): per run, its lines one after another and its ``Documents``."""
    lines: list[str] = []
    lengths: list[int] = []
    chars = 0
    for document in documents:
        document = list(document)
        size = sum(map(len, document)) + len(document)
        if lengths and chars + size > max_chars:
            yield lines, Documents.of(lengths)
            lines, lengths, chars = [], [], 0
        lines += document
        lengths.append(len(document))
        chars += size
    if lengths:
        yield lines, Documents.of(lengths)


def documents_of(lines: Sequence[str], documents: Documents | None) -> Documents:
    """``documents``, or ``lines`` as one document."""
    return Documents.of([len(lines)]) if documents is None else documents


def first_occurrences(lines: Sequence[str], documents: Documents) -> np.ndarray:
    """For each line, the index of the first line of its document identical to it (its own
    for a first one)."""
    out: list[int] = []
    for start, length in zip(documents.starts.tolist(), documents.lengths.tolist()):
        first: dict[str, int] = {}
        out += [first.setdefault(lines[i], i) for i in range(start, start + length)]
    return np.array(out, dtype=np.int64)


def _window_means(values: np.ndarray, widths: Sequence[int], documents: Documents) -> np.ndarray:
    """Per line, each column of ``values`` (lines x columns) averaged over the ``width``
    lines on each side and the line itself within its document (edges: fewer lines), for
    each width in turn: lines x (widths x columns).

    One cumulative sum over all documents when its sums are exact (see ``_exact_sums``):
    the same numbers as a sum started afresh at each document; otherwise one per document.
    """
    n = len(values)
    if len(documents.lengths) > 1 and not _exact_sums(values):
        return np.concatenate([
            _window_means(part, widths, Documents.of([len(part)]))
            for part in documents.split(values) if len(part)])
    cumulative = np.zeros((n + 1, values.shape[1]), dtype=np.float64)
    np.cumsum(values, axis=0, dtype=np.float64, out=cumulative[1:])
    index = np.arange(n)
    means = []
    for width in widths:
        low = np.maximum(index - width, documents.first)
        high = np.minimum(index + width + 1, documents.end)
        means.append((cumulative[high] - cumulative[low]) / (high - low)[:, None])
    return np.hstack(means)


def _exact_sums(values: np.ndarray) -> bool:
    """Whether every partial sum (in float64) of each column of ``values`` (float32) is
    exact: all values are whole multiples of the smallest value's last place, 2**(e - 24)
    (float32 has 24 bits), and the column's sum of magnitudes is below 2**52 of them (float64
    has 53 bits; one to spare). Then any difference of two partial sums is exact too."""
    magnitudes = np.abs(values.astype(np.float64))
    smallest = np.where(magnitudes > 0, magnitudes, np.inf).min(axis=0)
    exponent = np.frexp(np.where(np.isfinite(smallest), smallest, 1.0))[1]
    return bool(np.isfinite(magnitudes).all()
                and (magnitudes.sum(axis=0) < np.ldexp(1.0, exponent - 24 + 52)).all())


def _signed_log(values: np.ndarray) -> np.ndarray:
    return (np.sign(values) * np.log1p(np.abs(values))).astype(np.float32)


def document_features(lines: Sequence[str], lexicon: Lexicon | None = None) -> np.ndarray:
    """The full feature matrix (:data:`FEATURE_NAMES`) of one document's lines, in order."""
    return documents_features(list(lines), Documents.of([len(lines)]), lexicon)


def documents_features(lines: Sequence[str], documents: Documents,
                       lexicon: Lexicon | None = None) -> np.ndarray:
    """``document_features`` of each of ``documents`` (``lines`` holds them one after
    another), stacked: the per-line features in one pass over all lines, the context
    features with operations that stop at the documents' edges. The same numbers as one
    document at a time, element for element (each expression keeps the types it has for one
    document: numpy promotes a Python int and an int64 scalar differently)."""
    lexicon = lexicon or load_lexicon()
    n = len(lines)
    base = line_features(lines, lexicon)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    name = {feature: i for i, feature in enumerate(LINE_FEATURES)}
    log_words = base[:, name["log_words"]]
    function_share = base[:, name["function_word_share"]]
    prose = base[:, name["is_prose"]]
    lexicon_hits = base[:, name["lexicon_comments"]: name["lexicon_comments"] + len(LEXICON_KINDS)]
    lexicon_any = lexicon_hits.max(axis=1)
    comment_marker = base[:, name["lexicon_comments"]]

    start, end = documents.first, documents.end
    size = documents.size
    position = np.arange(n)
    local = position - start
    index = local.astype(np.float32)
    prose_mask = prose.astype(bool)
    # the nearest line of prose at or before each line, and at or after it, in its document
    before = np.maximum.accumulate(np.where(prose_mask, position, -1))
    after = np.minimum.accumulate(np.where(prose_mask, position, n)[::-1])[::-1]
    has_before, has_after = before >= start, after < end
    last = before[end - 1]  # the document's last line of prose (if >= start)
    has_prose = last >= start
    first_prose = after[start]
    inside = has_prose & (position >= first_prose) & (position <= last)
    distance = np.where(has_prose, np.minimum(np.where(has_before, position - before, n),
                                              np.where(has_after, after - position, n)), size)
    comment_before = np.maximum.accumulate(np.where(comment_marker > 0, position, -1))
    after_comment = np.zeros(n, dtype=np.float32)
    after_comment[1:] = comment_before[:-1] >= start[1:]
    first = first_occurrences(lines, documents)
    repeats = (np.bincount(first, minlength=n)[first] - 1).astype(np.float32)
    has_previous, has_next = local > 0, position + 1 < end

    def shifted(values: np.ndarray, step: int) -> np.ndarray:
        out = np.zeros_like(values)
        if step > 0:
            out[step:] = values[:-step]
            out[~has_previous] = 0
        else:
            out[:step] = values[-step:]
            out[~has_next] = 0
        return out

    words = np.expm1(log_words)
    nonempty = documents.starts[documents.lengths > 0]
    most_words = np.maximum(np.maximum.reduceat(words, nonempty), np.float32(1.0))
    log_size = np.log1p(documents.lengths.astype(np.float64))
    context = [
        index / np.maximum(size - 1, 1).astype(np.float32),
        np.log1p(index),
        np.log1p((size - 1).astype(np.float32) - index),
        np.repeat(log_size, documents.lengths).astype(np.float32),
        words / np.repeat(most_words, documents.lengths[documents.lengths > 0]),
        np.log1p(distance.astype(np.float32)),
        inside.astype(np.float32),
        after_comment,
        np.log1p(repeats),
        shifted(log_words, 1),
        shifted(log_words, -1),
        shifted(prose, 1),
        shifted(prose, -1),
        shifted(lexicon_any, 1),
        shifted(lexicon_any, -1),
    ]
    since = np.where(has_before, position - before, size).astype(np.float32)
    until = np.where(has_after, after - position, size).astype(np.float32)
    # for one document ``until`` was a reversed view, and numpy's log1p of a reversed view
    # is not its vectorised one (1 in 10,000 values of the dev pages differ in the last
    # place): the same view here
    until = np.ascontiguousarray(until[::-1])[::-1]
    short = words < PROSE_MIN_WORDS
    # runs of equal ``short`` values, cut at each document's first line
    run = np.cumsum(np.r_[True, short[1:] != short[:-1]] | (local == 0)) - 1
    run_length = np.bincount(run)[run].astype(np.float32)
    # for one document, index - first is float64 when ``first`` is an int64 (a line of
    # prose), float32 when it is the Python int n (none)
    from_first = np.where(has_prose, _signed_log(index - (first_prose - start)),
                          _signed_log(index - size.astype(np.float32)))
    to_last = np.where(has_prose, _signed_log((last - start) - index),
                       _signed_log(np.float32(-1) - index))
    context += [
        np.log1p(since),
        np.log1p(until),
        ((since <= SANDWICH_MAX_LINES) & (until <= SANDWICH_MAX_LINES)).astype(np.float32),
        from_first,
        to_last,
        np.log1p(np.where(short, run_length, 0)),
    ]
    out = np.empty((n, len(FEATURE_NAMES)), dtype=np.float32)
    out[:, :len(LINE_FEATURES)] = base
    out[:, len(LINE_FEATURES): len(LINE_FEATURES) + len(context)] = np.column_stack(context)
    windowed = np.column_stack([log_words, function_share, prose, lexicon_any])
    out[:, len(LINE_FEATURES) + len(context):] = _window_means(windowed, CONTEXT_WINDOWS, documents)
    return out
