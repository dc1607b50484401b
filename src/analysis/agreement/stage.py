"""The study's agreement stage: from claims and sentences to facts, contradictions, copies
and the agreement between sources, story by story.

Sources are compared only within a story (``articles.story_id`` when the corpus has one,
otherwise the whole corpus is one story), so the cost grows with the stories' sizes, not
with the square of the corpus.
"""

from __future__ import annotations

import pandas as pd

from ..engine import rows_by_group
from .align import ALIGNMENT_COLUMNS, align_sentences, alignment_order
from .consistency import first_reporters, side_summaries
from .copies import COPY_COLUMNS, copied_pairs, copy_families, translation_links
from .features import Pool
from .model import ALIGN_BACKEND_DEFAULT
from .facts import (
    CONTRADICTION_COLUMNS,
    LINK_COLUMNS,
    OUTNUMBERED,
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


TABLE_NAMES = ("claims", "contradictions", "agreement", "alignments", "copies")
JUDGED_COLUMNS = ["cluster_id", "status", "corroborated_by", "contradicted_by", "repeated_by_copies",
                  "side_sources", "n_independent", "fact_sides", "first_reported_by"]


def compare_story_rows(sentences: pd.DataFrame, blocks: pd.DataFrame, found_claims: pd.DataFrame,
                       articles: pd.DataFrame, translations: pd.DataFrame | None = None, *,
                       similarity: str = ALIGN_BACKEND_DEFAULT,
                       prefix_facts: bool | None = None) -> tuple[pd.DataFrame, ...]:
    """The stories of ``articles`` compared, each on its own: ``found_claims`` judged
    (cluster_id, status, ...), and the rows of ``contradictions``, ``agreement``,
    ``alignments`` (aligned sentence pairs) and ``copies``, in that order (``TABLE_NAMES``),
    stacked in story order.

    ``similarity``: the sentence-similarity backend of the alignment ("static", the default,
    "lexical", or "semantic" with the optional extra). ``translations`` (``source_id``, ``translation_of``:
    ``translation.originals.translation_pairs``): a translation and its original are one copy
    family, never independent corroboration. ``prefix_facts`` puts each story's id before its
    fact ids, so that they are unique across stories (default: when there are several
    stories here; the study says it for the whole corpus, as the stories come in pieces).
    """
    content = content_sentences(sentences, blocks)
    story_sources = stories(articles)
    if prefix_facts is None:
        prefix_facts = len(story_sources) > 1
    items = _story_items(content, found_claims, story_sources, publication_dates(articles),
                         translation_links(translations))
    del content
    columns = (list(found_claims.columns) + JUDGED_COLUMNS, CONTRADICTION_COLUMNS, AGREEMENT_COLUMNS,
               ALIGNMENT_COLUMNS, COPY_COLUMNS)
    per_table: list[list[pd.DataFrame]] = [[] for _ in TABLE_NAMES]
    for item in items:
        for frames, frame in zip(per_table, compare_story(*item, prefix_facts=prefix_facts,
                                                          similarity=similarity)):
            if len(frame):
                frames.append(frame)
    tables = [pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=names)
              for frames, names in zip(per_table, columns)]
    tables[0], tables[1] = describe_sides(tables[0], tables[1], articles, tables[4], translations)
    return tuple(tables)


