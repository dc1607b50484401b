"""One document on its own: boilerplate scores, flags, kinds and reasons for its lines."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .explain import explain
from .features import Documents, batches, documents_features
from .lexicon import load_lexicon
from .model import THRESHOLD_DEFAULT, boilerplate_probability, default_model
from .rules import RuleFlags, apply_rules, combine, sentence_guard


def line_scores(lines: Sequence[str], classifier=None) -> tuple[np.ndarray, RuleFlags, np.ndarray]:
    """Features, rule flags and scores of one document's lines.

    A score is the classifier's probability (the shipped one unless given), raised to the
    precision of any rule that fired.
    """
    lines = list(lines)
    return documents_scores(lines, Documents.of([len(lines)]), classifier)


def documents_scores(lines: list[str], documents: Documents,
                     classifier=None) -> tuple[np.ndarray, RuleFlags, np.ndarray]:
    """``line_scores`` of each of ``documents`` (``lines`` holds them one after another), in
    one pass over all their lines: features, rules, guard and trees each called once, not
    once per document (for a document of one line they cost 0.56 ms, a third of the time
    on the dev pages of 190 lines on average). The same numbers as one document at a time."""
    features = documents_features(lines, documents)
    rules = apply_rules(lines, features, documents=documents)
    if not lines:
        return features, rules, np.zeros(0, dtype=float)
    classifier = classifier or default_model().named_steps["classifier"]
    probability = boilerplate_probability(classifier, features)
    return features, rules, combine(probability, rules, sentence_guard(lines, features, documents))


def predict_proba(lines: Sequence[str]) -> np.ndarray:
    """Probability that each line is boilerplate, from the line and its neighbours only."""
    return line_scores(lines)[2]


def predict(lines: Sequence[str], *, threshold: float = THRESHOLD_DEFAULT) -> np.ndarray:
    """True for each line that is boilerplate (navigation, share, ads, comments, ...)."""
    return predict_proba(lines) > threshold


def predict_many(documents: Sequence[Sequence[str]], *, threshold: float = THRESHOLD_DEFAULT
                 ) -> list[np.ndarray]:
    """``predict`` of each document, all scored together (see ``documents_scores``)."""
    out = []
    for lines, parts in batches(documents):
        out += parts.split(documents_scores(lines, parts)[2] > threshold)
    return out


def score_document(
    lines: Sequence[str], *, threshold: float = THRESHOLD_DEFAULT
) -> pd.DataFrame:
    """Per line: ``boilerplate_score``, ``is_boilerplate``, ``boilerplate_kind`` and reason."""
    return score_many([lines], threshold=threshold)


def score_many(
    documents: Sequence[Sequence[str]], *, threshold: float = THRESHOLD_DEFAULT, classifier=None
) -> pd.DataFrame:
    """``score_document`` of each document, one row per line, documents one after another.

    The same scores as one document at a time, computed for many documents in one pass
    (``documents_scores``, in ``batches``) with the classifier (the shipped one unless given).
    """
    lexicon = load_lexicon()
    scores, kinds, reasons, deciding = [], [], [], []
    for lines, parts in batches(documents):
        features, rules, score = documents_scores(lines, parts, classifier)
        flagged = score > threshold
        k, why, rule = explain(lines, features, flagged, lexicon, rules)
        scores.append(score)
        kinds += k
        reasons += why
        deciding += rule
    scores = np.concatenate(scores) if scores else np.zeros(0, dtype=float)
    return pd.DataFrame({
        "boilerplate_score": np.round(scores, 4),
        "is_boilerplate": scores > threshold,
        "boilerplate_kind": pd.Series(kinds, dtype=object),
        "boilerplate_reason": pd.Series(reasons, dtype=object),
        "boilerplate_rule": pd.Series(deciding, dtype=object),
    })
