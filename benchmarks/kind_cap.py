"""How much one kind of artifact may add (``score.KIND_CAP_OCCURRENCES``), and how many kinds of
evidence native English news shows (``score.VERDICT_MIN_KINDS``), measured on data.

    .venv/bin/python benchmarks/kind_cap.py --data ../shared/benchmarks

Every document is read by the study's path (``document_evidence``: boilerplate, artifacts with
repeats of one entry counted once, the shipped style model). Documents: WMT21 and WMT23
German-English (20-segment groups: English originals, human and machine translations), the
ECB+ dev articles (``coverage/mixed``; topics 29 and 37, vendored for the evaluation gate, apart)
and the English pages of the boilerplate dev benchmark, whole.

Chosen on WMT23 and the ECB+ dev articles less topics 29 and 37, checked on WMT21, the pages
and ECB+ topics 29 and 37: for each cap of a kind's evidence (a number of occurrences of its
weight), the AUC of the rule evidence alone (machine translations against originals, against
human translations), the share of documents called machine-translated, and the highest rule
score of a native English document.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from analysis.translation import WEIGHTS, document_evidence
from analysis.translation.score import (
    STYLE_SIGN_THRESHOLD, THRESHOLD_DEFAULT, VERDICT_MIN_KINDS, combined_score, score_from_evidence,
    style_score,
)

OCCURRENCES = (1.0, 1.5, 2.0, 3.0, 5.0)
HELD_OUT_TOPICS = ("29_", "37_")


def wmt_documents(path: Path) -> list[tuple[str, str]]:
    grouped = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["label"] != "source_de":
            grouped[row["label"], row["group"]].append((row["line"], row["text"]))
    return [(label, "\n".join(t for _, t in sorted(lines))) for (label, _), lines in sorted(grouped.items())]


def read_sets(data: Path) -> dict[str, list[tuple[str, str]]]:
    ecb = sorted((data / "coverage" / "mixed").glob("*.txt"))
    with open(data / "boilerplate" / "dev.jsonl", encoding="utf-8") as handle:
        pages = [json.loads(line) for line in handle]
    return {
        "WMT21": wmt_documents(data / "translation" / "dev.jsonl"),
        "WMT23": wmt_documents(data / "translation" / "wmt23.jsonl"),
        "ECB+ dev less 29, 37": [("native", p.read_text(encoding="utf-8")) for p in ecb
                                 if not p.name.startswith(HELD_OUT_TOPICS)],
        "ECB+ 29, 37": [("native", p.read_text(encoding="utf-8")) for p in ecb if p.name.startswith(HELD_OUT_TOPICS)],
        "English pages": [("native", "\n".join(item["text"] for item in page["lines"]))
                          for page in pages if page.get("lang") == "en"],
    }


def kind_totals(artifacts: pd.DataFrame) -> dict[str, float]:
    if artifacts.empty:
        return {}
    return artifacts.groupby("kind")["weight"].sum().to_dict()


def capped(totals: dict[str, float], occurrences: float) -> float:
    """Evidence with each kind capped at ``occurrences`` times its weight (a notice at its weight)."""
    return sum(min(w, WEIGHTS[k] * (1.0 if k == "notice" else occurrences)) for k, w in totals.items())


def verdict(totals: dict[str, float], style: float, cap: float) -> bool:
    kinds = {k for k, w in totals.items() if w > 0}
    rule = capped(totals, cap)
    if "notice" in kinds:
        return score_from_evidence(rule) >= THRESHOLD_DEFAULT
    if len(kinds) >= VERDICT_MIN_KINDS and score_from_evidence(rule) >= THRESHOLD_DEFAULT:
        return True
    if not kinds or style_score(style) < STYLE_SIGN_THRESHOLD:
        return False
    return len(kinds) + 1 >= VERDICT_MIN_KINDS and combined_score(rule, style) >= THRESHOLD_DEFAULT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared benchmarks folder")
    args = parser.parse_args()
    frames = {}
    for name, docs in read_sets(args.data).items():
        frame = document_evidence([text for _, text in docs], with_artifacts=True)
        frame["label"] = [label for label, _ in docs]
        frame["totals"] = frame["artifacts"].map(kind_totals)
        frames[name] = frame
    print("documents by the number of kinds of artifact (weight > 0), and the kinds seen alone:")
    for name, frame in frames.items():
        for label, part in frame.groupby("label"):
            n_kinds = Counter(min(len([w for w in t.values() if w > 0]), 2) for t in part["totals"])
            alone = Counter(next(iter(t)) for t in part["totals"] if len(t) == 1)
            print(f"  {name:22s} {label:18s} {len(part):4d} docs: none {n_kinds[0]:4d}, one kind {n_kinds[1]:4d}, "
                  f"two or more {n_kinds[2]:3d}; one kind alone: {dict(alone.most_common())}")
    print(f"\n{'occ.':>5s} {'set':22s} {'AUC orig/MT':>11s} {'AUC human/MT':>12s} {'called MT: MT':>13s} "
          f"{'human':>6s} {'orig':>5s} {'native':>7s} {'max native rule score':>22s}")
    for cap in OCCURRENCES:
        for name, frame in frames.items():
            rule = frame["totals"].map(lambda t: capped(t, cap))
            called = [verdict(t, s, cap) for t, s in zip(frame["totals"], frame["style_evidence"])]
            frame = frame.assign(rule=rule, called=called)
            aucs = []
            for negative in ("original_en", "human_translated"):
                part = frame[frame["label"].isin([negative, "machine_translated"])]
                ok = part["label"].nunique() == 2 and part["rule"].nunique() > 1
                aucs.append(roc_auc_score(part["label"] == "machine_translated", part["rule"]) if ok else np.nan)
            share = frame.groupby("label")["called"].mean()
            native = frame[frame["label"].isin(["native", "original_en"])]
            print(f"{cap:5.2f} {name:22s} {aucs[0]:11.3f} {aucs[1]:12.3f} {share.get('machine_translated', np.nan):13.2f} "
                  f"{share.get('human_translated', np.nan):6.2f} {share.get('original_en', np.nan):5.2f} "
                  f"{share.get('native', np.nan):7.3f} {score_from_evidence(native['rule'].max()):22.3f}")


if __name__ == "__main__":
    main()
