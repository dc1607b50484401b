"""Stories: which articles of a corpus tell the same story.

A corpus may hold many stories; the cross-source steps (topicality, and the agreement stage to
come) compare a source with the other sources *of its story*. ``cluster_stories`` groups
articles by the words of their article text (boilerplate left out when it has been scored):

1. Each article becomes a TF-IDF vector of its content words (sublinear term frequency,
   function words of the five languages left out), L2-normalised. Document frequencies count
   the corpus *and* a background of 91 news pages on other stories (the article text of the
   vendored boilerplate training pages): in a corpus of one story, its own words are in every
   article, and an IDF of the corpus alone would weigh down the very words that make it one
   story (the cosine of two copies of one story falls by about a third on five articles).
   A block that k sources carry word for word counts 1/k: a site's stock paragraphs, which
   the boilerplate model may keep, would otherwise join the different stories of one site.
2. Candidate pairs, never all pairs: each article is keyed by its ``top_terms`` heaviest
   terms; for each term, the articles keyed by it are listed, ordered by a MinHash of their
   heavy terms (so that articles sharing many of them sit side by side), and each is paired
   with the next ``window`` of them; ``passes`` orders, one MinHash seed each (the multi-pass
   sorted-neighbourhood method of record linkage, Hernández and Stolfo 1995). At most
   n x top_terms x window x passes pairs: linear in the corpus.
3. A candidate pair whose cosine similarity is at least ``min_similarity`` is a link.
4. Stories are the communities of the link graph, weighted by cosine, under the Constant Potts
   Model (Traag, Van Dooren and Nesterov 2011) found by the Leiden algorithm (Traag, Waltman
   and van Eck 2019, igraph's implementation): a partition is the better the more link weight
   it keeps inside its stories, less ``resolution`` for every pair of articles it puts in one
   story. So a group of articles stays one story while the links between any two of its parts
   weigh, per pair of articles across them, more than ``resolution``; pairs that are not
   linked count 0. Connected components alone (single linkage) chain two stories through one
   link: an article that mixes them, a sentence they share, a teaser of the one in the other.
   Two copies of one story that share few words are still joined through the copies between
   them, as long as the group stays that cohesive; a story is never split into parts that are
   not linked to each other, and never joined to one it has no link with (Leiden's
   communities are connected).
5. A story of at most ``merge_max_size`` articles then joins the story, at least as large,
   whose centroid is the most similar to its own (cosine at least ``merge_similarity``),
   until none joins: the high resolution that keeps two similar events apart (two quakes in
   one province, two firings of one team's coach) leaves the loosely linked articles of a
   story on their own, and a story's centroid, which sums its words, is closer to them than
   any one of its articles. Stories compared are those with a candidate pair between them
   (a link is not needed: the centroids decide).

Deterministic: Leiden's random choices come from a generator seeded with ``random_state``,
and the result depends only on the articles' text and ids.
Nothing here builds an n x n matrix, dense or sparse.
"""

from __future__ import annotations

import gzip
import json
import random
from contextlib import contextmanager
from functools import lru_cache

import igraph
import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

from .text import FUNCTION_WORDS, NORMALISE
from .boilerplate.model import TRAINING_DATA

