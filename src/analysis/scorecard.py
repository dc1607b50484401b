"""The per-source scorecard (``sources`` table): one row per source, built from the evidence.

It rolls up boilerplate (share of characters, and by kind), translation artifacts (score and
verdict), consistency (claims corroborated and contradicted, with a credible interval) and
the composite ``reliability`` (see ``reliability``).
"""

from __future__ import annotations

import pandas as pd

from .agreement.consistency import consistency_by_source, consistency_clause
from .agreement.copies import copy_families, translation_links
from .boilerplate import KIND_LABELS, KINDS
from .reliability import rank_ranges, reliability_clause, reliability_scores
from .schema import conform
from .translation import source_scores, style_scores
from .translation.score import STYLE_SIGN_THRESHOLD, VERDICT_MIN_KINDS

# Shares are rounded to this many decimals, so tables and reports are stable across runs.
SHARE_DECIMALS = 4


def boilerplate_rollup(blocks: pd.DataFrame) -> pd.DataFrame:
    """Per source: blocks and characters, flagged ones, and the character share by kind."""
    flagged = blocks["is_boilerplate"].fillna(False).astype(bool)
    chars = blocks["n_chars"]
    table = pd.DataFrame({
        "source_id": blocks["source_id"],
        "n_chars": chars,
        "n_boilerplate_chars": chars.where(flagged, 0),
        "flagged": flagged.astype(int),
    })
    for kind in KINDS:
        table[f"chars_{kind}"] = chars.where(flagged & (blocks["boilerplate_kind"] == kind), 0)
    grouped = table.groupby("source_id")
    rollup = grouped.agg(
        n_blocks=("flagged", "size"),
        n_boilerplate_blocks=("flagged", "sum"),
        n_chars=("n_chars", "sum"),
        n_boilerplate_chars=("n_boilerplate_chars", "sum"),
    )
    total = rollup["n_chars"].where(rollup["n_chars"] > 0)
    rollup["boilerplate_share"] = (rollup["n_boilerplate_chars"] / total).round(SHARE_DECIMALS)
    for kind in KINDS:
        rollup[f"boilerplate_share_{kind}"] = (
            grouped[f"chars_{kind}"].sum() / total
        ).round(SHARE_DECIMALS)
    return rollup.reset_index()


def _percent(share: float) -> str:
    return "<1%" if 0 < share < 0.005 else f"{share:.0%}"


def boilerplate_clause(row: pd.Series) -> str:
    """A clause on a source's noise: its share and the kinds that make most of it."""
    share = row["boilerplate_share"]
    if pd.isna(share):
        return "no text to judge for boilerplate"
    if row["n_boilerplate_blocks"] == 0:
        return "no boilerplate found"
    kinds = sorted(
        ((row[f"boilerplate_share_{kind}"], kind) for kind in KINDS
         if row[f"boilerplate_share_{kind}"] > 0),
        reverse=True,
    )
    named = ", ".join(f"{KIND_LABELS[kind]} {_percent(value)}" for value, kind in kinds[:3])
    blocks = int(row["n_boilerplate_blocks"])
    return f"{_percent(share)} boilerplate ({blocks} block{'s' if blocks != 1 else ''}: {named})"


# The summary names the style signal from its calibrated threshold (at most 1% of native
# English news reaches it: see translation.score.STYLE_SIGN_THRESHOLD).
STYLE_SIGN_DEFAULT = STYLE_SIGN_THRESHOLD


def translation_clause(row: pd.Series) -> str:
    """A clause on a source's translation evidence: artifacts make a verdict; style alone is
    named as a separate, weaker signal, never as "likely machine-translated"; the original,
    when the corpus holds it, is named."""
    clause = _translation_verdict(row)
    original = row.get("translation_of")
    if isinstance(original, str) and original:
        clause += f"; a translation of {original} (its names and numbers, in order)"
    return clause


def _translation_verdict(row: pd.Series) -> str:
    style = row.get("translation_style_score")
    style_sign = pd.notna(style) and style >= STYLE_SIGN_DEFAULT
    if pd.isna(row["translation_score"]):
        return "translation not measured (no model for its language)"
    if row["n_artifacts"] == 0:
        if style_sign:
            return f"style resembles machine translation (style score {style:.2f}), no artifact found"
        return "no sign of machine translation"
    verdict = "likely machine-translated" if row["machine_translated"] else "some signs of translation"
    clause = f"{verdict} (score {row['translation_score']:.2f}: {row['artifact_kinds']})"
    if style_sign:
        clause += f"; style resembles machine translation too (style score {style:.2f})"
    if not row["machine_translated"]:
        # what the verdict would need and was not found (issue #31)
        n_kinds = len([kind for kind in str(row["artifact_kinds"]).split(", ") if kind]) + bool(style_sign)
        missing = ("evidence of one kind only" if n_kinds < VERDICT_MIN_KINDS
                   else "too little evidence together")
        clause += f"; not called machine-translated: no translation notice, {missing}"
    return clause


def sources_table(
    articles: pd.DataFrame, blocks: pd.DataFrame, artifacts: pd.DataFrame,
    claims: pd.DataFrame, copies: pd.DataFrame, *, styles: pd.DataFrame | None = None,
    translations: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The scorecard: one row per article read, in the ``sources`` schema. ``styles`` (``translation.style_scores`` of ``blocks``), when given, is not
    read again: ``blocks`` then needs only ``source_id``, ``n_chars``, ``is_boilerplate`` and
    ``boilerplate_kind``. ``translations`` (the ``originals`` stage: ``translation.originals_of_anchors``) names the foreign
    source each translation comes from; a translation is in its original's copy family."""
    rollup = boilerplate_rollup(blocks)
    table = articles[["source_id"]].merge(rollup, on="source_id", how="left")
    for column in ("n_blocks", "n_boilerplate_blocks", "n_chars", "n_boilerplate_chars"):
        table[column] = table[column].fillna(0).astype("int64")
    languages = dict(zip(articles["source_id"], articles["language"])) if "language" in articles else {}
    if styles is None:
        styles = style_scores(blocks, languages)
    table = table.merge(source_scores(articles, artifacts, styles, languages=languages), on="source_id",
                        how="left")
    table = table.merge(consistency_by_source(claims, articles["source_id"]), on="source_id", how="left")
    links = pd.concat([copies[["source_a", "source_b"]], translation_links(translations)], ignore_index=True)
    families = copy_families(list(articles["source_id"]), links)
    table["copy_family"] = table["source_id"].map(families)
    if translations is not None and len(translations):
        found = translations.set_index("source_id")
        table["translation_of"] = table["source_id"].map(found["translation_of"])
        table["translation_of_evidence"] = table["source_id"].map(found["translation_of_evidence"])
    else:
        table["translation_of"] = table["translation_of_evidence"] = None
    table = table.merge(reliability_scores(table), on="source_id", how="left")
    table = table.merge(rank_ranges(table), on="source_id", how="left")
    table["summary"] = pd.Series(
        [f"{reliability_clause(row)}: {consistency_clause(row)}; {boilerplate_clause(row)}; "
         f"{translation_clause(row)}." for _, row in table.iterrows()],
        index=table.index, dtype="string",
    )
    return conform(table, "sources")
