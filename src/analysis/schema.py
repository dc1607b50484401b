"""Columns and dtypes of every table the study writes: the public data contract.

``conform`` puts a frame into its schema (adds missing columns as nulls, orders, casts), so a
table has the same shape whether it holds a thousand rows or none. Columns not in the schema
(extra metadata from ``sources.csv``) are kept after the contract's columns.
"""

from __future__ import annotations

import pandas as pd

STRING = "string"

SCHEMAS: dict[str, dict[str, str]] = {
    "articles": {
        "source_id": STRING,
        "path": STRING,
        "record": "Int64",
        "format": STRING,
        "title": STRING,
        "outlet": STRING,
        "url": STRING,
        "published": STRING,
        "language": STRING,
        "language_source": STRING,
        "language_detected": STRING,
        "language_confidence": "float64",
        "encoding": STRING,
        "n_bytes": "Int64",
        "n_chars": "int64",
        "n_blocks": "int64",
        "n_sentences": "int64",
        "n_repaired_blocks": "int64",
        "story_id": STRING,
        "updated": STRING,
    },
    "blocks": {
        "source_id": STRING,
        "block_id": STRING,
        "block_no": "int64",
        "line_no": "int64",
        "n_lines": "int64",
        "text": STRING,
        "text_before_repair": STRING,
        "n_chars": "int64",
        "link_share": "float64",
        "page_section": STRING,
        "page_main": "boolean",
        "is_boilerplate": "boolean",
        "boilerplate_kind": STRING,
        "boilerplate_score": "float64",
        "boilerplate_reason": STRING,
        "boilerplate_rule": STRING,
        "topicality": "float64",
    },
    "sentences": {
        "sentence_id": STRING,
        "source_id": STRING,
        "block_id": STRING,
        "line_no": "int64",
        "sentence_no": "int64",
        "start": "int64",
        "end": "int64",
        "text": STRING,
    },
    "claims": {
        "claim_id": STRING,
        "source_id": STRING,
        "block_id": STRING,
        "line_no": "int64",
        "text": STRING,
        "kind": STRING,
        "value": STRING,
        "cluster_id": STRING,
        "status": STRING,
        "bound": STRING,
        "unit": STRING,
        "value_text": STRING,
        "entity": STRING,
        "name_kind": STRING,
        "corroborated_by": STRING,
        "contradicted_by": STRING,
        "repeated_by_copies": STRING,
        "measure": STRING,
        "scope": STRING,
        "side_sources": STRING,
        "n_independent": "Int64",
        "fact_sides": STRING,
        "first_reported_by": STRING,
    },
    "contradictions": {
        "cluster_id": STRING,
        "source_a": STRING,
        "line_a": "int64",
        "text_a": STRING,
        "source_b": STRING,
        "line_b": "int64",
        "text_b": STRING,
        "reason": STRING,
        "claim_a": STRING,
        "claim_b": STRING,
        "value_a": STRING,
        "value_b": STRING,
        "similarity": "float64",
        "status_a": STRING,
        "status_b": STRING,
        "side_a": STRING,
        "side_b": STRING,
        "fact_sides": STRING,
    },
    "agreement": {
        "source_a": STRING,
        "source_b": STRING,
        "text_similarity": "float64",
        "claim_overlap": "float64",
        "agreement": "float64",
        "n_shared_facts": "int64",
        "n_agreeing_facts": "int64",
        "n_contradicting_facts": "int64",
        "n_aligned_sentences": "int64",
    },
    "alignments": {
        "sentence_a": STRING,
        "sentence_b": STRING,
        "source_a": STRING,
        "source_b": STRING,
        "line_a": "int64",
        "line_b": "int64",
        "text_a": STRING,
        "text_b": STRING,
        "char_cosine": "float64",
        "similarity": "float64",
    },
    "copies": {
        "source_a": STRING,
        "source_b": STRING,
        "n_copied": "int64",
        "copied_share": "float64",
    },
    "artifacts": {
        "source_id": STRING,
        "block_id": STRING,
        "line_no": "int64",
        "kind": STRING,
        "evidence": STRING,
        "weight": "float64",
    },
    "sources": {
        "source_id": STRING,
        "boilerplate_share": "float64",
        "translation_score": "float64",
        "machine_translated": "boolean",
        "n_claims": "Int64",
        "n_corroborated": "Int64",
        "n_contradicted": "Int64",
        "consistency_score": "float64",
        "reliability": "float64",
        "consistency_low": "float64",
        "consistency_high": "float64",
        "reliability_low": "float64",
        "reliability_high": "float64",
        "copy_family": STRING,
        "summary": STRING,
        "n_facts": "Int64",
        "n_disputed": "Int64",
        "n_updated": "Int64",
        "consistency_evidence": STRING,
        "n_blocks": "int64",
        "n_boilerplate_blocks": "int64",
        "n_chars": "int64",
        "n_boilerplate_chars": "int64",
        "n_artifacts": "int64",
        "artifact_kinds": STRING,
        "translation_style_score": "float64",
        "translation_style_evidence": STRING,
        "translation_of": STRING,
        "translation_of_evidence": STRING,
        "n_first_reported": "Int64",
        "reliability_facts": "float64",
        "reliability_clean": "float64",
        "reliability_original": "float64",
        "rank": "Int64",
        "rank_low": "Int64",
        "rank_high": "Int64",
        "rank_shown": STRING,
        **{f"boilerplate_share_{kind}": "float64" for kind in (
            "navigation", "share", "promo", "comments", "teaser", "caption", "byline",
            "duplicate", "other",
        )},
    },
    "outlets": {
        "outlet": STRING,
        "n_articles": "int64",
        "n_stories": "int64",
        "n_claims": "int64",
        "n_corroborated": "int64",
        "n_contradicted": "int64",
        "consistency_score": "float64",
        "consistency_low": "float64",
        "consistency_high": "float64",
        "boilerplate_share": "float64",
        "translation_score": "float64",
        "machine_translated_share": "float64",
        "reliability": "float64",
        "reliability_low": "float64",
        "reliability_high": "float64",
        "n_chars": "int64",
        "n_boilerplate_chars": "int64",
        "source_ids": STRING,
        "n_first_reported": "int64",
    },
    "errors": {
        "path": STRING,
        "record": "Int64",
        "source_id": STRING,
        "kind": STRING,
        "error": STRING,
    },
}

