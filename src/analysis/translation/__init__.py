"""Translation artifacts: evidence per line, a score per source.

``document_scores(docs)`` scores plain-text documents (one string each): higher means more
likely machine-translated. ``find_artifacts(blocks)`` lists every artifact of a corpus's blocks
(the ``artifacts`` table) and ``source_scores`` rolls them up per source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace

import numpy as np
import pandas as pd

from ..engine import chunk_bounds, split_by
from .detectors import (
    ALL_BLOCK_DETECTORS, CONTENT_DETECTORS, DETECTORS, ENGLISH_ONLY_DETECTORS, KIND_LABELS, WEIGHTS,
)
from .score import THRESHOLD_DEFAULT, document_score

__all__ = [
    "DETECTORS", "KIND_LABELS", "WEIGHTS", "document_scores", "find_artifacts", "source_scores",
]

ARTIFACT_COLUMNS = ["source_id", "block_id", "line_no", "kind", "evidence", "weight"]
SCORE_COLUMNS = ["source_id", "translation_score", "machine_translated", "n_artifacts", "artifact_kinds"]


def _document_artifacts(
    texts: list[str], boilerplate: np.ndarray, raw: list[str | None] | None = None,
    language: str | None = None,
) -> list:
    found = []
    for detect in ALL_BLOCK_DETECTORS.values():
        found.extend(detect(texts, raw))
    content = [i for i, flag in enumerate(boilerplate) if not flag]
    content_texts = [texts[i] for i in content]
    content_raw = [raw[i] for i in content] if raw is not None else None
    detectors = list(CONTENT_DETECTORS.values())
    if language == "en":
        detectors += list(ENGLISH_ONLY_DETECTORS.values())
    for detect in detectors:
        for artifact in detect(content_texts, content_raw):
            found.append(replace(artifact, block=content[artifact.block]))
    return found


def document_scores(docs: Sequence[str]) -> np.ndarray:
    """Translation score (0..1) of each plain-text document: higher = more likely MT."""
    from ..boilerplate import predict
    from ..text import detect_language, text_to_blocks

    scores = np.zeros(len(docs))
    for d, doc in enumerate(docs):
        blocks = text_to_blocks(doc)
        texts = [block.text for block in blocks]
        raw = [block.text_before_repair for block in blocks]
        language, _ = detect_language("\n".join(texts))
        artifacts = _document_artifacts(texts, predict(texts), raw, language)
        frame = pd.DataFrame([asdict(a) for a in artifacts], columns=["block", "kind", "evidence", "weight"])
        scores[d] = document_score(frame)
    return scores


def find_artifacts(
    blocks: pd.DataFrame, languages: dict[str, str] | None = None, *, engine=None, progress=None
) -> pd.DataFrame:
    """Every artifact in a corpus's blocks (boilerplate-scored), one row each.

    ``languages`` maps source ids to language codes; English-only detectors (untranslated
    foreign words) run on English sources. With a parallel ``engine`` (``analysis.engine``),
    chunks of sources go to its workers.
    """
    languages = languages or {}
    if engine is not None and len(blocks):
        bounds = chunk_bounds(sorted(blocks["source_id"].unique()), engine)
        if len(bounds) > 1:
            chunks = split_by(blocks, "source_id", bounds)
            parts = engine.map(
                _artifacts_of_chunk,
                [(chunk, {s: languages.get(s) for s in chunk["source_id"].unique()})
                 for chunk in chunks],
                progress=progress, desc="translation artifacts")
            return pd.concat(parts, ignore_index=True)
    rows = []
    for source, group in blocks.sort_values(["source_id", "block_no"]).groupby("source_id"):
        texts = group["text"].tolist()
        raw = group["text_before_repair"].astype(object).where(group["text_before_repair"].notna(), None).tolist()
        boilerplate = group["is_boilerplate"].fillna(False).astype(bool).to_numpy()
        for artifact in _document_artifacts(texts, boilerplate, raw, languages.get(source)):
            block = group.iloc[artifact.block]
            rows.append({
                "source_id": source, "block_id": block["block_id"], "line_no": block["line_no"],
                "kind": artifact.kind, "evidence": artifact.evidence, "weight": artifact.weight,
            })
    return pd.DataFrame(rows, columns=ARTIFACT_COLUMNS)


def _artifacts_of_chunk(item: tuple[pd.DataFrame, dict]) -> pd.DataFrame:
    return find_artifacts(*item)


def source_scores(
    articles: pd.DataFrame, artifacts: pd.DataFrame, *, threshold: float = THRESHOLD_DEFAULT
) -> pd.DataFrame:
    """Per source: ``translation_score``, ``machine_translated``, ``n_artifacts``, kinds found."""
    rows = []
    by_source = dict(tuple(artifacts.groupby("source_id"))) if len(artifacts) else {}
    for source in articles["source_id"]:
        own = by_source.get(source, artifacts.iloc[:0])
        score = document_score(own)
        kinds = own["kind"].value_counts()
        rows.append({
            "source_id": source,
            "translation_score": score,
            "machine_translated": score >= threshold,
            "n_artifacts": len(own),
            "artifact_kinds": ", ".join(f"{KIND_LABELS[k]} ({n})" for k, n in
                                        sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        })
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)
