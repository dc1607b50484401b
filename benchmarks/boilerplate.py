"""Boilerplate benchmark: this project against jusText, boilerpy3 and trafilatura.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/boilerplate.py \
        --data ../shared/benchmarks/boilerplate/dev.jsonl --html ../shared/benchmarks/boilerplate

Line level: precision/recall/F1 per class and macro-F1 for the ``full`` view (every line) and
the ``span`` view (first to last content line of each page), and lines per second on one
thread (``OMP_NUM_THREADS=1`` is set before numpy loads, and threadpoolctl limits the pools).

End to end (``--html``, a folder with ``html/<doc_id>.html.gz`` and ``ground-truth-dev.json``):
each page goes through the study's own ingest of an ``.html`` file and its boilerplate stage;
the text of the blocks it keeps is scored against the annotators' ``articleBody`` with
4-token shingles (precision, recall, F1 per page; their means; the share of pages that lose
more than a tenth of their article), beside ``trafilatura.extract`` of the same pages.

When ``--data`` holds the pages the shipped model was trained on (the vendored dev half), the
project is scored by 5-fold cross-validation grouped by domain, so no page is judged by a model
that saw its site; on any other data the shipped model is used as is. The baselines need the
``bench`` extra (``pip install -e '.[bench]'``); each is given one escaped ``<p>`` per line,
and a line counts as content when the tool keeps its text.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy and scikit-learn load

import argparse
import gzip
import html
import json
import re
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, precision_recall_fscore_support

from analysis.boilerplate import predict
from analysis.boilerplate.document import predict_many
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


# Passes of each timed tool, interleaved, best taken: the machine is shared, and one pass of
# each in turn saw ratios from 1.18x to 2.16x on the same code.
SPEED_REPEATS_DEFAULT = 5


def interleaved_speeds(pages: list[list[str]], repeats: int = SPEED_REPEATS_DEFAULT) -> dict:
    """Best-of-``repeats`` lines/s on one thread of the project's ``predict`` and boilerpy3's
    ArticleExtractor (one ``<p>`` per line), passes interleaved so both see the same load."""
    from threadpoolctl import threadpool_limits

    n_lines = sum(map(len, pages))
    tools = {"srcrel predict": lambda texts: predict(texts)}
    try:
        from boilerpy3 import extractors

        extractor = extractors.ArticleExtractor(raise_on_failure=False)
        tools["boilerpy3 ArticleExtractor"] = lambda texts: extractor.get_content(as_html(texts))
    except ImportError:
        pass
    best = dict.fromkeys(tools, 0.0)
    predict(pages[0])  # train and warm up outside the timing
    with threadpool_limits(1):
        for _ in range(repeats):
            for name, run in tools.items():
                start = time.perf_counter()
                for texts in pages:
                    run(texts)
                best[name] = max(best[name], n_lines / (time.perf_counter() - start))
            # the batch path: all pages in one call (timed as one pass over the pages)
            start = time.perf_counter()
            predict_many(pages)
            name = "srcrel predict_many (all pages in one call)"
            best[name] = max(best.get(name, 0.0), n_lines / (time.perf_counter() - start))
    return best


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


# Shingles of this many tokens, as in the article-extraction benchmark's own evaluation.
SHINGLE_TOKENS = 4
# A page "loses its article" when the kept text recalls less than this share of its shingles.
LOST_ARTICLE_MAX_RECALL = 0.9
TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = SHINGLE_TOKENS) -> Counter:
    tokens = TOKEN.findall(text.lower())
    return Counter(tuple(tokens[i:i + n]) for i in range(max(len(tokens) - n + 1, 0)))


def shingle_prf(kept: str, truth: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``kept`` against ``truth`` over 4-token shingle counts."""
    k, t = shingles(kept), shingles(truth)
    if not k and not t:
        return 1.0, 1.0, 1.0
    common = sum((k & t).values())
    p = common / sum(k.values()) if k else 0.0
    r = common / sum(t.values()) if t else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def study_blocks(html_dir: Path, doc_ids: list[str], folds=None, pages: bool = True) -> pd.DataFrame:
    """The blocks the study makes of each page (ingest of ``<doc_id>.html``, then its
    boilerplate stage, each page its own story). ``folds``: ``(doc_ids, classifier,
    page_model)`` that score those pages with those models (grouped CV); the shipped models
    when None. ``pages=False``: the line scores only, not revised by a page model."""
    from analysis.boilerplate import flag_templates, keep_headlines, score_documents, score_within_stories
    from analysis.ingest import ingest_corpus

    with tempfile.TemporaryDirectory() as tmp:
        for doc_id in doc_ids:
            data = gzip.decompress((html_dir / "html" / f"{doc_id}.html.gz").read_bytes())
            (Path(tmp) / f"{doc_id}.html").write_bytes(data)
        corpus = ingest_corpus(tmp)
    blocks, articles = corpus.blocks, corpus.articles
    folds = folds or [(doc_ids, None, None)]
    scored = pd.concat([
        score_documents(blocks[blocks["source_id"].isin(ids)], classifier=classifier,
                        page_model=page_model if pages else False)
        for ids, classifier, page_model in folds], ignore_index=True)
    scored = keep_headlines(flag_templates(scored), articles)
    stories = articles[["source_id"]].assign(story_id=articles["source_id"])
    return score_within_stories(scored, stories)


