"""Boilerplate on HTML pages: the line scores revised with what the page itself says.

For a block of an ``.html`` input, ingest records the share of its characters inside links
(``link_share``), the page section its elements name by tag, id or class (``page_section``:
``comments``, ``teaser``, ``promo``, ...) and whether trafilatura's extraction of the page
holds it (``page_main``, a well-kept library's main-text decision). A second classifier
(``PageModel``, gradient-boosted trees) weighs these, over the block and its neighbours,
together with the line classifier's score and the rules. It may keep a line the line model,
the duplicate or the section rule flagged, or flag one they kept; the lexicon rules (measured
precision 0.98-1.00) and the rules that compare sources always stand. Text inputs (no page) are left as they are.

Two guards the other way, where trafilatura's main text and the page's own article agree: the
page model does not flag (1) a paragraph of prose that trafilatura's main text holds, outside
any section its elements name and under half link text, nor (2) a block of the main text,
outside any named section, whose nearest main-text blocks on either side are kept (a hole in
the article: a list item, a bare link, a quote between two kept paragraphs).

Training data: the 15,942 blocks the study makes of the 91 dev pages of the line-level
benchmark (``../shared/benchmarks/boilerplate/html``), each labelled article text when 80% of
its tokens align with the annotators' ``articleBody`` (as the line benchmark labels lines),
with the line classifier's score taken out of fold (grouped by domain), as it is on a new
site. Vendored without text as ``data/boilerplate/page-blocks-dev.csv.gz``; rebuilt by
``benchmarks/boilerplate.py --write-page-training``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import HistGradientBoostingClassifier

from .features import PROSE_MIN_WORDS, TERMINAL
from .lexicon import LEXICON_DIR

PAGE_TRAINING_DATA = LEXICON_DIR / "page-blocks-dev.csv.gz"
PAGE_SECTIONS = ("navigation", "teaser", "share", "promo", "comments", "byline", "caption")
# Rules whose flags the page model may not overrule (precision measured on the dev lines:
# lexicon 0.98-1.00; template and off_topic compare sources). The line classifier's, the
# duplicate rule's and the section rule's flags can be overruled: on the dev pages they
# flagged 295, 240 and 8 article blocks (a hidden or preview copy of the article comes
# first; a "read more" header in the middle of an article).
PAGE_STANDING_RULES = frozenset({"lexicon", "template", "off_topic"})
# A block of a page is article text when the page model gives it at least this probability.
# Swept on the dev pages, page model out of fold (5 folds grouped by domain, line scores out
# of fold too), kept text scored against articleBody with 4-token shingles: 0.1 F1 0.963
# (2.2% of pages lose more than a tenth of their article), 0.15 0.964 (4.4%), 0.2 0.965
# (5.5%), 0.3 0.967 (6.6%). 0.1: the fewest pages losing article text, F1 within noise.
PAGE_CONTENT_MIN_DEFAULT = 0.1
# The two guards (module docstring), measured on the dev pages (grouped CV, issue 17): of the
# 1,269 blocks the prose guard describes, 98.6% are article text, and so were all 3 it took
# from the page model's flags (paragraphs between inline related links, the one paragraph of
# an article after its "related links" box); of the 1,851 main-text blocks outside a named
# section, 97.2% are, and so were all 21 holes the page model had flagged (the items and bare
# links of a shopping list, sentences between inline related links). Link share: half, as
# in ``_reason``.
MAIN_TEXT_PROSE_MAX_LINK_SHARE = 0.5
# Neighbourhoods (blocks either side) the features average over: the main-text mark over 1
# and 3, link share and line score over 2. Chosen on the dev pages (grouped CV as above):
# windows 1 and 3 for all three gave F1 0.956, these 0.967.
MAIN_TEXT_WINDOWS = (1, 3)
CONTEXT_WINDOW = 2
# Rules the "line rule" feature marks (the classifier learns how far each holds on a page).
RULE_FEATURE_RULES = ("lexicon", "section", "duplicate")
# Gradient boosting settings: those of the line model's sweep, 100 trees (grouped CV on the
# dev pages gave the same F1 for 60-150).
PAGE_MAX_ITER_DEFAULT = 100
PAGE_LEARNING_RATE_DEFAULT = 0.1
PAGE_MAX_LEAF_NODES_DEFAULT = 15
# Columns a page's blocks need (those of the ``blocks`` table, and the line scores).
PAGE_INPUT_COLUMNS = ("source_id", "block_no", "n_words", "boilerplate_score", "boilerplate_rule",
                      "page_main", "link_share", "page_section")

PAGE_FEATURE_NAMES = (
    ["line_score", "line_rule", "main_text"]
    + [f"main_text_mean_{w}" for w in MAIN_TEXT_WINDOWS]
    + ["link_share", f"link_share_mean_{CONTEXT_WINDOW}", f"line_score_mean_{CONTEXT_WINDOW}",
       "log_words", "position"]
    + [f"section_{name}" for name in PAGE_SECTIONS]
)


def page_inputs(blocks: pd.DataFrame) -> pd.DataFrame:
    """The page model's inputs from scored ``blocks`` (one or more pages, in block order)."""
    out = pd.DataFrame({
        "source_id": blocks["source_id"].to_numpy(),
        "block_no": blocks["block_no"].to_numpy(),
        "n_words": blocks["text"].astype(str).str.split().str.len().to_numpy(),
        "boilerplate_score": blocks["boilerplate_score"].astype(float).to_numpy(),
        "boilerplate_rule": blocks["boilerplate_rule"].astype(object).to_numpy(),
        "page_main": blocks["page_main"].astype("boolean").to_numpy(),
        "link_share": blocks["link_share"].astype(float).to_numpy(),
        "page_section": blocks["page_section"].astype(object).to_numpy(),
    })
    return out