# Sort order that makes every table deterministic.
SORT_KEYS: dict[str, list[str]] = {
    "articles": ["source_id"],
    "blocks": ["source_id", "block_no"],
    "sentences": ["source_id", "line_no", "sentence_no"],
    "errors": ["path", "record", "kind"],
    "sources": ["source_id"],
    "outlets": ["outlet"],
    "artifacts": ["source_id", "line_no", "kind"],
    "claims": ["source_id", "line_no", "claim_id"],
    "contradictions": ["cluster_id", "source_a", "line_a", "source_b", "line_b", "claim_a", "claim_b"],
    "agreement": ["source_a", "source_b"],
    "alignments": ["source_a", "source_b", "line_a", "line_b", "sentence_a", "sentence_b"],
    "copies": ["source_a", "source_b"],
}


def conform(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Return ``frame`` with the schema's columns first, in order and dtype, rows sorted."""
    schema = SCHEMAS[table]
    frame = frame.copy()
    for column, dtype in schema.items():
        if column not in frame:
            frame[column] = pd.Series(None, index=frame.index, dtype=dtype)
        else:
            frame[column] = frame[column].astype(dtype)
    extra = [column for column in frame.columns if column not in schema]
    for column in extra:
        frame[column] = frame[column].astype(STRING)
    frame = frame[list(schema) + extra]
    keys = [key for key in SORT_KEYS[table] if key in frame]
    return frame.sort_values(keys, kind="stable", na_position="first").reset_index(drop=True)


def empty(table: str) -> pd.DataFrame:
    """An empty frame with ``table``'s columns and dtypes."""
    return conform(pd.DataFrame(), table)
