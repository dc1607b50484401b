"""Text units: raw lines, blocks (paragraphs or lines), sentences, and the language of a text.

A *block* is a paragraph or a non-empty line. Scraped plain text puts one block on a line;
hard-wrapped text (email, wire copy at 70-80 columns) spreads a paragraph over several lines,
which are joined into one block that keeps the number of its first line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ftfy
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Shared by the packages that read words (boilerplate, translation, stories).
WORD = re.compile(r"\w+")
# Runs of characters that are not word characters: what a line's comparison key drops.
NORMALISE = re.compile(r"\W+")
# Function words of the languages news in this study is mostly in. English from
# scikit-learn; a short list for German, French, Spanish and Italian covers the most frequent.
FUNCTION_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    """der die das und ist nicht mit den dem des ein eine einer auf für von zu im sich auch
    es als wie bei nach aus oder sie wir er hat haben wird werden sind war le la les et est
    des du un une que qui dans pour pas sur au avec ce il elle ne se par plus el los las y en
    que del por con una para es se lo al il di che è per non un una sono della nel""".split()
)

LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Separators Python's str.splitlines() also honours; inside a line they become a space.
ODD_SEPARATORS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
HORIZONTAL_SPACE = re.compile(r"[ \t]+")

# A text is hard-wrapped when its widest line is at most this wide ...
HARD_WRAP_MAX_WIDTH_DEFAULT = 100
# ... it has at least this many lines followed by another non-empty line ...
HARD_WRAP_MIN_CONTINUED_DEFAULT = 3
# ... and at least this share of those lines reach 75% of the widest line (wrapped prose
# fills its lines; a list of short scraped lines does not).
HARD_WRAP_MIN_FULL_SHARE_DEFAULT = 0.6
HARD_WRAP_FULL_WIDTH = 0.75

# ftfy settings: repair mojibake and control characters, but keep curly and foreign quotes
# (they are translation evidence) and leave line breaks to us (line numbers must hold).
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False)
# For text that came out of an HTML parser, entities are already decoded: never twice.
FTFY_CONFIG_NO_HTML = ftfy.TextFixerConfig(
    uncurl_quotes=False, fix_line_breaks=False, unescape_html=False
)

# Language identification needs some text to be meaningful ...
MIN_CHARS_FOR_LANGUAGE_DEFAULT = 40
# ... and no more than a few paragraphs: langid's cost is linear in the sample, and on the
# 20k-character samples first tried it was the slowest step of ingest.
LANGUAGE_SAMPLE_CHARS_DEFAULT = 5000


@dataclass(frozen=True)
class PageEvidence:
    """What an HTML page says of one block: the share of its characters inside links, the
    page section its elements name (``comments``, ``teaser``, ... or None), and whether the
    page's main text (trafilatura's extraction) holds it."""

    link_share: float
    section: str | None = None
    main_text: bool | None = None


@dataclass(frozen=True)
class Block:
    """A paragraph or line: its text, first 1-based line, line count, and pre-repair text;
    ``page`` for blocks of an HTML page."""

    text: str
    line_no: int
    n_lines: int = 1
    text_before_repair: str | None = None
    page: PageEvidence | None = None


def split_lines(text: str) -> list[str]:
    """Split on line breaks (\\n, \\r\\n, \\r) as an editor counts lines."""
    return LINE_BREAK.split(text)


def clean_line(line: str, *, from_html: bool = False) -> tuple[str, str | None]:
    """Repair one line; return ``(clean, before)`` where ``before`` is set only if ftfy changed it.

    Whitespace runs collapse to one space; non-breaking and thin spaces are kept (foreign
    number formats such as "1 000" are evidence later).
    """
    spaced = HORIZONTAL_SPACE.sub(" ", ODD_SEPARATORS.sub(" ", line)).strip()
    if not spaced:
        return "", None
    fixed = ftfy.fix_text(spaced, FTFY_CONFIG_NO_HTML if from_html else FTFY_CONFIG)
    fixed = HORIZONTAL_SPACE.sub(" ", fixed).strip()
    return fixed, (spaced if fixed != spaced else None)


def is_hard_wrapped(
    lines: list[str],
    *,
    max_width: int = HARD_WRAP_MAX_WIDTH_DEFAULT,
    min_continued: int = HARD_WRAP_MIN_CONTINUED_DEFAULT,
    min_full_share: float = HARD_WRAP_MIN_FULL_SHARE_DEFAULT,
) -> bool:
    """Whether paragraphs in ``lines`` were wrapped at a fixed width."""
    lengths = [len(line.rstrip()) for line in lines]
    widest = max(lengths, default=0)
    if widest == 0 or widest > max_width:
        return False
    continued = [
        length for length, nxt in zip(lengths, lengths[1:]) if length and nxt
    ]
    if len(continued) < min_continued:
        return False
    full = sum(1 for length in continued if length >= HARD_WRAP_FULL_WIDTH * widest)
    return full / len(continued) >= min_full_share


def text_to_blocks(text: str) -> list[Block]:
    """Blocks of a plain-text article, with 1-based line numbers of the raw file."""
    lines = split_lines(text)
    wrapped = is_hard_wrapped(lines)
    blocks: list[Block] = []
    group: list[tuple[int, str, str | None]] = []

    def flush() -> None:
        if group:
            joined = " ".join(clean for _, clean, _ in group)
            changed = any(before is not None for _, _, before in group)
            before = " ".join(b if b is not None else c for _, c, b in group) if changed else None
            blocks.append(Block(joined, group[0][0], len(group), before))
            group.clear()

    for number, line in enumerate(lines, start=1):
        clean, before = clean_line(line)
        if not clean:
            flush()
            continue
        group.append((number, clean, before))
        if not wrapped:
            flush()
    flush()
    return blocks


@lru_cache(maxsize=8)
def _segmenter(language: str):
    from sentencex import segment

    return lambda text: segment(language, text)


def split_sentences(text: str, language: str | None = "en") -> list[tuple[int, int, str]]:
    """Sentences of one block as ``(start, end, text)`` character offsets into ``text``.

    sentencex handles abbreviations ("Ltd.", "U.S.", "Dr.") and closing quotes; unknown
    languages fall back to its English rules.
    """
    segment = _segmenter(language or "en")
    spans: list[tuple[int, int, str]] = []
    cursor = 0
    for piece in segment(text):
        sentence = piece.strip()
        if not sentence:
            continue
        start = text.find(sentence, cursor)
        if start < 0:  # the segmenter normalised something: keep order, lose exact offsets
            start = cursor
        end = start + len(sentence)
        spans.append((start, end, sentence))
        cursor = end
    return spans


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(
    text: str,
    *,
    min_chars: int = MIN_CHARS_FOR_LANGUAGE_DEFAULT,
    sample_chars: int = LANGUAGE_SAMPLE_CHARS_DEFAULT,
) -> tuple[str | None, float]:
    """ISO 639-1 code and probability of ``text``'s language, or ``(None, 0.0)`` if too short."""
    sample = text[:sample_chars]
    if len(sample.strip()) < min_chars:
        return None, 0.0
    language, probability = _language_identifier().classify(sample)
    return language, round(float(probability), 4)
