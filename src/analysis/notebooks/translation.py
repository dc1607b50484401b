"""Tables about translation artifacts for the notebooks: pure functions of the study's tables."""

from __future__ import annotations

import pandas as pd

from .ingest import shorten
from ..translation import KIND_LABELS, WEIGHTS


def scores_table(sources: pd.DataFrame) -> pd.DataFrame:
    """Per source: translation score, verdict, the style score and the kinds of artifact, highest
    score first."""
    table = sources[["source_id", "translation_score", "machine_translated", "translation_style_score",
                     "n_artifacts", "artifact_kinds"]].copy()
    table["translation_score"] = table["translation_score"].round(2)
    table["translation_style_score"] = table["translation_style_score"].round(2)
    return table.sort_values(["translation_score", "source_id"], ascending=[False, True]).set_index(
        "source_id")


def style_evidence(sources: pd.DataFrame) -> pd.DataFrame:
    """Per source: the style score and the features that push it toward machine translation."""
    table = sources[["source_id", "translation_style_score", "translation_style_evidence"]].copy()
    table["translation_style_score"] = table["translation_style_score"].round(2)
    return table.sort_values("source_id").set_index("source_id")


def artifacts_by_kind(artifacts: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """How many artifacts of each kind each source has (sources without any included)."""
    counts = pd.crosstab(artifacts["source_id"], artifacts["kind"])
    counts = counts.reindex(sorted(sources["source_id"]), fill_value=0)
    counts = counts.rename(columns=KIND_LABELS)
    counts.index.name = "source_id"
    return counts


def evidence_lines(artifacts: pd.DataFrame, *, text_chars: int = 90) -> pd.DataFrame:
    """Every artifact with its line and evidence, by source and line."""
    table = artifacts[["source_id", "line_no", "kind", "weight", "evidence"]].copy()
    table["kind"] = table["kind"].map(KIND_LABELS)
    table["evidence"] = table["evidence"].map(lambda text: shorten(text, text_chars))
    return table.sort_values(["source_id", "line_no", "kind"]).set_index(["source_id", "line_no"])


def weights_table() -> pd.DataFrame:
    """The evidence each detector's occurrence adds to a document's score."""
    return pd.DataFrame(
        [(KIND_LABELS[kind], weight) for kind, weight in WEIGHTS.items()],
        columns=["artifact", "weight"],
    ).set_index("artifact")


def translations_table(sources: pd.DataFrame, articles: pd.DataFrame | None = None) -> pd.DataFrame | str:
    """Each source that translates another source of the corpus: the original, both languages
    and the evidence (the names and numbers they share, in order); when none does, a sentence
    saying so (and whether the corpus holds any article in another language)."""
    found = sources.loc[sources["translation_of"].notna(),
                        ["source_id", "translation_of", "translation_of_evidence"]].copy()
    if found.empty:
        languages = set(articles["language"].dropna()) if articles is not None and "language" in articles else set()
        if languages - {"en"}:
            return "No English source of this corpus translates one of its articles in another language."
        return "No source translates another: the corpus holds no article in a language other than English."
    if articles is not None and "language" in articles:
        language = dict(zip(articles["source_id"], articles["language"]))
        found.insert(1, "language", found["source_id"].map(language))
        found.insert(3, "original_language", found["translation_of"].map(language))
    found = found.rename(columns={"translation_of": "original", "translation_of_evidence": "evidence"})
    return found.sort_values(["original", "source_id"]).set_index("source_id")
