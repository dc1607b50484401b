"""Exploration: lexical sentence-similarity features and a learned combination on STS-B
(not used by the study yet; the first step of the aligner of issue 5).

    .venv/bin/python benchmarks/agreement_signals.py --data ../shared/benchmarks/agreement

TF-IDF vocabularies are fit on the train split's sentences; the combination is trained on the
train split and scored on dev (Pearson / Spearman x100, news genre and all genres).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import Ridge

WORD = re.compile(r"\w+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
FEATURES = ("word cosine", "char 3-5 cosine", "word 1-2 cosine (no stop words)", "content Jaccard",
            "numbers agree", "length ratio", "has numbers", "content overlap (min)")


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def features(pairs, vectorizers) -> np.ndarray:
    first = [p["sentence1"] for p in pairs]
    second = [p["sentence2"] for p in pairs]
    cosines = [np.asarray(v.transform(first).multiply(v.transform(second)).sum(axis=1)).ravel()
               for v in vectorizers]
    rows = []
    for i, (a, b) in enumerate(zip(first, second)):
        ca = {w for w in WORD.findall(a.lower()) if w not in ENGLISH_STOP_WORDS}
        cb = {w for w in WORD.findall(b.lower()) if w not in ENGLISH_STOP_WORDS}
        na, nb = set(NUMBER.findall(a)), set(NUMBER.findall(b))
        la, lb = len(a.split()), len(b.split())
        rows.append([*(c[i] for c in cosines), len(ca & cb) / max(len(ca | cb), 1),
                     1.0 if na == nb else (0.5 if na & nb else 0.0), min(la, lb) / max(la, lb),
                     float(bool(na or nb)), len(ca & cb) / max(min(len(ca), len(cb)), 1)])
    return np.array(rows)


def report(name: str, predicted, gold, news) -> None:
    def pair(mask):
        return f"{100 * pearsonr(predicted[mask], gold[mask])[0]:.1f}/{100 * spearmanr(predicted[mask], gold[mask])[0]:.1f}"
    print(f"{name:34s} news {pair(news)}   all {pair(np.ones_like(news))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with train.jsonl and dev.jsonl")
    args = parser.parse_args()
    train, dev = load(args.data / "train.jsonl"), load(args.data / "dev.jsonl")
    texts = [p[k] for p in train for k in ("sentence1", "sentence2")]
    vectorizers = [
        TfidfVectorizer(sublinear_tf=True).fit(texts),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit(texts),
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english").fit(texts),
    ]
    train_x, train_y = features(train, vectorizers), np.array([p["score"] for p in train])
    dev_x, dev_y = features(dev, vectorizers), np.array([p["score"] for p in dev])
    news = np.array([p["genre"] == "main-news" for p in dev])
    for j, name in enumerate(FEATURES[:4]):
        report(name, dev_x[:, j], dev_y, news)
    for name, model in (("ridge over all features", Ridge(alpha=1.0)),
                        ("gradient boosting over all features", HistGradientBoostingRegressor(
                            max_iter=200, learning_rate=0.05, random_state=0))):
        report(name, model.fit(train_x, train_y).predict(dev_x), dev_y, news)


if __name__ == "__main__":
    main()