# Cosine similarity (content words, IDF with the background) at which two articles are linked
# into one story. Measured on the 4,095 pairs of the 91 real pages of the boilerplate
# benchmark (article text only; the 24 most similar pairs labelled by hand from their URLs):
# the 11 pairs of two different sites at 0.25 or more all tell one story (the NASA moon lander
# 0.41, a bubonic plague case 0.38, ..., two 16-inch MacBook Pro reviews 0.26); the most
# similar pair of different stories from two sites is at 0.234 (a helicopter crash in
# Afghanistan / a Taliban prisoner swap). Above 0.25 too: sibling pages of one site that
# share its stock vocabulary (3 pairs, up to 0.40). Same-story pairs below it (Hong Kong
# 0.245, Prince Andrew 0.238, impeachment 0.20) are left to the copies between them.
# Checked, not chosen, on a corpus from benchmarks/make_corpus.py (2,000 articles, seed 1, 99 stories):
# adjusted Rand index 1.0; same-story pairs from 0.18 (median 0.44), other pairs up to 0.19.
STORY_MIN_SIMILARITY_DEFAULT = 0.25
# Terms that key an article for candidate pairs: its heaviest ones. 20 covers the names and
# the rare words of a news story; on corpora from benchmarks/make_corpus.py 10 and 40 give
# the same stories.
STORY_TOP_TERMS_DEFAULT = 20
# Each article is compared with this many following articles among those keyed by the same
# term, in each pass below (the window of the sorted-neighbourhood method). One pass in corpus
# order needed a window of 16 at 25,000 articles (seed 0: 8 compared 40% of the pairs of one
# story, 16 65%) and still split stories at 100,000, where a story's rare words recur in
# hundreds of other articles (the builder re-uses its facts): 22% of same-story pairs
# compared, adjusted Rand index 0.54.
STORY_WINDOW_DEFAULT = 4
# Orders of each term's list (MinHash of the articles' heavy terms, one seed each), each
# paired within the window above: same-story pairs compared at 100,000 articles (seed 0)
# go from 22% (one pass in corpus order, window 16) to 55% (4 passes, window 4), for fewer
# candidates (17.8 against 20.6 million); adjusted Rand index 0.54 -> 0.994 (docs/figures.md).
STORY_PASSES_DEFAULT = 4
# Least link weight per pair of articles (cosine; pairs not linked count 0) that keeps two
# parts of a story together: the resolution of the Constant Potts Model. Chosen on the ECB+
# dev coverage (`../shared/benchmarks/coverage/mixed`, 496 articles, 42 sub-topics = events,
# each topic two similar events that must stay apart), with the merge step below, on one half
# of its 21 topics and measured on the other (halves: topics at even and odd positions in
# sorted order, 1, 5, 9, ... and 3, 7, 11, ...); swept over 0.05-0.30 with merges of stories
# of 0-10 articles. Adjusted Rand index against sub-topics, first half / second half:
# 0.05 without merges (before) 0.756 / 0.726, with merges at most 0.792 / 0.814; 0.10 and 3
# articles 0.884 / 0.857; 0.20 0.886 / 0.907; 0.25 0.887 / 0.930 (0.920 / 0.850 with 5);
# 0.30 0.853 / 0.907. The second half picks 0.25 and 3 (the first half then 0.887); the
# first picks 0.25 and 5 (the second then 0.850). All of mixed: 0.913 (0.762 before). On
# short articles a low resolution joins the two events of a topic through their shared
# vocabulary (8 of 83 stories mixed two sub-topics at 0.05, 6 of 52 now).
# Checked, not chosen: the 91 real pages give the same 78 stories as at 0.05; a corpus from
# benchmarks/make_corpus.py (2,000 articles, seed 0) adjusted Rand index 1.0 as at 0.05.
# Earlier sweep without the merge step, on make_corpus corpora only: 0.03 and below let
# chained stories through (up to 4 found stories of two at 10,000 articles).
STORY_RESOLUTION_DEFAULT = 0.25
# After the communities: a story of at most this many articles joins the story, at least as
# large, whose centroid (sum of its articles' vectors) is the most similar to its own, when
# that cosine is at least STORY_MERGE_SIMILARITY_DEFAULT; repeated until nothing joins. A high
# resolution keeps two events of one kind apart but leaves the loosely linked articles of a
# story (a short wire brief, a different angle) on their own: a centroid sums the story's
# words, so an article is closer to its own story's centroid than to any single article of it.
# Chosen with the resolution above (ECB+ mixed, halves, at 0.25): 0 (no merge) 0.642 / 0.637,
# 1 article 0.775 / 0.810, 2 0.850 / 0.908, 3 0.887 / 0.930, 4 0.887 / 0.850, 5 0.920 / 0.850,
# 8 0.834 / 0.783, 10 0.799 / 0.683 (larger parts of the two events of a topic join).
STORY_MERGE_MAX_SIZE_DEFAULT = 3
# Least centroid cosine for that merge: the link threshold, and read off the same 91 real
# pages: with the resolution above, 0.20 joins pages of different stories there and 0.30
# leaves apart pages of one story linked at 0.25-0.30 (both change its 78 stories; 0.25 keeps
# them). On ECB+ mixed (halves): 0.20 0.896 / 0.939, 0.30 0.876 / 0.893; not chosen there.
STORY_MERGE_SIMILARITY_DEFAULT = STORY_MIN_SIMILARITY_DEFAULT
# Seed of the Leiden algorithm's random choices (node order, refinement).
STORY_RANDOM_STATE_DEFAULT = 0

