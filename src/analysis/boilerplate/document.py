"""One document on its own: boilerplate scores, flags, kinds and reasons for its lines."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .explain import explain
from .features import document_features
from .lexicon import load_lexicon
from .model import THRESHOLD_DEFAULT, default_model
from .rules import RuleFlags, apply_rules


def line_scores(lines: Sequence[str], classifier=None) -> tuple[np.ndarray, RuleFlags, np.ndarray]:
    """Features, rule flags and scores of one document's lines.

    A score is the classifier's probability (the shipped one unless given), raised to the
    precision of any rule that fired.
    """
    lines = list(lines)
    features = document_features(lines)
    rules = apply_rules(lines, features)
    if not lines:
        return features, rules, np.zeros(0, dtype=float)
    classifier = classifier or default_model().named_steps["classifier"]
    return features, rules, np.maximum(classifier.predict_proba(features)[:, 1], rules.score)


def predict_proba(lines: Sequence[str]) -> np.ndarray:
    """Probability that each line is boilerplate, from the line and its neighbours only."""
    return line_scores(lines)[2]


def predict(lines: Sequence[str], *, threshold: float = THRESHOLD_DEFAULT) -> np.ndarray:
    """True for each line that is boilerplate (navigation, share, ads, comments, ...)."""
    return predict_proba(lines) > threshold


def score_document(
    lines: Sequence[str], *, threshold: float = THRESHOLD_DEFAULT
) -> pd.DataFrame:
    """Per line: ``boilerplate_score``, ``is_boilerplate``, ``boilerplate_kind`` and reason."""
    lines = list(lines)
    features, rules, scores = line_scores(lines)
    flagged = scores > threshold
    kinds, reasons, deciding = explain(lines, features, flagged, load_lexicon(), rules)
    return pd.DataFrame({
        "boilerplate_score": np.round(scores, 4),
        "is_boilerplate": flagged,
        "boilerplate_kind": kinds,
        "boilerplate_reason": reasons,
        "boilerplate_rule": deciding,
    })
