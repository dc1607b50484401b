"""Train the learned translation-style signal on WMT21 and WMT23 and write it as package data.

    .venv/bin/python benchmarks/train_translation_style.py --data ../shared/benchmarks/translation/dev.jsonl \
        [--other ../shared/benchmarks/translation/wmt23.jsonl] [--sweep] \
        [--out src/analysis/data/translation/style_model.json]

Settings are chosen across years (issue #16): trained on WMT21, measured on WMT23, and the
reverse (``--sweep`` prints both for each C and number of patterns); what is shipped is then
fitted on both years' documents (``--other``, by default ``wmt23.jsonl`` beside ``--data``).

Machine-translated documents (50, mixtures of 19 systems) against everything else (51 English
originals and 50 human translations, balanced class weights): human translations share the
German stories of the machine translations, so they keep the model from learning "German
topic" as "machine". Prints in-domain and leave-systems-out CV (see ``wmt21.py``), with
``--sweep`` for the regularisation and the number of word-class patterns, and how the
model's log-odds must shrink on documents of few sentences (the calibration slope per
length, stored with the model as its ``length_calibration``). Then fits on every
document and writes the model (vocabulary, scaler, coefficients; no text of the benchmark).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

import wmt21
from analysis.translation.model import MODEL_PATH, N_PATTERNS_DEFAULT, C_DEFAULT, TranslationStyleClassifier
from analysis.translation.style import document_profile, document_sentences, sentence_profile

PREFIX_LENGTHS = (2, 3, 5, 8, 12, 20)
SWEEP_C = (0.0005, 0.001, 0.003, 0.01)
SWEEP_PATTERNS = (200, 1000, 3000, 6000)


class Profiles:
    """Style profiles of the benchmark's documents, cut to system slots, computed once."""

    def __init__(self, bench: wmt21.Benchmark):
        self.bench = bench
        self._cache: dict = {}

    def __call__(self, indices, slots=None) -> list:
        if slots not in self._cache:
            self._cache[slots] = [document_profile(text) for text in self.bench.texts(slots)]
        return [self._cache[slots][i] for i in indices]


