"""``sentence_similarity``: the aligner's score for pairs of sentences, 0..1."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import semantic, static
from .features import pair_features
from .model import BACKEND_DEFAULT, check_backend, default_model, scale


def sentence_similarity(
    a: Sequence[str] | str,
    b: Sequence[str] | str,
    *,
    pool: Sequence[str] | None = None,
    backend: str = BACKEND_DEFAULT,
) -> np.ndarray:
    """Similarity of each pair ``(a[i], b[i])``, 0 (unrelated) to 1 (same meaning).

    ``pool``: the texts word weights are learned from (by default the sentences given); pass
    the whole story's sentences when scoring pairs drawn from it.
    ``backend``: ``"lexical"`` (the default: the lexical features alone; the fact reader's
    thresholds were set on it), ``"static"`` (what the study aligns sentences with: the
    lexical features and the cosine of static embeddings distilled from all-MiniLM-L6-v2,
    numpy only) or ``"semantic"``, which adds the all-MiniLM-L6-v2 embedding
    cosine to the lexical features and needs the optional ``semantic`` extra
    (``MissingExtraError`` without it).
    """
    check_backend(backend)
    if backend == "semantic":
        semantic.require()
    if isinstance(a, str):
        a = [a]
    if isinstance(b, str):
        b = [b]
    features = pair_features(a, b, pool=pool)
    if not len(features):
        return np.zeros(0)
    if backend == "semantic":
        features = np.column_stack([features, semantic.cosine(a, b)])
    elif backend == "static":
        features = np.column_stack([features, static.cosine(a, b)])
    return np.round(scale(default_model(backend).predict(features)), 6)