def grouped_folds(lines: pd.DataFrame, n_folds: int = 5, with_pages: bool = True) -> list[tuple]:
    """Out-of-fold line classifiers and page models, pages grouped by domain as in the line
    view (the project's own labelled pages join every training fold of the line model)."""
    from sklearn.model_selection import GroupKFold

    from analysis.boilerplate.model import fit_model, load_written_labels
    from analysis.boilerplate.page import PageModel, load_page_training

    written = load_written_labels()
    page_rows = load_page_training() if with_pages else None
    pages = lines.drop_duplicates("document")[["document", "domain"]].reset_index(drop=True)
    folds = []
    for train, test in GroupKFold(n_splits=n_folds).split(pages, groups=pages["domain"]):
        train_docs = set(pages["document"].iloc[train])
        model = fit_model(pd.concat([lines[lines["document"].isin(train_docs)], written],
                                    ignore_index=True))
        page_model = None
        if page_rows is not None:
            train_pages = page_rows[page_rows["source_id"].isin(train_docs)]
            page_model = PageModel().fit(train_pages, train_pages["is_content"])
        folds.append((pages["document"].iloc[test].tolist(), model.named_steps["classifier"],
                      page_model))
    return folds


# A block is article text when at least this share of its tokens align with articleBody
# (matching runs of 3+ tokens), as the line-level benchmark labels its lines.
CONTENT_MIN_ALIGNED = 0.8


def aligned_share(texts: list[str], body: str) -> np.ndarray:
    """Per text, the share of its tokens aligned in order to ``body`` (difflib, runs of 3+)."""
    import difflib

    truth = TOKEN.findall(body.lower())
    tokens, owner = [], []
    for k, text in enumerate(texts):
        words = TOKEN.findall(str(text).lower())
        tokens += words
        owner += [k] * len(words)
    covered = np.zeros(len(tokens), dtype=bool)
    for a, _, n in difflib.SequenceMatcher(None, tokens, truth, autojunk=False).get_matching_blocks():
        if n >= 3:
            covered[a:a + n] = True
    owner = np.array(owner, dtype=int)
    sums = np.bincount(owner, weights=covered, minlength=len(texts))
    counts = np.bincount(owner, minlength=len(texts))
    return np.divide(sums, counts, out=np.zeros(len(texts)), where=counts > 0)


def write_page_training(html_dir: Path, lines: pd.DataFrame, out: Path) -> None:
    """The page model's training table: the study's blocks of the dev pages, line scores out
    of fold (grouped by domain), inputs of ``page_inputs`` and ``is_content``; no text."""
    from analysis.boilerplate.page import page_inputs

    truth = json.loads((html_dir / "ground-truth-dev.json").read_text(encoding="utf-8"))
    doc_ids = sorted(truth)
    blocks = study_blocks(html_dir, doc_ids, grouped_folds(lines, with_pages=False), pages=False)
    blocks = blocks.sort_values(["source_id", "block_no"]).reset_index(drop=True)
    share = np.zeros(len(blocks))
    for doc_id, rows in blocks.groupby("source_id", sort=False).indices.items():
        share[rows] = aligned_share(blocks["text"].iloc[rows].tolist(), truth[doc_id]["articleBody"])
    table = page_inputs(blocks)
    table.insert(1, "domain", table["source_id"].map(dict(zip(lines["document"], lines["domain"]))))
    table["is_content"] = share >= CONTENT_MIN_ALIGNED
    table.to_csv(out, index=False, float_format="%.4g",
                 compression={"method": "gzip", "mtime": 0})  # same bytes on every rebuild
    print(f"wrote {len(table)} blocks of {table['source_id'].nunique()} pages to {out}")