STORY_COLUMNS = ["source_id", "story_id"]


def article_blocks(blocks: pd.DataFrame) -> pd.DataFrame:
    """The blocks of article text (not flagged as boilerplate), with ``spread``: how many
    sources carry the block word for word (case and punctuation aside)."""
    keep = blocks
    if "is_boilerplate" in blocks:
        keep = blocks[~blocks["is_boilerplate"].fillna(False).astype(bool)]
    keep = keep.sort_values(["source_id", "block_no"])[["source_id", "text"]]
    key = keep["text"].str.lower().str.replace(NORMALISE, " ", regex=True).str.strip()
    return keep.assign(spread=keep.groupby(key)["source_id"].transform("nunique").to_numpy())


def article_texts(blocks: pd.DataFrame) -> pd.Series:
    """Each source's article text (blocks not flagged as boilerplate), indexed by source id."""
    keep = article_blocks(blocks)
    return keep.groupby("source_id", sort=True)["text"].agg(lambda texts: "\n".join(texts))


@lru_cache(maxsize=1)
def background_texts() -> tuple[str, ...]:
    """Article text of the vendored news pages, for document frequencies (see above)."""
    with gzip.open(TRAINING_DATA, "rt", encoding="utf-8") as handle:
        pages = [json.loads(line) for line in handle]
    return tuple(
        "\n".join(line["text"] for line in page["lines"] if line["label"] != "boilerplate")
        for page in pages
    )


def story_vectors(
    blocks: pd.DataFrame, sources: pd.Index, background: tuple[str, ...] | None = None
):
    """L2-normalised TF-IDF rows of each source's article text, in the order of ``sources``.

    A block that k sources carry word for word counts 1/k (a site's stock paragraphs, which
    the boilerplate model may keep, would otherwise join the stories of one site); term
    frequency is then damped with log(1 + tf), and the IDF counts ``blocks`` and
    ``background`` (see above). Raises ``ValueError`` when there is no content word.
    """
    background = background_texts() if background is None else background
    keep = article_blocks(blocks)
    owner = sources.get_indexer(keep["source_id"])
    keep, owner = keep[owner >= 0], owner[owner >= 0]
    counter = CountVectorizer(stop_words=sorted(FUNCTION_WORDS))
    block_counts = counter.fit_transform(keep["text"].tolist()).tocsr()
    weights = coo_matrix(
        (1.0 / keep["spread"].to_numpy(), (owner, np.arange(len(keep)))),
        shape=(len(sources), len(keep)),
    ).tocsr()
    counts = (weights @ block_counts).tocsr()
    counts.sort_indices()
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    if background:
        frequency = frequency + np.asarray(
            (counter.transform(background) > 0).sum(axis=0)).ravel()
    n_documents = len(sources) + len(background)
    idf = np.log((1 + n_documents) / (1 + frequency)) + 1  # scikit-learn's smoothed IDF
    counts.data = np.log1p(counts.data) * idf[counts.indices]
    return normalize(counts)


