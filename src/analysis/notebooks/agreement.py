"""Tables about agreement between sources for the notebooks: pure functions of the study's tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform

from ..agreement.pairs import agreement_matrix

# Charts of more sources than this are unreadable: the notebooks show the largest story's
# first sources by id.
MAX_CHART_SOURCES_DEFAULT = 40


def story_sources(articles: pd.DataFrame, *, max_sources: int = MAX_CHART_SOURCES_DEFAULT) -> list[str]:
    """The sources of the largest story (first by story id on ties), at most ``max_sources``."""
    if "story_id" not in articles or articles["story_id"].isna().all():
        ids = sorted(articles["source_id"])
    else:
        sizes = articles.groupby("story_id").size()
        largest = sorted(sizes.index, key=lambda story: (-sizes[story], story))[0]
        ids = sorted(articles.loc[articles["story_id"] == largest, "source_id"])
    return ids[:max_sources]


def symmetric_agreement(agreement: pd.DataFrame, sources: list[str]) -> pd.DataFrame:
    """Source x source agreement, the mean of both directions (diagonal 1)."""
    chosen = agreement[agreement["source_a"].isin(sources) & agreement["source_b"].isin(sources)]
    matrix = agreement_matrix(chosen).reindex(index=sources, columns=sources).fillna(0.0)
    values = (matrix.to_numpy() + matrix.to_numpy().T) / 2
    np.fill_diagonal(values, 1.0)
    return pd.DataFrame(values, index=sources, columns=sources)


def cluster_order(matrix: pd.DataFrame) -> tuple[list[str], np.ndarray | None]:
    """Sources ordered by average-linkage clustering on 1 - agreement, and the linkage
    (None for fewer than three sources)."""
    if len(matrix) < 3:
        return list(matrix.index), None
    distance = np.clip(1.0 - matrix.to_numpy(), 0.0, 1.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average", optimal_ordering=True)
    return [matrix.index[i] for i in leaves_list(tree)], tree


def agreement_view(agreement: pd.DataFrame, sources: list[str]) -> pd.DataFrame:
    """The agreement table of ``sources``, strongest pairs first."""
    table = agreement[agreement["source_a"].isin(sources) & agreement["source_b"].isin(sources)]
    table = table.sort_values(["agreement", "source_a", "source_b"], ascending=[False, True, True])
    return table.set_index(["source_a", "source_b"])[
        ["agreement", "text_similarity", "claim_overlap", "n_shared_facts", "n_agreeing_facts",
         "n_contradicting_facts", "n_aligned_sentences"]]


def strongest_alignments(alignments: pd.DataFrame, source_a: str, source_b: str, *, n: int = 5,
                         text_chars: int = 140) -> pd.DataFrame:
    """The most similar sentence pairs of two sources: the evidence behind their agreement."""
    from .ingest import shorten

    pair = alignments[((alignments["source_a"] == source_a) & (alignments["source_b"] == source_b))
                      | ((alignments["source_a"] == source_b) & (alignments["source_b"] == source_a))]
    pair = pair.sort_values(["similarity", "line_a", "line_b"], ascending=[False, True, True]).head(n)
    table = pair[["source_a", "line_a", "text_a", "source_b", "line_b", "text_b", "similarity"]].copy()
    for column in ("text_a", "text_b"):
        table[column] = table[column].map(lambda text: shorten(text, text_chars))
    return table.reset_index(drop=True)
