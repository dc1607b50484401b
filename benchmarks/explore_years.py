"""Exploration (issue #16): which learned signals transfer across WMT years (train on one year, test on the other).
from __future__ import annotations

import json
import re
import sys
from collections import defaultdict

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline

from analysis.translation.model import TranslationStyleClassifier
from analysis.translation.style import document_profile, normalise_quotes, function_words

DATA = {"wmt21": "/work/shared/benchmarks/translation/dev.jsonl",
        "wmt23": "/work/shared/benchmarks/translation/wmt23.jsonl"}
LABELS = ("original_en", "human_translated", "machine_translated")


def load(path):
    grouped = defaultdict(list)
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        if row["label"] in LABELS:
            grouped[row["label"], row["group"]].append((row["line"], row["text"]))
    keys = sorted(grouped)
    labels = np.array([k[0] for k in keys])
    lines = [[t for _, t in sorted(grouped[k])] for k in keys]
    return labels, lines


WORDS = frozenset(function_words())
TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,:]\d+)*|[^\w\s]")


def mask(text):
    out = []
    for i, tok in enumerate(TOKEN.findall(normalise_quotes(text))):
        low = tok.lower()
        if low in WORDS or not tok[0].isalnum():
            out.append(low)
        elif tok[0].isdigit():
            out.append("#")
        elif tok[0].isupper():
            out.append("C")
        else:
            out.append("w")
    return " ".join(out)


def aucs(labels, scores):
    out = []
    for neg in ("original_en", "human_translated"):
        m = np.isin(labels, [neg, "machine_translated"])
        out.append(roc_auc_score(labels[m] == "machine_translated", scores[m]))
    return out


def char_model(C=10, ngram=(2, 5), analyzer="char_wb"):
    return make_pipeline(TfidfVectorizer(analyzer=analyzer, ngram_range=ngram, sublinear_tf=True, min_df=2),
                         LogisticRegression(C=C, max_iter=3000, class_weight="balanced"))


def fit_docs(make, texts, y):
    return make().fit(texts, y)


def run(train, test, name):
    (ltr, xtr), (lte, xte) = train, test
    ytr = ltr == "machine_translated"
    results = {}
    docs_tr = [normalise_quotes("\n".join(d)) for d in xtr]
    docs_te = [normalise_quotes("\n".join(d)) for d in xte]
    # sentence-level training
    sent_tr = [normalise_quotes(s) for d in xtr for s in d]
    sent_y = np.array([y for d, y in zip(xtr, ytr) for _ in d])

    def doc_mean(model, transform=lambda s: s):
        return np.array([model.decision_function([transform(normalise_quotes(s)) for s in d]).mean() for d in xte])

    style = TranslationStyleClassifier().fit([document_profile(d) for d in docs_tr], ytr)
    results["style (shipped recipe)"] = style.decision_function([document_profile(d) for d in docs_te])
    for C in (1, 10):
        m = char_model(C).fit(docs_tr, ytr)
        results[f"char_wb 2-5 docs C={C}"] = m.decision_function(docs_te)
        m = char_model(C).fit(sent_tr, sent_y)
        results[f"char_wb 2-5 sents C={C}"] = doc_mean(m)
    m = char_model(10, (1, 4), "char").fit([mask(d) for d in docs_tr], ytr)
    results["masked char 1-4 docs"] = m.decision_function([mask(d) for d in docs_te])
    m = make_pipeline(TfidfVectorizer(analyzer="word", ngram_range=(1, 3), token_pattern=r"\S+", sublinear_tf=True, min_df=2),
                      LogisticRegression(C=10, max_iter=3000, class_weight="balanced")).fit([mask(d) for d in docs_tr], ytr)
    results["masked word 1-3 docs"] = m.decision_function([mask(d) for d in docs_te])
    m = make_pipeline(TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=2),
                      LogisticRegression(C=10, max_iter=3000, class_weight="balanced")).fit(docs_tr, ytr)
    results["word 1-2 docs"] = m.decision_function(docs_te)
    z = lambda s: (s - s.mean()) / s.std()  # noqa: E731
    results["style + char docs C=10 (z mean)"] = z(results["style (shipped recipe)"]) + z(results["char_wb 2-5 docs C=10"])
    for key, s in results.items():
        a = aucs(lte, s)
        print(f"{name:16s} {key:36s} {a[0]:.3f} {a[1]:.3f}", flush=True)


if __name__ == "__main__":
    years = {k: load(v) for k, v in DATA.items()}
    run(years["wmt21"], years["wmt23"], "21->23")
    run(years["wmt23"], years["wmt21"], "23->21")


def mattr(words, window=50):
    if len(words) <= window:
        return len(set(words)) / max(len(words), 1)
    return np.mean([len(set(words[i:i + window])) / window for i in range(0, len(words) - window, 10)])


def lexical(doc):
    words = re.findall(r"[a-z]+", normalise_quotes("\n".join(doc)).lower())
    content = [w for w in words if w not in WORDS]
    return [mattr(words), mattr(content, 30), np.mean([len(w) for w in content]) if content else 0]


def run2(train, test, name):
    from sklearn.preprocessing import StandardScaler
    (ltr, xtr), (lte, xte) = train, test
    docs_tr = [normalise_quotes("\n".join(d)) for d in xtr]
    docs_te = [normalise_quotes("\n".join(d)) for d in xte]
    res = {}
    for task, keep in (("MT vs rest", LABELS), ("MT vs human", ("human_translated", "machine_translated")),
                       ("translated vs orig", LABELS)):
        m = np.isin(ltr, keep)
        y = (ltr[m] == "machine_translated") if task != "translated vs orig" else (ltr[m] != "original_en")
        tr = [d for d, k in zip(docs_tr, m) if k]
        res[f"style {task}"] = TranslationStyleClassifier().fit([document_profile(d) for d in tr], y).decision_function(
            [document_profile(d) for d in docs_te])
        mw = make_pipeline(TfidfVectorizer(analyzer="word", ngram_range=(1, 3), token_pattern=r"\S+", sublinear_tf=True, min_df=2),
                           LogisticRegression(C=10, max_iter=3000, class_weight="balanced")).fit([mask(d) for d in tr], y)
        res[f"masked word {task}"] = mw.decision_function([mask(d) for d in docs_te])
        Xl = np.array([lexical(d) for d, k in zip(xtr, m) if k])
        ml = make_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced")).fit(Xl, y)
        res[f"lexical {task}"] = ml.decision_function(np.array([lexical(d) for d in xte]))
    z = lambda s: (s - s.mean()) / s.std()  # noqa: E731
    res["style MTvsrest + style MTvshuman"] = z(res["style MT vs rest"]) + z(res["style MT vs human"])
    res["style transl + style MTvshuman"] = z(res["style translated vs orig"]) + z(res["style MT vs human"])
    res["masked: transl + MTvshuman"] = z(res["masked word translated vs orig"]) + z(res["masked word MT vs human"])
    res["style+masked MT vs rest"] = z(res["style MT vs rest"]) + z(res["masked word MT vs rest"])
    for key, s in res.items():
        a = aucs(lte, s)
        print(f"{name:8s} {key:40s} {a[0]:.3f} {a[1]:.3f}", flush=True)
