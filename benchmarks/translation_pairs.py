"""Find the original: German articles and their English translations mixed among unrelated ones.

From WMT23 German-English (``../shared/benchmarks/translation/wmt23.jsonl``, research use only,
read from its path and never copied here): the German source lines (``source_de``) and their
human (``human_translated``) and machine (``machine_translated``) translations are line-aligned.
Runs of ``--lines`` consecutive lines of one stream make an article. Of the German articles, a
share is given with one English translation (human or machine, in turn), a share with both, a
share with none; some translations are given without their German original (they must be
paired with nothing), and English originals are mixed in. Pairs found are scored against the
truth: precision (pairs right / pairs claimed), recall (translations whose original is in the
corpus paired with it).

    .venv/bin/python benchmarks/translation_pairs.py --data ../shared/benchmarks/translation
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from analysis.translation.originals import translation_pairs  # noqa: E402
from analysis.translation.pair_evaluation import load_pairs_corpus, pair_measures  # noqa: E402

# Lines of the German stream that are news (the README of the data: news to about line 276).
NEWS_LINES = 276


def load(path: Path) -> dict[str, dict[int, str]]:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    by_label: dict[str, dict[int, str]] = defaultdict(dict)
    for row in rows:
        by_label[row["label"]][int(row["line"])] = row["text"]
    return by_label


def build_corpus(data: dict[str, dict[int, str]], n_lines: int, seed: int, news_only: bool):
    """texts, languages and truth (English id -> German id or None) of one mixed corpus."""
    rng = random.Random(seed)
    lines = sorted(data["source_de"])
    if news_only:
        lines = [i for i in lines if i < NEWS_LINES]
    chunks = [lines[i:i + n_lines] for i in range(0, len(lines), n_lines)]
    chunks = [c for c in chunks if len(c) == n_lines]
    rng.shuffle(chunks)
    texts, languages, truth = {}, {}, {}

    def text(label, chunk):
        return "\n".join(data[label][i] for i in chunk if i in data[label])

    for k, chunk in enumerate(chunks):
        german = f"de-{chunk[0]:04d}"
        role = k % 6  # 0-1 one translation, 2 both, 3 no translation, 4 translation only, 5 both, no German
        if role != 4 and role != 5:
            texts[german], languages[german] = text("source_de", chunk), "de"
        kinds = {0: ["human_translated"], 1: ["machine_translated"], 2: ["human_translated", "machine_translated"],
                 3: [], 4: [rng.choice(["human_translated", "machine_translated"])],
                 5: ["human_translated", "machine_translated"]}[role]
        for label in kinds:
            english = f"en-{label[:5]}-{chunk[0]:04d}"
            texts[english], languages[english] = text(label, chunk), "en"
            truth[english] = german if role not in (4, 5) else None
    originals = sorted(data["original_en"])
    if news_only:
        originals = [i for i in originals if i < 139]
    for i in range(0, len(originals) - n_lines + 1, n_lines):
        english = f"en-original-{originals[i]:04d}"
        texts[english] = "\n".join(data["original_en"][j] for j in originals[i:i + n_lines])
        languages[english], truth[english] = "en", None
    return texts, languages, truth


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/benchmarks/translation"))
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--ecbplus", type=Path, default=Path(__file__).resolve().parents[1] / "tests" / "data"
                        / "translation_pairs", help="German versions of ECB+ articles among same-event reports")
    parser.add_argument("--show-wrong", action="store_true")
    args = parser.parse_args(argv)
    data = load(args.data / "wmt23.jsonl")
    print("| articles of | genres | corpus (en / de) | pairs wanted | claimed | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    for news_only in (True, False):
        for n_lines in (3, 5, 10, 20):
            totals = defaultdict(float)
            for seed in range(args.seeds):
                texts, languages, truth = build_corpus(data, n_lines, seed, news_only)
                result = pair_measures(translation_pairs(texts, languages), truth)
                for key in ("claimed", "right", "wanted"):
                    totals[key] += result[key]
                totals["recalled"] += result["recall"] * result["wanted"]
                if args.show_wrong:
                    for wrong in result["wrong"]:
                        print("  wrong:", wrong, file=sys.stderr)
            n_en = sum(1 for v in languages.values() if v == "en")
            precision = totals["right"] / totals["claimed"] if totals["claimed"] else 1.0
            recall = totals["recalled"] / totals["wanted"] if totals["wanted"] else 1.0
            print(f"| {n_lines} lines | {'news' if news_only else 'all'} | {n_en} / {len(languages) - n_en} | "
                  f"{int(totals['wanted'])} | {int(totals['claimed'])} | {precision:.3f} | {recall:.3f} |")
    texts, languages, truth = load_pairs_corpus(args.ecbplus)
    result = pair_measures(translation_pairs(texts, languages), truth)
    n_en = sum(1 for v in languages.values() if v == "en")
    print(f"| ECB+ articles, German versions | same-event reports | {n_en} / {len(languages) - n_en} | "
          f"{result['wanted']} | {result['claimed']} | {result['precision']:.3f} | {result['recall']:.3f} |")
    for wrong in result["wrong"]:
        print("  wrong:", wrong, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
