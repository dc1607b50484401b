"""Where the whole study spends its time: cProfile of one process, by stage and by function.

    .venv/bin/python benchmarks/profile_study.py --data ../shared/benchmarks --articles 1000 \
        [--seed 0] [--top 25] [--stats /tmp/study.prof]

A corpus is built with ``make_corpus.py`` (not timed), then ``run_study`` runs under cProfile
with the inline engine (every stage in this process, so the profile sees all of it; the
workers of the local engine would hide their share). Printed: the wall time, each stage's
cumulative time (the functions ``run_study`` calls, in order), and the functions with the
most time of their own. Profiling slows Python code down more than numeric code, so read
shares, not seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from pathlib import Path

from make_corpus import build_corpus

from analysis.engine import InlineEngine
from analysis.study import run_study

# The functions run_study calls, in order: (module path ending, function name, label).
STAGES = [
    ("analysis/ingest/corpus.py", "ingest_corpus", "ingest"),
    ("boilerplate/corpus.py", "score_documents", "boilerplate (per source)"),
    ("boilerplate/corpus.py", "flag_templates", "site templates"),
    ("analysis/stories.py", "add_story_ids", "stories"),
    ("boilerplate/corpus.py", "score_within_stories", "topicality (per story)"),
    ("translation/__init__.py", "find_artifacts", "translation artifacts"),
    ("claims/__init__.py", "extract_claims", "claims"),
    ("agreement/stage.py", "compare_sources", "agreement (per story)"),
    ("analysis/scorecard.py", "sources_table", "scorecard"),
    ("analysis/study.py", "write_parquet", "writing tables"),
]


def stage_times(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Cumulative seconds of each stage's function (summed over its top-level calls)."""
    found = {label: 0.0 for _, _, label in STAGES}
    for (path, _line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
        for ending, function, label in STAGES:
            if name == function and path.endswith(ending):
                found[label] = max(found[label], cumulative)
    return list(found.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True,
                        help="folder with agreement/, translation/ and boilerplate/ benchmarks")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--top", type=int, default=25, help="functions listed by own time")
    parser.add_argument("--stats", type=Path, help="also keep the raw profile here (pstats)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as corpus, tempfile.TemporaryDirectory() as out:
        build_corpus(args.data, args.articles, Path(corpus), seed=args.seed)
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        run_study(corpus, out, engine=InlineEngine())
        profiler.disable()
        wall = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    if args.stats:
        stats.dump_stats(args.stats)
    total = sum(seconds for _, seconds in stage_times(stats))
    print(f"{args.articles} articles, one process, {wall:.1f} s under cProfile")
    for label, seconds in stage_times(stats):
        print(f"  {label:<26} {seconds:>7.1f} s  {seconds / total:>4.0%}")
    print(f"\nfunctions by own time (top {args.top}):")
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
