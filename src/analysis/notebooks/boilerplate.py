"""Tables about boilerplate noise for the notebooks: pure functions from the study's tables."""

from __future__ import annotations

import pandas as pd

from ..boilerplate import KIND_LABELS, KINDS
from ..boilerplate.model import THRESHOLD_DEFAULT
from .ingest import shorten

# Kept lines scoring at least this much are worth a reader's second look.
CHECK_MIN_SCORE_DEFAULT = 0.3


def noise_by_kind(sources: pd.DataFrame) -> pd.DataFrame:
    """Per source, the percentage of its characters that is boilerplate, in total and by kind."""
    columns = {f"boilerplate_share_{kind}": KIND_LABELS[kind] for kind in KINDS}
    table = sources.set_index("source_id")[["boilerplate_share", *columns]].rename(
        columns={"boilerplate_share": "all boilerplate", **columns}
    )
    table = (table * 100).round(1)
    return table.loc[:, (table != 0).any(axis=0)].sort_index()


def flagged_lines(blocks: pd.DataFrame, *, text_chars: int = 70) -> pd.DataFrame:
    """Every flagged block with its line, kind, score, deciding rule and reason."""
    flagged = blocks[blocks["is_boilerplate"].fillna(False).astype(bool)]
    table = flagged[[
        "source_id", "line_no", "boilerplate_kind", "boilerplate_score", "boilerplate_rule",
        "text", "boilerplate_reason",
    ]].copy()
    table["text"] = table["text"].map(lambda text: shorten(text, text_chars))
    table["boilerplate_score"] = table["boilerplate_score"].round(2)
    table = table.rename(columns={
        "boilerplate_kind": "kind", "boilerplate_score": "score", "boilerplate_rule": "rule",
        "boilerplate_reason": "reason",
    })
    return table.sort_values(["source_id", "line_no"]).set_index(["source_id", "line_no"])


def lines_to_check(
    blocks: pd.DataFrame,
    *,
    min_score: float = CHECK_MIN_SCORE_DEFAULT,
    threshold: float = THRESHOLD_DEFAULT,
) -> pd.DataFrame:
    """Kept blocks the classifier was unsure about (score between ``min_score`` and the threshold)."""
    kept = blocks[~blocks["is_boilerplate"].fillna(False).astype(bool)]
    unsure = kept[(kept["boilerplate_score"] >= min_score) & (kept["boilerplate_score"] <= threshold)]
    table = unsure[["source_id", "line_no", "boilerplate_score", "text"]].copy()
    table["text"] = table["text"].map(shorten)
    table["boilerplate_score"] = table["boilerplate_score"].round(2)
    return table.rename(columns={"boilerplate_score": "score"}).sort_values(
        ["source_id", "line_no"]).set_index(["source_id", "line_no"])


def flags_by_rule(blocks: pd.DataFrame) -> pd.DataFrame:
    """How many blocks each rule flagged, by kind (rules: model, lexicon, section, ...)."""
    flagged = blocks[blocks["is_boilerplate"].fillna(False).astype(bool)]
    return (
        flagged.groupby(["boilerplate_rule", "boilerplate_kind"]).size().rename("blocks")
        .reset_index().rename(columns={"boilerplate_rule": "rule", "boilerplate_kind": "kind"})
        .sort_values(["rule", "kind"]).reset_index(drop=True)
    )
