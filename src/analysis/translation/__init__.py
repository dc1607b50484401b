"""Translation artifacts: evidence per line, a style signal per document, a score per source.

``document_scores(docs)`` scores plain-text documents (one string each): higher means more
likely machine-translated. ``find_artifacts(blocks)`` lists every artifact of a corpus's blocks
(the ``artifacts`` table), ``style_scores(blocks)`` reads each English source's style with the
learned model (``model``), and ``source_scores`` rolls both up per source. ``anchor_rows`` reads each article's names and
numbers, ``originals_of_anchors`` pairs translations with their originals from them.
"""

from .corpus import (anchor_rows, document_evidence, document_scores, find_artifacts, originals_of_anchors,
                     source_scores, style_scores)
from .detectors import DETECTORS, KIND_LABELS, WEIGHTS
from .model import TranslationStyleClassifier
from .originals import translation_pairs

__all__ = [
    "DETECTORS", "KIND_LABELS", "WEIGHTS", "TranslationStyleClassifier", "anchor_rows", "document_evidence",
    "document_scores", "find_artifacts", "source_scores", "style_scores",
    "originals_of_anchors", "translation_pairs",
]