def candidate_pairs(vectors, *, top_terms: int, window: int, passes: int) -> np.ndarray:
    """Pairs ``(i, j)``, ``i < j``, of rows that share a heavy term and sit close in its list.

    Each of ``passes`` orders every term's list by a MinHash of the articles' heavy terms
    (rows with the same value side by side, corpus order among them), so articles that share
    many heavy terms tend to be neighbours in every list they share; each pass pairs each
    article with the next ``window`` of every list (the multi-pass sorted-neighbourhood
    method). At most n x top_terms x window x passes pairs."""
    vectors = vectors.tocsr()
    if vectors.nnz == 0:
        return np.zeros((0, 2), dtype=np.int64)
    n = np.int64(vectors.shape[0])
    rows = np.repeat(np.arange(n), np.diff(vectors.indptr))
    heaviest = np.lexsort((-vectors.data, rows))  # each row's terms, heaviest first
    rank = np.arange(len(heaviest)) - vectors.indptr[rows[heaviest]]
    keep = heaviest[rank < top_terms]
    rows, terms = rows[keep], vectors.indices[keep]
    # Each pair as one number, i * n + j, sorted in place and made unique: the order of
    # (i, j), at half the memory of sorting pairs of rows.
    keys = []
    for seed in range(passes):
        order = np.lexsort((rows, _minhash(rows, terms, vectors.shape, seed)[rows], terms))
        ordered_rows, ordered_terms = rows[order], terms[order]
        for offset in range(1, window + 1):
            same_term = ordered_terms[offset:] == ordered_terms[:-offset]
            first, second = ordered_rows[:-offset][same_term], ordered_rows[offset:][same_term]
            keys.append(np.minimum(first, second) * n + np.maximum(first, second))
    keys = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
    keys.sort()
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys
    return np.stack([keys // n, keys % n], axis=1)


def _minhash(rows: np.ndarray, terms: np.ndarray, shape: tuple[int, int], seed: int) -> np.ndarray:
    """Per row, the least rank of its ``terms`` in a random order of the vocabulary (seeded):
    two rows have the same value with probability the Jaccard similarity of their terms."""
    rank = np.random.default_rng(seed).permutation(shape[1]).astype(np.int64)
    least = np.full(shape[0], shape[1], dtype=np.int64)
    np.minimum.at(least, rows, rank[terms])
    return least


def pair_similarity(vectors, pairs: np.ndarray, batch: int = 20_000) -> np.ndarray:
    """Cosine similarity of each pair of rows of L2-normalised sparse ``vectors``."""
    vectors = vectors.tocsr()
    out = np.empty(len(pairs))
    for start in range(0, len(pairs), batch):
        chunk = pairs[start:start + batch]
        product = vectors[chunk[:, 0]].multiply(vectors[chunk[:, 1]])
        out[start:start + batch] = np.asarray(product.sum(axis=1)).ravel()
    return out


@contextmanager
def _seeded_igraph(random_state: int):
    """igraph's random choices from a generator seeded with ``random_state``; igraph's
    default generator (Python's ``random`` module) is put back afterwards."""
    igraph.set_random_number_generator(random.Random(random_state))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)


def link_communities(
    n: int, pairs: np.ndarray, weights: np.ndarray, *, resolution: float, random_state: int
) -> np.ndarray:
    """Community of each of ``n`` nodes: the Leiden algorithm under the Constant Potts Model
    on the undirected links ``pairs`` weighted by ``weights``, run until no iteration improves
    the partition. A node without links is a community of its own."""
    graph = igraph.Graph(n=n, edges=pairs.tolist(), directed=False)
    with _seeded_igraph(random_state):
        found = graph.community_leiden(
            objective_function="CPM", weights=weights.tolist(), resolution=resolution,
            n_iterations=-1)
    return np.asarray(found.membership, dtype=np.int64)


def merge_small_stories(
    vectors, labels: np.ndarray, pairs: np.ndarray, *, max_size: int, min_similarity: float
) -> np.ndarray:
    """Labels after small stories join a larger one: each story of at most ``max_size``
    articles joins the story, of at least its size, whose centroid (the sum of its articles'
    L2-normalised vectors) has the highest cosine with its own centroid, if that is at least
    ``min_similarity``; repeated until no story joins another. Only stories with a candidate
    pair of articles between them (``pairs``) are compared, so nothing is quadratic in the
    number of stories. Deterministic: ties go to the story with the lowest label."""
    labels = np.asarray(labels, dtype=np.int64).copy()
    if len(pairs) == 0 or max_size < 1:
        return labels
    vectors = vectors.tocsr()
    while True:
        _, labels = np.unique(labels, return_inverse=True)
        n_stories = int(labels.max()) + 1
        size = np.bincount(labels, minlength=n_stories)
        first, second = labels[pairs[:, 0]], labels[pairs[:, 1]]
        across = first != second
        keys = np.unique(np.minimum(first, second)[across] * n_stories
                         + np.maximum(first, second)[across])
        if len(keys) == 0:
            return labels
        story_pairs = np.stack([keys // n_stories, keys % n_stories], axis=1)
        members = coo_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))),
                             shape=(n_stories, len(labels))).tocsr()
        similarity = pair_similarity(normalize(members @ vectors), story_pairs)
        # both directions: (small story, candidate target, similarity)
        small = np.concatenate([story_pairs[:, 0], story_pairs[:, 1]])
        target = np.concatenate([story_pairs[:, 1], story_pairs[:, 0]])
        similarity = np.concatenate([similarity, similarity])
        ok = ((size[small] <= max_size) & (size[target] >= size[small])
              & (similarity >= min_similarity))
        small, target, similarity = small[ok], target[ok], similarity[ok]
        if len(small) == 0:
            return labels
        order = np.lexsort((target, -similarity, small))  # per small story, the best first
        small, target = small[order], target[order]
        best = np.concatenate(([True], small[1:] != small[:-1]))
        parent = np.arange(n_stories)

        def root(k: int) -> int:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for k, j in zip(small[best].tolist(), target[best].tolist()):
            rk, rj = root(k), root(j)
            if rk != rj:
                parent[max(rk, rj)] = min(rk, rj)
        labels = np.array([root(k) for k in range(n_stories)], dtype=np.int64)[labels]


