"""Translation-artifact benchmark: detector precision on clean English, recall on injected
artifacts, and document-level AUC on WMT21 (original vs MT, human vs MT) for the rules alone,
the learned style signal alone and both combined, in-domain and leaving MT systems out.

    .venv/bin/python benchmarks/translation.py --data ../shared/benchmarks/translation/dev.jsonl \
        [--clean ../shared/benchmarks/boilerplate/dev.jsonl] [--skip-detectors] \
        [--other ../shared/benchmarks/translation/wmt23.jsonl] [--native ../shared/benchmarks/coverage]

Issue #16 adds two measures. Across years (``--other``, by default ``wmt23.jsonl`` beside
``--data``): the style model fitted on one year's documents and every document of the other
year scored by the study's path, both ways, beside the figures of the earlier recipe. On
native English news (``--native``: the coverage benchmark's ECB+ articles, ``mixed/*.txt``,
and the English pages of ``--clean`` read whole): the share called machine-translated and
the share whose style alone passes ``STYLE_SIGN_THRESHOLD``, with the shipped model.

Documents are the benchmark's groups of 20 consecutive sentences. The injection set is built
here, deterministically: each clean document gets one artifact of one kind, written from
templates below (not from the detectors' lexicons, except where a lexicon phrase is the
artifact itself: notices and calques); a detector's recall is the share of its injected
artifacts it finds, its false alarms are its hits on the clean documents. Fragments are made
from the clean text itself where it can be: the last subordinate clause of a line (", since
...") made a sentence of its own ("... . Since ..."), as clause-by-clause translation leaves
it; a template fragment in documents that have none. Then the hits of every detector on the
WMT21 machine translations, originals and human translations.

Document AUC: the style model is retrained in each fold (``wmt21.py``: 5 folds grouped by
story in-domain, on whole documents; leave-systems-out, 2 system folds x 5 story folds, on
documents cut to the held-out systems' lines, about 10 sentences) and every test document is
scored by the study's own path (``document_evidence``: boilerplate, rules, style on article
text, combined score). Then the share of each kind of document called machine-translated at
each threshold of the combined score, out of fold.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

import wmt21
from analysis.translation import TranslationStyleClassifier, document_evidence
from analysis.translation.detectors import DETECTORS
from analysis.translation.score import (
    STYLE_MIN_SENTENCES_DEFAULT, STYLE_SIGN_THRESHOLD, THRESHOLD_DEFAULT, score_from_evidence, style_score,
)
from train_translation_style import Profiles

SEED = 20241122
INJECTIONS = {
    "notice": [
        "This text was machine translated from the German original.",
        "The article was automatically translated.",
        "Dieser Beitrag wurde maschinell übersetzt.",
        "Cet article a été traduit automatiquement.",
    ],
    "foreign_quotes": ["„{phrase}“", "«{phrase}»", "‚{phrase}‘"],
    "number_format": ["{n}.000 Euro", "{n},5 percent", "{n} €", "{n}.500 users"],
    "date_format": ["on {d:02d}.0{m}.2021", "{n} min. read", "at 1{m}.30 Uhr"],
    "calque": [
        "the consumer center said", "a cease-and-desist declaration",
        "according to information from the Handelsblatt", "in the framework of the treaty",
    ],
    "attribution_inversion": ['"{phrase}", explains {name}.', '"{phrase}", emphasizes {name}.'],
    "foreign_word": ["und bereits", "déjà", "sowie", "también", "nevertheless, ancora"],
    # used when a document has no final subordinate clause to split off (see split_off_clause)
    "fragment": [
        "Since the data used in this process can be highly sensitive.",
        "Because {name} had not been informed in advance.",
        "Although the talks are to continue next week.",
        "Which was confirmed by {name} on request.",
        "While the final decision lies with {name}.",
        "As no agreement has been reached so far.",
        "So that the costs can be shared fairly.",
        "Even if the figures are still provisional.",
        "When the new rules come into force.",
    ],
}
# A final subordinate clause of a clean sentence ("..., since she gave her first briefing on
# May 1."), which clause-by-clause translation would leave as a sentence of its own: the last
# comma and conjunction of a line whose clause runs to the line's final full stop.
CLAUSE_START = re.compile(
    r",\s+((?:because(?! of)|since(?! then| \d)|although|even though|though|while|whereas|which|"
    r"so that|even if|when|if|as(?! (?:well|a|an|of|part|for|to|if|long|soon|far|such|usual)\b))"
    r"\s+[a-z])")
CLAUSE_REST = re.compile(r"[^.!?]*\.[\"”’]?$")
NAMES = ["Weber", "the ministry", "Dubois", "Schmidt", "the union"]


def load_wmt(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def documents(rows: list[dict]) -> dict[str, tuple[str, list[str]]]:
    """Documents keyed by label and group: a human and a machine translation share a group."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[f"{row['label']}/{row['group']}"].append(row)
    return {
        group: (items[0]["label"], [r["text"] for r in sorted(items, key=lambda r: r["line"])])
        for group, items in sorted(grouped.items())
    }


