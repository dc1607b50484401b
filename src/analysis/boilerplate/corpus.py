"""Boilerplate over a corpus: each source on its own, then signals across sources.

``score_documents`` is the per-source part; ``flag_templates`` (over the whole corpus) and
``score_within_stories`` (topicality, off-topic tails) compare sources; ``score_blocks`` runs
all three in turn.

- *Site templates*: a short line without sentence punctuation that several sources carry word
  for word ("Skip to content", "Leave a Reply") is page furniture.
- *Topicality*: a run of headline-shaped blocks at the end of a source that share almost no
  vocabulary with what the other sources write about the story are teasers for other stories
  ("Latest: ..."). Low overlap alone is never enough: a closing quote or fact of the article
  has its own words too, so a sentence, a quote or a line naming the story's people is kept.
Each flag keeps its reason; content lines keep a null kind and reason.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from .document import score_many
from .explain import METADATA_KINDS
from ..runs import equal_runs
from ..text import FUNCTION_WORDS, NORMALISE
from .features import PROSE_MIN_WORDS, TERMINAL
from .model import THRESHOLD_DEFAULT
from .page import revise_with_pages

# A line repeated word for word in at least this many sources is a site template.
TEMPLATE_MIN_SOURCES_DEFAULT = 3
# Cosine similarity (word TF-IDF) to the other sources' content below which a block is
# off-topic for the story, and at least which a prose block counts as on-topic.
OFF_TOPIC_MAX_SIMILARITY_DEFAULT = 0.05
ON_TOPIC_MIN_SIMILARITY_DEFAULT = 0.10
# Off-topic blocks this short say too little to judge.
OFF_TOPIC_MIN_WORDS_DEFAULT = 2
# A teaser is headline-shaped: at most this many words (headlines and link texts of the dev
# benchmark's "related" lists run 4-16 words) and no sentence end.
TEASER_MAX_WORDS_DEFAULT = 20
# ... in a run of at least this many such blocks after the article (a list of links, not one
# line). Without it the rule flagged 226 of 8,366 lines of the ECB+ dev articles (2.7%, all
# article text: closing quotes and facts); with runs of 2, quotes and names kept, none.
TEASER_MIN_RUN_DEFAULT = 2
SENTENCE_END = re.compile(r"[.!…;][\"'”’»)\]]*\s*$")
QUOTE_MARKS = re.compile(r"[\"“”„«»]")
# A capitalised word that does not start a sentence: a name, for the story-names guard.
NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][\w'’-]{2,}")


def score_blocks(
    blocks: pd.DataFrame,
    *,
    threshold: float = THRESHOLD_DEFAULT,
    template_min_sources: int = TEMPLATE_MIN_SOURCES_DEFAULT,
    off_topic_max_similarity: float = OFF_TOPIC_MAX_SIMILARITY_DEFAULT,
    stories: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``blocks`` with the boilerplate columns filled and a ``topicality`` column added.

    ``stories`` (``source_id``, ``story_id``) limits the comparison with other sources to the
    sources of the same story; without it the corpus is one story.
    """
    return score_across_sources(
        score_documents(blocks, threshold=threshold), stories,
        template_min_sources=template_min_sources,
        off_topic_max_similarity=off_topic_max_similarity,
    )


def score_documents(
    blocks: pd.DataFrame, *, threshold: float = THRESHOLD_DEFAULT, classifier=None, page_model=None,
) -> pd.DataFrame:
    """``blocks`` with each source's lines scored on their own (no other source looked at)
    by ``classifier`` (the shipped model's unless given), and the blocks of HTML pages
    revised by ``page_model`` (the shipped page model unless given; ``False``: not revised).
    A source's scores depend on its own lines only.
    """
    blocks = blocks.sort_values(["source_id", "block_no"]).reset_index(drop=True)
    if blocks.empty:
        return blocks
    # blocks are sorted by source: each source's lines are one contiguous run
    texts = blocks["text"].tolist()
    result = score_many([texts[a:b] for a, b in equal_runs(blocks["source_id"])], threshold=threshold,
                        classifier=classifier)
    for column in result:
        blocks[column] = result[column].to_numpy()
    if page_model is not False and "page_main" in blocks:
        blocks = revise_with_pages(blocks, model=page_model)
    return blocks


