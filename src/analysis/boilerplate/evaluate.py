"""Honest evaluation of the boilerplate scorer on labelled lines.

Scores come from cross-validation grouped by site (``domain``): no page is judged by a
classifier that saw a page of its site. The rules are fixed (their lexicons were written and
their precision measured on the same dev lines, so the figures carry that much optimism).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from .document import line_scores
from .model import THRESHOLD_DEFAULT, article_span, fit_model, load_written_labels

CV_FOLDS_DEFAULT = 5


def score_pages(lines: pd.DataFrame, model) -> np.ndarray:
    """Boilerplate scores (classifier and rules) for labelled ``lines``, page by page."""
    classifier = model.named_steps["classifier"]
    scores = np.zeros(len(lines))
    positions = pd.Series(np.arange(len(lines)), index=lines.index)
    for _, page in lines.groupby("document", sort=False):
        scores[positions[page.index].to_numpy()] = line_scores(page["text"].tolist(), classifier)[2]
    return scores


def cross_validated_scores(
    lines: pd.DataFrame, *, folds: int = CV_FOLDS_DEFAULT, with_written_labels: bool = True
) -> np.ndarray:
    """Out-of-fold scores, folds grouped by ``domain``.

    The project's own labelled pages join every training fold (as they join the shipped
    model's training) and are never scored.
    """
    scores = np.zeros(len(lines))
    labels = lines["is_boilerplate"].to_numpy()
    written = load_written_labels() if with_written_labels else lines.iloc[:0]
    for train, test in GroupKFold(n_splits=folds).split(lines, labels, lines["domain"]):
        model = fit_model(pd.concat([lines.iloc[train], written], ignore_index=True))
        scores[test] = score_pages(lines.iloc[test], model)
    return scores


def macro_f1(
    lines: pd.DataFrame, scores: np.ndarray, *, threshold: float = THRESHOLD_DEFAULT
) -> dict[str, float]:
    """Macro-F1 of the ``full`` view (all lines) and the ``span`` view (inside the article)."""
    labels = lines["is_boilerplate"].to_numpy(dtype=bool)
    predicted = scores > threshold
    span = article_span(lines["document"], labels)
    return {
        "full": float(f1_score(labels, predicted, average="macro")),
        "span": float(f1_score(labels[span], predicted[span], average="macro")),
    }


def cross_validated_page_content(pages: pd.DataFrame | None = None, *,
                                 folds: int = CV_FOLDS_DEFAULT) -> np.ndarray:
    """Out-of-fold page-model decisions (True: article text) for the vendored page blocks
    (``page.load_page_training``), folds grouped by ``domain``; the standing rules' flags stay."""
    from .page import PAGE_CONTENT_MIN_DEFAULT, PAGE_STANDING_RULES, PageModel, load_page_training

    pages = load_page_training() if pages is None else pages
    content = np.zeros(len(pages))
    for train, test in GroupKFold(n_splits=folds).split(pages, groups=pages["domain"]):
        model = PageModel().fit(pages.iloc[train], pages["is_content"].iloc[train])
        content[test] = model.predict_proba(pages.iloc[test])[:, 1]
    standing = pages["boilerplate_rule"].isin(PAGE_STANDING_RULES).to_numpy()
    return (content >= PAGE_CONTENT_MIN_DEFAULT) & ~standing
