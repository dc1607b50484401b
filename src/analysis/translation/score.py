"""From artifacts to a document score: evidence adds up, each kind capped, then squashed.

    evidence = sum over kinds of min(sum of that kind's weights, KIND_CAP[kind])
    translation_score = 1 - exp(-evidence)

So independent pieces of evidence combine like a noisy OR: one translation notice (weight 3)
gives 0.95; one pair of „German quotes“ (0.6) gives 0.45; two kinds of artifact at 0.5 each
give 0.63. Repeats of one entry count once, and each kind is capped at one occurrence's
weight (``KIND_CAP_OCCURRENCES``), so one repeated habit (a page full of „ “, one phrase said
seven times) never counts as many independent signs. A source is ``machine_translated`` when
its evidence is of two kinds (or a notice) and its score reaches the threshold.

The learned style signal (``model``) is one more kind of evidence, ``style``, capped like the
others. The model's log-odds z, scaled by A, are calibrated for long documents (A and N0 are
measured out of fold when the model was trained: its ``length_calibration``); as evidence,
``log(1 + exp(A * z))`` is the amount whose score ``1 - exp(-evidence)`` equals that
calibrated probability. A document of n sentences gets that evidence times
``n / (n + N0)``, the share of the calibration slope its length supports: with little text
the style signal fades to no evidence at all (not to a probability of one half), and documents
of fewer than ``STYLE_MIN_SENTENCES_DEFAULT`` sentences, or not in English, get none.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from ..runs import equal_runs
from .detectors import WEIGHTS

# One kind of artifact adds at most this many occurrences' weight (a notice, weight 3, decides
# alone; repeats of one entry already count once, ``corpus.count_repeats_once``). Swept 1-5
# occurrences (benchmarks/kind_cap.py), chosen on WMT23 and the ECB+ dev articles less topics
# 29 and 37: the rule evidence ranks machine translations the same at every setting (AUC
# against originals 0.52-0.53, against human translations 0.52: these detectors find careless
# or scraped text, which WMT's output is not) and calls the same documents machine-translated
# (14% of WMT23's, no original, no native article), while more occurrences only raise native
# English documents' scores (highest rule score of an ECB+ article 0.39 at 1, 0.45 at 2 and
# above; of a WMT23 original 0.26 at 1, 0.45 at 2): the smallest, 1, is kept. Checked on WMT21,
# the English dev pages and ECB+ topics 29 and 37: no native document called at any setting.
# Before issue #31 a kind could add 1.5 whatever its weight, so one lexicon phrase said three
# times passed the verdict's threshold alone; with the fragment openers of that time ("because",
# "so that"), 2 of 28 WMT23 English originals (meeting transcripts) were called machine-
# translated at 1.5 occurrences and above, none at 1.
KIND_CAP_OCCURRENCES = 1.0
KIND_CAPS = {kind: weight * KIND_CAP_OCCURRENCES for kind, weight in WEIGHTS.items()}
# A kind without a weight (none today) is capped like the heaviest one short of a notice.
KIND_CAP_DEFAULT = max(cap for kind, cap in KIND_CAPS.items() if kind != "notice")
# Score from which a source is called machine-translated, chosen on WMT21 documents scored out
# of fold by rules + style (benchmarks/translation.py, thresholds 0.3-0.7): the lowest at which
# (a) at most 2% of English originals are called machine-translated, in-domain and with the MT
# systems held out (0.3 already meets it: 0% / 2%), and (b) no single artifact but a notice
# decides alone, so one false alarm of a detector never makes a verdict (the heaviest,
# foreign quotes, scores 0.45). At 0.5: originals 0% / 0%, MT caught 64% (20 sentences) /
# 33% (~10 sentences, systems held out), human translations 36% / 19%.
# Since issue #16 the verdict also needs artifacts (``is_machine_translated``): on WMT's clean
# MT output, which has none, it calls no document machine-translated (benchmarks/translation.py
# "verdict" rows); the score still ranks them.
THRESHOLD_DEFAULT = 0.5
# Issue #31: the verdict needs evidence of this many kinds (the style signal beyond its
# threshold is one), or a notice. One detector's false alarm, or one lexicon phrase repeated,
# is one kind: on native English news a document with artifacts has one kind of them (ECB+ dev
# and the English dev pages, benchmarks/kind_cap.py), so two kinds are what a false alarm of
# one detector cannot make alone.
VERDICT_MIN_KINDS = 2
NOTICE_KIND = "notice"
# Documents with fewer sentences of article text get no style evidence: on the first 3 lines
# of WMT21 documents, 8% of English originals reached the threshold (12% of MT: noise); on
# the first 5, 4% (66% of MT); on 10, 2% (benchmarks/translation.py, in-domain).
STYLE_MIN_SENTENCES_DEFAULT = 5
STYLE_KIND = "style"
# Style evidence is capped softly, cap * (1 - exp(-evidence / cap)): like the hard cap of the
# other kinds it never passes 1.5 (score 0.78), but documents beyond it keep their order (a
# hard cap tied a third of WMT23's documents at 0.78).
STYLE_CAP = 1.5
# Style score (``translation_style_score``) from which the style signal is named in a source's
# summary ("style resembles machine translation"), and from which it may join artifacts in a
# verdict: set so that at most 1% of native English news reaches it, measured with the shipped
# model (benchmarks/translation.py --native) on 496 ECB+ dev articles (coverage benchmark,
# mixed/) and 86 English pages of the boilerplate dev benchmark (whole pages, boilerplate
# scored by the study). Documents at or above it: 0.70: 3/496 and 2/86 (0.9% pooled); 0.72:
# 1/496 and 2/86 (0.5%); 0.75: 0/496 and 2/86. 0.72 keeps a margin below 1% for the owners'
# other ECB+ articles; the two pages at 0.77 are long pages near the cap that no threshold
# under the cap separates.
STYLE_SIGN_THRESHOLD = 0.72


def evidence_by_kind(artifacts: pd.DataFrame) -> pd.Series:
    """Capped evidence per kind for one document's artifacts."""
    if artifacts.empty:
        return pd.Series(dtype=float)
    totals = artifacts.groupby("kind")["weight"].sum()
    caps = pd.Series({kind: KIND_CAPS.get(kind, KIND_CAP_DEFAULT) for kind in totals.index})
    return np.minimum(totals, caps)