def describe_sides(claims: pd.DataFrame, contradictions: pd.DataFrame, articles: pd.DataFrame,
                   copies: pd.DataFrame, translations: pd.DataFrame | None = None
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Judged ``claims`` with the independent sources behind each side of their fact
    (``n_independent``, ``fact_sides``: ``consistency.side_summaries``, sources named by
    outlet) and who reported each side first (``first_reported_by``:
    ``consistency.first_reporters``, from ``articles.published``); ``contradictions`` with
    the ``fact_sides`` of their fact."""
    from ..outlets import outlet_of

    if not len(claims):
        return (claims.assign(n_independent=pd.Series(dtype="Int64"), fact_sides=pd.Series(dtype="string"),
                              first_reported_by=pd.Series(dtype="string")),
                contradictions.assign(fact_sides=pd.Series(dtype="string")))
    links = pd.concat([copies[["source_a", "source_b"]], translation_links(translations)], ignore_index=True)
    families = copy_families(list(articles["source_id"]), links)
    names = {s: o for s, o in zip(articles["source_id"], outlet_of(articles)) if isinstance(o, str) and o}
    claims = side_summaries(claims, families, names)
    published = {s: str(d) for s, d in zip(articles["source_id"], articles["published"])
                 if isinstance(d, str)} if "published" in articles else {}
    claims["first_reported_by"] = first_reporters(claims, families, published)
    described = claims.dropna(subset=["fact_sides"]).drop_duplicates("cluster_id").set_index("cluster_id")["fact_sides"]
    contradictions = contradictions.assign(
        fact_sides=contradictions["cluster_id"].map(described).astype("string") if len(contradictions)
        else pd.Series(dtype="string"))
    return claims, contradictions


def compare_sources(sentences: pd.DataFrame, blocks: pd.DataFrame, claims: pd.DataFrame,
                    articles: pd.DataFrame, *, similarity: str = ALIGN_BACKEND_DEFAULT,
                    translations: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """``compare_story_rows`` as a dict of tables by name."""
    return dict(zip(TABLE_NAMES, compare_story_rows(sentences, blocks, claims, articles, translations,
                                                   similarity=similarity)))


def _story_items(content: pd.DataFrame, claims: pd.DataFrame, story_sources: dict[str, list[str]],
                 published: dict[str, str], links: pd.DataFrame) -> list[tuple]:
    """(story, its sources, its content sentences, its claims, its sources' publication
    dates, its translation links) for each story, in story order; rows keep their order in
    ``content`` and ``claims``. ``links``: pairs of sources that are one text in two languages
    (``copies.translation_links``); a story gets those between two of its sources."""
    story_no = {source: k for k, source_ids in enumerate(story_sources.values()) for source in source_ids}
    sentence_parts = rows_by_group(content, story_no, len(story_sources))
    claim_parts = rows_by_group(claims, story_no, len(story_sources))
    within = links[links["source_a"].map(story_no).eq(links["source_b"].map(story_no))]
    link_parts = {k: part for k, part in within.groupby(within["source_a"].map(story_no))}
    return [(story, source_ids, sentence_parts[k], claim_parts[k],
             {s: published[s] for s in source_ids if s in published}, link_parts.get(k))
            for k, (story, source_ids) in enumerate(story_sources.items())]


def compare_story(story: str, source_ids: list[str], story_sentences: pd.DataFrame,
                  story_claims: pd.DataFrame, published: dict[str, str] | None = None,
                  translated: pd.DataFrame | None = None, *,
                  prefix_facts: bool = False,
                  similarity: str = ALIGN_BACKEND_DEFAULT) -> tuple[pd.DataFrame, ...]:
    """One story's claims judged, contradictions, agreement, alignments and copies;
    ``translated`` (``source_a``, ``source_b``: ``copies.translation_links``) joins
    translations to their originals' copy families;
    ``published`` maps sources to their ISO publication dates (where known: a figure that
    rose between dates is an update); ``prefix_facts`` puts the story id before its fact ids
    (unique across stories)."""
    # word weights, fitted once per story, on the texts in the aligner's order (so that the
    # aligner's character counts are the pool's)
    pool = Pool(dict.fromkeys(alignment_order(story_sentences)["text"]))
    aligned = align_sentences(story_sentences, extra_pairs=value_sentence_pairs(story_claims), pool=pool,
                              backend=similarity)
    copied = copied_pairs(aligned, story_sentences.groupby("source_id").size())
    families = copy_families(source_ids, copied if translated is None else
                             pd.concat([copied[["source_a", "source_b"]], translated], ignore_index=True))
    links = link_claims(story_claims, aligned, pool) if len(story_claims) else \
        pd.DataFrame(columns=LINK_COLUMNS)
    story_judged, kept = judge_claims(story_claims, links, families, aligned, published)
    links = pd.concat([links[~links["relation"].isin(["contradicts", OUTNUMBERED])], kept], ignore_index=True)
    if prefix_facts:
        story_judged["cluster_id"] = story + ":" + story_judged["cluster_id"].astype("string")
    return (story_judged, contradictions_table(story_judged, kept),
            agreement_table(story_sentences, aligned, story_judged, links, source_ids), aligned, copied)
