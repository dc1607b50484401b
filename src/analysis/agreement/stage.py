"""The study's agreement stage: from claims and sentences to facts, contradictions, copies
and the agreement between sources, story by story.

Sources are compared only within a story (``articles.story_id`` when the corpus has one,
otherwise the whole corpus is one story), so the cost grows with the stories' sizes, not
with the square of the corpus.
"""

from __future__ import annotations

import pandas as pd

from .align import ALIGNMENT_COLUMNS, align_sentences
from .copies import COPY_COLUMNS, copied_pairs, copy_families
from .facts import (
    CONTRADICTION_COLUMNS,
    LINK_COLUMNS,
    contradictions_table,
    judge_claims,
    link_claims,
    value_sentence_pairs,
)
from .pairs import AGREEMENT_COLUMNS, agreement_table

STORY_COLUMN = "story_id"


def content_sentences(sentences: pd.DataFrame, blocks: pd.DataFrame) -> pd.DataFrame:
    """The sentences of article text (boilerplate blocks left out)."""
    content = set(blocks.loc[~blocks["is_boilerplate"].fillna(False).astype(bool), "block_id"])
    return sentences[sentences["block_id"].isin(content)]


def stories(articles: pd.DataFrame) -> dict[str, list[str]]:
    """Story id -> its sources, in order."""
    if STORY_COLUMN not in articles or articles[STORY_COLUMN].isna().all():
        return {"story": sorted(articles["source_id"])}
    grouped = articles.groupby(articles[STORY_COLUMN].astype("string").fillna("story"))["source_id"]
    return {story: sorted(ids) for story, ids in sorted(grouped)}


def compare_sources(sentences: pd.DataFrame, blocks: pd.DataFrame, claims: pd.DataFrame,
                    articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``claims`` judged (cluster_id, status, ...), and the tables ``contradictions``,
    ``agreement``, ``alignments`` (aligned sentence pairs) and ``copies``."""
    content = content_sentences(sentences, blocks)
    judged, contradictions, agreement, alignments, copies = [], [], [], [], []
    story_sources = stories(articles)
    for story, source_ids in story_sources.items():
        story_sentences = content[content["source_id"].isin(source_ids)]
        story_claims = claims[claims["source_id"].isin(source_ids)]
        aligned = align_sentences(story_sentences, extra_pairs=value_sentence_pairs(story_claims))
        copied = copied_pairs(aligned, story_sentences.groupby("source_id").size())
        families = copy_families(source_ids, copied)
        links = link_claims(story_claims, aligned, story_sentences["text"]) if len(story_claims) else \
            pd.DataFrame(columns=LINK_COLUMNS)
        story_judged = judge_claims(story_claims, links, families)
        if len(story_sources) > 1:  # fact ids unique across stories
            story_judged["cluster_id"] = story + ":" + story_judged["cluster_id"].astype("string")
        judged.append(story_judged)
        contradictions.append(contradictions_table(story_judged, links))
        agreement.append(agreement_table(story_sentences, aligned, story_judged, links, source_ids))
        alignments.append(aligned)
        copies.append(copied)

    def stack(frames, columns):
        frames = [f for f in frames if len(f)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

    return {
        "claims": stack(judged, list(claims.columns) + ["cluster_id", "status"]),
        "contradictions": stack(contradictions, CONTRADICTION_COLUMNS),
        "agreement": stack(agreement, AGREEMENT_COLUMNS),
        "alignments": stack(alignments, ALIGNMENT_COLUMNS),
        "copies": stack(copies, COPY_COLUMNS),
    }
