"""Kinds and reasons: why a line was called boilerplate, in words a journalist accepts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .features import FEATURE_NAMES, PROSE_MIN_WORDS
from .lexicon import LEXICON_KINDS, LEXICON_MAX_WORDS, Lexicon

KINDS = (
    "navigation", "share", "promo", "comments", "teaser", "caption", "byline", "duplicate",
    "other",
)
KIND_LABELS = {
    "navigation": "navigation/UI",
    "share": "share buttons",
    "promo": "promo/ad",
    "comments": "comments",
    "teaser": "teaser/related link",
    "caption": "caption/credit",
    "byline": "byline/metadata",
    "duplicate": "duplicate line",
    "other": "other",
}
# Kinds that are the article's own metadata (bylines, datelines, reading time, agency marks),
# not noise: kept out of the article text like boilerplate (the line-level benchmark's
# annotators leave them out of the article body: all 230 dev lines the byline lexicon
# matches are labelled boilerplate), but not counted as false alarms on clean prose.
METADATA_KINDS = ("byline",)
LEXICON_LABELS = {
    "comments": "comment-section",
    "share": "share-button",
    "promo": "advertising",
    "teaser": "'read also' teaser",
    "caption": "caption/credit",
    "byline": "byline/metadata",
    "navigation": "navigation",
}
_COLUMN = {name: i for i, name in enumerate(FEATURE_NAMES)}


def explain(
    lines: Sequence[str],
    features: np.ndarray,
    flagged: np.ndarray,
    lexicon: Lexicon,
    rules,
) -> tuple[list[str | None], list[str | None], list[str | None]]:
    """Kind, reason and deciding rule of each flagged line (None for kept lines).

    ``rules`` is the :class:`~analysis.boilerplate.rules.RuleFlags` of the document; lines
    no rule flagged were flagged by the classifier (rule ``model``).
    """
    kinds: list[str | None] = []
    reasons: list[str | None] = []
    deciding: list[str | None] = []
    for i, line in enumerate(lines):
        if not flagged[i]:
            kinds.append(None)
            reasons.append(None)
            deciding.append(None)
            continue
        words = len(line.split())
        terminal = bool(features[i, _COLUMN["ends_terminal"]])
        inside = bool(features[i, _COLUMN["inside_prose_span"]])
        parts = []
        if words < PROSE_MIN_WORDS:
            parts.append(f"short line ({words} word{'s' if words != 1 else ''})")
        if not terminal:
            parts.append("no sentence punctuation")
        matches = lexicon.matches(line) if words <= LEXICON_MAX_WORDS else {}
        matched = next((k for k in LEXICON_KINDS if k in matches), None)
        if matched:
            parts.append(f"matches the {LEXICON_LABELS[matched]} lexicon ({matches[matched]!r})")
        if rules.evidence[i]:
            parts.append(rules.evidence[i])
        kind = rules.kind[i] or matched
        if not inside:
            parts.append("outside the article's run of paragraphs")
        if kind is None:
            if not inside and words < PROSE_MIN_WORDS and not terminal:
                kind = "navigation"
            else:
                kind = "other"
                if inside and words < PROSE_MIN_WORDS:
                    parts.append("between paragraphs (a heading or a caption?)")
        kinds.append(kind)
        reasons.append(", ".join(parts) or "judged by the classifier from its neighbours")
        deciding.append(rules.rule[i] or "model")
    return kinds, reasons, deciding
