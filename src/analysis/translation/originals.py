"""Originals: which foreign article of the corpus an English article translates, if any.

A translation keeps what no translator translates: the names of people and places, numbers,
years, and their order. Each article is read as its sequence of such *anchors* (numbers with
their separators dropped, since "1.500" and "1,500" are one number; in English, words
capitalised inside a sentence and acronyms, which are names; in the foreign article, every
capitalised word, since capitals there also mark nouns). An English article and a foreign one
match as well as

- the share of the English article's anchors found in the foreign one (counting only anchors
  some foreign article of the corpus has: "Friday" and "Russian" are translated, never kept),
  and the share of the foreign one's found in it (counting only anchors that are names or
  numbers somewhere in the English side), weighted by how rare each anchor is; their harmonic
  mean,
- times the order agreement of the shared anchors (longest common subsequence).

They are a pair when that match reaches ``MATCH_MIN``, at least ``SHARED_ANCHORS_MIN`` anchors
are shared, their lengths are those of a translation (``LENGTH_RATIO_RANGE``), and the foreign
article is the English one's clear best (``MARGIN_MIN`` times the second best): two outlets'
reports of one event share names and numbers too, but not most of them, in order, at the same
length. The evidence names the shared anchors, so a reader can check the pairing. Language-free
by design: no dictionary and no translation model, nothing asked from the network.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

PAIR_COLUMNS = ["source_id", "translation_of", "translation_of_evidence", "translation_match"]

# Thresholds, chosen on two dev sets (benchmarks/translation_pairs.py; docs/methods.md, "Which article a
# translation comes from"): WMT23 German news with their English translations, human and
# machine (runs of 3-20 consecutive lines as articles, among English originals, German articles
# with no translation present and translations without their original), and the German
# versions of ECB+ articles in tests/data/translation_pairs (same-event reports of other
# outlets as distractors). At these values: no false pair on either; a match of 0.45 or a
# margin of 1.3 let same-event reports of ECB+ through, a margin of 1.5 lost one translation.
MATCH_MIN = 0.5
MARGIN_MIN = 1.4
# Fewer shared anchors than this are the story's own names, which every report of it has
# (an ECB+ report shared "Wasilla Bible Church, Alaska" with a German version of another
# report, once its closing lines were taken for boilerplate); at 5, WMT23 articles of 10 or
# 20 lines keep their recall (0.98) and those of 3 lines lose a quarter.
SHARED_ANCHORS_MIN = 5
# The foreign article's length over the English one's: 0.88-1.31 for 98% of the WMT23 German
# sources over their translations (0.72-1.66 all of them), 1.06-1.27 in the ECB+ pairs. Other
# languages were not measured.
LENGTH_RATIO_RANGE = (0.7, 1.8)
# Anchors named in the evidence.
EVIDENCE_ANCHORS = 8

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f' ]\d{3})*(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_]+)*")
# Punctuation that ends a sentence or opens a quote: the word after it starts a sentence.
_SENTENCE_BREAK = re.compile(r"[.!?:;»«„“”\"]")


@dataclass(frozen=True)
class Anchored:
    """One article read as its anchors, in order, and its length."""

    anchors: tuple[str, ...]
    n_chars: int


def _fold(word: str) -> str:
    """A name compared across languages: lower case, a final 's dropped, accents and the
    German ß folded."""
    word = re.sub(r"['’]s$", "", word.casefold().replace("ß", "ss"))
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def article_anchors(text: str, *, names_anywhere: bool) -> Anchored:
    """The anchors of ``text`` in order: numbers (digits only) and names (folded).

    ``names_anywhere``: count every capitalised word (a foreign text, where capitals also mark
    nouns and a translation's names are all found among them); otherwise (English) only words
    capitalised inside a sentence and acronyms, which are names.
    """
    anchors = []
    for line in text.splitlines():
        tokens = sorted([(m.start(), m.end(), True, m.group()) for m in _NUMBER.finditer(line)]
                        + [(m.start(), m.end(), False, m.group()) for m in _WORD.finditer(line)])
        previous_end = None  # None: at the start of the line, so of a sentence
        for start, end, is_number, token in tokens:
            sentence_start = previous_end is None or bool(_SENTENCE_BREAK.search(line, previous_end, start))
            previous_end = end
            if is_number:
                digits = re.sub(r"\D", "", token)
                if len(digits) >= 2:  # one digit is too common to tell articles apart
                    anchors.append(digits)
            elif token[0].isupper() and len(token) >= 2:
                if names_anywhere or token.isupper() or not sentence_start:
                    anchors.append(_fold(token))
    return Anchored(tuple(anchors), len(text))


def _weights(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """Each anchor's inverse document frequency over the documents (anchor sequences)."""
    documents = [set(anchors) for anchors in documents]
    frequency = Counter(a for anchors in documents for a in anchors)
    n = len(documents)
    return {a: math.log((1 + n) / (1 + f)) + 1.0 for a, f in frequency.items()}


def _order_agreement(english: tuple[str, ...], foreign: tuple[str, ...], shared: set[str]) -> float:
    """Longest common subsequence of the two first-occurrence orders of the shared anchors,
    as a share of the shared anchors (1.0: the same order)."""
    position = {a: i for i, a in enumerate(dict.fromkeys(a for a in foreign if a in shared))}
    sequence = [position[a] for a in dict.fromkeys(a for a in english if a in shared)]
    tails: list[int] = []  # longest increasing subsequence, patience sorting
    for value in sequence:
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
        else:
            tails[k] = value
    return len(tails) / max(len(sequence), 1)


def match_scores(english: Anchored, foreign: Anchored, weights: dict[str, float],
                 attested: set[str]) -> dict:
    """How well ``foreign`` explains ``english`` as its original: ``score`` the harmonic mean
    of the weighted shares of each one's anchors found in the other, times ``order`` (the
    order agreement of the ``shared`` anchors). ``attested``: the anchors some foreign article
    has (the English anchors that can be found at all); foreign anchors count only when
    ``weights`` knows them (names or numbers of the English side)."""
    own_e, own_f = set(english.anchors), set(foreign.anchors)
    shared = own_e & own_f

    def weight(anchors):
        return sum(weights.get(a, 1.0) for a in anchors)

    coverage = weight(shared) / max(weight(own_e & attested), 1e-9)
    reverse = weight(shared) / max(weight(own_f & weights.keys()), 1e-9)
    order = _order_agreement(english.anchors, foreign.anchors, shared)
    both = 2 * coverage * reverse / (coverage + reverse) if coverage + reverse else 0.0
    return {"shared": shared, "order": order, "score": both * order}


def is_foreign(language: str | None, english: str = "en") -> bool:
    """Whether a source of this language can be the original of an English translation:
    known, and not English."""
    return language is not None and not pd.isna(language) and language != english


def translation_pairs(texts: dict[str, str], languages: dict[str, str | None], *,
                      english: str = "en") -> pd.DataFrame:
    """For each English article (``languages`` says ``english``) that translates a foreign
    article of ``texts`` (article text by source id), the foreign source and the evidence.

    Columns ``PAIR_COLUMNS``: ``translation_of`` the foreign source id,
    ``translation_of_evidence`` what was shared ("14 of 17 names and numbers, in order: ..."),
    ``translation_match`` the match (0..1, see the module's docstring).
    """
    return pairs_of_anchored(read_anchors(texts, languages, english=english), languages, english=english)


def read_anchors(texts: dict[str, str], languages: dict[str, str | None], *,
                 english: str = "en") -> dict[str, Anchored]:
    """Each English and each foreign article of ``texts`` read as its anchors (an article's
    reading depends on it alone: the corpus's articles are read one at a time)."""
    return {s: article_anchors(text, names_anywhere=languages.get(s) != english)
            for s, text in texts.items()
            if languages.get(s) == english or is_foreign(languages.get(s), english)}


def pairs_of_anchored(read: dict[str, Anchored], languages: dict[str, str | None], *,
                      english: str = "en") -> pd.DataFrame:
    """``translation_pairs`` of articles already read as their anchors (``read_anchors``)."""
    english_ids = sorted(s for s in read if languages.get(s) == english)
    foreign_ids = sorted(s for s in read if is_foreign(languages.get(s), english))
    if not english_ids or not foreign_ids:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    read_english = {s: read[s] for s in english_ids}
    read_foreign = {s: read[s] for s in foreign_ids}
    # weights from the English side's anchors and the foreign side's numbers and the words that
    # are names in English too: a German noun ("Regierung") weighs nothing, being no anchor there
    english_anchors = {a for doc in read_english.values() for a in doc.anchors}
    weights = _weights([doc.anchors for doc in read_english.values()]
                       + [[a for a in doc.anchors if a in english_anchors or a.isdigit()]
                          for doc in read_foreign.values()])
    # the English anchors a foreign article of the corpus has too: names and numbers, not the
    # capitalised words English translates ("Friday", "Russian", "President")
    attested = {a for doc in read_foreign.values() for a in doc.anchors}
    postings: dict[str, list[str]] = defaultdict(list)
    for s, doc in read_foreign.items():
        for a in set(doc.anchors):
            postings[a].append(s)
    rows = []
    for s, doc in read_english.items():
        candidates = Counter(f for a in set(doc.anchors) for f in postings.get(a, ()))
        scored = []
        for f, n_shared in candidates.items():
            if n_shared < SHARED_ANCHORS_MIN:
                continue
            ratio = read_foreign[f].n_chars / max(doc.n_chars, 1)
            if not LENGTH_RATIO_RANGE[0] <= ratio <= LENGTH_RATIO_RANGE[1]:
                continue
            scored.append((match_scores(doc, read_foreign[f], weights, attested), f))
        if not scored:
            continue
        scored.sort(key=lambda item: (-item[0]["score"], item[1]))
        best, original = scored[0]
        runner_up = scored[1][0]["score"] if len(scored) > 1 else 0.0
        if best["score"] < MATCH_MIN or best["score"] < MARGIN_MIN * runner_up:
            continue
        rows.append({"source_id": s, "translation_of": original,
                     "translation_of_evidence": _evidence(doc, best, original),
                     "translation_match": round(best["score"], 4)})
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def _evidence(doc: Anchored, best: dict, original: str) -> str:
    shown = list(dict.fromkeys(a for a in doc.anchors if a in best["shared"]))
    named = ", ".join(shown[:EVIDENCE_ANCHORS]) + (", ..." if len(shown) > EVIDENCE_ANCHORS else "")
    n_own = len(set(doc.anchors))
    order = "in the same order" if best["order"] >= 0.95 else f"{best['order']:.0%} in the same order"
    return (f"translates {original}: {len(best['shared'])} of its {n_own} names and numbers are there, "
            f"{order} ({named})")