def page_features(inputs: pd.DataFrame) -> np.ndarray:
    """Feature matrix (``PAGE_FEATURE_NAMES``) of ``page_inputs``, pages in block order."""
    inputs = inputs.reset_index(drop=True)
    groups = inputs["source_id"].to_numpy()

    def mean(values: pd.Series, w: int) -> pd.Series:
        return values.groupby(groups, sort=False).transform(
            lambda s: s.rolling(2 * w + 1, center=True, min_periods=1).mean())

    frame = pd.DataFrame({
        "line_score": inputs["boilerplate_score"].astype(float).fillna(0.0),
        "line_rule": inputs["boilerplate_rule"].astype(object).isin(RULE_FEATURE_RULES).astype(float),
        "main_text": inputs["page_main"].astype("boolean").fillna(False).astype(float),
        "link_share": inputs["link_share"].astype(float).fillna(0.0),
        "log_words": np.log1p(inputs["n_words"].astype(float)),
    })
    for w in MAIN_TEXT_WINDOWS:
        frame[f"main_text_mean_{w}"] = mean(frame["main_text"], w)
    frame[f"link_share_mean_{CONTEXT_WINDOW}"] = mean(frame["link_share"], CONTEXT_WINDOW)
    frame[f"line_score_mean_{CONTEXT_WINDOW}"] = mean(frame["line_score"], CONTEXT_WINDOW)
    by_page = pd.Series(np.arange(len(inputs))).groupby(groups, sort=False)
    frame["position"] = (by_page.cumcount() / by_page.transform("size")).to_numpy()
    section = inputs["page_section"].astype(object)
    for name in PAGE_SECTIONS:
        frame[f"section_{name}"] = section.eq(name).astype(float)
    return frame[list(PAGE_FEATURE_NAMES)].to_numpy(dtype=np.float64)


class PageModel(ClassifierMixin, BaseEstimator):
    """Probability that a block of an HTML page is article text, from ``page_inputs``."""

    def __init__(self, *, max_iter: int = PAGE_MAX_ITER_DEFAULT,
                 learning_rate: float = PAGE_LEARNING_RATE_DEFAULT,
                 max_leaf_nodes: int = PAGE_MAX_LEAF_NODES_DEFAULT, random_state: int = 0):
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.random_state = random_state

    def fit(self, X: pd.DataFrame, y):
        self.classifier_ = HistGradientBoostingClassifier(
            max_iter=self.max_iter, learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes, early_stopping=False,
            random_state=self.random_state,
        ).fit(page_features(X), np.asarray(y, dtype=bool))
        self.classes_ = self.classifier_.classes_
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return self.classifier_.predict_proba(page_features(X))

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return self.predict_proba(X)[:, 1] >= PAGE_CONTENT_MIN_DEFAULT

    def get_feature_names_out(self, input_features=None):
        return np.array(PAGE_FEATURE_NAMES, dtype=object)