def end_to_end(html_dir: Path, lines: pd.DataFrame | None) -> pd.DataFrame:
    """Per page and predictor: shingle precision, recall and F1 of the kept text."""
    import trafilatura

    truth = json.loads((html_dir / "ground-truth-dev.json").read_text(encoding="utf-8"))
    doc_ids = sorted(truth)
    domain = {} if lines is None else dict(zip(lines["document"], lines["domain"]))
    runs = {"srcrel, shipped model": study_blocks(html_dir, doc_ids)}
    if lines is not None and set(doc_ids) <= set(lines["document"]):
        runs["srcrel, grouped CV by domain"] = study_blocks(html_dir, doc_ids, grouped_folds(lines))
    rows = []
    for name, blocks in runs.items():
        kept = blocks[~blocks["is_boilerplate"].astype(bool)].groupby("source_id")["text"].agg("\n".join)
        for doc_id in doc_ids:
            p, r, f = shingle_prf(kept.get(doc_id, ""), truth[doc_id]["articleBody"])
            rows.append({"predictor": name, "doc_id": doc_id, "domain": domain.get(doc_id),
                         "precision": p, "recall": r, "f1": f})
    for doc_id in doc_ids:
        page = gzip.decompress((html_dir / "html" / f"{doc_id}.html.gz").read_bytes()).decode("utf-8")
        out = trafilatura.extract(page) or ""
        p, r, f = shingle_prf(out, truth[doc_id]["articleBody"])
        rows.append({"predictor": "trafilatura.extract", "doc_id": doc_id,
                     "domain": domain.get(doc_id), "precision": p, "recall": r, "f1": f})
    return pd.DataFrame(rows)


def end_to_end_summary(per_page: pd.DataFrame) -> pd.DataFrame:
    grouped = per_page.groupby("predictor", sort=False)
    return pd.DataFrame({
        "pages": grouped.size(),
        "precision": grouped["precision"].mean().round(3),
        "recall": grouped["recall"].mean().round(3),
        "F1": grouped["f1"].mean().round(3),
        "pages losing >10%": grouped["recall"].apply(lambda r: (r < LOST_ARTICLE_MAX_RECALL).mean()).round(3),
    })


def prose_flags(corpus_dirs: list[Path]) -> pd.DataFrame:
    """The boilerplate stage of the study on corpora of clean news prose (ECB+ articles):
    every block with its flag, kind and rule; any flag is a false alarm, or nearly."""
    from analysis.boilerplate import flag_templates, keep_headlines, score_documents, score_within_stories
    from analysis.ingest import ingest_corpus
    from analysis.stories import add_story_ids

    parts = []
    for corpus_dir in corpus_dirs:
        corpus = ingest_corpus(corpus_dir)
        blocks = keep_headlines(flag_templates(score_documents(corpus.blocks)), corpus.articles)
        blocks = score_within_stories(blocks, add_story_ids(corpus.articles, blocks))
        parts.append(blocks.assign(corpus=corpus_dir.name))
    return pd.concat(parts, ignore_index=True)