def evidence_by_source(artifacts: pd.DataFrame) -> dict[str, float]:
    """Per source (``source_id``): its artifacts' capped evidence summed over kinds, the same
    number as ``evidence_by_kind`` of that source's artifacts summed (each kind's weights
    summed in row order, the kinds' capped totals summed in kind order), for all sources in
    one grouping."""
    if artifacts.empty:
        return {}
    totals = artifacts.groupby(["source_id", "kind"], sort=True)["weight"].sum()
    caps = np.array([KIND_CAPS.get(kind, KIND_CAP_DEFAULT) for kind in totals.index.get_level_values("kind")])
    capped = np.minimum(totals.to_numpy(dtype=float), caps)
    sources = np.asarray(totals.index.get_level_values("source_id"))
    return {sources[a]: float(np.add.reduce(capped[a:b])) for a, b in equal_runs(sources)}


def score_from_evidence(evidence: float) -> float:
    return float(1.0 - np.exp(-evidence))


def document_score(artifacts: pd.DataFrame) -> float:
    """The translation score of one document from its artifacts (0 when there are none)."""
    return round(score_from_evidence(float(evidence_by_kind(artifacts).sum())), 4)


def softplus(x: float) -> float:
    return float(np.logaddexp(0.0, x))


def style_evidence(
    log_odds: float, n_sentences: int, calibration: dict, *,
    min_sentences: int = STYLE_MIN_SENTENCES_DEFAULT,
) -> float:
    """Evidence (before the kind's cap) the style model's log-odds add for a document.

    ``calibration`` is the model's ``length_calibration_``: ``scale`` A and
    ``half_weight_sentences`` N0 (see module docstring).
    """
    if n_sentences < min_sentences:
        return 0.0
    weight = n_sentences / (n_sentences + calibration["half_weight_sentences"])
    return weight * softplus(calibration["scale"] * log_odds)


def capped_style(style: float) -> float:
    """Style evidence after its soft cap (``STYLE_CAP``)."""
    return float(STYLE_CAP * -np.expm1(-max(style, 0.0) / STYLE_CAP))


def style_score(style: float) -> float:
    """What the style evidence alone scores (0..1, the scale of ``translation_score``)."""
    return round(score_from_evidence(capped_style(style)), 4)


def combined_score(rule_evidence: float, style: float) -> float:
    """Score of rule evidence (already capped by kind) plus style evidence (capped here)."""
    return round(score_from_evidence(rule_evidence + capped_style(style)), 4)


def is_machine_translated(
    rule_evidence: float, style: float | None, *, kinds: Collection[str],
    threshold: float = THRESHOLD_DEFAULT, style_threshold: float = STYLE_SIGN_THRESHOLD,
) -> bool:
    """The verdict needs checkable evidence of two kinds, or a notice (issue #31).

    ``kinds`` are the kinds of the document's artifacts (those of weight above 0). A notice
    (the text says it was translated) decides alone. Otherwise the artifacts must be of two
    kinds at least and reach the threshold, or of one kind with the style score beyond its
    calibrated threshold (the style signal is the second kind) and reach it together. One
    kind of artifact, however often it repeats, never makes a verdict, and style alone never
    does: it is named in the summary as a weaker signal."""
    kinds = set(kinds)
    if NOTICE_KIND in kinds:
        return score_from_evidence(rule_evidence) >= threshold
    if len(kinds) >= VERDICT_MIN_KINDS and score_from_evidence(rule_evidence) >= threshold:
        return True
    if not kinds or style is None or not np.isfinite(style) or style_score(style) < style_threshold:
        return False
    return len(kinds) + 1 >= VERDICT_MIN_KINDS and combined_score(rule_evidence, style) >= threshold
