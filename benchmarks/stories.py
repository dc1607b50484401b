"""Story clustering against the stories ``make_corpus.py`` built: adjusted Rand index.

    .venv/bin/python benchmarks/stories.py --data ../shared/benchmarks [--sizes 2000 10000]
        [--seeds 0 1] [--window 4] [--passes 4]

For each size and seed, a corpus is built (with its truth), read and scored for boilerplate
as the study does it (local engine), then ``cluster_stories`` runs on the scored blocks
(timed alone). Printed: stories built and found, the largest found (in sources; no built
story has more than 40), the share of same-story pairs among the candidates, and the
adjusted Rand index (scikit-learn).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from make_corpus import build_corpus


def measure(data: Path, n: int, seed: int, window: int, passes: int) -> dict:
    from analysis import stories
    from analysis.boilerplate import flag_templates, score_documents
    from analysis.engine import make_engine
    from analysis.ingest import ingest_corpus

    with tempfile.TemporaryDirectory() as corpus, make_engine("local") as engine:
        rows = build_corpus(data, n, Path(corpus), seed=seed)
        ingested = ingest_corpus(corpus, engine=engine)
        blocks = flag_templates(score_documents(ingested.blocks, engine=engine))
        truth = dict(zip(ingested.articles["source_id"],
                         ingested.articles["path"].map({row["file"]: row["story"] for row in rows})))
    start = time.perf_counter()
    found = stories.cluster_stories(blocks, window=window, passes=passes)
    seconds = time.perf_counter() - start
    built = found["source_id"].map(truth).to_numpy()
    sources = pd.Index(found["source_id"].astype(object))
    # the candidates again, outside the timed call, to count the same-story pairs among them
    pairs = stories.candidate_pairs(stories.story_vectors(blocks, sources),
                                    top_terms=stories.STORY_TOP_TERMS_DEFAULT,
                                    window=window, passes=passes)
    sizes = pd.Series(built).value_counts().to_numpy()
    same = (built[pairs[:, 0]] == built[pairs[:, 1]]).sum() / max(1, (sizes * (sizes - 1) // 2).sum())
    return {"built": len(set(built)), "found": found["story_id"].nunique(),
            "largest": int(found["story_id"].value_counts().max()), "same": same,
            "ari": adjusted_rand_score(built, found["story_id"]), "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    parser.add_argument("--window", type=int, default=None)
    parser.add_argument("--passes", type=int, default=None)
    args = parser.parse_args()
    from analysis import stories

    window = args.window or stories.STORY_WINDOW_DEFAULT
    passes = args.passes or stories.STORY_PASSES_DEFAULT
    print(f"window {window}, passes {passes}")
    print(f"{'articles':>9} {'seed':>4} {'built':>6} {'found':>6} {'largest':>7} "
          f"{'same-story pairs compared':>25} {'ARI':>7} {'seconds':>8}")
    for n in args.sizes:
        for seed in args.seeds:
            r = measure(args.data, n, seed, window, passes)
            print(f"{n:>9} {seed:>4} {r['built']:>6} {r['found']:>6} {r['largest']:>7} "
                  f"{r['same']:>25.1%} {r['ari']:>7.4f} {r['seconds']:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
