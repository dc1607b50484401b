"""Features of the lines of one document, for the boilerplate classifier.

Per line: length, function-word and punctuation density, case, digits, separators, lexicon
hits. In context (jusText's insight, learned instead of hand-revised): the same signals
smoothed over neighbours, the distance to the nearest line of prose, whether the line sits
inside the span of prose, after a comment-section marker, and repeats within the page.
Everything is computed from the document alone, so ``predict`` needs no other source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .lexicon import LEXICON_KINDS, LEXICON_MAX_WORDS, Lexicon, load_lexicon

WORD = re.compile(r"\w+")
TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*(\s|$)")
SEPARATOR = re.compile(r"[|»›•·/►▶→]")
URL_OR_EMAIL = re.compile(r"https?://|www\.|\S+@\S+\.\w+")
BULLET = re.compile(r"^\s*([-*•·▪]|\d{1,3}[.)])\s")
DATE_LIKE = re.compile(
    r"\b(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec)[a-z]*\.? \d{1,2}|\d{1,2}:\d{2})\b",
    re.IGNORECASE,
)
# Function words of the languages news in this study is mostly in. English from
# scikit-learn; a short list for German, French, Spanish and Italian covers the most frequent.
FUNCTION_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    """der die das und ist nicht mit den dem des ein eine einer auf für von zu im sich auch
    es als wie bei nach aus oder sie wir er hat haben wird werden sind war le la les et est
    des du un une que qui dans pour pas sur au avec ce il elle ne se par plus el los las y en
    que del por con una para es se lo al il di che è per non un una sono della nel""".split()
)
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


def line_features(lines: Sequence[str], lexicon: Lexicon) -> np.ndarray:
    """One row per line of :data:`LINE_FEATURES`."""
    rows = np.zeros((len(lines), len(LINE_FEATURES)), dtype=np.float32)
    patterns = [lexicon.patterns[kind] for kind in LEXICON_KINDS]
    for i, line in enumerate(lines):
        words = WORD.findall(line)
        n_words = len(words)
        n_chars = len(line)
        digits = sum(map(str.isdigit, line))
        letters = sum(map(str.isalpha, line))
        punctuation = n_chars - letters - digits - line.count(" ")
        row = rows[i]
        row[0] = np.log1p(n_chars)
        row[1] = np.log1p(n_words)
        if n_words:
            lengths = list(map(len, words))
            row[2] = sum(map(FUNCTION_WORDS.__contains__, map(str.lower, words))) / n_words
            row[3] = sum(length <= 3 for length in lengths) / n_words
            row[4] = sum(lengths) / n_words
            row[8] = line.count(",") / n_words
            row[10] = sum(map(str.isupper, (word[0] for word in words))) / n_words
            row[11] = sum(map(str.isupper, words)) / n_words
        row[5] = max(punctuation, 0) / (n_chars or 1)
        row[6] = bool(TERMINAL.search(line))
        row[7] = len(SENTENCE_END.findall(line))
        row[9] = digits / (n_chars or 1)
        row[12] = bool(SEPARATOR.search(line))
        row[13] = bool(URL_OR_EMAIL.search(line))
        row[14] = bool(BULLET.match(line))
        row[15] = bool(DATE_LIKE.search(line))
        row[16] = n_words >= PROSE_MIN_WORDS and row[6]
        if n_words <= LEXICON_MAX_WORDS:
            for k, pattern in enumerate(patterns):
                row[17 + k] = pattern.search(line) is not None
    return rows


def _window_mean(values: np.ndarray, width: int) -> np.ndarray:
    """Mean over the ``width`` lines on each side and the line itself (edges: fewer lines)."""
    n = len(values)
    cumulative = np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])
    index = np.arange(n)
    low = np.maximum(index - width, 0)
    high = np.minimum(index + width + 1, n)
    return ((cumulative[high] - cumulative[low]) / (high - low)).astype(np.float32)


def _distance_to_nearest(mask: np.ndarray) -> np.ndarray:
    """Lines from each line to the nearest line where ``mask`` holds (n if none)."""
    n = len(mask)
    positions = np.flatnonzero(mask)
    if not len(positions):
        return np.full(n, n, dtype=np.float32)
    index = np.arange(n)
    right = np.searchsorted(positions, index)
    after = positions[np.minimum(right, len(positions) - 1)]
    before = positions[np.maximum(right - 1, 0)]
    return np.minimum(np.abs(after - index), np.abs(index - before)).astype(np.float32)


def _lines_since(mask: np.ndarray) -> np.ndarray:
    """Lines since the last line at or before each line where ``mask`` holds (n if none)."""
    n = len(mask)
    index = np.arange(n)
    last = np.maximum.accumulate(np.where(mask, index, -1))
    return np.where(last >= 0, index - last, n).astype(np.float32)


def _run_lengths(mask: np.ndarray) -> np.ndarray:
    """For each line, the length of the run of equal ``mask`` values it belongs to."""
    n = len(mask)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    change = np.flatnonzero(np.diff(mask.astype(np.int8))) + 1
    starts = np.concatenate([[0], change])
    lengths = np.diff(np.concatenate([starts, [n]]))
    return np.repeat(lengths, lengths).astype(np.float32)


def _signed_log(values: np.ndarray) -> np.ndarray:
    return (np.sign(values) * np.log1p(np.abs(values))).astype(np.float32)


def document_features(lines: Sequence[str], lexicon: Lexicon | None = None) -> np.ndarray:
    """The full feature matrix (:data:`FEATURE_NAMES`) of one document's lines, in order."""
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

    index = np.arange(n, dtype=np.float32)
    prose_positions = np.flatnonzero(prose)
    if len(prose_positions):
        inside = (index >= prose_positions[0]) & (index <= prose_positions[-1])
    else:
        inside = np.zeros(n, dtype=bool)
    after_comment = np.concatenate([[0], np.maximum.accumulate(comment_marker)[:-1]])
    counts = Counter(lines)
    repeats = np.array([counts[line] - 1 for line in lines], dtype=np.float32)

    def shifted(values: np.ndarray, step: int) -> np.ndarray:
        out = np.zeros_like(values)
        if step > 0:
            out[step:] = values[:-step]
        else:
            out[:step] = values[-step:]
        return out

    context = [
        index / max(n - 1, 1),
        np.log1p(index),
        np.log1p(n - 1 - index),
        np.full(n, np.log1p(n), dtype=np.float32),
        np.expm1(log_words) / max(np.expm1(log_words).max(), 1.0),
        np.log1p(_distance_to_nearest(prose.astype(bool))),
        inside.astype(np.float32),
        after_comment.astype(np.float32),
        np.log1p(repeats),
        shifted(log_words, 1),
        shifted(log_words, -1),
        shifted(prose, 1),
        shifted(prose, -1),
        shifted(lexicon_any, 1),
        shifted(lexicon_any, -1),
    ]
    prose_mask = prose.astype(bool)
    since = _lines_since(prose_mask)
    until = _lines_since(prose_mask[::-1])[::-1]
    first = prose_positions[0] if len(prose_positions) else n
    last = prose_positions[-1] if len(prose_positions) else -1
    short = np.expm1(log_words) < PROSE_MIN_WORDS
    context += [
        np.log1p(since),
        np.log1p(until),
        ((since <= SANDWICH_MAX_LINES) & (until <= SANDWICH_MAX_LINES)).astype(np.float32),
        _signed_log(index - first),
        _signed_log(last - index),
        np.log1p(np.where(short, _run_lengths(short), 0)),
    ]
    for width in CONTEXT_WINDOWS:
        for values in (log_words, function_share, prose, lexicon_any):
            context.append(_window_mean(values, width))
    return np.hstack([base, np.column_stack(context).astype(np.float32)])
