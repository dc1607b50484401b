"""Copies: sources that share their text, so that one cannot corroborate the other.

Two sources are copies when most of the shorter one's sentences reappear near-verbatim in the
other (syndication, scraping, a light rewrite). Copies form families (connected groups); a
fact counts as corroborated only when sources of two different families report it.
"""

from __future__ import annotations

import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

# A sentence is a (near-)verbatim copy when its character 3-5-gram cosine reaches this.
# Measured on STS-B news (train and dev, 3,799 pairs of sentences from different outlets on
# one event): 5% of the pairs reach 0.85, and only 7 of the 1,619 pairs judged less than
# "roughly equivalent" do; a changed number or word or two keeps a copied sentence above it.
COPY_SENTENCE_COSINE_DEFAULT = 0.85
# Sources are copies when this share of the shorter one's content sentences are copies ...
COPY_SHARE_DEFAULT = 0.5
# ... and at least this many: one shared sentence (a quote, a stock phrase) is no copy.
COPY_MIN_SENTENCES_DEFAULT = 2

COPY_COLUMNS = ["source_a", "source_b", "n_copied", "copied_share"]


def copied_pairs(
    alignments: pd.DataFrame,
    sentence_counts: pd.Series,
    *,
    min_cosine: float = COPY_SENTENCE_COSINE_DEFAULT,
    min_share: float = COPY_SHARE_DEFAULT,
    min_sentences: int = COPY_MIN_SENTENCES_DEFAULT,
) -> pd.DataFrame:
    """Pairs of sources (source_a < source_b) that copy each other, with the evidence count.

    ``sentence_counts``: content sentences per source (index source_id).
    """
    verbatim = alignments[alignments["char_cosine"] >= min_cosine]
    if verbatim.empty:
        return pd.DataFrame(columns=COPY_COLUMNS)
    counts = verbatim.groupby(["source_a", "source_b"]).agg(
        n_a=("sentence_a", "nunique"), n_b=("sentence_b", "nunique")).reset_index()
    counts["n_copied"] = counts[["n_a", "n_b"]].min(axis=1)
    shorter = pd.concat([counts["source_a"].map(sentence_counts),
                         counts["source_b"].map(sentence_counts)], axis=1).min(axis=1)
    counts["copied_share"] = (counts["n_copied"] / shorter.clip(lower=1)).round(4)
    chosen = (counts["copied_share"] >= min_share) & (counts["n_copied"] >= min_sentences)
    return counts.loc[chosen, COPY_COLUMNS].reset_index(drop=True)


def translation_links(translations: pd.DataFrame | None) -> pd.DataFrame:
    """Pairs of sources (``source_a`` < ``source_b``) that are one text in two languages: each
    translation and its original, and two translations of one original. ``translations`` has
    ``source_id`` and ``translation_of`` (``translation.originals.translation_pairs``)."""
    if translations is None or not len(translations):
        return pd.DataFrame(columns=["source_a", "source_b"])
    pairs = set()
    for original, copies in translations.groupby("translation_of")["source_id"]:
        members = sorted({original, *copies})
        pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    return pd.DataFrame(sorted(pairs), columns=["source_a", "source_b"])


def copy_families(sources: list[str], copies: pd.DataFrame) -> dict[str, str]:
    """Each source's family: the first source id (in order) of its group of copies (pairs
    ``source_a``, ``source_b``: ``copied_pairs``, and ``translation_links`` too, since a
    translation copies its original); pairs naming other sources are left out."""
    sources = sorted(sources)
    index = {source: i for i, source in enumerate(sources)}
    links = copies[copies["source_a"].isin(index) & copies["source_b"].isin(index)]
    rows = [index[s] for s in links["source_a"]]
    cols = [index[s] for s in links["source_b"]]
    graph = coo_matrix(([1] * len(rows), (rows, cols)), shape=(len(sources), len(sources)))
    _, labels = connected_components(graph, directed=False)
    first = {}
    for source, label in zip(sources, labels):
        first.setdefault(label, source)
    return {source: first[label] for source, label in zip(sources, labels)}
