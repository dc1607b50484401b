"""Translation evidence of a corpus: artifacts line by line, the style signal and the score
of each source, and which source translates which."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace

import numpy as np
import pandas as pd

from .detectors import (
    ALL_BLOCK_DETECTORS, CONTENT_DETECTORS, DETECTORS, ENGLISH_ONLY_DETECTORS, KIND_LABELS, WEIGHTS,
)
from .model import TranslationStyleClassifier, shipped_model
from .originals import Anchored, pairs_of_anchored, read_anchors
from .score import (
    THRESHOLD_DEFAULT, combined_score, evidence_by_kind, evidence_by_source, is_machine_translated, style_evidence, style_score,
)
from .style import sentence_profile


ARTIFACT_COLUMNS = ["source_id", "block_id", "line_no", "kind", "evidence", "weight"]
STYLE_COLUMNS = ["source_id", "translation_style_score", "translation_style_evidence", "style_evidence"]
SCORE_COLUMNS = ["source_id", "translation_score", "machine_translated", "n_artifacts", "artifact_kinds",
                 "translation_style_score", "translation_style_evidence"]
# Top features named in a source's style explanation.
STYLE_EXPLAIN_TOP = 3


# Languages the translation rules and the style model are for: translation into English. A
# source of unknown language (None) is read with them too (the API's default); a source known
# to be in another language gets only the notice detector and no translation score unless a
# notice is found ("not measured", null).
MEASURED_LANGUAGES = frozenset({"en"})


def judged_as_english(language: str | None) -> bool:
    return language is None or language in MEASURED_LANGUAGES


def count_repeats_once(artifacts: list) -> list:
    """``artifacts`` with every repeat of one entry (same kind and ``entry``) after the first
    weighing nothing: a phrase said seven times is one piece of evidence, not seven. The
    repeats stay listed, each with its line, at weight 0."""
    seen: set[tuple[str, str]] = set()
    out = []
    for artifact in artifacts:
        key = (artifact.kind, artifact.entry)
        out.append(replace(artifact, weight=0.0) if key in seen else artifact)
        seen.add(key)
    return out


def _document_artifacts(
    texts: list[str], boilerplate: np.ndarray, raw: list[str | None] | None = None,
    language: str | None = None,
) -> list:
    return count_repeats_once(_found_artifacts(texts, boilerplate, raw, language))


def _found_artifacts(
    texts: list[str], boilerplate: np.ndarray, raw: list[str | None] | None = None,
    language: str | None = None,
) -> list:
    found = []
    for detect in ALL_BLOCK_DETECTORS.values():
        found.extend(detect(texts, raw))
    if not judged_as_english(language):
        # typography and number formats of the article's own language are no artifacts there,
        # and the study has no model of translation into it: only a notice speaks
        return found
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


def _style_reading(content_texts: list[str], language: str | None, model) -> dict:
    """The style model's reading of one document's article text (English only)."""
    from ..text import split_sentences

    if language is None or pd.isna(language) or language != "en":
        return {"log_odds": np.nan, "n_sentences": 0, "evidence": 0.0, "profile": None}
    sentences = [sentence for text in content_texts for _, _, sentence in split_sentences(text)]
    profile = sentence_profile(sentences)
    log_odds = float(model.decision_function([profile])[0])
    evidence = style_evidence(log_odds, profile.n_sentences, model.length_calibration_)
    return {"log_odds": log_odds, "n_sentences": profile.n_sentences, "evidence": evidence,
            "profile": profile}


def document_evidence(docs: Sequence[str], *, model: TranslationStyleClassifier | None = None,
                      with_artifacts: bool = False) -> pd.DataFrame:
    """Per plain-text document: rule evidence, the style model's reading, and the score.

    Columns: ``rule_evidence`` (artifacts, repeats counted once, capped by kind), ``style_log_odds`` (NaN when the
    document is not English), ``n_sentences`` (of article text), ``style_evidence`` and
    ``translation_score`` (NaN for a document in a language the study has no model for,
    unless a notice is found), ``machine_translated``, ``language``, ``artifact_kinds`` (the kinds
    of evidence found, comma-separated); with ``with_artifacts``, ``artifacts`` too (each
    document's artifacts as a frame: ``block``, ``kind``, ``evidence``, ``weight``, ``entry``).
    ``model`` defaults to the shipped one.
    """
    from ..boilerplate import predict
    from ..text import detect_language, text_to_blocks

    model = model or shipped_model()
    rows = []
    for doc in docs:
        blocks = text_to_blocks(doc)
        texts = [block.text for block in blocks]
        raw = [block.text_before_repair for block in blocks]
        language, _ = detect_language("\n".join(texts))
        boilerplate = predict(texts)
        artifacts = _document_artifacts(texts, boilerplate, raw, language)
        frame = pd.DataFrame([asdict(a) for a in artifacts], columns=["block", "kind", "evidence", "weight", "entry"])
        rule = float(evidence_by_kind(frame).sum())
        kinds = kinds_of_evidence(frame)
        content = [text for text, flag in zip(texts, boilerplate) if not flag]
        style = _style_reading(content, language, model)
        measured = judged_as_english(language) or rule > 0
        rows.append({"rule_evidence": rule, "style_log_odds": style["log_odds"],
                     "n_sentences": style["n_sentences"], "style_evidence": style["evidence"],
                     "translation_score": combined_score(rule, style["evidence"]) if measured else np.nan,
                     "machine_translated": is_machine_translated(rule, style["evidence"], kinds=kinds),
                     "language": language, "artifact_kinds": ", ".join(sorted(kinds)), "artifacts": frame})
    columns = ["rule_evidence", "style_log_odds", "n_sentences", "style_evidence", "translation_score",
               "machine_translated", "language", "artifact_kinds"]
    return pd.DataFrame(rows, columns=columns + (["artifacts"] if with_artifacts else []))


def kinds_of_evidence(artifacts: pd.DataFrame) -> set[str]:
    """The kinds among ``artifacts`` that weigh anything (repeats of one entry weigh 0)."""
    if artifacts.empty:
        return set()
    return set(artifacts.loc[artifacts["weight"] > 0, "kind"])


def document_scores(docs: Sequence[str], *, model: TranslationStyleClassifier | None = None) -> np.ndarray:
    """Translation score (0..1) of each plain-text document: higher = more likely MT."""
    return document_evidence(docs, model=model)["translation_score"].to_numpy(dtype=float)


def style_scores(
    blocks: pd.DataFrame, languages: dict[str, str] | None = None, *,
    model: TranslationStyleClassifier | None = None,
) -> pd.DataFrame:
    """Per source: the style model's score and what explains it, from its article text.

    ``translation_style_score`` is what the style evidence alone would score (0..1, the
    scale of ``translation_score``); null when the source is not English or has fewer
    sentences than the model needs (not measured). ``translation_style_evidence`` says how
    many sentences it rests on and which features push it toward machine translation.
    """
    from .score import STYLE_MIN_SENTENCES_DEFAULT

    languages = languages or {}
    model = model or shipped_model()
    rows = []
    for source, group in blocks.sort_values(["source_id", "block_no"]).groupby("source_id"):
        content = group.loc[~group["is_boilerplate"].fillna(False).astype(bool), "text"].tolist()
        reading = _style_reading(content, languages.get(source), model)
        if reading["profile"] is None or reading["n_sentences"] < STYLE_MIN_SENTENCES_DEFAULT:
            score, note = None, None
        else:
            score = style_score(reading["evidence"])
            why = model.explain([reading["profile"]], top=STYLE_EXPLAIN_TOP)[0]
            note = f"{reading['n_sentences']} sentences" + (f"; {why}" if why else "")
        rows.append({"source_id": source, "translation_style_score": score,
                     "translation_style_evidence": note, "style_evidence": reading["evidence"]})
    return pd.DataFrame(rows, columns=STYLE_COLUMNS)


def find_artifacts(
    blocks: pd.DataFrame, languages: dict[str, str] | None = None
) -> pd.DataFrame:
    """Every artifact in a corpus's blocks (boilerplate-scored), one row each.

    ``languages`` maps source ids to language codes; English-only detectors (untranslated
    foreign words) run on English sources.
    """
    languages = languages or {}
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


def source_scores(
    articles: pd.DataFrame, artifacts: pd.DataFrame, styles: pd.DataFrame | None = None, *,
    threshold: float = THRESHOLD_DEFAULT, languages: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Per source: ``translation_score``, ``machine_translated``, ``n_artifacts``, kinds found,
    and the style signal's columns (from ``style_scores``; null when ``styles`` is None).

    ``machine_translated`` needs artifacts of two kinds, or one kind and the style signal, or
    a notice (``score.is_machine_translated``): style alone never decides, nor one kind
    alone. ``translation_score`` is null (not measured) for a source known to be in a language
    the study has no model for (``languages``, else the ``language`` column of ``articles``),
    unless a notice was found in it."""
    if languages is None and "language" in articles:
        languages = dict(zip(articles["source_id"], articles["language"]))
    languages = {k: (None if pd.isna(v) else v) for k, v in (languages or {}).items()}
    rule_of = evidence_by_source(artifacts)
    kinds_of: dict[str, dict[str, int]] = {}
    weighing: dict[str, set[str]] = {}
    n_of = artifacts.groupby("source_id").size().to_dict() if len(artifacts) else {}
    if len(artifacts):
        positive = artifacts[artifacts["weight"] > 0]
        for source, kind in zip(positive["source_id"], positive["kind"]):
            weighing.setdefault(source, set()).add(kind)
    if len(artifacts):
        for (source, kind), n in artifacts.groupby(["source_id", "kind"], sort=True).size().items():
            kinds_of.setdefault(source, {})[kind] = int(n)
    if styles is not None:
        style_of = {source: (evidence, score, explained) for source, evidence, score, explained in zip(
            styles["source_id"], styles["style_evidence"], styles["translation_style_score"],
            styles["translation_style_evidence"])}
    else:
        style_of = {}
    rows = []
    for source in articles["source_id"]:
        kinds = kinds_of.get(source, {})
        rule = rule_of.get(source, 0.0)
        style_evidence_of, style_score_of, style_explained = style_of.get(source, (0.0, None, None))
        evidence = float(style_evidence_of)
        measured = judged_as_english(languages.get(source)) or rule > 0
        score = combined_score(rule, evidence) if measured else None
        rows.append({
            "source_id": source,
            "translation_score": score,
            "machine_translated": is_machine_translated(rule, evidence, kinds=weighing.get(source, set()),
                                                        threshold=threshold),
            "n_artifacts": int(n_of.get(source, 0)),
            "artifact_kinds": ", ".join(f"{KIND_LABELS[k]} ({n})" for k, n in
                                        sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
            "translation_style_score": style_score_of,
            "translation_style_evidence": style_explained,
        })
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


# The anchors of an article are kept as one string (``anchors`` of ``anchor_rows``), joined by a
# character no anchor has (numbers are digits, names words of one line).
ANCHOR_SEPARATOR = "\n"
ANCHOR_COLUMNS = ["source_id", "anchors", "n_chars"]


def anchor_rows(blocks: pd.DataFrame, languages: dict[str, str | None], *,
                any_foreign: bool = True) -> pd.DataFrame:
    """Each English or foreign source's article text (blocks not flagged as boilerplate) read
    as its anchors (``originals.read_anchors``), one row each (``ANCHOR_COLUMNS``); no rows
    when the corpus has no article in another language (``any_foreign`` false: no English
    article can then be a translation of one)."""
    if not any_foreign:
        return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in
                             zip(ANCHOR_COLUMNS, ("object", "object", "int64"))})
    read = read_anchors(_article_texts(blocks), languages)
    return pd.DataFrame({"source_id": list(read), "anchors": [ANCHOR_SEPARATOR.join(doc.anchors) for doc in read.values()],
                         "n_chars": pd.array([doc.n_chars for doc in read.values()], dtype="int64")},
                        columns=ANCHOR_COLUMNS)


def originals_of_anchors(anchors: pd.DataFrame, languages: dict[str, str | None]) -> pd.DataFrame:
    """Each English source that translates a foreign source of the corpus, with the evidence
    (``PAIR_COLUMNS``, see ``originals``), from the sources' ``anchor_rows``."""
    read = {source: Anchored(tuple(joined.split(ANCHOR_SEPARATOR)) if joined else (), int(n_chars))
            for source, joined, n_chars in zip(anchors["source_id"], anchors["anchors"], anchors["n_chars"])}
    return pairs_of_anchored(read, languages)


def _article_texts(blocks: pd.DataFrame) -> dict[str, str]:
    """Each source's article text: its blocks not flagged as boilerplate, in order."""
    content = blocks.loc[~blocks["is_boilerplate"].fillna(False).astype(bool)]
    content = content.sort_values(["source_id", "block_no"])
    return content.groupby("source_id")["text"].agg("\n".join).to_dict()
