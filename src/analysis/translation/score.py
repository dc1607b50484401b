"""From artifacts to a document score: evidence adds up, each kind capped, then squashed.

    evidence = sum over kinds of min(sum of that kind's weights, KIND_CAP[kind])
    translation_score = 1 - exp(-evidence)

So independent pieces of evidence combine like a noisy OR: one translation notice (weight 3)
gives 0.95; one pair of „German quotes“ (0.6) gives 0.45; two kinds of artifact at 0.5 each
give 0.63. The cap keeps one repeated habit (a page full of „ “) from counting as many
independent signs. A source is ``machine_translated`` when its score reaches the threshold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# No single kind but a notice may contribute more than this.
KIND_CAP_DEFAULT = 1.5
KIND_CAPS = {"notice": 3.0}
# Score from which a source is called machine-translated: a notice alone, or two distinct
# kinds of artifact, or one strong kind repeated (see module docstring). Kept at 0.5 until the
# learned document-level signal lets it be chosen on labelled documents.
THRESHOLD_DEFAULT = 0.5


def evidence_by_kind(artifacts: pd.DataFrame) -> pd.Series:
    """Capped evidence per kind for one document's artifacts."""
    if artifacts.empty:
        return pd.Series(dtype=float)
    totals = artifacts.groupby("kind")["weight"].sum()
    caps = pd.Series({kind: KIND_CAPS.get(kind, KIND_CAP_DEFAULT) for kind in totals.index})
    return np.minimum(totals, caps)


def score_from_evidence(evidence: float) -> float:
    return float(1.0 - np.exp(-evidence))


def document_score(artifacts: pd.DataFrame) -> float:
    """The translation score of one document from its artifacts (0 when there are none)."""
    return round(score_from_evidence(float(evidence_by_kind(artifacts).sum())), 4)
