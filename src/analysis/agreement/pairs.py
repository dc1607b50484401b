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

import itertools

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
    n_sentences = sentences.groupby("source_id").size()
    both = pd.concat([
        alignments[["source_a", "source_b", "sentence_a", "similarity"]],
        alignments[["source_b", "source_a", "sentence_b", "similarity"]].set_axis(
            ["source_a", "source_b", "sentence_a", "similarity"], axis=1),
    ])
    best = both.groupby(["source_a", "source_b", "sentence_a"])["similarity"].max().reset_index()
    summed = best.groupby(["source_a", "source_b"])["similarity"].agg(["sum", "size"])
    facts = claims.groupby("source_id")["cluster_id"].agg(lambda s: set(s)).to_dict()
    cluster_of = dict(zip(claims["claim_id"], claims["cluster_id"]))
    relation_facts = {}
    for row in links.itertuples(index=False):
        for key in ((row.source_a, row.source_b), (row.source_b, row.source_a)):
            relation_facts.setdefault((key, row.relation), set()).add(cluster_of[row.claim_a])
    rows = []
    for a, b in itertools.permutations(sources, 2):
        total, aligned = summed.loc[(a, b)] if (a, b) in summed.index else (0.0, 0)
        text = float(total) / n_sentences.get(a, 0) if n_sentences.get(a, 0) else 0.0
        own, other = facts.get(a, set()), facts.get(b, set())
        shared = own & other
        contradicting = relation_facts.get(((a, b), "contradicts"), set()) & shared
        agreeing = relation_facts.get(((a, b), "agrees"), set()) & shared
        overlap = len(shared) / len(own) if own else 0.0
        discount = 1 - len(contradicting) / len(shared) if shared else 1.0
        rows.append({
            "source_a": a, "source_b": b,
            "text_similarity": round(text, DECIMALS), "claim_overlap": round(overlap, DECIMALS),
            "agreement": round((TEXT_WEIGHT * text + CLAIM_WEIGHT * overlap) * discount, DECIMALS),
            "n_shared_facts": len(shared), "n_agreeing_facts": len(agreeing),
            "n_contradicting_facts": len(contradicting), "n_aligned_sentences": int(aligned),
        })
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def agreement_matrix(agreement: pd.DataFrame, column: str = "agreement") -> pd.DataFrame:
    """Square source x source frame of ``column`` (diagonal 1)."""
    matrix = agreement.pivot(index="source_a", columns="source_b", values=column)
    sources = sorted(set(agreement["source_a"]) | set(agreement["source_b"]))
    matrix = matrix.reindex(index=sources, columns=sources)
    np.fill_diagonal(matrix.values, 1.0)
    return matrix