def score_across_sources(
    blocks: pd.DataFrame,
    stories: pd.DataFrame | None = None,
    *,
    template_min_sources: int = TEMPLATE_MIN_SOURCES_DEFAULT,
    off_topic_max_similarity: float = OFF_TOPIC_MAX_SIMILARITY_DEFAULT,
) -> pd.DataFrame:
    """Document-scored ``blocks`` revised with what other sources carry: ``flag_templates``
    over the corpus, then ``score_within_stories``."""
    return score_within_stories(
        flag_templates(blocks, min_sources=template_min_sources), stories,
        off_topic_max_similarity=off_topic_max_similarity,
    )


def flag_templates(
    blocks: pd.DataFrame, *, min_sources: int = TEMPLATE_MIN_SOURCES_DEFAULT
) -> pd.DataFrame:
    """Document-scored ``blocks`` with site templates flagged, looked for across the whole
    corpus: a site's furniture repeats across its stories."""
    blocks = blocks.sort_values(["source_id", "block_no"]).reset_index(drop=True)
    if not blocks.empty:
        _flag_templates(blocks, min_sources)
    return blocks


# The headline is looked for among a source's first blocks only.
HEADLINE_MAX_BLOCK_DEFAULT = 3


def keep_headlines(blocks: pd.DataFrame, articles: pd.DataFrame, *,
                   max_block: int = HEADLINE_MAX_BLOCK_DEFAULT) -> pd.DataFrame:
    """``blocks`` with each article's headline kept as article text where the classifier
    or the page model alone flagged it, or the site-template rule (a wire headline that 3
    sources carry word for word: 6 of the ECB+ dev articles' headlines): the first block, among the first ``max_block``, that is the article's
    title. The line-level training data counts headlines as page furniture (the benchmark's
    article bodies leave them out), but a headline states the story's main claim, and a
    reader checks it like any sentence: on the ECB+ dev coverage the classifier flagged 92
    of the 961 annotated sentences, most of them headlines, as navigation."""
    titles = {s: str(t).rstrip("…").strip() for s, t in zip(articles["source_id"], articles["title"])
              if isinstance(t, str) and t.strip()}
    blocks = blocks.copy()
    first = blocks[blocks["block_no"] <= max_block].sort_values(["source_id", "block_no"])
    sources = first["source_id"].to_numpy()
    rows, texts = first.index.to_numpy(), first["text"].tolist()
    metadata = first["boilerplate_kind"].isin(METADATA_KINDS).to_numpy()
    chosen = []
    for a, b in equal_runs(sources):
        title = titles.get(sources[a])
        if not title:
            continue
        for k in range(a, b):
            if str(texts[k]).startswith(title):
                if metadata[k]:  # the title was guessed from a dateline: the next block it is
                    later = np.flatnonzero(~metadata[k + 1:b])
                    if len(later):
                        chosen.append(rows[k + 1 + later[0]])
                else:
                    chosen.append(rows[k])
                break
    mask = pd.Series(False, index=blocks.index)
    mask[chosen] = True
    mask &= (blocks["is_boilerplate"].fillna(False).astype(bool)
             & blocks["boilerplate_rule"].isin(["model", "page", "template"]).fillna(False))
    blocks.loc[mask, "is_boilerplate"] = False
    for column in ("boilerplate_kind", "boilerplate_reason", "boilerplate_rule"):
        blocks.loc[mask, column] = None
    return blocks


# What topicality reads of the blocks: a story's kept rows then stay valid when another
# article of the same site changes a template line's reason ("... that 14 sources carry").
TOPICALITY_COLUMNS = ["source_id", "block_no", "text", "is_boilerplate"]


def score_within_stories(
    blocks: pd.DataFrame,
    stories: pd.DataFrame | None = None,
    *,
    off_topic_max_similarity: float = OFF_TOPIC_MAX_SIMILARITY_DEFAULT,
) -> pd.DataFrame:
    """``blocks`` with ``topicality`` and off-topic tails, comparing each source with the
    other sources of its story only (``stories``: ``source_id`` and ``story_id``; without it
    the corpus is one story): ``with_topicality`` of ``topicality_rows``.
    """
    return with_topicality(blocks, topicality_rows(blocks, stories,
                                                   off_topic_max_similarity=off_topic_max_similarity))