def clean_english_pages(path: Path | None) -> list[list[str]]:
    """The content lines of each English page of the boilerplate benchmark (one list a page)."""
    if path is None:
        return []
    opener = gzip.open if str(path).endswith(".gz") else open
    pages = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            if page.get("lang") == "en":
                pages.append([item["text"] for item in page["lines"] if item["label"] == "content"])
    return pages


def inject(sentences: list[str], kind: str, rng: random.Random) -> list[str]:
    out = list(sentences)
    i = rng.randrange(len(out))
    words = out[i].split()
    if kind in ("glued_word", "doubled_word"):
        candidates = [k for k, w in enumerate(words) if w.isalpha() and len(w) >= 4]
        k = rng.choice(candidates) if candidates else 0
        words[k] = words[k] + words[k] if kind == "glued_word" else f"{words[k]} {words[k]}"
        out[i] = " ".join(words)
    elif kind == "duplicated_sentence":
        long = [s for s in out if len(s.split()) >= 8] or out
        out.insert(i, rng.choice(long))
    elif kind == "fragment":
        return split_off_clause(out, rng)
    elif kind == "mojibake":
        out[i] = ("The minister’s office called the plan “a café-style compromise”.").encode(
            "utf-8").decode("cp1252", errors="replace")
    else:
        template = rng.choice(INJECTIONS[kind])
        phrase = " ".join(words[: rng.randint(3, 6)]).strip(",.;:\"'")
        snippet = template.format(phrase=phrase, n=rng.randint(2, 9), d=rng.randint(10, 28),
                                  m=rng.randint(1, 9), name=rng.choice(NAMES))
        out[i] = snippet if kind == "notice" else f"{out[i].rstrip('.')} {snippet}."
    return out


def split_off_clause(sentences: list[str], rng: random.Random) -> list[str]:
    """One final subordinate clause of the document made a sentence of its own, in its line;
    without one, a fragment from the templates after a line that ends in a full stop."""
    out = list(sentences)
    candidates = []
    for i, text in enumerate(out):
        starts = list(CLAUSE_START.finditer(text))
        if starts and CLAUSE_REST.match(text, starts[-1].end()):
            candidates.append((i, starts[-1]))
    if candidates:
        i, m = rng.choice(candidates)
        clause = out[i][m.start(1):]
        out[i] = f"{out[i][:m.start()]}. {clause[0].upper()}{clause[1:]}"
    else:
        ends = [i for i, text in enumerate(out) if text.rstrip().endswith(".")]
        i = rng.choice(ends or range(len(out)))
        fragment = rng.choice(INJECTIONS["fragment"]).format(name=rng.choice(NAMES))
        out[i] = f"{out[i].rstrip()} {fragment}"
    return out


