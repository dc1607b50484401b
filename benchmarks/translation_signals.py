"""Exploration: learned document-level signals of machine translation on WMT21 (not used by the
study yet).

    .venv/bin/python benchmarks/translation_signals.py --data ../shared/benchmarks/translation/dev.jsonl

Documents are the benchmark's groups of 20 sentences, keyed by label and group; 5-fold CV
grouped by group, so a human and a machine translation of the same story never straddle
train and test. Quotes are normalised first (references use curly quotes, MT straight ones).
Three models: character 2-5-grams (strong in-domain, known to transfer poorly to other years
and systems), function-word profiles (topic-robust, the classic translationese signal), and a
few style statistics. The held-out years and systems the project is judged on are not here,
so these figures are in-domain only.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

CV_FOLDS = 5


def normalise_quotes(text: str) -> str:
    return re.sub(r"[“”„«»]", '"', re.sub(r"[‘’‚]", "'", text))


def style_statistics(texts) -> np.ndarray:
    rows = []
    for text in texts:
        sentences = re.split(r"(?<=[.!?])\s+", text)
        words = re.findall(r"\w+", text.lower())
        lengths = [len(s.split()) for s in sentences]
        rows.append([
            np.mean(lengths), np.std(lengths), len(set(words)) / len(words),
            text.count(",") / len(words), text.count("'") / len(words),
            sum(w.endswith(("tion", "ment", "ness", "ity")) for w in words) / len(words),
            np.mean([len(w) for w in words]),
        ])
    return np.array(rows)


MODELS = {
    "character 2-5-grams": lambda: make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        LogisticRegression(C=10, max_iter=2000)),
    "function-word profile": lambda: make_pipeline(
        TfidfVectorizer(vocabulary=sorted(ENGLISH_STOP_WORDS), use_idf=False, norm="l1",
                        token_pattern=r"(?u)\b\w+\b"),
        StandardScaler(with_mean=False), LogisticRegression(C=0.1, max_iter=2000)),
    "style statistics": lambda: make_pipeline(
        FunctionTransformer(style_statistics), StandardScaler(), LogisticRegression(max_iter=2000)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    documents = defaultdict(list)
    with open(args.data, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            documents[(row["label"], row["group"])].append((row["line"], normalise_quotes(row["text"])))
    keys = sorted(documents)
    texts = np.array([" ".join(t for _, t in sorted(documents[k])) for k in keys], dtype=object)
    labels = np.array([k[0] for k in keys])
    groups = np.array([k[1] for k in keys])
    for negative in ("original_en", "human_translated"):
        mask = np.isin(labels, [negative, "machine_translated"])
        y = labels[mask] == "machine_translated"
        for name, make in MODELS.items():
            scores = np.zeros(len(y))
            for train, test in GroupKFold(CV_FOLDS).split(texts[mask], y, groups[mask]):
                model = make().fit(list(texts[mask][train]), y[train])
                scores[test] = model.predict_proba(list(texts[mask][test]))[:, 1]
            print(f"{negative} vs machine_translated, {name}: document AUC {roc_auc_score(y, scores):.3f}")


if __name__ == "__main__":
    main()
