"""Align the sentences of different sources: which sentence of one says what a sentence of
another says.

For every pair of sources, the sentences' character 3-5-gram TF-IDF vectors (fit on the
story's sentences) are compared; pairs above ``CANDIDATE_COSINE_DEFAULT``, and each sentence's
best partner in the other source, are then scored by ``sentence_similarity`` with the story's
sentences as the word-weight pool. The cost is the sum over source pairs of the product of
their sentence counts: quadratic in the sentences of one story, linear in the number of stories.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from .features import pair_features
from .model import default_model, scale

# Character cosine from which a pair is scored at all. On STS-B dev news, pairs under 0.2
# have a mean human score of 0.9 of 5 ("on different topics"); scoring them costs time only.
CANDIDATE_COSINE_DEFAULT = 0.2
# Kept alignments: similarity from this value (0..1). On STS-B dev news, 91% of pairs scored
# 0.4 or more share details by human judgement (gold >= 2 of 5), and 98% of the pairs judged
# roughly equivalent (gold >= 3) reach it.
ALIGN_SIMILARITY_DEFAULT = 0.4

ALIGNMENT_COLUMNS = ["sentence_a", "sentence_b", "source_a", "source_b", "line_a", "line_b",
                     "text_a", "text_b", "char_cosine", "similarity"]


def candidate_pairs(sentences: pd.DataFrame, *, min_cosine: float = CANDIDATE_COSINE_DEFAULT
                    ) -> tuple[pd.DataFrame, TfidfVectorizer]:
    """Pairs of sentences of different sources worth scoring (each unordered pair once)."""
    sentences = sentences.reset_index(drop=True)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    matrix = vectorizer.fit_transform(sentences["text"])
    rows_by_source = {source: np.flatnonzero(sentences["source_id"].to_numpy() == source)
                      for source in sorted(sentences["source_id"].unique())}
    sources = list(rows_by_source)
    pairs = []
    for i, source_a in enumerate(sources):
        rows_a = rows_by_source[source_a]
        for source_b in sources[i + 1:]:
            rows_b = rows_by_source[source_b]
            cosine = (matrix[rows_a] @ matrix[rows_b].T).toarray()
            keep = cosine >= min_cosine
            keep[np.arange(len(rows_a)), cosine.argmax(axis=1)] = True
            keep[cosine.argmax(axis=0), np.arange(len(rows_b))] = True
            ia, ib = np.nonzero(keep)
            pairs.append(pd.DataFrame({"row_a": rows_a[ia], "row_b": rows_b[ib],
                                       "char_cosine": cosine[ia, ib]}))
    if not pairs:
        return pd.DataFrame(columns=["row_a", "row_b", "char_cosine"]), vectorizer
    return pd.concat(pairs, ignore_index=True), vectorizer


def align_sentences(
    sentences: pd.DataFrame,
    *,
    min_similarity: float = ALIGN_SIMILARITY_DEFAULT,
    min_cosine: float = CANDIDATE_COSINE_DEFAULT,
) -> pd.DataFrame:
    """Aligned sentence pairs of one story: one row per unordered pair of sentences of two
    different sources whose similarity reaches ``min_similarity`` (``source_a`` < ``source_b``).

    ``sentences`` needs ``sentence_id``, ``source_id``, ``line_no`` and ``text``.
    """
    sentences = sentences.sort_values(["source_id", "line_no", "sentence_id"]).reset_index(drop=True)
    if sentences["source_id"].nunique() < 2:
        return pd.DataFrame(columns=ALIGNMENT_COLUMNS)
    pairs, _ = candidate_pairs(sentences, min_cosine=min_cosine)
    if pairs.empty:
        return pd.DataFrame(columns=ALIGNMENT_COLUMNS)
    a = sentences.loc[pairs["row_a"]].reset_index(drop=True)
    b = sentences.loc[pairs["row_b"]].reset_index(drop=True)
    features = pair_features(a["text"], b["text"], pool=sentences["text"].drop_duplicates())
    similarity = np.round(scale(default_model().predict(features)), 4)
    aligned = pd.DataFrame({
        "sentence_a": a["sentence_id"], "sentence_b": b["sentence_id"],
        "source_a": a["source_id"], "source_b": b["source_id"],
        "line_a": a["line_no"], "line_b": b["line_no"],
        "text_a": a["text"], "text_b": b["text"],
        "char_cosine": np.round(pairs["char_cosine"].to_numpy(), 4),
        "similarity": similarity,
    })
    aligned = aligned[aligned["similarity"] >= min_similarity]
    return aligned.sort_values(["source_a", "source_b", "line_a", "line_b", "sentence_a", "sentence_b"]
                               ).reset_index(drop=True)