def detector_table(clean_docs: list[list[str]], clean_pages: list[list[str]], rng: random.Random):
    """Per detector: recall on one injected artifact per document, hits on clean text.

    Returns the rows and the evidence of every hit on clean text (the false alarms).
    """
    false_alarms: dict[str, list[str]] = defaultdict(list)
    clean_hits: dict[tuple[int, str], int] = {}
    for d, texts in enumerate(clean_docs + clean_pages):
        for kind, detect in DETECTORS.items():
            hits = detect(texts, None)
            clean_hits[d, kind] = len(hits)
            false_alarms[kind] += [hit.evidence for hit in hits]
    n_clean = sum(map(len, clean_docs)) + sum(map(len, clean_pages))
    rows = []
    for kind, detect in DETECTORS.items():
        found = sum(
            len(detect(inject(texts, kind, rng), None)) > clean_hits[d, kind]
            for d, texts in enumerate(clean_docs)
        )
        false = len(false_alarms[kind])
        precision = found / (found + false) if found + false else float("nan")
        rows.append((kind, len(clean_docs), found / len(clean_docs), false, n_clean, precision))
    return rows, false_alarms


def wmt_hits(docs: dict[str, tuple[str, list[str]]]) -> None:
    """Hits of each detector on the WMT21 sentences of each kind (machine translations too)."""
    labels = (wmt21.POSITIVE, "original_en", "human_translated")
    hits = {kind: dict.fromkeys(labels, 0) for kind in DETECTORS}
    for label, texts in docs.values():
        for kind, detect in DETECTORS.items():
            hits[kind][label] += len(detect(texts, None))
    sizes = {label: sum(len(texts) for lab, texts in docs.values() if lab == label) for label in labels}
    print("hits on WMT21 sentences:")
    print(f"{'detector':24s} " + " ".join(f"{f'{lab} ({sizes[lab]})':>26s}" for lab in labels))
    for kind, counts in hits.items():
        print(f"{kind:24s} " + " ".join(f"{counts[lab]:26d}" for lab in labels))


