"""Line-level boilerplate benchmark: this project against jusText, boilerpy3 and trafilatura.

    .venv/bin/python benchmarks/boilerplate.py --data ../shared/benchmarks/boilerplate/dev.jsonl

Prints precision/recall/F1 per class and macro-F1 for the ``full`` view (every line) and the
``span`` view (first to last content line of each page), and lines per second on one core.

When ``--data`` holds the pages the shipped model was trained on (the vendored dev half), the
project is scored by 5-fold cross-validation grouped by domain, so no page is judged by a model
that saw its site; on any other data the shipped model is used as is. The baselines need the
``bench`` extra (``pip install -e '.[bench]'``); each is given one escaped ``<p>`` per line,
and a line counts as content when the tool keeps its text.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, precision_recall_fscore_support

from analysis.boilerplate import predict
from analysis.boilerplate.evaluate import cross_validated_scores, score_pages
from analysis.boilerplate.model import (
    THRESHOLD_DEFAULT, TRAINING_DATA, article_span, default_model, load_labelled_lines,
)


def same_pages(path: Path) -> bool:
    def ids(p):
        opener = gzip.open if str(p).endswith(".gz") else open
        with opener(p, "rt", encoding="utf-8") as handle:
            return sorted(json.loads(line)["doc_id"] for line in handle)
    return ids(path) == ids(TRAINING_DATA)


def project_predictions(lines: pd.DataFrame, cross_validate: bool, threshold: float) -> np.ndarray:
    """The project's flags (model and rules), out of fold when the data is the training data."""
    scores = cross_validated_scores(lines) if cross_validate else score_pages(lines, default_model())
    return scores > threshold


def time_project(pages: list[list[str]]) -> float:
    """Lines per second of the public ``predict`` (one document at a time, one thread)."""
    from threadpoolctl import threadpool_limits

    predict(pages[0])  # train and warm up outside the timing
    with threadpool_limits(1):
        start = time.perf_counter()
        for texts in pages:
            predict(texts)
        return sum(map(len, pages)) / (time.perf_counter() - start)


def as_html(texts: list[str]) -> str:
    body = "\n".join(f"<p>{html.escape(t)}</p>" for t in texts)
    return f"<html><head><title></title></head><body>\n{body}\n</body></html>"


# Lines of at least this many words also count as kept when the tool merged them into a
# longer paragraph; shorter ones must come out as a paragraph of their own ("Home" is inside
# many words, so substring matching would call every menu item kept).
SUBSTRING_MIN_WORDS = 8


def _kept_by_text(texts: list[str], extracted: str) -> np.ndarray:
    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip()

    paragraphs = {norm(p) for p in extracted.splitlines() if norm(p)}
    haystack = norm(extracted)
    return np.array([
        norm(t) in paragraphs
        or (len(t.split()) >= SUBSTRING_MIN_WORDS and norm(t) in haystack)
        for t in texts
    ])


def baseline_predictors():
    predictors = {}
    try:
        import justext

        stoplist = justext.get_stoplist("English")

        def run_justext(texts):
            paragraphs = justext.justext(as_html(texts).encode("utf-8"), stoplist)
            kept = " \n ".join(p.text for p in paragraphs if not p.is_boilerplate)
            return ~_kept_by_text(texts, kept)
        predictors["jusText 3 (English stoplist)"] = run_justext
    except ImportError:
        pass
    try:
        from boilerpy3 import extractors

        extractor = extractors.ArticleExtractor(raise_on_failure=False)

        def run_boilerpy3(texts):
            return ~_kept_by_text(texts, extractor.get_content(as_html(texts)) or "")
        predictors["boilerpy3 ArticleExtractor"] = run_boilerpy3
    except ImportError:
        pass
    try:
        import trafilatura

        def run_trafilatura(texts):
            out = trafilatura.extract(as_html(texts), include_comments=False) or ""
            return ~_kept_by_text(texts, out)
        predictors["trafilatura"] = run_trafilatura
    except ImportError:
        pass
    return predictors


def report(name: str, labels: np.ndarray, predicted: np.ndarray, span: np.ndarray, speed) -> dict:
    row = {"predictor": name}
    for view, mask in (("full", np.ones_like(span)), ("span", span)):
        p, r, f, _ = precision_recall_fscore_support(
            labels[mask], predicted[mask], labels=[True, False], zero_division=0
        )
        row[f"{view} P/R/F1 boilerplate"] = f"{p[0]:.3f}/{r[0]:.3f}/{f[0]:.3f}"
        row[f"{view} P/R/F1 content"] = f"{p[1]:.3f}/{r[1]:.3f}/{f[1]:.3f}"
        row[f"macro-F1 {view}"] = round(f1_score(labels[mask], predicted[mask], average="macro"), 3)
    row["lines/s"] = round(speed) if speed else None
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="dev.jsonl of the benchmark")
    parser.add_argument("--threshold", type=float, default=THRESHOLD_DEFAULT)
    parser.add_argument("--no-baselines", action="store_true")
    args = parser.parse_args()

    lines = load_labelled_lines(args.data)
    labels = lines["is_boilerplate"].to_numpy()
    span = article_span(lines["document"], labels)
    pages = [page["text"].tolist() for _, page in lines.groupby("document", sort=False)]
    cross_validate = same_pages(args.data)
    print(f"{len(pages)} pages, {len(lines)} lines ({span.sum()} in the article span); "
          f"project scored {'by grouped CV' if cross_validate else 'with the shipped model'}")

    rows = [report(
        "srcrel (this project)", labels,
        project_predictions(lines, cross_validate, args.threshold), span, time_project(pages),
    )]
    if not args.no_baselines:
        for name, predictor in baseline_predictors().items():
            start = time.perf_counter()
            predicted = np.concatenate([predictor(texts) for texts in pages])
            speed = len(lines) / (time.perf_counter() - start)
            rows.append(report(name, labels, predicted, span, speed))
    table = pd.DataFrame(rows).set_index("predictor")
    with pd.option_context("display.width", 250, "display.max_columns", 20):
        print(table.to_string())


if __name__ == "__main__":
    main()
