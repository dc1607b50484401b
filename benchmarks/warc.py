"""Web archives at constant memory: records/s and peak memory of ``iter_corpus`` by archive size.

    .venv/bin/python benchmarks/warc.py --data ../shared/benchmarks [--sizes 100 300 1000]
        [--workers 2] [--engines inline local] [--batch-articles 1000]

Writes one gzipped WARC (``--sizes`` in MB of the compressed file) of the 91 real dev pages
of ``boilerplate/html/`` repeated, each copy with a distinct URL, into a temporary folder
(not timed). Smaller sizes are prefixes of the largest, cut at a record boundary. Each size
is then streamed through ``iter_corpus`` in a fresh Python process, in one process
(``inline``) and on the local engine (``local``), with the batches dropped as they come (as
a stage writing each batch to a Parquet part would). Printed per size and engine: records,
seconds, records/s, the peak summed resident memory of the process and its workers and the
peak of the main process alone (sampled every 0.1 s, ``sampled_memory``).
Constant memory: the peaks do not grow with the archive once it holds more than one batch.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import shutil
import sys
import tempfile
from pathlib import Path

from sampled_memory import run_sampled

CHILD = """
import json, sys, time
start = time.perf_counter()
from analysis.engine import LocalEngine
from analysis.ingest import iter_corpus
engine = LocalEngine(int(sys.argv[3])) if sys.argv[2] == "local" else None
articles = errors = 0
for batch in iter_corpus(sys.argv[1], engine=engine, batch_articles=int(sys.argv[4])):
    articles += len(batch.articles)
    errors += len(batch.errors)
    del batch
if engine is not None:
    engine.close()
print(json.dumps({"seconds": time.perf_counter() - start, "articles": articles, "errors": errors}))
"""
FETCHED = "2019-11-18T10:00:00Z"


def real_pages(data: Path) -> list[tuple[str, bytes]]:
    """(url, HTML bytes) of the dev pages of the boilerplate benchmark."""
    truth = json.loads((data / "boilerplate" / "ground-truth-dev.json").read_text())
    pages = []
    for path in sorted((data / "boilerplate" / "html").glob("*.html.gz")):
        doc_id = path.name.removesuffix(".html.gz")
        pages.append((truth[doc_id]["url"], gzip.decompress(path.read_bytes())))
    return pages


def write_archive(path: Path, pages: list[tuple[str, bytes]], sizes_mb: list[int]) -> dict[int, int]:
    """Write the pages, repeated, until the archive reaches the largest size; return the
    byte offset at which each size is reached (a record boundary)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    cuts: dict[int, int] = {}
    wanted = sorted(sizes_mb)
    copy = 0
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        while wanted:
            for url, body in pages:
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                           protocol="HTTP/1.1")
                separator = "&" if "?" in url else "?"
                record = writer.create_warc_record(
                    f"{url}{separator}copy={copy}", "response", payload=io.BytesIO(body),
                    http_headers=headers, warc_headers_dict={"WARC-Date": FETCHED})
                writer.write_record(record)
                while wanted and handle.tell() >= wanted[0] * 1_000_000:
                    cuts[wanted.pop(0)] = handle.tell()
            copy += 1
    return cuts


def run_once(corpus: Path, engine: str, workers: int, batch_articles: int) -> dict:
    output, peak_tree, peak_main = run_sampled(
        [sys.executable, "-c", CHILD, str(corpus), engine, str(workers), str(batch_articles)],
        f"iter_corpus on {corpus}")
    result = json.loads(output.strip().splitlines()[-1])
    return {**result, "peak_tree_mb": peak_tree / 2**20, "peak_main_mb": peak_main / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder with boilerplate/")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000],
                        help="archive sizes in MB (gzipped)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the local engine")
    parser.add_argument("--engines", nargs="+", choices=("inline", "local"),
                        default=["inline", "local"])
    parser.add_argument("--batch-articles", type=int, default=1000,
                        help="articles per batch of iter_corpus (memory is bounded by a batch)")
    args = parser.parse_args()
    pages = real_pages(args.data)
    with tempfile.TemporaryDirectory() as folder:
        whole = Path(folder) / "whole.warc.gz"
        cuts = write_archive(whole, pages, args.sizes)
        print(f"{len(pages)} real pages repeated; {whole.stat().st_size / 1e6:.0f} MB written")
        print(f"{'MB':>6} {'engine':>7} {'records':>8} {'seconds':>8} {'rec/s':>6} "
              f"{'peak MB':>8} {'main MB':>8}")
        for size in sorted(args.sizes):
            corpus = Path(folder) / f"corpus-{size}"
            corpus.mkdir()
            with open(whole, "rb") as source, open(corpus / "crawl.warc.gz", "wb") as target:
                remaining = cuts[size]
                while remaining:
                    chunk = source.read(min(remaining, 1 << 24))
                    target.write(chunk)
                    remaining -= len(chunk)
            for engine in args.engines:
                result = run_once(corpus, engine, args.workers, args.batch_articles)
                label = engine if engine == "inline" else f"{engine}×{args.workers}"
                print(f"{cuts[size] / 1e6:>6.0f} {label:>7} {result['articles']:>8} "
                      f"{result['seconds']:>8.1f} {result['articles'] / result['seconds']:>6.0f} "
                      f"{result['peak_tree_mb']:>8.0f} {result['peak_main_mb']:>8.0f}", flush=True)
            shutil.rmtree(corpus)


if __name__ == "__main__":
    main()