def topicality_rows(
    blocks: pd.DataFrame,
    stories: pd.DataFrame | None = None,
    *,
    off_topic_max_similarity: float = OFF_TOPIC_MAX_SIMILARITY_DEFAULT,
) -> pd.DataFrame:
    """Each block's ``topicality`` against the other sources of its story, and whether it is
    in an ``off_topic`` tail (``source_id``, ``block_no``, ``topicality``, ``off_topic``). A
    story's rows depend on that story's sources only, and on ``TOPICALITY_COLUMNS`` alone."""
    blocks = blocks[TOPICALITY_COLUMNS].sort_values(["source_id", "block_no"]).reset_index(drop=True)
    if blocks.empty:
        return pd.DataFrame({"source_id": pd.Series(dtype=object), "block_no": pd.Series(dtype="int64"),
                             "topicality": pd.Series(dtype="float64"), "off_topic": pd.Series(dtype=bool)})
    if stories is None:
        story = pd.Series("", index=blocks.index)
    else:
        story = blocks["source_id"].map(dict(zip(stories["source_id"], stories["story_id"])))
        story = story.fillna("")
    blocks["topicality"] = np.nan
    for rows in story.groupby(story.to_numpy(), sort=True).indices.values():
        part = blocks.iloc[rows]
        blocks.loc[part.index, "topicality"] = topicality(part)
    off_topic = _off_topic_tails(blocks, off_topic_max_similarity, story)
    return pd.DataFrame({"source_id": blocks["source_id"], "block_no": blocks["block_no"],
                         "topicality": blocks["topicality"], "off_topic": off_topic.to_numpy()})


def with_topicality(blocks: pd.DataFrame, topical: pd.DataFrame) -> pd.DataFrame:
    """``blocks`` (sorted by source and line) with the ``topicality`` of ``topicality_rows``
    and its off-topic tails flagged as teasers."""
    blocks = blocks.sort_values(["source_id", "block_no"]).reset_index(drop=True)
    if blocks.empty:
        return blocks.assign(topicality=pd.Series(dtype="float64"))
    topical = topical.sort_values(["source_id", "block_no"], kind="stable").reset_index(drop=True)
    if len(topical) != len(blocks) or not all(
            np.array_equal(topical[key].to_numpy(), blocks[key].to_numpy()) for key in ("source_id", "block_no")):
        raise ValueError("the topicality rows are not one per block of these blocks")
    blocks["topicality"] = topical["topicality"].to_numpy()
    off_topic = pd.Series(topical["off_topic"].to_numpy(dtype=bool), index=blocks.index)
    reasons = (
        "off-topic for this story (similarity " + blocks["topicality"].round(2).astype(str)
        + " to the other sources), in a list of headlines after the article's last paragraph"
    )
    _flag(blocks, off_topic, "teaser", reasons, "off_topic")
    return blocks


def _flag(
    blocks: pd.DataFrame, mask: pd.Series, kind: str, reasons: pd.Series, rule: str
) -> None:
    new = mask & ~blocks["is_boilerplate"].astype(bool)
    blocks.loc[new, "is_boilerplate"] = True
    blocks.loc[new, "boilerplate_kind"] = kind
    blocks.loc[new, "boilerplate_reason"] = reasons[new]
    blocks.loc[new, "boilerplate_rule"] = rule
    blocks.loc[new, "boilerplate_score"] = 1.0


def _flag_templates(blocks: pd.DataFrame, min_sources: int) -> None:
    key = blocks["text"].str.lower().str.replace(NORMALISE, " ", regex=True).str.strip()
    words = blocks["text"].str.split().str.len()
    short = (words < PROSE_MIN_WORDS) & ~blocks["text"].str.contains(TERMINAL)
    sources_per_key = blocks.groupby(key)["source_id"].transform("nunique")
    mask = short & (sources_per_key >= min_sources) & (key != "")
    reasons = "short line that " + sources_per_key.astype(str) + " sources carry word for word (site template)"
    _flag(blocks, mask, "navigation", reasons, "template")


