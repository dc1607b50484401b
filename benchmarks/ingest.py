"""Ingest throughput and how its cost grows with corpus size.

Builds corpora of n articles from real article text (the files of --seed, default data/raw),
each article a copy with its paragraphs rotated and renamed, alternating plain text and HTML,
then times ``ingest_corpus`` on each. Deterministic: no randomness.

    .venv/bin/python benchmarks/ingest.py [--seed DIR] [--sizes 250 1000 4000]
"""

from __future__ import annotations

import argparse
import html
import tempfile
import time
from pathlib import Path

from analysis import config
from analysis.ingest import ingest_corpus


def seed_texts(folder: Path) -> list[str]:
    """The real article text the synthetic corpora are built from (the .txt files of ``folder``)."""
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def build_corpus(seed_texts: list[str], n: int, root: Path) -> int:
    total = 0
    for i in range(n):
        paragraphs = [p for p in seed_texts[i % len(seed_texts)].split("\n") if p.strip()]
        shift = i % max(len(paragraphs), 1)
        paragraphs = paragraphs[shift:] + paragraphs[:shift]
        if i % 2:
            body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
            data = f"<html><head><title>Story {i}</title></head><body>{body}</body></html>"
            path = root / f"article_{i:06d}.html"
        else:
            data = "\n\n".join(paragraphs) + "\n"
            path = root / f"article_{i:06d}.txt"
        path.write_text(data, encoding="utf-8")
        total += path.stat().st_size
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=config.RAW_DIR)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 4000])
    args = parser.parse_args()
    texts = seed_texts(args.seed)
    ingest_corpus(args.seed)  # warm caches (language model, segmenter) outside the timings
    print(f"{'articles':>9} {'MB':>7} {'seconds':>8} {'articles/s':>11} {'MB/s':>6}")
    previous = None
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            size = build_corpus(texts, n, Path(folder))
            start = time.perf_counter()
            corpus = ingest_corpus(folder)
            seconds = time.perf_counter() - start
        assert len(corpus.articles) == n and corpus.errors.empty
        growth = f"  x{seconds / previous[1]:.2f} time for x{n / previous[0]:.0f} articles" if previous else ""
        print(f"{n:>9} {size / 1e6:>7.2f} {seconds:>8.2f} {n / seconds:>11.0f} {size / 1e6 / seconds:>6.2f}{growth}")
        previous = (n, seconds)


if __name__ == "__main__":
    main()
