"""The learned boilerplate classifier, in scikit-learn's conventions.

Rows are lines; a ``document`` column groups them (in order) so the features can look at a
line's neighbours. ``LineFeatures`` turns such a frame into the feature matrix; the model is
a pipeline of it and a gradient-boosted tree ensemble, trained on the vendored line-level
benchmark (see ``data/boilerplate/README.md``). Training takes a few seconds and is
deterministic, so the model is trained on first use rather than shipped as a pickle.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import Pipeline

from .features import FEATURE_NAMES, batches, documents_features
from .lexicon import LEXICON_DIR

TRAINING_DATA = LEXICON_DIR / "scrapinghub-dev.jsonl.gz"
WRITTEN_LABELS = LEXICON_DIR / "srcrel-labels.txt"
# Gradient boosting settings, from grouped-by-domain CV on the training lines (full/span
# macro-F1, predict speed): 300 trees of 31 leaves 0.873/0.592 at 68k lines/s; 100 trees of
# 15 leaves 0.873/0.599 at 212k; 60 trees of 15 leaves (rate 0.15) 0.871/0.601 at 349k. The
# last: equal within noise, and predict cost matters. Early stopping off: deterministic.
MAX_ITER_DEFAULT = 60
LEARNING_RATE_DEFAULT = 0.15
MAX_LEAF_NODES_DEFAULT = 15
L2_REGULARIZATION_DEFAULT = 1.0
# Probability of boilerplate above which a line is flagged: swept 0.5-0.9 on grouped CV;
# higher trades full-page F1 (navigation) for in-article F1 (the noise inside the article).
THRESHOLD_DEFAULT = 0.7
# Lines between the first and last content line of a training page weigh this much more:
# 85% of a page's lines are navigation, and without the weight the model learns "short line
# means boilerplate", which is wrong inside articles (sub-headings, lists). Swept 1, 3, 10.
ARTICLE_SPAN_WEIGHT_DEFAULT = 10.0


class LineFeatures(TransformerMixin, BaseEstimator):
    """Feature matrix of lines; ``X`` has a ``document`` and a ``text`` column, lines in order."""

    def __init__(self, document_column: str = "document", text_column: str = "text"):
        self.document_column = document_column
        self.text_column = text_column

    def fit(self, X, y=None):
        self.n_features_in_ = 2
        return self

    def transform(self, X):
        documents = X[self.document_column].to_numpy()
        texts = X[self.text_column].astype(str).tolist()
        out = np.empty((len(texts), len(FEATURE_NAMES)), dtype=np.float32)
        # documents are contiguous runs of rows, featurised many at a time (the same numbers)
        boundaries = np.flatnonzero(documents[1:] != documents[:-1]) + 1
        starts = np.concatenate([[0], boundaries])
        ends = np.concatenate([boundaries, [len(texts)]])
        row = 0
        for lines, parts in batches([texts[start:end] for start, end in zip(starts, ends)]):
            out[row: row + len(lines)] = documents_features(lines, parts)
            row += len(lines)
        return out

    def get_feature_names_out(self, input_features=None):
        return np.array(FEATURE_NAMES, dtype=object)


def make_model(
    *,
    max_iter: int = MAX_ITER_DEFAULT,
    learning_rate: float = LEARNING_RATE_DEFAULT,
    max_leaf_nodes: int = MAX_LEAF_NODES_DEFAULT,
    l2_regularization: float = L2_REGULARIZATION_DEFAULT,
    random_state: int = 0,
) -> Pipeline:
    """An untrained pipeline: line features, then gradient-boosted trees."""
    return Pipeline([
        ("features", LineFeatures()),
        ("classifier", HistGradientBoostingClassifier(
            max_iter=max_iter, learning_rate=learning_rate, max_leaf_nodes=max_leaf_nodes,
            l2_regularization=l2_regularization, early_stopping=False,
            random_state=random_state,
        )),
    ])


def load_labelled_lines(path: Path = TRAINING_DATA) -> pd.DataFrame:
    """Labelled lines: ``document``, ``domain``, ``line_no``, ``text``, ``is_boilerplate``."""
    opener = gzip.open if str(path).endswith(".gz") else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            for number, item in enumerate(page["lines"], start=1):
                rows.append({
                    "document": page["doc_id"],
                    "domain": page["domain"],
                    "line_no": number,
                    "text": item["text"],
                    "is_boilerplate": item["label"] == "boilerplate",
                })
    return pd.DataFrame(rows)


def article_span(documents, is_boilerplate) -> np.ndarray:
    """Whether each line lies between the first and last content line of its document."""
    documents = np.asarray(documents)
    is_boilerplate = np.asarray(is_boilerplate, dtype=bool)
    inside = np.zeros(len(documents), dtype=bool)
    for indices in pd.Series(range(len(documents))).groupby(documents, sort=False).indices.values():
        content = np.flatnonzero(~is_boilerplate[indices])
        if len(content):
            inside[indices[content[0]: content[-1] + 1]] = True
    return inside


def fit_model(
    lines: pd.DataFrame, *, span_weight: float = ARTICLE_SPAN_WEIGHT_DEFAULT, **settings
) -> Pipeline:
    """Train on labelled lines (``document``, ``text``, ``is_boilerplate``), in-article weighted."""
    labels = lines["is_boilerplate"].to_numpy(dtype=bool)
    weights = np.where(article_span(lines["document"], labels), span_weight, 1.0)
    return make_model(**settings).fit(
        lines[["document", "text"]], labels, classifier__sample_weight=weights
    )


def load_written_labels(path: Path = WRITTEN_LABELS) -> pd.DataFrame:
    """The project's own labelled pages (``B``/``C`` lines under ``## page:`` headers)."""
    rows, page, site, number = [], None, None, 0
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("## page:"):
            page, site, _ = (part.strip() for part in raw[len("## page:"):].split("|"))
            number = 0
        elif raw.startswith(("B ", "C ")) and page:
            number += 1
            rows.append({
                "document": f"srcrel:{page}", "domain": site, "line_no": number,
                "text": raw[2:].strip(), "is_boilerplate": raw.startswith("B "),
            })
    return pd.DataFrame(rows)