def topicality(blocks: pd.DataFrame) -> np.ndarray:
    """Cosine similarity of each block to the content of the *other* sources (NaN if alone).

    Linear in the corpus: with T the summed content vectors of all sources and O those of the
    block's own source, the similarity to the others is v·(T - O) / |T - O|, and
    |T - O|² = |T|² - 2 T·O + |O|², all from one pass over each source's own rows.
    """
    sources = blocks["source_id"].to_numpy()
    if len(np.unique(sources)) < 2:
        return np.full(len(blocks), np.nan)
    try:
        vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words=sorted(FUNCTION_WORDS))
        vectors = vectorizer.fit_transform(blocks["text"].tolist()).tocsr()
    except ValueError:  # no words at all
        return np.full(len(blocks), np.nan)
    content = ~blocks["is_boilerplate"].astype(bool).to_numpy()
    total = np.asarray(vectors[content].sum(axis=0)).ravel()
    total_norm2 = float(total @ total)
    to_total = vectors @ total
    similarity = np.full(len(blocks), np.nan)
    for rows in pd.Series(np.arange(len(blocks))).groupby(sources).indices.values():
        own_rows = rows[content[rows]]
        own = np.asarray(vectors[own_rows].sum(axis=0)).ravel() if len(own_rows) else np.zeros_like(total)
        norm2 = total_norm2 - 2 * float(total @ own) + float(own @ own)
        if norm2 <= 1e-12:
            continue
        similarity[rows] = (to_total[rows] - vectors[rows] @ own) / np.sqrt(norm2)
    return np.round(similarity, 4)


def story_names(texts) -> set[str]:
    """Lower-cased capitalised words that do not start a sentence (names, mostly)."""
    return {name.lower() for text in texts for name in NAME.findall(str(text))}


def _off_topic_tails(blocks: pd.DataFrame, max_similarity: float, story: pd.Series,
                     *, max_words: int = TEASER_MAX_WORDS_DEFAULT,
                     min_run: int = TEASER_MIN_RUN_DEFAULT) -> pd.Series:
    """Whether each block is in a run of off-topic headlines after the article's last
    on-topic paragraph (``blocks`` sorted by source and line, with ``topicality``)."""
    words = blocks["text"].str.split().str.len()
    content = ~blocks["is_boilerplate"].astype(bool)
    on_topic_prose = (
        (blocks["topicality"] >= ON_TOPIC_MIN_SIMILARITY_DEFAULT)
        & (words >= PROSE_MIN_WORDS)
        & content
    )
    last_on_topic = (
        blocks["block_no"].where(on_topic_prose).groupby(blocks["source_id"]).transform("max")
    )
    text = blocks["text"].astype(str)
    candidate = (
        (blocks["topicality"] < max_similarity)
        & words.between(OFF_TOPIC_MIN_WORDS_DEFAULT, max_words)
        & (blocks["block_no"] > last_on_topic)
        & ~text.str.contains(SENTENCE_END)
        & ~text.str.contains(QUOTE_MARKS)
    ).fillna(False)
    if candidate.any():  # names of the story's article text are not another story's
        story_values = story.to_numpy()
        article = (content & ~candidate).to_numpy()
        names = {key: story_names(text[article & (story_values == key)])
                 for key in np.unique(story_values[candidate.to_numpy()])}
        for i in np.flatnonzero(candidate.to_numpy()):
            if story_names([text.iat[i]]) & names[story_values[i]]:
                candidate.iat[i] = False
    # runs of consecutive candidates within a source
    sources = blocks["source_id"].to_numpy()
    flags = candidate.to_numpy()
    run_id = np.cumsum(np.r_[True, (flags[1:] != flags[:-1]) | (sources[1:] != sources[:-1])])
    run_length = pd.Series(run_id).map(pd.Series(run_id).value_counts()).to_numpy()
    return pd.Series(flags & (run_length >= min_run), index=blocks.index)
