"""Align the sentences of different sources: which sentence of one says what a sentence of
another says.

Candidates come from character 3-5-gram TF-IDF vectors (fit on the story's sentences): for each
sentence, its ``TOP_K_DEFAULT`` nearest sentences of *other* sources from
``CANDIDATE_COSINE_DEFAULT`` on; plus every sentence with the very same words (syndicated
copies repeat a sentence in many sources, more than any top-k keeps); plus the pairs the
caller adds (the study adds sentences that state the same typed value: two long sentences
on one date share fewer character n-grams than either shares with the story's boilerplate
phrases). Candidates are then scored by ``sentence_similarity`` with the story's sentences
as the word-weight pool.

Cost: the cosine products are computed in row chunks (memory bounded by
``CHUNK_CELLS_DEFAULT``), quadratic in the sentences of one story but as sparse-matrix work;
the learned scoring, the slow part, is linear (at most top-k pairs a sentence).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from . import semantic, static
from .features import Pool
from .model import ALIGN_BACKEND_DEFAULT
from .similarity import sentence_similarity

# Character cosine from which a pair is scored at all. On STS-B dev news, no pair judged to
# share details (gold >= 2 of 5) falls under 0.1 (0.5% fall under 0.2), and the pairs under
# 0.1 average 0.2 of 5. The IDF here is fit on one story, whose shared words weigh little, so
# paraphrases score lower than on STS-B: the margin is kept.
CANDIDATE_COSINE_DEFAULT = 0.1
# Nearest sentences of other sources scored per sentence: linear in the story all the same.
# On the ECB+ dev mixed folder (496 articles), the share of the annotated event pairs linked
# was 0.380 with 10, 0.466 with 20, 0.499 with 40 (alignment precision 0.988, 0.984, 0.984):
# a story of 15 sources retells an event in 20 to 40 sentences, many of them worded apart.
TOP_K_DEFAULT = 20
# Kept alignments: similarity from this value (0..1): two sentences that tell the same event,
# not yet the same statement (claims are linked from ``facts.LINK_SIMILARITY_DEFAULT`` = 0.3,
# statements from 0.5). Read off the ECB+ dev coverage by halves of its topics (every
# annotated pair of sentences of two articles of one event scored; recall of the pairs that
# share an annotated event, precision = share of kept pairs sharing any annotated chain):
# 0.3 keeps 0.416 / 0.373 of the pairs (precision 0.997 / 0.982), 0.2 0.607 / 0.542 (0.997 /
# 0.975), 0.15 0.698 / 0.633 (0.995 / 0.968); pairs at 0.15-0.2 read as one story's
# sentences about other turns of it ("has left the Betty Ford Center" / "re-hired attorney").
ALIGN_SIMILARITY_DEFAULT = 0.2
# With the semantic backend, a sentence's nearest by embedding are candidates from this cosine
# of all-MiniLM-L6-v2 embeddings on (sentences of one event on ECB+ dev mostly score 0.3-0.8;
# unrelated news sentences under 0.2).
EMBEDDING_CANDIDATE_COSINE_DEFAULT = 0.3
# With the default static backend, a sentence's ``STATIC_TOP_K_DEFAULT`` nearest sentences of
# other sources by the cosine of the static embeddings (``static``) are candidates from
# ``STATIC_CANDIDATE_COSINE_DEFAULT`` on. On the ECB+ dev annotated sentences of the odd half
# of its topics (1, 5, 9, ...), 78.5% of the pairs of one event reach 0.5 and 90.5% reach
# 0.4, against 39% and 65% of the pairs of one topic sharing no chain; on that half's mixed
# run, 0.4 instead of 0.5 linked 0.598 instead of 0.596 of the event pairs (alignment
# precision 0.994 both), so the cheaper 0.5 is kept. 20 as for the character candidates.
STATIC_TOP_K_DEFAULT = 20
STATIC_CANDIDATE_COSINE_DEFAULT = 0.5
# Cells of one chunk of the cosine matrix (rows x sentences): 4 million float64, 32 MB.
CHUNK_CELLS_DEFAULT = 4_000_000
# Pairs scored (or their rows multiplied) at a time: memory stays bounded however many
# pairs a large story has (the sentences stating a common value pair up quadratically; a
# story of 6,636 sentences at 10k articles has 196,219 such pairs). 100,000 pairs of
# features are about 12 MB.
PAIR_BATCH_DEFAULT = 100_000
WORDS = re.compile(r"\w+")

ALIGNMENT_COLUMNS = ["sentence_a", "sentence_b", "source_a", "source_b", "line_a", "line_b",
                     "text_a", "text_b", "char_cosine", "similarity"]


def alignment_order(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences in the order they are aligned in: by source, line and id."""
    return sentences.sort_values(["source_id", "line_no", "sentence_id"]).reset_index(drop=True)