def load_page_training(path=PAGE_TRAINING_DATA) -> pd.DataFrame:
    """The vendored page blocks: ``page_inputs`` columns, ``domain`` and ``is_content``."""
    frame = pd.read_csv(path, keep_default_na=True)
    frame["page_main"] = frame["page_main"].astype("boolean")
    for column in ("boilerplate_rule", "page_section"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


@lru_cache(maxsize=1)
def default_page_model() -> PageModel:
    """The page model trained on all vendored dev page blocks (once per process)."""
    training = load_page_training()
    return PageModel().fit(training, training["is_content"])


def _reason(row) -> str:
    parts = []
    if not bool(row.page_main):
        parts.append("outside the page's main text (trafilatura)")
    if isinstance(row.page_section, str):
        parts.append(f"in the page's {row.page_section} section (element names)")
    if row.link_share >= 0.5:
        parts.append(f"{row.link_share:.0%} of its text in links")
    parts.append(f"page classifier {1 - row.content:.2f}")
    return ", ".join(parts)


def main_text_prose(inputs: pd.DataFrame, texts: pd.Series) -> np.ndarray:
    """Guard (1): paragraphs of prose in trafilatura's main text, outside named sections and
    under half link text (``page_inputs`` of the blocks and their texts)."""
    prose = (inputs["n_words"].to_numpy() >= PROSE_MIN_WORDS) & texts.astype(str).str.contains(
        TERMINAL).to_numpy()
    return (prose & inputs["page_main"].fillna(False).to_numpy(dtype=bool)
            & inputs["page_section"].isna().to_numpy()
            & (inputs["link_share"].fillna(0.0).to_numpy() < MAIN_TEXT_PROSE_MAX_LINK_SHARE))


def main_text_holes(inputs: pd.DataFrame, flagged: np.ndarray) -> np.ndarray:
    """Guard (2): blocks of trafilatura's main text outside named sections whose nearest
    main-text blocks before and after, on the same page, are not ``flagged`` (``inputs``:
    pages in block order)."""
    main = inputs["page_main"].fillna(False).to_numpy(dtype=bool)
    pages = inputs["source_id"].to_numpy()
    rows = np.flatnonzero(main)
    hole = np.zeros(len(inputs), dtype=bool)
    if len(rows) < 3:
        return hole
    inner = rows[1:-1]
    before, after = rows[:-2], rows[2:]
    hole[inner] = ((pages[before] == pages[inner]) & (pages[after] == pages[inner])
                   & ~flagged[before] & ~flagged[after])
    return hole & inputs["page_section"].isna().to_numpy()


def revise_with_pages(blocks: pd.DataFrame, *, model: PageModel | None = None,
                      content_min: float = PAGE_CONTENT_MIN_DEFAULT) -> pd.DataFrame:
    """Line-scored ``blocks`` with the blocks of HTML pages revised by the page model (the
    shipped one unless given); other blocks and the standing rules' flags unchanged.

    A block the page model calls article text, or one of the two main-text guards holds
    (module docstring), is kept (no kind, no reason); one it calls boilerplate is flagged
    with rule ``page``, its kind from the page section its elements name (else the line's
    kind, else navigation for short or link lines, other), and a reason that says what the
    page showed; a duplicate keeps its rule and reason.
    ``boilerplate_score`` of revised blocks is the page model's probability of boilerplate,
    capped at ``1 - content_min`` for the guarded ones.
    """
    if "page_main" not in blocks or not blocks["page_main"].notna().any():
        return blocks
    blocks = blocks.copy()
    part = blocks[blocks["page_main"].notna().to_numpy()]
    inputs = page_inputs(part)
    content = (model or default_page_model()).predict_proba(inputs)[:, 1]
    rule = part["boilerplate_rule"].astype(object).to_numpy()
    standing = np.isin(rule, list(PAGE_STANDING_RULES))
    flagged = part["is_boilerplate"].astype(bool).to_numpy()
    new_flag = ~standing & (content < content_min)
    guarded = new_flag & (rule != "duplicate") & main_text_prose(inputs, part["text"])
    new_flag &= ~guarded
    holes = new_flag & (rule != "duplicate") & main_text_holes(
        inputs, np.where(standing, flagged, new_flag))
    new_flag &= ~holes
    guarded |= holes
    keep = ~standing & ~new_flag
    index = part.index
    unflag = index[keep & flagged]
    blocks.loc[unflag, "is_boilerplate"] = False
    for column in ("boilerplate_kind", "boilerplate_reason", "boilerplate_rule"):
        blocks.loc[unflag, column] = None
    rows = inputs.assign(content=content)
    for i in np.flatnonzero(new_flag & (rule == "duplicate")):  # the section names the kind
        if isinstance(rows["page_section"].iat[i], str):
            blocks.at[index[i], "boilerplate_kind"] = rows["page_section"].iat[i]
    for i in np.flatnonzero(new_flag & (rule != "duplicate")):
        label = index[i]
        row = rows.iloc[i]
        kind = row.page_section if isinstance(row.page_section, str) else (
            blocks.at[label, "boilerplate_kind"] if flagged[i] else None)
        if kind is None:
            kind = "navigation" if (row.link_share >= 0.5 or row.n_words < 12) else "other"
        reason = _reason(row)
        if flagged[i] and isinstance(blocks.at[label, "boilerplate_reason"], str):
            reason = f"{reason}; the line: {blocks.at[label, 'boilerplate_reason']}"
        blocks.at[label, "is_boilerplate"] = True
        blocks.at[label, "boilerplate_kind"] = kind
        blocks.at[label, "boilerplate_reason"] = reason
        blocks.at[label, "boilerplate_rule"] = "page"
    revised = index[~standing]
    score = np.where(guarded, np.minimum(1.0 - content, 1.0 - content_min), 1.0 - content)
    blocks.loc[revised, "boilerplate_score"] = np.round(score[~standing], 4)
    return blocks
