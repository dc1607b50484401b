"""Style profile of a whole document: how it is written, never what it is about.

Three families of features, each a rate (per word, or per sentence for sentence length), so
a document's length does not change their expected value:

- the function-word profile: the share of each English function word among the document's
  words (``data/translation/function_words_en.txt``; closed classes only);
- word-class patterns: each sentence written as its function words, with every other word
  replaced by its class (``w`` a lower-case word, ``C`` a capitalised word inside the
  sentence, ``#`` a number, ``<s>`` and ``</s>`` the sentence's edges), then counted as 2- and
  3-grams ("of the w", "<s> according to"); the model keeps the most frequent ones;
- style statistics: sentence length (mean, spread), word length, punctuation per word,
  contractions, digits and capitalised words inside sentences.

No content word and no name is ever a feature. Quotes are normalised first (curly and
foreign quotes to straight ones): in the WMT21 data the references use curly quotes and the
systems straight ones, a typography shortcut a model would otherwise learn instead of style.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..lexicons import read_patterns
from ..text import split_sentences, text_to_blocks
from .detectors import LEXICON_DIR

DOUBLE_QUOTES = re.compile(r"[“”„«»‟″]")
SINGLE_QUOTES = re.compile(r"[‘’‚‹›‛′`]")
# Words, with English clitics split off as the function-word list writes them
# ("don't" -> "do" "n't", "it's" -> "it" "'s"); numbers are one token.
TOKEN = re.compile(r"n't\b|'(?:s|re|ll|ve|d|m)\b|[^\W\d_]+?(?=n't\b)|[^\W\d_]+|\d+(?:[.,:]\d+)*")
DASHES = re.compile(r"\s[-–—]\s|[–—]")
PUNCTUATION = ",;:()?!\""
STYLE_STATISTICS = (
    "sentence_words_mean", "sentence_words_sd", "word_letters_mean", "long_word_share",
    "commas", "semicolons", "colons", "dashes", "parentheses", "questions", "exclamations",
    "double_quotes", "contractions", "digits", "inner_capitals", "function_word_share",
)
STYLE_LABELS = {
    "sentence_words_mean": "words per sentence", "sentence_words_sd": "spread of sentence length",
    "word_letters_mean": "letters per word", "long_word_share": "long words",
    "commas": "commas", "semicolons": "semicolons", "colons": "colons", "dashes": "dashes",
    "parentheses": "parentheses", "questions": "question marks", "exclamations": "exclamation marks",
    "double_quotes": "quotation marks", "contractions": "contractions", "digits": "numbers",
    "inner_capitals": "capitalised words", "function_word_share": "function words",
}
# Words of at least this many letters count as long.
LONG_WORD_LETTERS = 7
# Word-class patterns are n-grams of these lengths.
PATTERN_LENGTHS = (2, 3)
# Punctuation marks that are tokens of their own in the word-class sequence ("w , which w").
PATTERN_PUNCTUATION = re.compile(r"[,;:()?!\"]|\s[-–—]\s|[–—]")
PUNCTUATION_IN_PATTERNS = True
PATTERN_SEQUENCE = re.compile(rf"{TOKEN.pattern}|{PATTERN_PUNCTUATION.pattern}")


@lru_cache(maxsize=1)
def function_words() -> tuple[str, ...]:
    """The English function words whose shares make the profile, in file order."""
    return tuple(read_patterns(LEXICON_DIR / "function_words_en.txt"))


def profile_names() -> list[str]:
    """Names of the fixed features (function words, then style statistics)."""
    return [f"fw:{word}" for word in function_words()] + [f"style:{name}" for name in STYLE_STATISTICS]


def normalise_quotes(text: str) -> str:
    """Curly and foreign quotation marks to straight ones (apostrophes included)."""
    return SINGLE_QUOTES.sub("'", DOUBLE_QUOTES.sub('"', text))


def document_sentences(text: str) -> list[str]:
    """The sentences of a plain-text document, block by block."""
    return [sentence for block in text_to_blocks(text) for _, _, sentence in split_sentences(block.text)]


@dataclass
class StyleProfile:
    """A document's fixed features, its word-class pattern counts and the text they rest on."""

    features: np.ndarray
    patterns: Counter = field(default_factory=Counter)
    n_sentences: int = 0
    n_words: int = 0

    def pattern_rates(self, vocabulary: Sequence[str]) -> np.ndarray:
        """Occurrences of each pattern of ``vocabulary`` per word."""
        total = max(self.n_words, 1)
        return np.array([self.patterns.get(pattern, 0) / total for pattern in vocabulary])


