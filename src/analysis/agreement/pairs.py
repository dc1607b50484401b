"""The ``agreement`` table: for each ordered pair of sources, how much they say alike.

    text_similarity  mean, over source_a's content sentences, of the similarity of its best
                     aligned sentence in source_b (0 where none aligns)
    claim_overlap    share of source_a's facts (clusters) that source_b reports too
    n_shared_facts, n_agreeing_facts, n_contradicting_facts   the facts behind it
    agreement = (TEXT_WEIGHT * text_similarity + CLAIM_WEIGHT * claim_overlap)
                * (1 - n_contradicting_facts / n_shared_facts)

So agreement is how much of a's story b tells too, discounted by the share of their shared
facts on which they disagree. It is not symmetric: a short wire copy can be all in a long
article, not the reverse.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

TEXT_WEIGHT = 0.5
CLAIM_WEIGHT = 0.5
DECIMALS = 4
AGREEMENT_COLUMNS = ["source_a", "source_b", "text_similarity", "claim_overlap", "agreement",
                     "n_shared_facts", "n_agreeing_facts", "n_contradicting_facts", "n_aligned_sentences"]


def agreement_table(sentences: pd.DataFrame, alignments: pd.DataFrame, claims: pd.DataFrame,
                    links: pd.DataFrame, source_ids) -> pd.DataFrame:
    """One row per ordered pair of distinct sources in ``source_ids``."""
    sources = sorted(source_ids)
    grid = pd.DataFrame([(a, b) for a in sources for b in sources if a != b], columns=["source_a", "source_b"])
    if grid.empty:
        return pd.DataFrame(columns=AGREEMENT_COLUMNS)
    # text: each of a's sentences counts with its best similarity in b
    both = pd.concat([
        alignments[["source_a", "source_b", "sentence_a", "similarity"]],
        alignments[["source_b", "source_a", "sentence_b", "similarity"]].set_axis(
            ["source_a", "source_b", "sentence_a", "similarity"], axis=1),
    ])
    best = both.groupby(["source_a", "source_b", "sentence_a"], observed=True)["similarity"].max()
    text = best.groupby(["source_a", "source_b"], observed=True).agg(["sum", "size"])
    text.columns = ["similarity_sum", "n_aligned_sentences"]
    grid = grid.merge(text.reset_index(), on=["source_a", "source_b"], how="left")
    n_sentences = sentences.groupby("source_id").size()
    own_sentences = grid["source_a"].map(n_sentences).fillna(0).to_numpy(dtype=float)
    grid["text_similarity"] = np.where(own_sentences > 0, grid["similarity_sum"].fillna(0) / np.maximum(own_sentences, 1), 0.0)
    # claims: facts of a that b reports too, and those on which they agree or disagree
    facts = claims[["source_id", "cluster_id"]].drop_duplicates()
    shared = facts.merge(facts, on="cluster_id", suffixes=("_a", "_b"))
    shared = shared[shared["source_id_a"] != shared["source_id_b"]]
    n_shared = shared.groupby(["source_id_a", "source_id_b"]).size().rename("n_shared_facts")
    n_own = facts.groupby("source_id").size()
    cluster_of = dict(zip(claims["claim_id"], claims["cluster_id"]))
    related = links.assign(cluster_id=links["claim_a"].map(cluster_of))[["source_a", "source_b", "relation", "cluster_id"]]
    related = pd.concat([related, related.rename(columns={"source_a": "source_b", "source_b": "source_a"})])
    counts = related.drop_duplicates().groupby(["source_a", "source_b", "relation"]).size().unstack(fill_value=0)
    grid = grid.merge(n_shared.rename_axis(["source_a", "source_b"]).reset_index(), on=["source_a", "source_b"], how="left")
    grid = grid.merge(counts.reset_index(), on=["source_a", "source_b"], how="left")
    for column in ("n_shared_facts", "agrees", "contradicts", "n_aligned_sentences"):
        if column not in grid:
            grid[column] = 0
        grid[column] = grid[column].fillna(0).astype("int64")
    grid = grid.rename(columns={"agrees": "n_agreeing_facts", "contradicts": "n_contradicting_facts"})
    own = grid["source_a"].map(n_own).fillna(0).to_numpy(dtype=float)
    grid["claim_overlap"] = np.where(own > 0, grid["n_shared_facts"] / np.maximum(own, 1), 0.0)
    shared_n = grid["n_shared_facts"].to_numpy(dtype=float)
    discount = np.where(shared_n > 0, 1 - np.minimum(grid["n_contradicting_facts"], shared_n) / np.maximum(shared_n, 1), 1.0)
    grid["agreement"] = (TEXT_WEIGHT * grid["text_similarity"] + CLAIM_WEIGHT * grid["claim_overlap"]) * discount
    for column in ("text_similarity", "claim_overlap", "agreement"):
        grid[column] = grid[column].round(DECIMALS)
    return grid[AGREEMENT_COLUMNS]


def agreement_matrix(agreement: pd.DataFrame, column: str = "agreement") -> pd.DataFrame:
    """Square source x source frame of ``column`` (diagonal 1)."""
    matrix = agreement.pivot(index="source_a", columns="source_b", values=column)
    sources = sorted(set(agreement["source_a"]) | set(agreement["source_b"]))
    values = matrix.reindex(index=sources, columns=sources).to_numpy(dtype=float, copy=True)
    np.fill_diagonal(values, 1.0)
    return pd.DataFrame(values, index=sources, columns=sources)
