"""The whole study at scale: wall time, articles/s, peak memory and growth, 1k to 100k articles.

    .venv/bin/python benchmarks/scale.py --data ../shared/benchmarks [--sizes 1000 10000 100000]
        [--engine local|dask] [--workers N] [--seed 0] [--added 0.01] [--check]

For each size, a corpus is built with ``make_corpus.py`` (many stories, many sources, real
text; not timed), then ``run_study`` runs in a fresh Python process, timed from its start to
the last table written (training the boilerplate model in each worker included). Peak memory
is the largest summed resident memory of that process and all its children (sampled every
0.1 s with psutil), and the largest of any one of them (``ru_maxrss``). Also printed: how
much two processes gain over one on a pure-Python loop in the same run, since this machine's
two cores are shared and the available parallelism varies from run to run.

``--added SHARE`` measures what adding articles costs: the corpus without every
(1/SHARE)-th file is studied first (the full run, timed), then those files are added and the
study runs again in the same output folder (timed: what ``analysis.kept`` saves); the ratio
of the two times is printed, with each run's seconds by stage. ``--check`` then studies the whole corpus afresh
(``reuse=False``) and checks that every table is byte for byte that of the run with added
articles.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from make_corpus import build_corpus
from sampled_memory import run_sampled

CHILD = """
import json, sys, time
start = time.perf_counter()
from analysis.engine import make_engine
from analysis.study import run_study
engine = make_engine(sys.argv[3], workers=int(sys.argv[4]) if sys.argv[4] != "0" else None)
stages = {}
manifest = run_study(sys.argv[1], sys.argv[2], engine=engine, keep_tables=False,
                     reuse=sys.argv[5] == "reuse",
                     on_stage=lambda name, seconds: stages.__setitem__(name, round(seconds, 1)))
engine.close()
seconds = time.perf_counter() - start
import pandas as pd
stories = pd.read_parquet(sys.argv[2] + "/articles.parquet", columns=["story_id"])["story_id"]
print(json.dumps({"seconds": seconds, "stories": int(stories.nunique()), "rows": manifest["rows"],
                  "stages": stages}))
"""


def run_once(corpus: Path, out: Path, engine: str, workers: int, reuse: bool = True) -> dict:
    output, peak, _ = run_sampled(
        [sys.executable, "-c", CHILD, str(corpus), str(out), engine, str(workers),
         "reuse" if reuse else "no-reuse"], f"the study on {corpus}")
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_tree_mb"] = peak / 2**20
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_headroom(n: int = 10_000_000) -> float:
    """Speed-up of two processes over one on a pure-Python loop, now, on this machine."""
    start = time.perf_counter()
    _burn(n), _burn(n)
    one = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        start = time.perf_counter()
        list(pool.map(_burn, [n, n]))
        two = time.perf_counter() - start
    return one / two


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True,
                        help="folder with agreement/, translation/ and boilerplate/ benchmarks")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--workers", type=int, default=0, help="0: one per core")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--added", type=float, default=0.0,
                        help="share of the articles added after a first run (e.g. 0.01); 0: none")
    parser.add_argument("--check", action="store_true",
                        help="with --added: check the tables against a fresh run of the whole corpus")
    args = parser.parse_args()
    if args.added:
        for n in args.sizes:
            measure_added(args, n)
        return
    print(f"two processes vs one on a pure-Python loop: x{parallel_headroom():.2f}")
    print(f"{'articles':>9} {'MB':>6} {'stories':>8} {'found':>6} {'seconds':>8} "
          f"{'art/s':>6} {'peak MB':>8} {'max RSS':>8}  growth")
    previous = None
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as corpus, tempfile.TemporaryDirectory() as out:
            rows = build_corpus(args.data, n, Path(corpus), seed=args.seed)
            megabytes = sum(row["bytes"] for row in rows) / 1e6
            stories = len({row["story"] for row in rows})
            result = run_once(Path(corpus), Path(out), args.engine, args.workers)
        seconds = result["seconds"]
        growth = ""
        if previous:
            growth = f"x{seconds / previous[1]:.2f} time for x{n / previous[0]:g} articles"
        print(f"{n:>9} {megabytes:>6.1f} {stories:>8} {result['stories']:>6} {seconds:>8.1f} "
              f"{n / seconds:>6.0f} {result['peak_tree_mb']:>8.0f} {result['max_rss_mb']:>8.0f}"
              f"  {growth}", flush=True)
        previous = (n, seconds)


def measure_added(args, n: int) -> None:
    """Full run without the added share, then the same folder with it: times and their ratio."""
    import shutil

    with tempfile.TemporaryDirectory() as corpus, tempfile.TemporaryDirectory() as work:
        corpus, work = Path(corpus), Path(work)
        build_corpus(args.data, n, corpus, seed=args.seed)
        later = work / "later"
        later.mkdir()
        files = sorted(p for p in corpus.iterdir() if p.name != "sources.csv")
        step = max(1, round(1 / args.added))
        for path in files[step // 2::step]:
            shutil.move(path, later / path.name)
        n_later = len(list(later.iterdir()))
        first = run_once(corpus, work / "tables", args.engine, args.workers)
        for path in later.iterdir():
            shutil.move(path, corpus / path.name)
        added = run_once(corpus, work / "tables", args.engine, args.workers)
        print(f"{n - n_later} articles: {first['seconds']:.1f} s (peak {first['peak_tree_mb']:.0f} MB); "
              f"{n_later} added: {added['seconds']:.1f} s (peak {added['peak_tree_mb']:.0f} MB), "
              f"{added['seconds'] / first['seconds']:.1%} of the full run", flush=True)
        print_stages({"first": first, "added": added})
        if args.check:
            fresh = run_once(corpus, work / "fresh", args.engine, args.workers, reuse=False)
            differ = [p.name for p in sorted((work / "fresh").glob("*.parquet"))
                      if p.read_bytes() != (work / "tables" / p.name).read_bytes()]
            print(f"  a fresh run of all {n}: {fresh['seconds']:.1f} s; tables that differ: "
                  f"{', '.join(differ) or 'none'}", flush=True)
            print_stages({"fresh": fresh})


def print_stages(runs: dict[str, dict]) -> None:
    """Each run's seconds per stage, one line per run."""
    for label, result in runs.items():
        print(f"  {label} by stage: " + ", ".join(f"{name} {seconds:.1f}"
                                                 for name, seconds in result["stages"].items()), flush=True)


if __name__ == "__main__":
    main()