def numbered_sentences_flagged(flags: pd.DataFrame, sentences_path: Path) -> pd.DataFrame:
    """The annotated sentences of the coverage's ``sentences.jsonl`` that state a typed number
    (count, number, percent, money: ``analysis.claims.extract_values``), each with whether the
    block holding it is flagged (``flagged``) and by which rule and kind: facts lost as
    boilerplate."""
    from analysis.claims import extract_values

    rows = [json.loads(line) for line in sentences_path.read_text("utf-8").splitlines() if line.strip()]
    blocks = {source: group for source, group in flags.groupby("source_id")}
    found = []
    for row in rows:
        if not row.get("annotated") or not any(
                v.kind in ("number", "count", "percent", "money") for v in extract_values(row["text"])):
            continue
        group = blocks.get(row["doc"])
        if group is None:
            continue
        holding = group[group["text"].str.contains(row["text"].strip()[:60], regex=False)]
        if holding.empty:
            continue
        block = holding.iloc[0]
        found.append({"doc": row["doc"], "text": row["text"],
                      "flagged": bool(pd.notna(block["is_boilerplate"]) and block["is_boilerplate"]),
                      "rule": block["boilerplate_rule"], "kind": block["boilerplate_kind"]})
    return pd.DataFrame(found, columns=["doc", "text", "flagged", "rule", "kind"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="dev.jsonl of the benchmark")
    parser.add_argument("--threshold", type=float, default=THRESHOLD_DEFAULT)
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--html", type=Path, help="folder with html/ and ground-truth-dev.json")
    parser.add_argument("--per-page", type=Path, help="write the end-to-end rows to this CSV")
    parser.add_argument("--no-lines", action="store_true", help="skip the line-level view")
    parser.add_argument("--write-page-training", type=Path,
                        help="write the page model's training table (needs --html) and stop")
    parser.add_argument("--prose", type=Path,
                        help="folder of corpora of clean news prose (coverage/corpora): false alarms")
    args = parser.parse_args()

    if args.write_page_training:
        write_page_training(args.html, load_labelled_lines(args.data), args.write_page_training)
        return
    if args.prose:
        flags = prose_flags(sorted(d for d in args.prose.iterdir() if d.is_dir()))
        from analysis.boilerplate import METADATA_KINDS

        flagged = flags[flags["is_boilerplate"].astype(bool)]
        noise = flagged[~flagged["boilerplate_kind"].isin(METADATA_KINDS)]
        print(f"Clean prose: {len(flags)} lines of {flags['source_id'].nunique()} articles in "
              f"{flags['corpus'].nunique()} corpora; flagged {len(flagged)} "
              f"({len(flagged) / max(len(flags), 1):.2%}): {len(flagged) - len(noise)} article "
              f"metadata (bylines, datelines), {len(noise)} as noise "
              f"({len(noise) / max(len(flags), 1):.2%})")
        print(flagged.groupby(["boilerplate_rule", "boilerplate_kind"]).size().to_string())
        sentences = args.prose.parent / "sentences.jsonl"
        if sentences.exists():
            lost = numbered_sentences_flagged(flags, sentences)
            print(f"Annotated sentences with a number (issue 27): {len(lost)}, flagged "
                  f"{int(lost['flagged'].sum())} ({lost['flagged'].mean():.2%})")
            for row in lost[lost["flagged"]].itertuples():
                print(f"  {row.doc}: {row.rule}/{row.kind}: {row.text[:100]}")
        if args.per_page:
            flagged[["corpus", "source_id", "block_no", "boilerplate_rule", "boilerplate_kind",
                     "boilerplate_score", "text"]].to_csv(args.per_page.with_suffix(".prose.csv"),
                                                         index=False)

    lines = load_labelled_lines(args.data)
    labels = lines["is_boilerplate"].to_numpy()
    span = article_span(lines["document"], labels)
    pages = [page["text"].tolist() for _, page in lines.groupby("document", sort=False)]
    cross_validate = same_pages(args.data)
    print(f"{len(pages)} pages, {len(lines)} lines ({span.sum()} in the article span); "
          f"project scored {'by grouped CV' if cross_validate else 'with the shipped model'}")

    if args.html:
        per_page = end_to_end(args.html, lines if cross_validate else None)
        if args.per_page:
            per_page.round(4).to_csv(args.per_page, index=False)
        print("End to end on the HTML pages (4-token shingles of the kept text vs articleBody):")
        print(end_to_end_summary(per_page).to_string())
    if args.no_lines:
        return
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
    speeds = interleaved_speeds(pages)
    print(f"One thread, best of {SPEED_REPEATS_DEFAULT} interleaved passes: "
          + ", ".join(f"{name} {speed:,.0f} lines/s" for name, speed in speeds.items()))
    baseline = speeds.get("boilerpy3 ArticleExtractor")
    if baseline:  # boilerpy3 is timed page by page: it has no batch
        print(", ".join(f"{name} / boilerpy3 {speed / baseline:.2f}x"
                        for name, speed in speeds.items() if name.startswith("srcrel")))


if __name__ == "__main__":
    main()
