"""The whole study (ingest, boilerplate, translation artifacts, scorecard) on growing corpora.

    .venv/bin/python benchmarks/study.py [--sizes 250 1000 4000]

Corpora are built as in ``benchmarks/ingest.py`` (the default corpus's text, paragraphs rotated,
half .txt, half .html); the boilerplate model is trained before the timings.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from ingest import build_corpus, seed_texts

from analysis import config
from analysis.boilerplate import predict
from analysis.study import run_study


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=config.RAW_DIR)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 4000])
    args = parser.parse_args()
    texts = seed_texts(args.seed)
    predict(["warm up: train the model outside the timings"])
    previous = None
    print(f"{'articles':>9} {'seconds':>8} {'articles/s':>11}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as corpus, tempfile.TemporaryDirectory() as out:
            build_corpus(texts, n, Path(corpus))
            start = time.perf_counter()
            run_study(corpus, out)
            seconds = time.perf_counter() - start
        growth = f"  x{seconds / previous[1]:.2f} time for x{n / previous[0]:.0f} articles" if previous else ""
        print(f"{n:>9} {seconds:>8.1f} {n / seconds:>11.0f}{growth}")
        previous = (n, seconds)


if __name__ == "__main__":
    main()