def cluster_stories(
    blocks: pd.DataFrame,
    *,
    min_similarity: float = STORY_MIN_SIMILARITY_DEFAULT,
    top_terms: int = STORY_TOP_TERMS_DEFAULT,
    window: int = STORY_WINDOW_DEFAULT,
    passes: int = STORY_PASSES_DEFAULT,
    resolution: float = STORY_RESOLUTION_DEFAULT,
    merge_max_size: int = STORY_MERGE_MAX_SIZE_DEFAULT,
    merge_similarity: float = STORY_MERGE_SIMILARITY_DEFAULT,
    random_state: int = STORY_RANDOM_STATE_DEFAULT,
) -> pd.DataFrame:
    """One row per source: ``source_id`` and ``story_id``.

    A story is named after its first source (``story-<source_id>``, sources in id order), so
    its name stays when articles are added to the corpus, unless one that comes first joins
    it: a journalist's story-... is the same story from one run to the next, and the rows kept
    for it (``analysis.kept``) are reused. A source whose article text has no content word is
    a story of its own.
    """
    sources = pd.Index(sorted(blocks["source_id"].unique()), dtype=object)
    if sources.empty:
        return pd.DataFrame({"source_id": pd.Series(dtype="string"),
                             "story_id": pd.Series(dtype="string")})
    pairs, similarity = np.zeros((0, 2), dtype=np.int64), np.zeros(0)
    candidates = pairs
    try:
        vectors = story_vectors(blocks, sources)
    except ValueError:  # not one content word in the corpus
        vectors = None
    if vectors is not None and len(sources) > 1:
        candidates = candidate_pairs(vectors, top_terms=top_terms, window=window, passes=passes)
        similarity = pair_similarity(vectors, candidates)
        linked = similarity >= min_similarity
        pairs, similarity = candidates[linked], similarity[linked]
    labels = link_communities(len(sources), pairs, similarity,
                              resolution=resolution, random_state=random_state)
    if vectors is not None:
        labels = merge_small_stories(vectors, labels, candidates, max_size=merge_max_size,
                                     min_similarity=merge_similarity)
    # Stories are named by their first source (sources are sorted).
    _, first, community = np.unique(labels, return_index=True, return_inverse=True)
    story = [f"story-{sources[first[k]]}" for k in community]
    return pd.DataFrame({"source_id": pd.array(sources, dtype="string"),
                         "story_id": pd.array(story, dtype="string")})


def add_story_ids(articles: pd.DataFrame, blocks: pd.DataFrame, **kwargs) -> pd.DataFrame:
    """``articles`` with a ``story_id`` column from ``cluster_stories(blocks)``."""
    stories = cluster_stories(blocks, **kwargs)
    articles = articles.drop(columns=["story_id"], errors="ignore")
    merged = articles.merge(stories, on="source_id", how="left")
    # an article without blocks (none in practice) is a story of its own
    missing = merged["story_id"].isna()
    merged.loc[missing, "story_id"] = "story-" + merged.loc[missing, "source_id"].astype(str)
    return merged
