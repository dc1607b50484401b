"""Translation-artifact detectors: named rules, each recording the text it matched.

Every detector reads the blocks of one document and returns :class:`Artifact` rows: which
block, which kind, the evidence (the matched text) and a weight. Weights are the evidence a
single occurrence adds to the document's score (see ``score``); they were set so that each
detector's false alarms on clean English news stay rare (``benchmarks/translation.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ftfy.badness import is_bad

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as FUNCTION_WORDS_EN

from ..text import FUNCTION_WORDS, WORD
from ..config import PACKAGE_DATA_DIR
from ..lexicons import compile_alternatives, read_patterns
from ..text import split_sentences

LEXICON_DIR = PACKAGE_DATA_DIR / "translation"

# Evidence one occurrence adds (see module docstring); a notice alone decides.
WEIGHTS = {
    "notice": 3.0,
    "foreign_quotes": 0.6,
    "number_format": 0.5,
    "date_format": 0.5,
    "glued_word": 0.5,
    "doubled_word": 0.3,
    "duplicated_sentence": 0.4,
    "mojibake": 0.3,
    "calque": 0.5,
    "attribution_inversion": 0.3,
    "foreign_word": 0.4,
    # a habit careless English can show too ("While X is said to be in talks."), like
    # doubled words: weak evidence
    "fragment": 0.3,
}
KIND_LABELS = {
    "notice": "translation notice",
    "foreign_quotes": "foreign quotation marks",
    "number_format": "foreign number format",
    "date_format": "foreign date or time format",
    "glued_word": "glued word",
    "doubled_word": "doubled word",
    "duplicated_sentence": "duplicated sentence",
    "mojibake": "mojibake",
    "calque": "calque",
    "attribution_inversion": "translated quote attribution",
    "foreign_word": "untranslated foreign word",
    "fragment": "split-off subordinate clause",
}
# Untranslated words: lower-case words of at least this many letters (capitalised words are
# names, and German nouns, which an English original may cite) whose language, word alone,
# lingua puts among FOREIGN_LANGUAGES_DEFAULT with at least this confidence. 0.99 is the
# setting the translation benchmark's README measured at 0.3% false flags per sentence.
FOREIGN_WORD_MIN_LETTERS = 4
FOREIGN_WORD_MIN_CONFIDENCE = 0.99
FOREIGN_LANGUAGES_DEFAULT = ("GERMAN", "FRENCH", "SPANISH", "ITALIAN")
LOWER_WORD = re.compile(rf"(?<![\w'’-])([a-zß-öø-ÿ]{{{FOREIGN_WORD_MIN_LETTERS},}})(?![\w'’-])")
# Context shown around a match, in characters each side.
EVIDENCE_CONTEXT = 25
# Only prose counts as a duplicated sentence: at least this many words, sentence-final
# punctuation, few digits. Lists (recipes, schedules) and short lines repeat legitimately.
DUPLICATED_SENTENCE_MIN_WORDS = 8
DUPLICATED_SENTENCE_MAX_DIGIT_SHARE = 0.05
# ... and function words ("the", "of", "und") make at least this share of its words: prose has
# about 0.4, ingredient lists and schedules under 0.2.
DUPLICATED_SENTENCE_MIN_FUNCTION_SHARE = 0.25
SENTENCE_FINAL = re.compile(r"[.!?][\"'”’)]*$")

FOREIGN_QUOTES = re.compile(r"„[^„“”\n]{1,300}[“”]|«[^«»\n]{1,300}»|‚[^‚‘’\n]{1,120}[‘’]")
NUMBER_FORMATS = re.compile(
    # thousands separated by points: "1.000 Euro", "400.000 users"
    r"\b\d{1,3}(?:\.\d{3})+(?![.,]?\d)(?=\s?[^\W\d_])"
    # decimal comma before a unit or magnitude: "4,5 percent", "1,2 million"
    r"|\b\d+,\d{1,2}(?!\d)\s?(?:%|percent|per cent|prozent|million|billion|trillion|euros?|"
    r"dollars?|francs?|kilomet(?:er|re)s?|km|kg|tonnes?|degrees?)\b"
    # amount before the euro sign, German and French style: "500 €", "1.000€"
    r"|\b\d[\d.,]*[ \u00a0\u202f]?€",
    re.IGNORECASE,
)
DATE_FORMATS = re.compile(
    # 19.06.2024 and 19.06.24
    r"\b(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?:(?:19|20)\d{2}|\d{2})\b"
    # "4 min. read", a rendering of "4 Min. Lesezeit"
    r"|\b\d+\s?min\.\sread\b"
    # "14.30 Uhr" left untranslated
    r"|\b\d{1,2}[.:]\d{2}\s?uhr\b",
    re.IGNORECASE,
)
# Lower-case words only: names double legitimately ("Fakhfakh", "Saba Saba", "M M Naravane").
GLUED_WORD = re.compile(r"\b([a-zß-öø-ÿ]{4,})\1\b")
DOUBLED_WORD = re.compile(r"\b([a-zß-öø-ÿ]+)\s+\1\b")
# Present-tense reporting verb after a quote, subject inverted: German "betont Noyb" rendered
# as "emphasizes Noyb". English news says "said X" (past tense); "says" is left out.
ATTRIBUTION_INVERSION = re.compile(
    r"[”\"“»],?\s+(?:emphasi[sz]es|explains|writes|critici[sz]es|warns|stresses|"
    r"continues|adds|complains|demands)\s+(?:the\s+[a-z]+\b|(?-i:[A-Z])\w+)",
    re.IGNORECASE,
)
# Fragments of clause-by-clause translation: a sentence that is a subordinate clause alone
# ("Since the data used in this process can be highly sensitive."), split off the sentence
# before it. Openers and the openings that are not fragments are data (fragment_openers.txt,
# fragment_exceptions.txt). Words of the clause after its opener: at least 3 ("Which is
# fine." is idiomatic), at most 20: swept 8-40 on the translation benchmark's injected
# fragments, recall rises up to 20 words and no further; no false alarm on its clean English
# at any setting.
FRAGMENT_MIN_WORDS_DEFAULT = 3
FRAGMENT_MAX_WORDS_DEFAULT = 20
# Opening quotes and brackets before the opener ('"Since the data ...').
FRAGMENT_LEAD = r"^[\"“”‘'«„(\s]*"
# A sentence (or the one before a fragment) that ends in one full stop, maybe inside quotes:
# not a question, an exclamation, a colon or an ellipsis (colloquial "Why? Because ...").
ENDS_WITH_FULL_STOP = re.compile(r"(?<![.…])\.[\"”’')\]]*$")
# A main clause after the subordinate one is set off by a comma, a dash, a colon or a
# semicolon; an ellipsis or an inner full stop means the splitter joined two sentences.
CLAUSE_BREAK = re.compile(r"[,;:–—()?!…]|\s-\s|\.\.|\.\s")
# A second subject or a "then" inside the clause starts a main clause written without a comma
# ("Since she grew up nearby she knows the town."; "If ... then ..."): subject pronouns that
# cannot be objects, so "Since the data it uses ..." is not taken for one.
SECOND_CLAUSE = re.compile(r"\s(?:i|he|she|we|they|then)\b", re.IGNORECASE)
# Glued words that are words ("couscous"), and words English may double ("had had").
GLUED_WORD_EXCEPTIONS = frozenset({"couscous", "beriberi", "chiquichiqui", "mahimahi"})


@dataclass(frozen=True)
class Artifact:
    """One artifact in one block of a document. ``entry`` names what was found, the same for
    every repeat of it (the matched words in lower case): a document's repeats of one entry
    count once (``corpus.count_repeats_once``)."""

    block: int
    kind: str
    evidence: str
    weight: float
    entry: str = ""


def entry_key(text: str) -> str:
    """What a repeat of the same finding has in common: its words in lower case."""
    return " ".join(text.lower().split())


@lru_cache(maxsize=1)
def _lexicons() -> dict[str, re.Pattern]:
    return {
        "notice": compile_alternatives(read_patterns(LEXICON_DIR / "notices.txt")),
        "calque": compile_alternatives(read_patterns(LEXICON_DIR / "calques.txt")),
    }


@lru_cache(maxsize=1)
def _doubled_word_exceptions() -> frozenset[str]:
    return frozenset(read_patterns(LEXICON_DIR / "doubled_word_exceptions.txt"))


def _context(text: str, match: re.Match, context: int = EVIDENCE_CONTEXT) -> str:
    start, end = match.span()
    left = max(start - context, 0)
    right = min(end + context, len(text))
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def _pattern_detector(kind: str, pattern: Callable[[], re.Pattern] | re.Pattern,
                      keep: Callable[[re.Match], bool] | None = None, once_per_block: bool = False,
                      required: re.Pattern | None = None):
    """A detector of ``pattern``'s matches; ``required``, when given, finds in a line one of the
    literals every match of ``pattern`` contains, so lines without any are skipped unsearched."""
    def detect(texts: Sequence[str], raw: Sequence[str | None] | None = None) -> list[Artifact]:
        compiled = pattern() if callable(pattern) else pattern
        found = []
        if compiled is None:  # a lexicon with no entries
            return found
        for i, text in enumerate(texts):
            if required is not None and not required.search(text):
                continue
            for match in compiled.finditer(text):
                if keep is None or keep(match):
                    found.append(Artifact(i, kind, _context(text, match), WEIGHTS[kind], entry_key(match.group(0))))
                    if once_per_block:
                        break
        return found

    detect.__name__ = f"detect_{kind}"
    return detect


# Every pattern of notices.txt holds one of these pieces outside any optional part (a test
# checks that each holds one), so every notice has one of their words: searching a line for
# them first costs a fifth of the 15 patterns' alternation (measured on 200,000 lines of 10k
# make_corpus articles, 99% of which have none and cannot hold a notice; 0.21x and 0.22x the
# time on the 8,369 lines of the ECB+ mixed dev articles and 4,299 lines of WMT23).
NOTICE_REQUIRED_PIECES = ("translat", "übersetz", "trad", "(published|written) in")
NOTICE_REQUIRED = compile_alternatives(list(NOTICE_REQUIRED_PIECES))
# A notice is one statement, however many of its phrases match.
detect_notice = _pattern_detector("notice", lambda: _lexicons()["notice"], once_per_block=True,
                                  required=NOTICE_REQUIRED)
detect_calque = _pattern_detector("calque", lambda: _lexicons()["calque"])
detect_foreign_quotes = _pattern_detector("foreign_quotes", FOREIGN_QUOTES)
detect_number_format = _pattern_detector("number_format", NUMBER_FORMATS)
detect_date_format = _pattern_detector("date_format", DATE_FORMATS)
detect_attribution_inversion = _pattern_detector("attribution_inversion", ATTRIBUTION_INVERSION)
detect_glued_word = _pattern_detector(
    "glued_word", GLUED_WORD,
    keep=lambda m: m.group(0).lower() not in GLUED_WORD_EXCEPTIONS,
)
detect_doubled_word = _pattern_detector(
    "doubled_word", DOUBLED_WORD,
    keep=lambda m: m.group(1).lower() not in _doubled_word_exceptions(),
)


def detect_duplicated_sentence(
    texts: Sequence[str], raw: Sequence[str | None] | None = None
) -> list[Artifact]:
    """A sentence of prose that the document says twice, word for word."""
    seen: set[str] = set()
    found = []
    for i, text in enumerate(texts):
        for _, _, sentence in split_sentences(text):
            key = " ".join(sentence.lower().split())
            words = WORD.findall(key)
            if len(words) < DUPLICATED_SENTENCE_MIN_WORDS or not SENTENCE_FINAL.search(key):
                continue
            if sum(map(str.isdigit, key)) > DUPLICATED_SENTENCE_MAX_DIGIT_SHARE * len(key):
                continue
            if sum(map(FUNCTION_WORDS.__contains__, words)) / len(words) < DUPLICATED_SENTENCE_MIN_FUNCTION_SHARE:
                continue
            if key in seen:
                found.append(Artifact(i, "duplicated_sentence", sentence, WEIGHTS["duplicated_sentence"], key))
            seen.add(key)
    return found


def detect_mojibake(
    texts: Sequence[str], raw: Sequence[str | None] | None = None
) -> list[Artifact]:
    """Mojibake (ftfy's detector) in the text as it came, before ingest repaired it."""
    found = []
    for i, text in enumerate(texts):
        original = raw[i] if raw is not None and raw[i] is not None else text
        if is_bad(original):
            found.append(Artifact(i, "mojibake", original[:80], WEIGHTS["mojibake"], entry_key(original)))
    return found


@lru_cache(maxsize=1)
def _fragment_patterns() -> tuple[re.Pattern, re.Pattern]:
    openers = "|".join(f"(?:{p})" for p in read_patterns(LEXICON_DIR / "fragment_openers.txt"))
    exceptions = "|".join(f"(?:{p})" for p in read_patterns(LEXICON_DIR / "fragment_exceptions.txt"))
    return (re.compile(rf"{FRAGMENT_LEAD}(?:{openers})\s+", re.IGNORECASE),
            re.compile(rf"{FRAGMENT_LEAD}(?:{exceptions})", re.IGNORECASE))


def is_fragment(
    sentence: str, previous: str | None, *,
    min_words: int = FRAGMENT_MIN_WORDS_DEFAULT, max_words: int = FRAGMENT_MAX_WORDS_DEFAULT,
) -> bool:
    """Whether ``sentence`` is a subordinate clause standing alone after ``previous``.

    Stages: the sentence before it, in the same paragraph, ends in a full stop; the sentence
    opens with a subordinating word (not one of the exceptions) and ends in a full stop; the
    clause after the opener has no comma, dash, colon or semicolon that would set off a main
    clause, no second subject or "then", and ``min_words`` to ``max_words`` words.
    """
    if previous is None or not ENDS_WITH_FULL_STOP.search(previous):
        return False
    opener, exceptions = _fragment_patterns()
    match = opener.match(sentence)
    if match is None or exceptions.match(sentence) or not ENDS_WITH_FULL_STOP.search(sentence):
        return False
    clause = ENDS_WITH_FULL_STOP.sub("", sentence[match.end():])
    words = clause.split()
    return (min_words <= len(words) <= max_words and not CLAUSE_BREAK.search(clause)
            and not SECOND_CLAUSE.search(clause[len(words[0]):]))


def detect_fragment(
    texts: Sequence[str],
    raw: Sequence[str | None] | None = None,
    *,
    min_words: int = FRAGMENT_MIN_WORDS_DEFAULT,
    max_words: int = FRAGMENT_MAX_WORDS_DEFAULT,
) -> list[Artifact]:
    """Subordinate clauses left as sentences of their own ("Since the data can be sensitive.")."""
    found = []
    for i, text in enumerate(texts):
        previous = None
        for _, _, sentence in split_sentences(text):
            if is_fragment(sentence, previous, min_words=min_words, max_words=max_words):
                before = previous[-EVIDENCE_CONTEXT:]
                evidence = ("…" if len(before) < len(previous) else "") + f"{before} {sentence}"
                found.append(Artifact(i, "fragment", evidence, WEIGHTS["fragment"], entry_key(sentence)))
            previous = sentence
    return found


@lru_cache(maxsize=1)
def _loanwords() -> frozenset[str]:
    return frozenset(read_patterns(LEXICON_DIR / "english_loanwords.txt"))


@lru_cache(maxsize=4)
def _language_detector(languages: tuple[str, ...]):
    from lingua import Language, LanguageDetectorBuilder

    chosen = [Language.ENGLISH, *(getattr(Language, name) for name in languages)]
    return LanguageDetectorBuilder.from_languages(*chosen).build()


def detect_foreign_word(
    texts: Sequence[str],
    raw: Sequence[str | None] | None = None,
    *,
    languages: tuple[str, ...] = FOREIGN_LANGUAGES_DEFAULT,
    min_confidence: float = FOREIGN_WORD_MIN_CONFIDENCE,
) -> list[Artifact]:
    """Lower-case words of another language left in English text ("bereits", "déjà")."""
    found = []
    for i, text in enumerate(texts):
        for match in LOWER_WORD.finditer(text):
            word = match.group(1)
            if word in FUNCTION_WORDS_EN or word in _loanwords():
                continue
            language = _word_language(word, tuple(languages), min_confidence)
            if language:
                found.append(Artifact(i, "foreign_word", f"{_context(text, match)} ({language})",
                                      WEIGHTS["foreign_word"], entry_key(word)))
    return found


# Words recur across the articles of a corpus: each is asked once per process (bounded).
WORD_VERDICT_CACHE_SIZE = 1 << 18


@lru_cache(maxsize=WORD_VERDICT_CACHE_SIZE)
def _word_language(word: str, languages: tuple[str, ...], min_confidence: float) -> str | None:
    """The foreign language of a word on its own, or None when it is not confidently foreign."""
    top = _language_detector(languages).compute_language_confidence_values(word)[0]
    if top.language.name in languages and top.value >= min_confidence:
        return top.language.name.lower()
    return None


# Detectors that read every block; the others read article text only (not boilerplate).
ALL_BLOCK_DETECTORS = {"notice": detect_notice}
CONTENT_DETECTORS = {
    "foreign_quotes": detect_foreign_quotes,
    "number_format": detect_number_format,
    "date_format": detect_date_format,
    "glued_word": detect_glued_word,
    "doubled_word": detect_doubled_word,
    "duplicated_sentence": detect_duplicated_sentence,
    "mojibake": detect_mojibake,
    "calque": detect_calque,
    "attribution_inversion": detect_attribution_inversion,
}
# Detectors that only make sense in English text (the study's language of comparison).
ENGLISH_ONLY_DETECTORS = {"foreign_word": detect_foreign_word, "fragment": detect_fragment}
DETECTORS = {**ALL_BLOCK_DETECTORS, **CONTENT_DETECTORS, **ENGLISH_ONLY_DETECTORS}