def _same_words(texts: pd.Series) -> pd.Series:
    return texts.map(lambda text: " ".join(WORDS.findall(text.lower())))


def candidate_pairs(
    sentences: pd.DataFrame,
    *,
    top_k: int = TOP_K_DEFAULT,
    min_cosine: float = CANDIDATE_COSINE_DEFAULT,
    chunk_cells: int = CHUNK_CELLS_DEFAULT,
    extra_rows: tuple[np.ndarray, np.ndarray] | None = None,
    pair_batch: int = PAIR_BATCH_DEFAULT,
    pool: Pool | None = None,
) -> pd.DataFrame:
    """Row pairs (``row_a`` < ``row_b``) of sentences of different sources worth scoring,
    with their character cosine; ``extra_rows`` (two arrays of row numbers) are added.
    ``pool``: the sentences' texts, first seen in their order (``Pool(alignment_order(...)
    ["text"])``), whose character n-gram counts are used instead of counting them again."""
    sentences = sentences.reset_index(drop=True)
    n = len(sentences)
    texts = sentences["text"].tolist()
    counts = pool.char_counts(texts) if pool is not None else None
    if counts is None:
        counts = Pool(texts).char_counts(texts)
    # the character TF-IDF of the sentences, repeats counted, in single precision (the cosine
    # matrix is the largest array of a story); made anew, since ``astype`` would sort each
    # row's terms, and the cosines' sums follow their order
    counts = sparse.csr_matrix((counts.data.astype(np.float32), counts.indices, counts.indptr), shape=counts.shape)
    matrix = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    source_codes = pd.factorize(sentences["source_id"])[0]
    k = min(top_k, n - 1)
    found_a, found_b, found_cos = [], [], []
    step = max(1, chunk_cells // max(n, 1))
    transposed = matrix.T.tocsr()  # once, not once per chunk
    for start in range(0, n, step):
        rows = np.arange(start, min(start + step, n))
        cosine = (matrix[start:rows[-1] + 1] @ transposed).toarray()
        cosine[source_codes[rows][:, None] == source_codes[None, :]] = -1.0
        if k < n:
            nearest = np.argpartition(-cosine, k - 1, axis=1)[:, :k]
        else:
            nearest = np.tile(np.arange(n), (len(rows), 1))
        values = np.take_along_axis(cosine, nearest, axis=1)
        keep = values >= min_cosine
        found_a.append(np.repeat(rows, keep.sum(axis=1)))
        found_b.append(nearest[keep])
        found_cos.append(values[keep])
    pairs = pd.DataFrame({"row_a": np.concatenate(found_a) if found_a else [],
                          "row_b": np.concatenate(found_b) if found_b else [],
                          "char_cosine": np.concatenate(found_cos) if found_cos else []})
    # syndicated sentences: every pair of sources that repeat the same words
    words = _same_words(sentences["text"])
    repeated = sentences.assign(words=words, row=np.arange(n))
    repeated = repeated[repeated["words"].duplicated(keep=False) & repeated["words"].ne("")]
    if len(repeated):
        same = repeated[["words", "row", "source_id"]].merge(repeated[["words", "row", "source_id"]], on="words")
        same = same[same["source_id_x"] != same["source_id_y"]]
        pairs = pd.concat([pairs, pd.DataFrame({"row_a": same["row_x"].to_numpy(), "row_b": same["row_y"].to_numpy(),
                                                "char_cosine": 1.0})], ignore_index=True)
    if extra_rows is not None and len(extra_rows[0]):
        rows_a, rows_b = np.asarray(extra_rows[0]), np.asarray(extra_rows[1])
        different = source_codes[rows_a] != source_codes[rows_b]
        rows_a, rows_b = rows_a[different], rows_b[different]
        cosine = np.concatenate([  # in batches: a large story's pairs of rows would not fit
            np.asarray(matrix[rows_a[i:i + pair_batch]].multiply(matrix[rows_b[i:i + pair_batch]]).sum(axis=1)).ravel()
            for i in range(0, max(len(rows_a), 1), pair_batch)])
        pairs = pd.concat([pairs, pd.DataFrame({"row_a": rows_a, "row_b": rows_b, "char_cosine": cosine})],
                          ignore_index=True)
    low, high = np.minimum(pairs["row_a"], pairs["row_b"]), np.maximum(pairs["row_a"], pairs["row_b"])
    pairs = pd.DataFrame({"row_a": low.astype(int), "row_b": high.astype(int), "char_cosine": pairs["char_cosine"]})
    pairs = pairs.sort_values(["row_a", "row_b", "char_cosine"]).drop_duplicates(["row_a", "row_b"], keep="last")
    return pairs.reset_index(drop=True)


def embedding_neighbours(sentences: pd.DataFrame, *, top_k: int = TOP_K_DEFAULT,
                         min_cosine: float = EMBEDDING_CANDIDATE_COSINE_DEFAULT,
                         chunk_cells: int = CHUNK_CELLS_DEFAULT,
                         embed=None) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs of each sentence and its ``top_k`` nearest sentences of other sources by
    embedding cosine, from ``min_cosine`` on. ``embed``: texts -> unit-length rows; by
    default all-MiniLM-L6-v2's (the ``semantic`` extra); ``static.embed`` for the static
    embeddings."""
    vectors = (embed or semantic.embed)(sentences["text"].tolist()).astype(np.float32)
    n = len(vectors)
    codes = pd.factorize(sentences["source_id"])[0]
    k = min(top_k, n - 1)
    found_a, found_b = [], []
    step = max(1, chunk_cells // max(n, 1))
    for start in range(0, n, step):
        rows = np.arange(start, min(start + step, n))
        cosine = vectors[rows] @ vectors.T
        cosine[codes[rows][:, None] == codes[None, :]] = -1.0
        nearest = np.argpartition(-cosine, k - 1, axis=1)[:, :k] if k < n else np.tile(np.arange(n), (len(rows), 1))
        keep = np.take_along_axis(cosine, nearest, axis=1) >= min_cosine
        found_a.append(np.repeat(rows, keep.sum(axis=1)))
        found_b.append(nearest[keep])
    if not found_a:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    return np.concatenate(found_a), np.concatenate(found_b)


def align_sentences(
    sentences: pd.DataFrame,
    *,
    min_similarity: float = ALIGN_SIMILARITY_DEFAULT,
    top_k: int = TOP_K_DEFAULT,
    min_cosine: float = CANDIDATE_COSINE_DEFAULT,
    extra_pairs: pd.DataFrame | None = None,
    pool: Pool | None = None,
    pair_batch: int = PAIR_BATCH_DEFAULT,
    backend: str = ALIGN_BACKEND_DEFAULT,
    static_top_k: int = STATIC_TOP_K_DEFAULT,
    static_min_cosine: float = STATIC_CANDIDATE_COSINE_DEFAULT,
) -> pd.DataFrame:
    """Aligned sentence pairs of one story: one row per unordered pair of sentences of two
    different sources whose similarity reaches ``min_similarity`` (``source_a`` < ``source_b``).

    ``sentences`` needs ``sentence_id``, ``source_id``, ``line_no`` and ``text``;
    ``extra_pairs`` (columns ``sentence_a``, ``sentence_b``) are always scored. ``pool``:
    the word weights, fitted on the sentences' distinct texts when not given. ``backend``
    "semantic" (the optional extra) scores with the embedding cosine too and adds each
    sentence's ``top_k`` nearest by embedding to the candidates: paraphrases that share no
    characters are scored as well. The default "static" backend does the same with the
    static embeddings (``static_top_k`` nearest from ``static_min_cosine`` on; 0 for none);
    "lexical" uses the character candidates only.
    """
    sentences = alignment_order(sentences)
    if sentences["source_id"].nunique() < 2:
        return pd.DataFrame(columns=ALIGNMENT_COLUMNS)
    extra_rows = None
    if extra_pairs is not None and len(extra_pairs):
        row_of = pd.Series(np.arange(len(sentences)), index=sentences["sentence_id"])
        known = extra_pairs["sentence_a"].isin(row_of.index) & extra_pairs["sentence_b"].isin(row_of.index)
        extra_rows = (row_of[extra_pairs.loc[known, "sentence_a"]].to_numpy(),
                      row_of[extra_pairs.loc[known, "sentence_b"]].to_numpy())
    nearest = None
    if backend == "semantic":
        nearest = embedding_neighbours(sentences, top_k=top_k)
    elif backend == "static" and static_top_k > 0:
        nearest = embedding_neighbours(sentences, top_k=static_top_k, min_cosine=static_min_cosine,
                                       embed=static.embed)
    if nearest is not None:
        extra_rows = nearest if extra_rows is None else (
            np.concatenate([extra_rows[0], nearest[0]]), np.concatenate([extra_rows[1], nearest[1]]))
    if pool is None:
        pool = Pool(sentences["text"].drop_duplicates())
    pairs = candidate_pairs(sentences, top_k=top_k, min_cosine=min_cosine, extra_rows=extra_rows,
                            pair_batch=pair_batch, pool=pool)
    if pairs.empty:
        return pd.DataFrame(columns=ALIGNMENT_COLUMNS)
    # score each distinct pair of texts once (syndicated copies repeat the same pairs), in
    # batches, and keep only the pairs that align before copying their columns
    codes, uniques = pd.factorize(sentences["text"])
    texts = np.asarray(uniques, dtype=object)
    keys = pd.DataFrame({"a": codes[pairs["row_a"].to_numpy()], "b": codes[pairs["row_b"].to_numpy()]})
    distinct = keys.drop_duplicates().reset_index(drop=True)
    scores = []
    for start in range(0, len(distinct), pair_batch):
        batch = distinct.iloc[start:start + pair_batch]
        scores.append(np.round(sentence_similarity(texts[batch["a"].to_numpy()].tolist(),
                                                   texts[batch["b"].to_numpy()].tolist(), pool=pool,
                                                   backend=backend), 4))
    distinct["similarity"] = np.concatenate(scores)
    similarity = keys.merge(distinct, on=["a", "b"], how="left")["similarity"].to_numpy()
    kept = similarity >= min_similarity
    pairs, similarity = pairs[kept], similarity[kept]
    a = sentences.loc[pairs["row_a"]].reset_index(drop=True)
    b = sentences.loc[pairs["row_b"]].reset_index(drop=True)
    aligned = pd.DataFrame({
        "sentence_a": a["sentence_id"], "sentence_b": b["sentence_id"],
        "source_a": a["source_id"], "source_b": b["source_id"],
        "line_a": a["line_no"], "line_b": b["line_no"],
        "text_a": a["text"], "text_b": b["text"],
        "char_cosine": np.round(pairs["char_cosine"].to_numpy(dtype=float), 4),
        "similarity": similarity,
    })
    return aligned.sort_values(["source_a", "source_b", "line_a", "line_b", "sentence_a", "sentence_b"]
                               ).reset_index(drop=True)