PREFIX_SENTENCES = (3, 5, 10)
THRESHOLDS = (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
SIGNALS = {
    "rules alone": lambda e: e["rule_evidence"].map(score_from_evidence),
    "learned alone": lambda e: e["style_log_odds"],
    "combined": lambda e: e["translation_score"],
}


def out_of_fold(bench: wmt21.Benchmark) -> dict[str, pd.DataFrame]:
    """Out-of-fold ``document_evidence`` of every test document, in-domain and leaving systems out."""
    profiles = Profiles(bench)
    texts = bench.texts()
    runs = {"in-domain (20 sentences)": [], "leave-systems-out (~10 sentences)": []}
    runs |= {f"in-domain, first {n} lines": [] for n in PREFIX_SENTENCES}
    for train, test in wmt21.group_folds(bench):
        model = _fit(profiles(train), bench.y[train])
        runs["in-domain (20 sentences)"].append(
            _evidence([texts[i] for i in test], bench.labels[test], model))
        for n in PREFIX_SENTENCES:
            runs[f"in-domain, first {n} lines"].append(_evidence(
                ["\n".join(texts[i].split("\n")[:n]) for i in test], bench.labels[test], model))
    for train, test, train_slots, test_slots in wmt21.leave_systems_out(bench):
        model = _fit(profiles(train, train_slots), bench.y[train])
        cut = bench.texts(test_slots)
        runs["leave-systems-out (~10 sentences)"].append(
            _evidence([cut[i] for i in test], bench.labels[test], model))
    return {name: pd.concat(parts, ignore_index=True) for name, parts in runs.items()}


def _fit(profiles, y) -> TranslationStyleClassifier:
    from analysis.translation.model import shipped_model

    model = TranslationStyleClassifier().fit(profiles, y)
    # the length calibration is the shipped model's (measured by the training script)
    model.length_calibration_ = shipped_model().length_calibration_
    return model


def _evidence(texts, labels, model) -> pd.DataFrame:
    frame = document_evidence(texts, model=model)
    frame["label"] = labels
    return frame


def auc_table(runs: dict[str, pd.DataFrame]) -> None:
    print(f"{'document AUC':36s} {'signal':14s} {'original vs MT':>15s} {'human vs MT':>12s}")
    for name, frame in runs.items():
        for signal, score in SIGNALS.items():
            values = []
            for negative in ("original_en", "human_translated"):
                part = frame[frame["label"].isin([negative, wmt21.POSITIVE])]
                s = score(part)
                values.append(roc_auc_score(part["label"] == wmt21.POSITIVE, s) if s.nunique() > 1 else 0.5)
            print(f"{name:36s} {signal:14s} {values[0]:15.3f} {values[1]:12.3f}")


def threshold_table(runs: dict[str, pd.DataFrame]) -> None:
    print(f"\nshare called machine-translated (combined score >= threshold; default {THRESHOLD_DEFAULT}):")
    print(f"{'run':36s} {'threshold':>9s} {'MT':>6s} {'original':>9s} {'human':>6s}")
    for name, frame in runs.items():
        for threshold in THRESHOLDS if "first" not in name else (THRESHOLD_DEFAULT,):
            flagged = frame.groupby("label")["translation_score"].apply(lambda s: (s >= threshold).mean())
            print(f"{name:36s} {threshold:9.2f} {flagged[wmt21.POSITIVE]:6.2f} "
                  f"{flagged['original_en']:9.2f} {flagged['human_translated']:6.2f}")
        verdict = frame.groupby("label")["machine_translated"].mean()
        print(f"{name:36s} {'verdict':>9s} {verdict[wmt21.POSITIVE]:6.2f} {verdict['original_en']:9.2f} "
              f"{verdict['human_translated']:6.2f}   (machine_translated: needs artifacts)")


# Figures of the earlier recipe (C 0.003, 200 patterns without punctuation, fitted on WMT21
# only), measured in the issue #16 work with benchmarks/explore_years.py and the study path:
# learned alone, trained on one year, tested on the other year's whole documents.
EARLIER_CROSS_YEAR = {"WMT21->WMT23": (0.966, 0.673), "WMT23->WMT21": (0.960, 0.593)}
# ... and the shipped WMT21 model's combined score on WMT23 documents (original vs MT / human vs MT).
EARLIER_SHIPPED_ON_WMT23 = (0.851, 0.702)


def cross_year(bench: wmt21.Benchmark, other: wmt21.Benchmark) -> None:
    """Style model fitted on one year, every document of the other year scored by the study's path."""
    print(f"\n{'across years (study path)':36s} {'signal':14s} {'original vs MT':>15s} {'human vs MT':>12s}"
          f"   earlier recipe, learned alone")
    for train, test in ((bench, other), (other, bench)):
        model = _fit(Profiles(train)(range(len(train.documents))), train.y)
        frame = _evidence(test.texts(), test.labels, model)
        name = f"{train.name}->{test.name}"
        for signal, score in SIGNALS.items():
            values = []
            for negative in ("original_en", "human_translated"):
                part = frame[frame["label"].isin([negative, wmt21.POSITIVE])]
                s = score(part).fillna(0)
                values.append(roc_auc_score(part["label"] == wmt21.POSITIVE, s) if s.nunique() > 1 else 0.5)
            earlier = EARLIER_CROSS_YEAR.get(name) if signal == "learned alone" else None
            note = f"   {earlier[0]:.3f} / {earlier[1]:.3f}" if earlier else ""
            print(f"{name:36s} {signal:14s} {values[0]:15.3f} {values[1]:12.3f}{note}")
    print(f"(earlier shipped WMT21 model, combined, on {other.name}: {EARLIER_SHIPPED_ON_WMT23[0]:.3f} / "
          f"{EARLIER_SHIPPED_ON_WMT23[1]:.3f})")


def native_english(coverage: Path | None, clean: Path | None) -> None:
    """False alarms on native English news: called machine-translated, and style alone past its threshold."""
    sets = {}
    if coverage is not None:
        sets["ECB+ dev articles"] = [p.read_text(encoding="utf-8") for p in sorted((coverage / "mixed").glob("*.txt"))]
    if clean is not None:
        opener = gzip.open if str(clean).endswith(".gz") else open
        with opener(clean, "rt", encoding="utf-8") as handle:
            pages = [json.loads(line) for line in handle]
        sets["English news pages (whole)"] = ["\n".join(item["text"] for item in page["lines"])
                                              for page in pages if page.get("lang") == "en"]
    print(f"\nnative English news (shipped model): called machine-translated, and style alone >= "
          f"{STYLE_SIGN_THRESHOLD} (named in the summary as a weaker signal)")
    print(f"{'set':28s} {'docs':>5s} {'called MT':>10s} {'style sign':>11s} {'any artifact':>13s} "
          f"{'old rule: score >= 0.5':>23s}")
    for name, docs in sets.items():
        frame = document_evidence(docs)
        style = [style_score(e) if n >= STYLE_MIN_SENTENCES_DEFAULT else 0.0
                 for e, n in zip(frame["style_evidence"], frame["n_sentences"])]
        sign = sum(s >= STYLE_SIGN_THRESHOLD for s in style)
        called = int(frame["machine_translated"].sum())
        old = int((frame["translation_score"] >= THRESHOLD_DEFAULT).sum())
        n = len(frame)
        print(f"{name:28s} {n:5d} {called:4d} ({called / n:.1%}) {sign:4d} ({sign / n:.1%}) "
              f"{int((frame['rule_evidence'] > 0).sum()):6d} ({(frame['rule_evidence'] > 0).mean():.1%}) "
              f"{old:12d} ({old / n:.1%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="WMT21 dev.jsonl")
    parser.add_argument("--clean", type=Path, help="boilerplate dev.jsonl: its English content lines add clean text")
    parser.add_argument("--show-false-alarms", action="store_true")
    parser.add_argument("--skip-detectors", action="store_true", help="document AUCs only")
    parser.add_argument("--other", type=Path, help="the other year (default: wmt23.jsonl beside --data)")
    parser.add_argument("--native", type=Path, help="coverage benchmark folder (ECB+ dev articles in mixed/)")
    args = parser.parse_args()
    rng = random.Random(SEED)
    docs = documents(load_wmt(args.data))
    if not args.skip_detectors:
        clean = [texts for label, texts in docs.values() if label in ("original_en", "human_translated")]
        clean_pages = clean_english_pages(args.clean)
        print(f"{len(docs)} documents of 20 sentences; clean English: {sum(map(len, clean))} sentences"
              f" + {sum(map(len, clean_pages))} content lines of {len(clean_pages)} news pages\n")
        print(f"{'detector':24s} {'injected':>8s} {'recall':>7s} {'false alarms':>13s} {'per 1k lines':>12s} {'precision':>9s}")
        rows, false_alarms = detector_table(clean, clean_pages, rng)
        for kind, n, recall, false, n_clean, precision in rows:
            print(f"{kind:24s} {n:8d} {recall:7.2f} {false:13d} {1000 * false / n_clean:12.2f} {precision:9.3f}")
        if args.show_false_alarms:
            for kind, evidence in false_alarms.items():
                for text in evidence:
                    print(f"  false alarm {kind}: {text}")
        print()
        wmt_hits(docs)
        print()
    bench = wmt21.load(args.data)
    runs = out_of_fold(bench)
    auc_table(runs)
    threshold_table(runs)
    other_path = args.other or wmt21.other_year(args.data)
    if other_path is not None:
        cross_year(bench, wmt21.load(other_path))
    if args.native is not None or args.clean is not None:
        native_english(args.native, args.clean)


if __name__ == "__main__":
    main()
