"""Planted errors in real coverage: does the study catch a wrong fact, and whom does it blame?

    .venv/bin/python benchmarks/planted.py --data ../shared/benchmarks/coverage --draws 3
    .venv/bin/python benchmarks/planted.py --data ../shared/benchmarks/coverage --topics odd --dump out/

In the ECB+ dev coverage (``mixed/``: every article in one corpus, so stories must be found
too), one fact is changed in one article of each event (sub-topic) where two or more other
articles state it (``analysis.planting``: a number, a date, or "not" put into a statement),
the study is run on the changed corpus, and the benchmark reports, per draw and pooled, with
the spread over draws:

- planted claims ``contradicted`` (caught), and of those, blamed on the planted side with a
  supporting article on the other side; ``disputed``; not flagged (``unique``,
  ``corroborated``); not read at all (no claim holds the planted value);
- contradictions that involve no planted sentence and were not there before planting (new
  false contradictions), and all contradictions of the run;
- each planted article's place in its story's ranking by ``reliability`` (bottom third or
  not) and whether its reliability went down against the unplanted run.

``--topics odd|even|all`` plants in half of the topics: the other half can be kept for
checking a setting chosen on the first. ``--dump DIR`` writes each plant with the claims that
carry it and every contradiction of each run, for reading. Dev data only.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import planting
from analysis.engine import make_engine
from analysis.study import run_study

CONTRADICTION_KEY = ["source_a", "line_a", "source_b", "line_b"]


def copy_families(copies: pd.DataFrame, sources) -> dict[str, str]:
    """Source -> the first source of its copy family (from the study's ``copies`` table)."""
    parent = {s: s for s in sources}

    def find(s):
        while parent[s] != s:
            s = parent[s]
        return s

    for a, b in zip(copies["source_a"], copies["source_b"]):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {s: find(s) for s in parent}


def story_ranks(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Each source's place in its story by reliability (1 = most reliable), and the story's size."""
    frame = tables["sources"][["source_id", "reliability"]].merge(
        tables["articles"][["source_id", "story_id"]], on="source_id")
    frame["rank"] = frame.groupby("story_id")["reliability"].rank(ascending=False, method="average")
    frame["story_size"] = frame.groupby("story_id")["source_id"].transform("size")
    return frame.set_index("source_id")


def judge(plant: planting.Plant, tables: dict[str, pd.DataFrame], ranks_before: pd.DataFrame) -> dict:
    claims = planting.planted_claims(tables["claims"], plant)
    statuses = set(claims["status"].astype(str))
    outcome = planting.outcome(claims)
    support = set(plant.support.split(","))
    against = set()
    for value in claims.loc[claims["status"].astype(str) == "contradicted", "contradicted_by"].dropna():
        against |= set(str(value).split(","))
    # diagnostics: the best alignment of the planted sentence with a supporting article's
    # sentence that holds the true value (none: the two never met)
    al = tables["alignments"]
    mine = ((al["source_a"] == plant.source_id) & (al["line_a"] == plant.line_no)) | (
        (al["source_b"] == plant.source_id) & (al["line_b"] == plant.line_no))
    other_source = np.where(al["source_a"] == plant.source_id, al["source_b"], al["source_a"])
    other_text = np.where(al["source_a"] == plant.source_id, al["text_b"], al["text_a"])
    with_support = mine.to_numpy() & np.isin(other_source, list(support)) & np.array(
        [plant.written in str(t) if plant.written else True for t in other_text], dtype=bool)
    aligned_support = float(al.loc[with_support, "similarity"].max()) if with_support.any() else float("nan")
    ranks = story_ranks(tables)
    mine = ranks.loc[plant.source_id]
    before = ranks_before.loc[plant.source_id]
    size = int(mine["story_size"])
    place = (mine["rank"] - 1) / max(size - 1, 1)
    return {"group": plant.group, "source_id": plant.source_id, "line_no": plant.line_no, "kind": plant.kind,
            "written": plant.written, "planted": plant.planted.strip(), "support": plant.support,
            "outcome": outcome, "statuses": ",".join(sorted(statuses)),
            "blamed_by_support": bool(against & support), "aligned_with_support": aligned_support,
            "story_size": size, "rank": float(mine["rank"]), "rank_before": float(before["rank"]),
            "bottom_third": bool(size >= 3 and place >= 2 / 3),
            "reliability": float(mine["reliability"]), "reliability_before": float(before["reliability"]),
            "reliability_down": bool(mine["reliability"] < before["reliability"]),
            "line": plant.line, "planted_line": plant.planted_line}


def new_contradictions(after: pd.DataFrame, before: pd.DataFrame, plants: list[planting.Plant]) -> pd.DataFrame:
    """Contradictions of the planted run that involve no planted sentence and were not found before."""
    planted = {(p.source_id, p.line_no) for p in plants}
    touches = [(a, int(la)) in planted or (b, int(lb)) in planted for a, la, b, lb in zip(
        after["source_a"], after["line_a"], after["source_b"], after["line_b"])]
    rest = after[~np.array(touches, dtype=bool)] if len(after) else after
    known = set(map(tuple, before[CONTRADICTION_KEY].astype(str).to_numpy())) if len(before) else set()
    fresh = [tuple(row) not in known for row in rest[CONTRADICTION_KEY].astype(str).to_numpy()]
    return rest[np.array(fresh, dtype=bool)] if len(rest) else rest


def summarise(rows: pd.DataFrame, fresh: list[int], totals: list[int]) -> dict:
    per_draw = rows.groupby("draw").agg(caught=("outcome", lambda s: (s == "contradicted").mean()),
                                        bottom=("bottom_third", "mean"), down=("reliability_down", "mean"))
    return {"plants": len(rows), "draws": int(rows["draw"].nunique()),
            "caught": float((rows["outcome"] == "contradicted").mean()),
            "caught_per_draw": [round(x, 3) for x in per_draw["caught"]],
            "caught_and_blamed_by_support": float(((rows["outcome"] == "contradicted")
                                                   & rows["blamed_by_support"]).mean()),
            "disputed": float((rows["outcome"] == "disputed").mean()),
            "not_flagged": float((rows["outcome"] == "not flagged").mean()),
            "not_read": float((rows["outcome"] == "not read").mean()),
            "caught_by_kind": {k: round(float((g["outcome"] == "contradicted").mean()), 3)
                               for k, g in rows.groupby("kind")},
            "plants_by_kind": rows["kind"].value_counts().sort_index().to_dict(),
            "new_false_contradictions_per_draw": fresh,
            "contradictions_per_draw": totals,
            "bottom_third": float(rows["bottom_third"].mean()),
            "bottom_third_per_draw": [round(x, 3) for x in per_draw["bottom"]],
            "reliability_down": float(rows["reliability_down"].mean()),
            "reliability_down_per_draw": [round(x, 3) for x in per_draw["down"]]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the coverage folder (DEV)")
    parser.add_argument("--draws", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kinds", nargs="*", default=list(planting.KINDS), choices=planting.KINDS)
    parser.add_argument("--topics", choices=("all", "odd", "even"), default="all",
                        help="plant in these topics only (by the order of the dev topics)")
    parser.add_argument("--similarity", choices=("static", "lexical", "semantic"), default=None)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    truth = pd.read_csv(args.data / "truth.csv")
    mixed = args.data / "mixed"
    lines = planting.corpus_lines(mixed, dict(zip(truth["doc"], truth["subtopic"])))
    topics = sorted(truth["topic"].unique())
    chosen = {"all": topics, "odd": topics[0::2], "even": topics[1::2]}[args.topics]
    groups = set(truth.loc[truth["topic"].isin(chosen), "subtopic"])
    engine = make_engine("local")
    options = {"similarity": args.similarity} if args.similarity else {}
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            before = run_study(mixed, Path(tmp) / "before", engine=engine, **options)
            print(f"unplanted run: {time.perf_counter() - t0:.1f} s, {len(before['contradictions'])} contradictions",
                  flush=True)
            unplanted = before["contradictions"]
            families = copy_families(before["copies"], before["articles"]["source_id"])
            found = planting.candidates(lines[lines["group"].isin(groups)], families=families, kinds=args.kinds)
            print(f"places to plant: {len(found)} in {found['group'].nunique()} events "
                  f"({found['kind'].value_counts().to_dict()})", flush=True)
            ranks_before = story_ranks(before)
            rows, fresh_counts, totals, dumps = [], [], [], []
            for k in range(args.draws):
                plants = planting.draw(found, args.seed + k, kinds=args.kinds)
                corpus = Path(tmp) / f"draw-{k}"
                planting.write_planted(mixed, corpus, plants)
                t0 = time.perf_counter()
                # the unplanted run's kept rows: only the planted articles and their stories are computed again
                shutil.copytree(Path(tmp) / "before", Path(tmp) / f"tables-{k}")
                after = run_study(corpus, Path(tmp) / f"tables-{k}", engine=engine, **options)
                seconds = time.perf_counter() - t0
                judged = pd.DataFrame([judge(p, after, ranks_before) for p in plants]).assign(draw=k)
                fresh = new_contradictions(after["contradictions"], before["contradictions"], plants)
                rows.append(judged)
                fresh_counts.append(len(fresh))
                totals.append(len(after["contradictions"]))
                caught = (judged["outcome"] == "contradicted").mean()
                print(f"draw {k} (seed {args.seed + k}): {len(plants)} plants, caught {caught:.3f} "
                      f"({judged['outcome'].value_counts().to_dict()}), {len(fresh)} new contradictions "
                      f"besides, bottom third {judged['bottom_third'].mean():.3f}, reliability down "
                      f"{judged['reliability_down'].mean():.3f}; {seconds:.1f} s", flush=True)
                if args.dump:
                    dumps.append((k, judged, after["contradictions"].assign(draw=k),
                                  fresh.assign(draw=k)))
    finally:
        engine.close()
    table = pd.concat(rows, ignore_index=True)
    summary = summarise(table, fresh_counts, totals)
    print("\n" + json.dumps(summary, indent=1))
    print(f"{args.draws} draws in {time.perf_counter() - started:.0f} s")
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        table.to_csv(args.dump / "plants.csv", index=False)
        unplanted.to_csv(args.dump / "unplanted_contradictions.csv", index=False)
        pd.concat([d[2] for d in dumps], ignore_index=True).to_csv(args.dump / "contradictions.csv", index=False)
        pd.concat([d[3] for d in dumps], ignore_index=True).to_csv(args.dump / "new_contradictions.csv", index=False)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
