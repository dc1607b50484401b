"""Agreement across sources: sentence similarity, facts, contradictions, copies.

``sentence_similarity(a, b)`` scores pairs of sentences 0..1 (an additive model over lexical
features, trained on the STS Benchmark; see ``model``); ``backend="semantic"`` adds a sentence
embedding cosine (``semantic``; optional extra, never required). ``stage.compare_story_rows`` is
the piece of the study's agreement stage (``analysis.stages``): one run of stories.
"""

from __future__ import annotations

from .features import FEATURE_NAMES, pair_features
from .model import BACKENDS, AdditiveSimilarity
from .similarity import sentence_similarity

__all__ = ["BACKENDS", "FEATURE_NAMES", "AdditiveSimilarity", "pair_features", "sentence_similarity"]
