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
from .copies import COPY_COLUMNS, copied_pairs, copy_families, translation_links
from .features import Pool
from .model import BACKEND_DEFAULT
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


def publication_dates(articles: pd.DataFrame) -> dict[str, str]:
    """Source -> its ISO publication date, where the metadata gives one."""
    if "published" not in articles:
        return {}
    return {s: str(d)[:10] for s, d in zip(articles["source_id"], articles["published"])
            if isinstance(d, str) and len(d) >= 10}


def stories(articles: pd.DataFrame) -> dict[str, list[str]]:
    """Story id -> its sources, in order."""
    if STORY_COLUMN not in articles or articles[STORY_COLUMN].isna().all():
        return {"story": sorted(articles["source_id"])}
    grouped = articles.groupby(articles[STORY_COLUMN].astype("string").fillna("story"))["source_id"]
    return {story: sorted(ids) for story, ids in sorted(grouped)}


def compare_sources(sentences: pd.DataFrame, blocks: pd.DataFrame, claims: pd.DataFrame,
                    articles: pd.DataFrame, *, engine=None, progress=None,
                    write_to: dict | None = None, similarity: str = BACKEND_DEFAULT,
                    translations: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """``claims`` judged (cluster_id, status, ...), and the tables ``contradictions``,
    ``agreement``, ``alignments`` (aligned sentence pairs) and ``copies``.

    With a parallel ``engine`` (``analysis.engine``), chunks of whole stories go to its
    workers, the heaviest first; the tables are stacked in story order all the same.
    ``write_to`` maps table names to ``analysis.store.PartedTable`` (or anything with
    ``add(frame)``): each story's rows of those tables go there as soon as they are done,
    and those tables are not returned (at scale they are too large to hold in memory).
    ``similarity``: the sentence-similarity backend of the alignment ("lexical", or
    "semantic" with the optional extra). ``translations`` (``source_id``, ``translation_of``:
    ``translation.originals.translation_pairs``): a translation and its original are one copy
    family, never independent corroboration.
    """
    write_to = write_to or {}
    content = content_sentences(sentences, blocks)
    story_sources = stories(articles)
    items = _story_items(content, claims, story_sources, publication_dates(articles), translation_links(translations))
    del content
    tables = {"claims": list(claims.columns) + ["cluster_id", "status", "corroborated_by", "contradicted_by",
                                                "repeated_by_copies", "side_sources"],
              "contradictions": CONTRADICTION_COLUMNS, "agreement": AGREEMENT_COLUMNS,
              "alignments": ALIGNMENT_COLUMNS, "copies": COPY_COLUMNS}
    written = [i for i, name in enumerate(tables) if name in write_to]
    for name in write_to:  # the columns of the table written when no story has rows
        write_to[name].add(pd.DataFrame(columns=tables[name]))
    compare = partial(_compare_stories, prefix_facts=len(story_sources) > 1, similarity=similarity)
    if engine is not None and engine.parallel(len(articles)) and len(items) > 1:
        weights = [len(item[2]) for item in items]  # content sentences of each story
        chunks = [[items[i] for i in chunk] for chunk in weighted_chunks(weights, engine)]
        chunk_weights = [sum(len(item[2]) for item in chunk) for chunk in chunks]
        del items  # the chunks hold the stories now
        results = imap_heaviest_first(engine, compare, chunks, chunk_weights,
                                      progress=progress, desc="agreement")
        n_chunks = len(chunks)
        del chunks
    else:  # one story at a time, so that each story's rows can be written as soon as done
        results = ((i, compare([item])) for i, item in enumerate(items))
        n_chunks = len(items)
    placed = [None] * n_chunks
    for position, chunk in results:
        for story in chunk:
            for i in written:
                write_to[list(tables)[i]].add(story[i])
        placed[position] = [tuple(None if i in written else piece for i, piece in enumerate(story))
                            for story in chunk]
        del chunk
    results = items = None  # the stories' inputs, freed
    per_story = [story for chunk in placed for story in chunk]
    del placed
    pieces = [list(column) for column in zip(*per_story)] or [[] for _ in tables]
    del per_story
    for i, (name, columns) in enumerate(list(tables.items())):
        if i in written:
            del tables[name]
            continue
        frames = [f for f in pieces[i] if len(f)]
        pieces[i] = None  # each story's pieces freed once stacked
        tables[name] = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
        del frames
    return tables


def _story_items(content: pd.DataFrame, claims: pd.DataFrame, story_sources: dict[str, list[str]],
                 published: dict[str, str], links: pd.DataFrame) -> list[tuple]:
    """(story, its sources, its content sentences, its claims, its sources' publication
    dates, its translation links) for each story, in story order; rows keep their order in
    ``content`` and ``claims``. ``links``: pairs of sources that are one text in two languages
    (``copies.translation_links``); a story gets those between two of its sources."""
    story_no = {source: k for k, source_ids in enumerate(story_sources.values()) for source in source_ids}
    sentence_parts = _rows_by_story(content, story_no, len(story_sources))
    claim_parts = _rows_by_story(claims, story_no, len(story_sources))
    within = links[links["source_a"].map(story_no).eq(links["source_b"].map(story_no))]
    link_parts = {k: part for k, part in within.groupby(within["source_a"].map(story_no))}
    return [(story, source_ids, sentence_parts[k], claim_parts[k],
             {s: published[s] for s in source_ids if s in published}, link_parts.get(k))
            for k, (story, source_ids) in enumerate(story_sources.items())]


def _rows_by_story(frame: pd.DataFrame, story_no: dict[str, int], n_stories: int) -> list[pd.DataFrame]:
    """``frame``'s rows of each story (``story_no`` maps a source to its story's position),
    in ``frame``'s order. One take of the rows in story order, then a slice per story: a
    take per story costs time in the number of the column's chunks, which grows with the
    corpus (at 100,000 articles, with the agreement stage's preparation, 16 minutes)."""
    codes = frame["source_id"].map(story_no)
    known = codes.notna().to_numpy()
    codes = codes[known].astype("int64").to_numpy()
    order = np.argsort(codes, kind="stable")
    ordered = frame.iloc[np.flatnonzero(known)[order]]
    bounds = np.searchsorted(codes[order], np.arange(n_stories + 1), side="left")
    return [ordered.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def _compare_stories(items, *, prefix_facts: bool, similarity: str = BACKEND_DEFAULT) -> list[tuple[pd.DataFrame, ...]]:
    return [compare_story(*item, prefix_facts=prefix_facts, similarity=similarity) for item in items]


def compare_story(story: str, source_ids: list[str], story_sentences: pd.DataFrame,
                  story_claims: pd.DataFrame, published: dict[str, str] | None = None,
                  translated: pd.DataFrame | None = None, *,
                  prefix_facts: bool = False, similarity: str = BACKEND_DEFAULT) -> tuple[pd.DataFrame, ...]:
    """One story's claims judged, contradictions, agreement, alignments and copies;
    ``translated`` (``source_a``, ``source_b``: ``copies.translation_links``) joins
    translations to their originals' copy families;
    ``published`` maps sources to their ISO publication dates (where known: a figure that
    rose between dates is an update); ``prefix_facts`` puts the story id before its fact ids
    (unique across stories)."""
    pool = Pool(dict.fromkeys(story_sentences["text"]))  # word weights, fitted once per story
    aligned = align_sentences(story_sentences, extra_pairs=value_sentence_pairs(story_claims), pool=pool,
                              backend=similarity)
    copied = copied_pairs(aligned, story_sentences.groupby("source_id").size())
    families = copy_families(source_ids, copied if translated is None else
                             pd.concat([copied[["source_a", "source_b"]], translated], ignore_index=True))
    links = link_claims(story_claims, aligned, pool) if len(story_claims) else \
        pd.DataFrame(columns=LINK_COLUMNS)
    story_judged, kept = judge_claims(story_claims, links, families, aligned, published)
    links = pd.concat([links[links["relation"] != "contradicts"], kept], ignore_index=True)
    if prefix_facts:
        story_judged["cluster_id"] = story + ":" + story_judged["cluster_id"].astype("string")
    return (story_judged, contradictions_table(story_judged, kept),
            agreement_table(story_sentences, aligned, story_judged, links, source_ids), aligned, copied)