def training_lines() -> pd.DataFrame:
    """Everything the shipped model learns from: the vendored benchmark and our own labels."""
    return pd.concat([load_labelled_lines(), load_written_labels()], ignore_index=True)


def boilerplate_probability(classifier, features: np.ndarray) -> np.ndarray:
    """``classifier.predict_proba(features)[:, 1]``, the same numbers, without scikit-learn's
    checks of the input on every call: for one document of 190 lines they cost as much as
    the 60 trees (cProfile over the dev pages, one thread). The trees are walked two at a
    time (``paired_trees``: half the calls, each with a fixed cost of about 3 µs) and their
    leaves' values added in the trees' order, as ``_predict_iterations`` adds them. Any other
    estimator, input of the wrong width, or trees with categorical splits go through
    ``predict_proba`` and its checks."""
    if (not isinstance(classifier, HistGradientBoostingClassifier)
            or not hasattr(classifier, "_predictors") or features.ndim != 2
            or features.shape[1] != classifier.n_features_in_ or classifier.n_trees_per_iteration_ != 1):
        return classifier.predict_proba(features)[:, 1]
    trees = tuple(tree for (tree,) in classifier._predictors)
    if any(tree.nodes["is_categorical"].any() for tree in trees):
        return classifier.predict_proba(features)[:, 1]
    from sklearn.ensemble._hist_gradient_boosting._predictor import _predict_from_raw_data
    from sklearn.utils._openmp_helpers import _openmp_effective_n_threads

    pairs, leaf_values, base = paired_trees(trees)
    values = np.ascontiguousarray(features, dtype=np.float64)
    known_categories, feature_map = classifier._bin_mapper.make_known_categories_bitsets()
    n_threads = _openmp_effective_n_threads()
    codes = np.empty((len(pairs), len(values)), dtype=np.float64)
    for k, nodes in enumerate(pairs):
        _predict_from_raw_data(nodes, values, _NO_BITSETS, known_categories, feature_map,
                               n_threads, codes[k])
    # each pair's code is first leaf * base + second leaf: the trees' leaves in their order
    leaves = codes.T.astype(np.int64)
    order = np.empty((len(values), 2 * len(pairs)), dtype=np.int64)
    order[:, 0::2], order[:, 1::2] = leaves // base, leaves % base
    terms = np.empty((len(values), len(trees) + 1), dtype=np.float64)
    terms[:, 0] = classifier._baseline_prediction[0, 0]
    flat = order[:, :len(trees)] + np.arange(len(trees)) * base
    terms[:, 1:] = leaf_values.ravel()[flat]
    # what HistGradientBoostingClassifier._raw_predict adds up: the baseline, then tree by tree
    raw = np.cumsum(terms, axis=1)[:, -1:]
    return classifier._loss.predict_proba(np.asfortranarray(raw))[:, 1]


_NO_BITSETS = np.zeros((0, 8), dtype=np.uint32)


@lru_cache(maxsize=4)
def paired_trees(trees: tuple) -> tuple[list[np.ndarray], np.ndarray, int]:
    """The trees (scikit-learn ``TreePredictor``s, no categorical splits) two by two, as one
    tree each whose leaf value is a code: the first tree's leaf number times ``base`` plus
    the second's (a last tree alone: its leaf number times ``base``); each tree's leaf values by number
    (trees x ``base``)."""
    base = max(int(tree.nodes["is_leaf"].sum()) for tree in trees)
    leaf_values = np.zeros((len(trees), base), dtype=np.float64)
    numbers = []
    for t, tree in enumerate(trees):
        leaves = np.flatnonzero(tree.nodes["is_leaf"])
        number = np.full(len(tree.nodes), -1)
        number[leaves] = np.arange(len(leaves))
        leaf_values[t, :len(leaves)] = tree.nodes["value"][leaves]
        numbers.append(number)
    pairs = []
    for t in range(0, len(trees), 2):
        first = trees[t].nodes.copy()
        first["value"] = np.where(first["is_leaf"] == 1, numbers[t] * base, 0)
        if t + 1 == len(trees):
            pairs.append(first)
            continue
        second = trees[t + 1].nodes
        parts = [first]
        size = len(first)
        for leaf in np.flatnonzero(first["is_leaf"]):
            graft = second.copy()
            graft["value"] = np.where(graft["is_leaf"] == 1, first["value"][leaf] + numbers[t + 1], 0)
            internal = graft["is_leaf"] == 0
            for side in ("left", "right"):  # children of the copy, which starts at ``size``
                graft[side] = np.where(internal, graft[side] + size, 0)
            parts.append(graft)
            first[leaf] = graft[0]  # the first tree's leaf becomes the second tree's root
            size += len(graft)
        pairs.append(np.concatenate(parts))
    return pairs, leaf_values, base


@lru_cache(maxsize=1)
def default_model() -> Pipeline:
    """The model trained on all labelled lines (once per process)."""
    return fit_model(training_lines())
