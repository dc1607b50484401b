"""The study as a table of stages: read this first to see the study.

Each ``Stage`` says which tables it reads (and which of their columns), which tables it
writes, how its work is cut up, and the pure function that does one piece:

- ``by="files"``: the corpus folder, read by ``ingest.ingest_corpus``, which cuts its own
  work up by files and then by articles on the engine it is given (duplicate ids and
  ``sources.csv`` are settled between the two);
- ``by="corpus"``: the whole corpus at once (the stage compares every article with every
  other, or is cheap);
- ``by="article"``: runs of whole articles; the function sees the rows of those articles
  only, and its result for an article depends on that article alone;
- ``by="story"``: runs of whole stories (``articles.story_id``); the result for a story
  depends on that story alone.

``analysis.runner`` executes the table in order: it cuts the work up, hands it to the engine
(this process, local workers or Dask), writes each table as it is done and drops it from
memory after its last reader. Tables in ``PUBLIC_TABLES`` are the data contract's, written
to the output folder; the others pass from one stage to the next. ``context`` (when a stage
has one) is computed once per run in the main process and handed to every piece (a trained
model, which the pieces would otherwise each train, or a fact about the whole corpus).

The domain functions know nothing of engines, chunks or files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from .agreement.stage import compare_story_rows
from .boilerplate import (TOPICALITY_COLUMNS, flag_templates, keep_headlines, score_documents, topicality_rows,
                          with_topicality)
from .claims import extract_claims
from .ingest import ingest_corpus
from .outlets import outlets_table
from .schema import conform
from .scorecard import sources_table
from .stories import add_story_ids
from .translation import anchor_rows, find_artifacts, originals_of_anchors, style_scores
from .translation.originals import is_foreign

# The tables of the data contract (``schema.SCHEMAS``), written to the output folder.
PUBLIC_TABLES = ("articles", "blocks", "sentences", "artifacts", "claims", "contradictions", "agreement",
                 "alignments", "copies", "sources", "outlets", "errors")
# What the agreement stage and the scorecard need of the blocks: what is boilerplate, of
# which kind, and how long each line is.
BLOCK_ROLLUP_COLUMNS = ["source_id", "block_id", "n_chars", "is_boilerplate", "boilerplate_kind"]
# What the per-article stages after the boilerplate read of the blocks: each line's text and
# whether it is article text. Reading no more than that keeps an article's rows (``analysis.kept``)
# when only another article's lines changed their reasons ("... that 14 sources carry").
BLOCK_TEXT_COLUMNS = ["source_id", "block_id", "block_no", "line_no", "text", "is_boilerplate"]


@dataclass(frozen=True)
class Stage:
    name: str
    reads: dict[str, list[str] | None]  # table -> its columns read (None: all)
    writes: tuple[str, ...]
    by: str  # "corpus", "article" or "story"
    run: Callable[..., pd.DataFrame | tuple[pd.DataFrame, ...]]
    # (run settings, the stage's inputs) -> keyword arguments of ``run``: what a piece needs
    # to know of the run or of the whole corpus
    context: Callable[[dict, dict[str, pd.DataFrame]], dict] | None = None
    # models (keyword arguments of ``run``) loaded or trained once per run, only when a piece
    # is to be computed (not when every piece's rows are kept from the last run)
    models: Callable[[], dict] | None = None
    # written in parts as the pieces come back, never stacked in memory (the aligned pairs
    # of the agreement stage: the largest tables)
    streamed: bool = False
    doc: str = field(default="", compare=False)


def languages_of(articles: pd.DataFrame) -> dict[str, str | None]:
    """Each article's language code; None where it is unknown (a null in the table, read back
    as ``pd.NA``: the translation rules read such an article as English, their default)."""
    return {source: (None if pd.isna(language) else language)
            for source, language in zip(articles["source_id"], articles["language"])}


# --- one piece of each stage -------------------------------------------------------------

def read_corpus(*, corpus_dir, max_bytes, engine, progress, kept_in, fingerprint) -> tuple[pd.DataFrame, ...]:
    corpus = ingest_corpus(corpus_dir, max_bytes=max_bytes, engine=engine, progress=progress,
                           kept_in=kept_in, fingerprint=fingerprint)
    return corpus.errors, corpus.sentences, corpus.articles, corpus.blocks


def reading_settings(settings: dict, inputs: dict) -> dict:
    """What ingest needs of the run: the corpus, and where files read before are kept."""
    return {key: settings.get(key) for key in ("corpus_dir", "max_bytes", "engine", "progress",
                                               "kept_in", "fingerprint")}


def score_lines(read_blocks: pd.DataFrame, *, classifier, page_model) -> pd.DataFrame:
    return score_documents(read_blocks, classifier=classifier, page_model=page_model)


def line_models() -> dict:
    """The line classifier and the page model, trained (or loaded) once per run."""
    from .boilerplate.model import default_model
    from .boilerplate.page import default_page_model

    return {"classifier": default_model().named_steps["classifier"], "page_model": default_page_model()}


def flag_site_furniture(scored_blocks: pd.DataFrame, read_articles: pd.DataFrame) -> pd.DataFrame:
    return keep_headlines(flag_templates(scored_blocks), read_articles)


def find_stories(read_articles: pd.DataFrame, site_blocks: pd.DataFrame) -> pd.DataFrame:
    return conform(add_story_ids(read_articles, site_blocks), "articles")


def score_topicality(site_blocks: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    return topicality_rows(site_blocks, articles)


def finish_blocks(site_blocks: pd.DataFrame, topicality: pd.DataFrame) -> pd.DataFrame:
    return conform(with_topicality(site_blocks, topicality), "blocks")


def artifacts_of(blocks: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    return conform(find_artifacts(blocks, languages_of(articles)), "artifacts")


def styles_of(blocks: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    return style_scores(blocks, languages_of(articles))


def anchors_of(blocks: pd.DataFrame, articles: pd.DataFrame, *, any_foreign: bool) -> pd.DataFrame:
    return anchor_rows(blocks, languages_of(articles), any_foreign=any_foreign)


def foreign_articles(settings: dict, inputs: dict) -> dict:
    """Whether the corpus has an article in another language than English (else no article
    can translate one, and no article's anchors are read)."""
    return {"any_foreign": any(is_foreign(language) for language in inputs["articles"]["language"])}


def originals_of(anchors: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    return originals_of_anchors(anchors, languages_of(articles))


def claims_of(sentences: pd.DataFrame, blocks: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    return extract_claims(sentences, blocks, articles)


def agreement_settings(settings: dict, inputs: dict) -> dict:
    """The similarity backend; fact ids prefixed with their story when there are several
    stories (the pieces each see only some)."""
    return {"similarity": settings["similarity"],
            "prefix_facts": int(inputs["articles"]["story_id"].nunique()) > 1}


def scorecard(articles, blocks, artifacts, claims, copies, styles, translations) -> pd.DataFrame:
    return sources_table(articles, blocks, artifacts, claims, copies, styles=styles,
                         translations=translations)


STAGES: tuple[Stage, ...] = (
    Stage("ingest", {}, ("errors", "sentences", "read_articles", "read_blocks"), "files", read_corpus,
          reading_settings, doc="the corpus folder's files read, split into lines and sentences"),
    Stage("lines", {"read_blocks": None}, ("scored_blocks",), "article", score_lines,
          models=line_models,
          doc="each article's lines scored on their own: classifier, rules, page model"),
    Stage("site furniture", {"scored_blocks": None, "read_articles": None}, ("site_blocks",), "corpus",
          flag_site_furniture,
          doc="lines a site repeats across its articles (templates); headlines kept as text"),
    Stage("stories", {"read_articles": None, "site_blocks": None}, ("articles",), "corpus", find_stories,
          doc="which articles tell the same story"),
    Stage("topicality", {"site_blocks": TOPICALITY_COLUMNS, "articles": ["source_id", "story_id"]}, ("topicality",),
          "story", score_topicality,
          doc="each line against the other sources of its story; off-topic teaser tails"),
    Stage("blocks", {"site_blocks": None, "topicality": None}, ("blocks",), "corpus", finish_blocks,
          doc="the lines with their topicality, off-topic tails flagged as teasers"),
    Stage("artifacts", {"blocks": BLOCK_TEXT_COLUMNS + ["text_before_repair"], "articles": ["source_id", "language"]}, ("artifacts",), "article",
          artifacts_of, doc="translation artifacts, line by line"),
    Stage("translation style", {"blocks": BLOCK_TEXT_COLUMNS, "articles": ["source_id", "language"]}, ("styles",), "article",
          styles_of, doc="each article's style against machine translation's"),
    Stage("anchors", {"blocks": BLOCK_TEXT_COLUMNS, "articles": ["source_id", "language"]}, ("anchors",), "article",
          anchors_of, foreign_articles, doc="each article's names and numbers, in order (when the corpus has "
                                              "articles in other languages)"),
    Stage("originals", {"anchors": None, "articles": ["source_id", "language"]}, ("translations",), "corpus",
          originals_of, doc="which English article translates which foreign one, from their anchors"),
    Stage("claims", {"sentences": None, "blocks": BLOCK_TEXT_COLUMNS, "articles": ["source_id", "published"]},
          ("found_claims",), "article", claims_of,
          doc="numbers, dates, names, roles, quotes and statements in article text"),
    Stage("agreement", {"sentences": None, "blocks": BLOCK_ROLLUP_COLUMNS, "found_claims": None,
                        "articles": ["source_id", "story_id", "published", "outlet", "url"],
                        "translations": None},
          ("claims", "contradictions", "agreement", "alignments", "copies"), "story", compare_story_rows,
          agreement_settings, streamed=True,
          doc="claims judged against the other sources of the story; copies; agreement"),
    Stage("scorecard", {"articles": ["source_id", "language"], "blocks": BLOCK_ROLLUP_COLUMNS, "artifacts": None,
                        "claims": ["source_id", "cluster_id", "status", "first_reported_by"], "copies": None, "styles": None,
                        "translations": None},
          ("sources",), "corpus", scorecard, doc="one row per article: the scores and what explains them"),
    Stage("outlets", {"articles": ["source_id", "outlet", "url", "story_id"], "sources": None},
          ("outlets",), "corpus", outlets_table, doc="each outlet's articles pooled"),
)