def _word_class(token: str, position: int, words: frozenset[str]) -> str:
    lower = token.lower()
    if lower in words:
        return lower
    if token[0].isdigit():
        return "#"
    return "C" if position > 0 and token[0].isupper() else "w"


def _class_sequence(sentence: str, words: frozenset[str]) -> list[str]:
    """The sentence as word classes and punctuation marks, in order."""
    out = []
    position = 0
    for match in PATTERN_SEQUENCE.finditer(sentence):
        token = match.group(0)
        if PATTERN_PUNCTUATION.fullmatch(token):
            out.append("-" if token.strip() in "-–—" else token)
        else:
            out.append(_word_class(token, position, words))
            position += 1
    return out


def sentence_profile(sentences: Sequence[str]) -> StyleProfile:
    """The style profile of a document given as its sentences."""
    vocabulary = function_words()
    index = {word: i for i, word in enumerate(vocabulary)}
    words_set = frozenset(vocabulary)
    counts = np.zeros(len(vocabulary))
    patterns: Counter = Counter()
    lengths = []
    letters = long_words = n_words = contractions = digits = inner_capitals = 0
    punctuation: Counter = Counter()
    for sentence in sentences:
        sentence = normalise_quotes(sentence)
        tokens = TOKEN.findall(sentence)
        if not any(not token[0].isdigit() for token in tokens):
            continue
        lengths.append(sum(not token[0].isdigit() for token in tokens))
        classes = ["<s>"]
        if PUNCTUATION_IN_PATTERNS:
            classes += _class_sequence(sentence, words_set)
        for position, token in enumerate(tokens):
            if not PUNCTUATION_IN_PATTERNS:
                classes.append(_word_class(token, position, words_set))
            if token[0].isdigit():
                digits += 1
                continue
            i = index.get(token.lower())
            if i is not None:
                counts[i] += 1
            if token[0] == "'" or token == "n't":
                contractions += 1
                continue
            n_words += 1
            letters += len(token)
            long_words += len(token) >= LONG_WORD_LETTERS
            inner_capitals += position > 0 and token[0].isupper()
        classes.append("</s>")
        for n in PATTERN_LENGTHS:
            patterns.update(" ".join(classes[k:k + n]) for k in range(len(classes) - n + 1))
        punctuation.update(ch for ch in sentence if ch in PUNCTUATION)
        punctuation["-"] += len(DASHES.findall(sentence))
    total = max(n_words + contractions, 1)
    sentence_words = np.array(lengths or [0], dtype=float)
    statistics = [
        sentence_words.mean(), sentence_words.std(), letters / max(n_words, 1), long_words / total,
        punctuation[","] / total, punctuation[";"] / total, punctuation[":"] / total,
        punctuation["-"] / total, (punctuation["("] + punctuation[")"]) / total,
        punctuation["?"] / total, punctuation["!"] / total, punctuation['"'] / total,
        contractions / total, digits / (digits + total), inner_capitals / total, counts.sum() / total,
    ]
    return StyleProfile(np.concatenate([counts / total, statistics]), patterns, len(lengths),
                        n_words + contractions)


def document_profile(text: str) -> StyleProfile:
    """The style profile of a plain-text document."""
    return sentence_profile(document_sentences(text))
