"""Lexical features of a pair of sentences: how much of what one says the other says too.

Every feature is in [0, 1] and symmetric in the two sentences. Word weights are information
content, -log of a word's frequency among the sentences being compared (an IDF fit on the
pool itself: nothing is shipped, and names that only this story uses weigh most). Features:

- ``char_cosine``: cosine of character 3-5-gram TF-IDF vectors (spelling variants, morphology);
- ``word_cosine``: cosine of word TF-IDF vectors;
- ``content_jaccard``: Jaccard overlap of content words (no stop words);
- ``weighted_overlap``: information-weighted share of content words both sentences have;
- ``aligned``: each content word matched to its best partner in the other sentence
  (same word 1, same 5-letter prefix 0.8, else 0), information-weighted, the mean of both
  directions; ``aligned_min``: the worse direction (one sentence says much more);
- ``bigram_overlap``: shared word bigrams (word order);
- ``numbers_agree``: 1 when the sentences have the same numbers, 0.5 when they share some,
  0 when both have numbers and share none or only one has any, 0.5 when neither has any;
- ``names_agree``: the same for capitalised words not at the start of the sentence (entities);
- ``negation_agree``: 1 unless exactly one of the two is negated;
- ``length_ratio``: shorter over longer, in words;
- ``unmatched_min``, ``unmatched_max``: content words of each sentence with no partner in
  the other (fewer, then more), and ``content_min``, ``content_max``: content words of each,
  all squashed as n / (n + 4) so they stay in [0, 1).

The last four, counts rather than shares, lifted STS-B dev news Spearman from 76.0 to 76.9
(``benchmarks/agreement.py``): a short pair with one word different is closer than a long
pair with the same share different.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfTransformer

FEATURE_NAMES = (
    "char_cosine", "word_cosine", "content_jaccard", "weighted_overlap", "aligned",
    "bigram_overlap", "numbers_agree", "names_agree", "negation_agree", "length_ratio",
    "aligned_min", "unmatched_min", "unmatched_max", "content_min", "content_max",
)
COUNT_SQUASH = 4.0
WORD = re.compile(r"\w+", re.UNICODE)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w-]+")
NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without)\b|n't\b",
                      re.IGNORECASE)
# Words sharing this many first letters count as the same word in another form
# ("complaint"/"complaints", "criticise"/"criticised"); 5 keeps "state"/"statement" apart
# less often than 4 and catches more inflections than 6.
PREFIX_LENGTH_DEFAULT = 5
PREFIX_MATCH_CREDIT = 0.8


def tokens(text: str) -> list[str]:
    return WORD.findall(text.lower())


def content_words(words: list[str]) -> list[str]:
    return [w for w in words if w not in ENGLISH_STOP_WORDS]


def information(pool: Sequence[str]) -> dict[str, float]:
    """-log document frequency of each word among ``pool`` (smoothed, as sklearn's IDF)."""
    frequency = Counter(w for text in pool for w in set(tokens(text)))
    n = len(pool)
    return {w: math.log((1 + n) / (1 + df)) + 1.0 for w, df in frequency.items()}


def _squash(count: float) -> float:
    return count / (count + COUNT_SQUASH)


def _set_agreement(a: set, b: set, neither: float) -> float:
    if not a and not b:
        return neither
    if a == b:
        return 1.0
    return 0.5 if a & b else 0.0


# The two TF-IDF vectorisers of the pool (sublinear term frequency, smoothed IDF, rows of
# unit length): character 3-5-grams within words, and words of any length.
CHAR_ANALYSER = {"analyzer": "char_wb", "ngram_range": (3, 5)}
WORD_ANALYSER = {"token_pattern": r"(?u)\b\w+\b"}


class _Counted:
    """One analyser's term counts of a pool's distinct texts, each text analysed once; the
    TF-IDF rows ``TfidfVectorizer(sublinear_tf=True, **analyser)`` fitted on the pool gives,
    from them. ``counts`` are as ``fit_transform`` leaves them, each row's terms in the order
    the texts first used them: the counts of any list of these texts first seen in this
    order are rows of it, in the same order of terms (which sums follow)."""

    def __init__(self, distinct: list[str], repeats: np.ndarray | None, analyser: dict):
        self.counter = CountVectorizer(dtype=np.float64, **analyser)
        self.counts = self.counter.fit_transform(distinct)
        self.tfidf = TfidfTransformer(sublinear_tf=True).fit(
            self.counts if repeats is None else self.counts[repeats])
        self._rows = None

    def rows(self):
        """The TF-IDF rows of the distinct texts, as the vectoriser's ``transform`` gives them
        (terms in column order)."""
        if self._rows is None:
            ordered = self.counts.copy()
            ordered.has_sorted_indices = False  # fit_transform renumbers terms after sorting
            ordered.sort_indices()
            self._rows = self.tfidf.transform(ordered)
        return self._rows

    def transform(self, texts: list[str]):
        return self.tfidf.transform(self.counter.transform(texts))


class Pool:
    """The texts word weights come from (a story's sentences), fitted once however many
    batches of pairs are scored against it: information content of each word, and the
    character and word TF-IDF vectorisers (fitted on first use, each distinct text analysed
    once). Repeated texts count as many times as they are given; their order does not
    matter."""

    def __init__(self, texts: Sequence[str]):
        self.texts = list(texts)
        self.distinct = list(dict.fromkeys(self.texts))
        self._row_of = {text: i for i, text in enumerate(self.distinct)}
        self._info = None
        self._counted: list[_Counted | None] = [None, None]

    @property
    def info(self) -> dict[str, float]:
        if self._info is None:
            self._info = information(self.texts)
        return self._info

    def _analysed(self, k: int) -> _Counted:
        if self._counted[k] is None:
            repeats = None if len(self.distinct) == len(self.texts) else \
                np.array([self._row_of[text] for text in self.texts], dtype=np.int64)
            self._counted[k] = _Counted(self.distinct, repeats, (CHAR_ANALYSER, WORD_ANALYSER)[k])
        return self._counted[k]

    def char_counts(self, texts: list[str]):
        """The character n-gram counts of ``texts`` (repeats included) as
        ``CountVectorizer(**CHAR_ANALYSER).fit_transform(texts)`` makes them, the order of
        each row's terms included; None unless ``texts`` are the pool's texts, first seen
        in the pool's order."""
        if list(dict.fromkeys(texts)) != self.distinct:
            return None
        return self._analysed(0).counts[np.array([self._row_of[text] for text in texts], dtype=np.int64)]

    def matrices(self, texts: list[str]) -> tuple:
        """The character and word TF-IDF rows of ``texts`` (distinct): the pool's own texts
        are vectorised once, on first use, and their rows reused (a row does not depend on
        the other texts vectorised with it); other texts are vectorised when asked for."""
        known = np.array([self._row_of.get(text, -1) for text in texts], dtype=np.int64)
        unknown = [text for text, row in zip(texts, known) if row < 0]
        analysed = [self._analysed(k) for k in range(2)]
        if not unknown:
            return tuple(counted.rows()[known] for counted in analysed)
        known[known < 0] = len(self.distinct) + np.arange(len(unknown))
        return tuple(sparse.vstack([counted.rows(), counted.transform(unknown)], format="csr")[known]
                     for counted in analysed)


def _cosines(first, second, pool: Pool) -> tuple[np.ndarray, np.ndarray]:
    """Character and word TF-IDF cosines of each pair; each distinct text is vectorised once."""
    texts = list(dict.fromkeys(list(first) + list(second)))
    index = {text: i for i, text in enumerate(texts)}
    rows_a = np.array([index[t] for t in first])
    rows_b = np.array([index[t] for t in second])
    results = []
    for matrix in pool.matrices(texts):
        product = matrix[rows_a].multiply(matrix[rows_b])
        results.append(np.asarray(product.sum(axis=1)).ravel())
    return results[0], results[1]


def _text_facts(text: str, prefix_length: int, weight) -> tuple:
    """What the features need of one text: words, content words (a set), each content
    word's weight and their sum, bigrams, prefixes of content words, numbers, names, whether
    it is negated."""
    words = tokens(text)
    content = set(content_words(words))
    weights = {w: weight(w) for w in content}
    # fsum: exact whatever order the set is iterated in (it changes with the string hash seed)
    return (words, content, weights, math.fsum(weights.values()), set(zip(words, words[1:])),
            {w[:prefix_length] for w in content if len(w) >= prefix_length},
            set(NUMBER.findall(text)), {n.lower() for n in NAME.findall(text)},
            bool(NEGATION.search(text)))


def _prefix_credits(only: set[str], weights: dict[str, float], target_prefixes: set[str],
                    prefix_length: int) -> list[float]:
    """The credits of words without the same word in the other text that share a prefix
    with one of its words."""
    return [PREFIX_MATCH_CREDIT * weights[w] for w in only
            if len(w) >= prefix_length and w[:prefix_length] in target_prefixes]


def _texts(texts: Sequence[str]) -> list[str]:
    return texts.tolist() if hasattr(texts, "tolist") else list(texts)  # fast for pyarrow columns


def pair_features(
    first: Sequence[str],
    second: Sequence[str],
    *,
    pool: Sequence[str] | Pool | None = None,
    prefix_length: int = PREFIX_LENGTH_DEFAULT,
) -> np.ndarray:
    """An (n_pairs, len(FEATURE_NAMES)) array for the pairs ``zip(first, second)``.

    ``pool`` is the text the word weights come from (texts, or a ``Pool`` fitted once for
    many calls); by default the sentences themselves.
    """
    first, second = _texts(first), _texts(second)
    if len(first) != len(second):
        raise ValueError(f"{len(first)} first sentences but {len(second)} second ones")
    if not first:
        return np.zeros((0, len(FEATURE_NAMES)))
    if not isinstance(pool, Pool):
        pool = Pool(pool if pool is not None else dict.fromkeys(first + second))
    info = pool.info
    unseen = max(info.values(), default=1.0)
    weight = lambda w: info.get(w, unseen)  # noqa: E731
    char_cosine, word_cosine = _cosines(first, second, pool)
    facts = {text: _text_facts(text, prefix_length, weight) for text in dict.fromkeys(first + second)}
    rows = []
    for a, b in zip(first, second):
        wa, sa, weights_a, total_a, ba, pa, na, ma, nega = facts[a]
        wb, sb, weights_b, total_b, bb, pb, nb, mb, negb = facts[b]
        # Each content word of one text is matched to the same word in the other (its whole
        # weight), else to one with its prefix (PREFIX_MATCH_CREDIT of it), else unmatched;
        # sums are fsum (exact whatever the order of the sets).
        shared = sa & sb
        only_a, only_b = sa - sb, sb - sa
        shared_weights = [weights_a[w] for w in shared]
        credits_a = _prefix_credits(only_a, weights_a, pb, prefix_length)
        credits_b = _prefix_credits(only_b, weights_b, pa, prefix_length)
        forward = math.fsum(shared_weights + credits_a) / total_a if sa else 0.0
        backward = math.fsum(shared_weights + credits_b) / total_b if sb else 0.0
        unmatched_a, unmatched_b = len(only_a) - len(credits_a), len(only_b) - len(credits_b)
        n_union = len(shared) + len(only_a) + len(only_b)
        union_weight = math.fsum(shared_weights + [weights_a[w] for w in only_a] + [weights_b[w] for w in only_b])
        rows.append((
            len(shared) / n_union if n_union else 0.0,
            math.fsum(shared_weights) / union_weight if n_union else 0.0,
            (forward + backward) / 2,
            len(ba & bb) / len(ba | bb) if ba | bb else 0.0,
            _set_agreement(na, nb, neither=0.5),
            _set_agreement(ma, mb, neither=0.5),
            0.0 if nega != negb else 1.0,
            min(len(wa), len(wb)) / max(len(wa), len(wb), 1),
            min(forward, backward),
            _squash(min(unmatched_a, unmatched_b)),
            _squash(max(unmatched_a, unmatched_b)),
            _squash(min(len(sa), len(sb))),
            _squash(max(len(sa), len(sb))),
        ))
    lexical = np.array(rows, dtype=float)
    return np.column_stack([np.clip(char_cosine, 0, 1), np.clip(word_cosine, 0, 1), lexical])
