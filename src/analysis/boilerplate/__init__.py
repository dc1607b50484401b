"""Boilerplate noise: which lines of an article are not the article, of what kind, and why.

``predict(lines)`` judges one document on its own and returns a numpy bool array (True for
boilerplate); ``score_document`` adds scores, kinds and reasons; ``score_blocks`` scores a
corpus's ``blocks`` table and adds cross-source signals (site templates repeated across
sources, teasers that are off-topic for the story).
"""

from .corpus import (
    TOPICALITY_COLUMNS, flag_templates, keep_headlines, score_across_sources, score_blocks, score_documents,
    score_within_stories, topicality_rows, with_topicality,
)
from .document import predict, predict_proba, score_document
from .explain import KIND_LABELS, KINDS, METADATA_KINDS

__all__ = ["KINDS", "KIND_LABELS", "METADATA_KINDS", "predict", "predict_proba", "score_document", "score_blocks",
           "score_documents", "score_across_sources", "flag_templates", "keep_headlines", "score_within_stories",
           "TOPICALITY_COLUMNS", "topicality_rows", "with_topicality"]
