"""The learned combination of the pair features: an additive model of piecewise-linear terms.

    similarity = clip(intercept + sum_j f_j(feature_j), 0, 5) / 5

Each ``f_j`` is linear between a few knots (a degree-1 spline, fit with ridge), so the model is
a table of numbers a reviewer can read and plot: how much a given word overlap or a number
mismatch adds to the score. It ships as JSON (``data/agreement/similarity_model.json``),
trained on the STS Benchmark's train split (Cer et al. 2017; scores CC BY-SA 4.0) by
``benchmarks/agreement.py --write-model``; the sentences themselves are not shipped. The
default ``static`` backend has its own model of the same kind, with the cosine of static
embeddings distilled from MiniLM as a 16th feature (``similarity_model_static.json``,
``--backend static``); the optional ``semantic`` backend another, with the MiniLM embedding
cosine as the 16th feature (``similarity_model_semantic.json``, ``--backend semantic``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import SplineTransformer
from sklearn.utils.validation import check_is_fitted

from .features import FEATURE_NAMES
from .semantic import FEATURE_NAME as SEMANTIC_FEATURE
from .static import FEATURE_NAME as STATIC_FEATURE

MODEL_RESOURCE = "similarity_model.json"
# "lexical": the 15 lexical features; "static": with the cosine of the static embeddings
# distilled from all-MiniLM-L6-v2 (``static``, package data, numpy only); "semantic" (optional
# extra): with the cosine of all-MiniLM-L6-v2 itself (torch).
BACKENDS = ("lexical", "static", "semantic")
# ``sentence_similarity``'s default: the fact reader's thresholds (``facts``) were set on it.
# Scoring its value pairs with the static backend too took the ECB+ dev mixed folder's
# contradictions from 141 to 190 at the same linking (docs/figures.md).
BACKEND_DEFAULT = "lexical"
# What the study aligns sentences with (``align.align_sentences``, ``srcrel run --similarity``):
# on the ECB+ dev mixed folder, statement linking 0.494 -> 0.568 at alignment precision 0.960
# -> 0.957 (docs/figures.md).
ALIGN_BACKEND_DEFAULT = "static"
# Each backend's shipped model and the features it was trained on, in column order.
MODEL_RESOURCES = {"lexical": MODEL_RESOURCE, "static": "similarity_model_static.json",
                   "semantic": "similarity_model_semantic.json"}
BACKEND_FEATURES = {"lexical": FEATURE_NAMES, "static": FEATURE_NAMES + (STATIC_FEATURE,),
                    "semantic": FEATURE_NAMES + (SEMANTIC_FEATURE,)}
# Knots per feature: a sweep of 4-12 on STS-B dev news (benchmarks/agreement.py) gave
# 76.9-76.4 Spearman, best at 4; more knots only fit noise. Chosen on dev: the held-out
# test split is not here.
N_KNOTS_DEFAULT = 4
ALPHA_DEFAULT = 1.0
SCORE_MAX = 5.0


class AdditiveSimilarity(RegressorMixin, BaseEstimator):
    """Sum of one piecewise-linear function per feature, on the 0-5 STS scale."""

    def __init__(self, n_knots: int = N_KNOTS_DEFAULT, alpha: float = ALPHA_DEFAULT):
        self.n_knots = n_knots
        self.alpha = alpha

    def fit(self, X, y, sample_weight=None):
        X = np.asarray(X, dtype=float)
        pipeline = make_pipeline(SplineTransformer(n_knots=self.n_knots, degree=1),
                                 Ridge(alpha=self.alpha))
        pipeline.fit(X, y, ridge__sample_weight=sample_weight)
        # The pipeline is additive: read each term off at its knots, with every other
        # feature held at its lowest knot, and keep only those tables.
        low = X.min(axis=0)
        knots, values = [], []
        base = pipeline.predict(low[None, :])[0]
        for j in range(X.shape[1]):
            grid = np.linspace(X[:, j].min(), X[:, j].max(), self.n_knots)
            points = np.repeat(low[None, :], len(grid), axis=0)
            points[:, j] = grid
            knots.append(grid)
            values.append(pipeline.predict(points) - base)
        self.knots_ = np.array(knots)
        self.values_ = np.array(values)
        self.intercept_ = float(base)
        self.n_features_in_ = X.shape[1]
        return self

    def contributions(self, X) -> np.ndarray:
        """Each feature's term for each row: (n_rows, n_features), on the 0-5 scale."""
        check_is_fitted(self, "knots_")
        X = np.asarray(X, dtype=float)
        return np.column_stack([np.interp(X[:, j], self.knots_[j], self.values_[j])
                                for j in range(self.n_features_in_)])

    def predict(self, X) -> np.ndarray:
        return self.intercept_ + self.contributions(X).sum(axis=1)

    def to_dict(self) -> dict:
        check_is_fitted(self, "knots_")
        return {"n_knots": self.n_knots, "alpha": self.alpha, "intercept": self.intercept_,
                "knots": np.round(self.knots_, 6).tolist(),
                "values": np.round(self.values_, 6).tolist()}

    @classmethod
    def from_dict(cls, data: dict) -> AdditiveSimilarity:
        model = cls(n_knots=data["n_knots"], alpha=data["alpha"])
        model.knots_ = np.array(data["knots"], dtype=float)
        model.values_ = np.array(data["values"], dtype=float)
        model.intercept_ = float(data["intercept"])
        model.n_features_in_ = model.knots_.shape[0]
        return model


def check_backend(backend: str) -> str:
    if backend not in BACKENDS:
        raise ValueError(f"unknown similarity backend {backend!r}: choose one of {list(BACKENDS)}")
    return backend


@lru_cache(maxsize=len(BACKENDS))
def default_model(backend: str = BACKEND_DEFAULT) -> AdditiveSimilarity:
    """The shipped model of ``backend``; its feature names must be the ones the code computes."""
    resource = MODEL_RESOURCES[check_backend(backend)]
    text = resources.files("analysis").joinpath("data", "agreement", resource).read_text()
    data = json.loads(text)
    if tuple(data["features"]) != BACKEND_FEATURES[backend]:
        raise RuntimeError(
            f"{resource} was trained on features {data['features']}, but the code computes "
            f"{list(BACKEND_FEATURES[backend])}: retrain it with "
            f"benchmarks/agreement.py --write-model --backend {backend}")
    return AdditiveSimilarity.from_dict(data)


def scale(scores: np.ndarray) -> np.ndarray:
    """STS scale (0-5) to 0..1."""
    return np.clip(scores, 0.0, SCORE_MAX) / SCORE_MAX
