"""``sentence_similarity``: the aligner's score for pairs of sentences, 0..1."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .features import pair_features
from .model import default_model, scale


def sentence_similarity(
    a: Sequence[str] | str, b: Sequence[str] | str, *, pool: Sequence[str] | None = None
) -> np.ndarray:
    """Similarity of each pair ``(a[i], b[i])``, 0 (unrelated) to 1 (same meaning).

    ``pool``: the texts word weights are learned from (by default the sentences given); pass
    the whole story's sentences when scoring pairs drawn from it.
    """
    if isinstance(a, str):
        a = [a]
    if isinstance(b, str):
        b = [b]
    features = pair_features(a, b, pool=pool)
    if not len(features):
        return np.zeros(0)
    return np.round(scale(default_model().predict(features)), 6)
