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


def predict_proba(lines: Sequence[str]) -> np.ndarray:
    """Probability that each line is boilerplate, from the line and its neighbours only."""
    lines = list(lines)
    if not lines:
        return np.zeros(0, dtype=float)
    features = document_features(lines)
    return _probabilities(features, apply_rules(lines, features))


def _probabilities(features: np.ndarray, rules: RuleFlags) -> np.ndarray:
    """The classifier's probability, raised to the precision of any rule that fired."""
    classifier = default_model().named_steps["classifier"]
    return np.maximum(classifier.predict_proba(features)[:, 1], rules.score)


def predict(lines: Sequence[str], *, threshold: float = THRESHOLD_DEFAULT) -> np.ndarray:
    """True for each line that is boilerplate (navigation, share, ads, comments, ...)."""
    return predict_proba(lines) > threshold


def score_document(
    lines: Sequence[str], *, threshold: float = THRESHOLD_DEFAULT
) -> pd.DataFrame:
    """Per line: ``boilerplate_score``, ``is_boilerplate``, ``boilerplate_kind`` and reason."""
    lines = list(lines)
    lexicon = load_lexicon()
    features = document_features(lines, lexicon)
    rules = apply_rules(lines, features)
    scores = _probabilities(features, rules) if lines else np.zeros(0)
    flagged = scores > threshold
    kinds, reasons, deciding = explain(lines, features, flagged, lexicon, rules)
    return pd.DataFrame({
        "boilerplate_score": np.round(scores, 4),
        "is_boilerplate": flagged,
        "boilerplate_kind": kinds,
        "boilerplate_reason": reasons,
        "boilerplate_rule": deciding,
    })
