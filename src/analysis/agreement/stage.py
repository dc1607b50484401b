"""The study's agreement stage: from claims and sentences to facts, contradictions, copies
and the agreement between sources, story by story.

Sources are compared only within a story (``articles.story_id`` when the corpus has one,
otherwise the whole corpus is one story), so the cost grows with the stories' sizes, not
with the square of the corpus.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..engine import imap_heaviest_first, weighted_chunks
from .align import ALIGNMENT_COLUMNS, align_sentences
from .copies import COPY_COLUMNS, copied_pairs, copy_families
from .features import Pool
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
ALIGNMENTS = 3  # position of the alignments in ``compare_story``'s result


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
                    articles: pd.DataFrame, *, engine=None, progress=None,
                    alignments_to=None) -> dict[str, pd.DataFrame]:
    """``claims`` judged (cluster_id, status, ...), and the tables ``contradictions``,
    ``agreement``, ``alignments`` (aligned sentence pairs) and ``copies``.

    With a parallel ``engine`` (``analysis.engine``), chunks of whole stories go to its
    workers, the heaviest first; the tables are stacked in story order all the same.
    ``alignments_to`` (an ``analysis.store.PartedTable``, or anything with ``add(frame)``)
    takes each story's alignments as they are done, and the table is not returned: it is
    the largest, and need not be held in memory.
    """
    content = content_sentences(sentences, blocks)
    story_sources = stories(articles)
    items = _story_items(content, claims, story_sources)
    del content
    compare = partial(_compare_stories, prefix_facts=len(story_sources) > 1)
    if engine is not None and engine.parallel(len(articles)) and len(items) > 1:
        weights = [len(item[2]) for item in items]  # content sentences of each story
        chunks = [[items[i] for i in chunk] for chunk in weighted_chunks(weights, engine)]
        chunk_weights = [sum(len(item[2]) for item in chunk) for chunk in chunks]
        del items  # the chunks hold the stories now
        results = imap_heaviest_first(engine, compare, chunks, chunk_weights,
                                      progress=progress, desc="agreement")
        n_chunks = len(chunks)
        del chunks
    else:  # one story at a time, so that each story's alignments can go as soon as done
        results = ((i, [compare_story(*item, prefix_facts=len(story_sources) > 1)])
                   for i, item in enumerate(items))
        n_chunks = len(items)
    placed = [None] * n_chunks
    for position, chunk in results:
        if alignments_to is not None:
            for story in chunk:
                alignments_to.add(story[ALIGNMENTS])
            chunk = [story[:ALIGNMENTS] + (None,) + story[ALIGNMENTS + 1:] for story in chunk]
        placed[position] = chunk
        del chunk
    results = items = None  # the stories' inputs, freed
    per_story = [story for chunk in placed for story in chunk]
    del placed
    tables = {"claims": list(claims.columns) + ["cluster_id", "status"],
              "contradictions": CONTRADICTION_COLUMNS, "agreement": AGREEMENT_COLUMNS,
              "alignments": ALIGNMENT_COLUMNS, "copies": COPY_COLUMNS}
    pieces = [list(column) for column in zip(*per_story)] or [[] for _ in tables]
    del per_story
    for i, (name, columns) in enumerate(tables.items()):
        if name == "alignments" and alignments_to is not None:
            pieces[i] = None
            continue
        frames = [f for f in pieces[i] if len(f)]
        pieces[i] = None  # each story's pieces freed once stacked
        tables[name] = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
        del frames
    if alignments_to is not None:
        del tables["alignments"]
    return tables


def _story_items(content: pd.DataFrame, claims: pd.DataFrame, story_sources: dict[str, list[str]]
                 ) -> list[tuple[str, list[str], pd.DataFrame, pd.DataFrame]]:
    """(story, its sources, its content sentences, its claims) for each story, in story order;
    rows keep their order in ``content`` and ``claims`` (one pass over each, not one per story)."""
    story_of = {source: story for story, source_ids in story_sources.items() for source in source_ids}
    sentence_rows = content.groupby(content["source_id"].map(story_of), sort=False).indices
    claim_rows = claims.groupby(claims["source_id"].map(story_of), sort=False).indices
    none = np.zeros(0, dtype=int)
    return [(story, source_ids, content.iloc[sentence_rows.get(story, none)],
             claims.iloc[claim_rows.get(story, none)])
            for story, source_ids in story_sources.items()]


def _compare_stories(items, *, prefix_facts: bool) -> list[tuple[pd.DataFrame, ...]]:
    return [compare_story(*item, prefix_facts=prefix_facts) for item in items]


def compare_story(story: str, source_ids: list[str], story_sentences: pd.DataFrame,
                  story_claims: pd.DataFrame, *, prefix_facts: bool = False) -> tuple[pd.DataFrame, ...]:
    """One story's claims judged, contradictions, agreement, alignments and copies;
    ``prefix_facts`` puts the story id before its fact ids (unique across stories)."""
    pool = Pool(dict.fromkeys(story_sentences["text"]))  # word weights, fitted once per story
    aligned = align_sentences(story_sentences, extra_pairs=value_sentence_pairs(story_claims), pool=pool)
    copied = copied_pairs(aligned, story_sentences.groupby("source_id").size())
    families = copy_families(source_ids, copied)
    links = link_claims(story_claims, aligned, pool) if len(story_claims) else \
        pd.DataFrame(columns=LINK_COLUMNS)
    story_judged = judge_claims(story_claims, links, families)
    if prefix_facts:
        story_judged["cluster_id"] = story + ":" + story_judged["cluster_id"].astype("string")
    return (story_judged, contradictions_table(story_judged, links),
            agreement_table(story_sentences, aligned, story_judged, links, source_ids), aligned, copied)