def aucs(labels: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """Document AUC, original vs MT and human vs MT."""
    out = []
    for negative in ("original_en", "human_translated"):
        mask = np.isin(labels, [negative, wmt21.POSITIVE])
        out.append(roc_auc_score(labels[mask] == wmt21.POSITIVE, scores[mask]))
    return out[0], out[1]


def in_domain(bench, profiles, make) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold log-odds on whole documents, 5 folds grouped by story."""
    scores = np.zeros(len(bench.documents))
    for train, test in wmt21.group_folds(bench):
        model = make().fit(profiles(train), bench.y[train])
        scores[test] = model.decision_function(profiles(test))
    return bench.labels, scores


def leave_systems_out(bench, profiles, make) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds of test documents cut to held-out systems, trained on the other systems."""
    labels, scores = [], []
    for train, test, train_slots, test_slots in wmt21.leave_systems_out(bench):
        model = make().fit(profiles(train, train_slots), bench.y[train])
        scores += list(model.decision_function(profiles(test, test_slots)))
        labels += list(bench.labels[test])
    return np.array(labels), np.array(scores)


def cross_year(train_bench, test_bench, make) -> tuple[float, float]:
    """AUCs on one year's whole documents of a model fitted on the other year's."""
    model = make().fit(Profiles(train_bench)(range(len(train_bench.documents))), train_bench.y)
    scores = model.decision_function(Profiles(test_bench)(range(len(test_bench.documents))))
    return aucs(test_bench.labels, scores)


def length_calibration(bench, make) -> dict[int, float]:
    """Per document length, the slope that calibrates out-of-fold log-odds of its first n sentences."""
    sentences = [document_sentences(text) for text in bench.texts()]
    full = [sentence_profile(s) for s in sentences]
    slopes = {}
    for n in PREFIX_LENGTHS:
        z = np.zeros(len(full))
        for train, test in wmt21.group_folds(bench):
            model = make().fit([full[i] for i in train], bench.y[train])
            z[test] = model.decision_function([sentence_profile(sentences[i][:n]) for i in test])
        calibrator = LogisticRegression(C=1e6, class_weight="balanced").fit(z[:, None], bench.y)
        slopes[n] = float(calibrator.coef_[0, 0])
    return slopes


def fit_half_weight(slopes: dict[int, float]) -> tuple[float, float]:
    """N0 and A of slope(n) ~ A * n / (n + N0), least squares over a grid of N0."""
    n = np.array(list(slopes), dtype=float)
    s = np.array(list(slopes.values()))
    best = None
    for half in np.arange(0.5, 40.01, 0.5):
        shape = n / (n + half)
        scale = float(shape @ s / (shape @ shape))
        error = float(((scale * shape - s) ** 2).sum())
        if best is None or error < best[0]:
            best = (error, half, scale)
    return best[1], best[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="WMT21 dev.jsonl")
    parser.add_argument("--other", type=Path, help="the other year (default: wmt23.jsonl beside --data)")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--sweep", action="store_true", help="sweep C and the number of patterns first")
    args = parser.parse_args()
    bench = wmt21.load(args.data)
    other_path = args.other or wmt21.other_year(args.data)
    other = wmt21.load(other_path) if other_path else None
    profiles = Profiles(bench)
    counts = {str(label): int((bench.labels == label).sum()) for label in sorted(set(bench.labels))}
    print(f"{bench.name} documents: {counts}; {len(bench.systems)} MT systems, {wmt21.SYSTEM_FOLDS} system folds "
          f"x {wmt21.GROUP_FOLDS} story folds")
    if other is not None:
        print(f"{other.name} documents: " + str({str(label): int((other.labels == label).sum())
                                                  for label in sorted(set(other.labels))}))
    print()
    if args.sweep:
        print(f"{'C':>6s} {'patterns':>8s} | in-domain orig/human | leave-systems-out orig/human"
              + (f" | {bench.name}->{other.name} | {other.name}->{bench.name}" if other else ""))
        for c in SWEEP_C:
            for n_patterns in SWEEP_PATTERNS:
                make = lambda: TranslationStyleClassifier(C=c, n_patterns=n_patterns)  # noqa: E731
                a = aucs(*in_domain(bench, profiles, make))
                b = aucs(*leave_systems_out(bench, profiles, make))
                line = f"{c:6.4f} {n_patterns:8d} | {a[0]:.3f} / {a[1]:.3f}        | {b[0]:.3f} / {b[1]:.3f}"
                if other is not None:
                    f, r = cross_year(bench, other, make), cross_year(other, bench, make)
                    line += f"       | {f[0]:.3f} / {f[1]:.3f}  | {r[0]:.3f} / {r[1]:.3f}"
                print(line, flush=True)
        print()

    make = lambda: TranslationStyleClassifier(C=C_DEFAULT, n_patterns=N_PATTERNS_DEFAULT)  # noqa: E731
    figures = {
        "in_domain_auc": [round(v, 3) for v in aucs(*in_domain(bench, profiles, make))],
        "leave_systems_out_auc": [round(v, 3) for v in aucs(*leave_systems_out(bench, profiles, make))],
    }
    if other is not None:
        figures[f"trained_{bench.name}_tested_{other.name}_auc"] = [round(v, 3) for v in cross_year(bench, other, make)]
        figures[f"trained_{other.name}_tested_{bench.name}_auc"] = [round(v, 3) for v in cross_year(other, bench, make)]
    print(f"shipped settings (C={C_DEFAULT}, {N_PATTERNS_DEFAULT} patterns): document AUC original vs MT / "
          f"human vs MT: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    if other is not None:
        bench = wmt21.combine(bench, other)
        profiles = Profiles(bench)
        counts = {str(label): int((bench.labels == label).sum()) for label in sorted(set(bench.labels))}
        figures["in_domain_both_years_auc"] = [round(v, 3) for v in aucs(*in_domain(bench, profiles, make))]
        print(f"fitted on {bench.name}: {counts}; in-domain CV {figures['in_domain_both_years_auc']}")
    slopes = length_calibration(bench, make)
    print("calibration slope of the log-odds by document length (first n sentences): "
          + ", ".join(f"{n}: {s:.2f}" for n, s in slopes.items()))
    half, scale = fit_half_weight(slopes)
    print(f"slope ~ {scale:.2f} * n / (n + {half:.1f}) (least squares over n)")

    model = make().fit(profiles(range(len(bench.documents))), bench.y)
    model.length_calibration_ = {"scale": round(scale, 3), "half_weight_sentences": float(half)}
    model.save(args.out, training={
        "data": ("WMT21 news task and WMT23 general task, German-English (wmt21-news-systems, "
                 "wmt23-news-systems): documents of 20 segments") if other is not None else
                "WMT21 news task, German-English (wmt21-news-systems): documents of 20 segments",
        "documents": counts,
        "document_auc_original_vs_mt_human_vs_mt": figures,
        "calibration_slope_by_sentences": {str(n): round(s, 3) for n, s in slopes.items()},
    })
    print(f"\nwrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB, {len(model.feature_names_)} features)")


if __name__ == "__main__":
    main()
