"""One document on its own: boilerplate scores, flags, kinds and reasons for its lines."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .explain import explain
from .features import document_features
from .lexicon import load_lexicon
from .model import THRESHOLD_DEFAULT, boilerplate_probability, default_model
from .rules import GUARD_MAX_SCORE, RuleFlags, apply_rules, combine, sentence_guard


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
    probability = boilerplate_probability(classifier, features)
    return features, rules, combine(probability, rules, sentence_guard(lines, features))


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
    return score_many([lines], threshold=threshold)


def score_many(
    documents: Sequence[Sequence[str]], *, threshold: float = THRESHOLD_DEFAULT, classifier=None
) -> pd.DataFrame:
    """``score_document`` of each document, one row per line, documents one after another.

    The same scores as one document at a time, with one call to the classifier (the shipped
    one unless given) for all of them: its per-call cost (60 trees, each spread over the
    cores) dominated scoring a corpus of short documents one by one.
    """
    documents = [list(lines) for lines in documents]
    features = [document_features(lines) for lines in documents]
    rules = [apply_rules(lines, f) for lines, f in zip(documents, features)]
    scores = np.zeros(sum(map(len, documents)), dtype=float)
    if len(scores):
        classifier = classifier or default_model().named_steps["classifier"]
        stacked = np.concatenate([f for f in features if len(f)])
        guard = np.concatenate([sentence_guard(lines, f) for lines, f in zip(documents, features)])
        rule_scores = np.concatenate([r.score for r in rules])
        probability = boilerplate_probability(classifier, stacked)
        scores = np.maximum(np.where(guard, np.minimum(probability, GUARD_MAX_SCORE), probability),
                            rule_scores)
    flagged = scores > threshold
    lexicon = load_lexicon()
    kinds, reasons, deciding = [], [], []
    start = 0
    for lines, f, r in zip(documents, features, rules):
        end = start + len(lines)
        k, why, rule = explain(lines, f, flagged[start:end], lexicon, r)
        kinds += k
        reasons += why
        deciding += rule
        start = end
    return pd.DataFrame({
        "boilerplate_score": np.round(scores, 4),
        "is_boilerplate": flagged,
        "boilerplate_kind": pd.Series(kinds, dtype=object),
        "boilerplate_reason": pd.Series(reasons, dtype=object),
        "boilerplate_rule": pd.Series(deciding, dtype=object),
    })
