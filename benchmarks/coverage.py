"""Consistency on real coverage: the study's facts, links, contradictions and stories
against the ECB+ annotators' cross-document event links.

    .venv/bin/python benchmarks/coverage.py --data ../shared/benchmarks/coverage
    .venv/bin/python benchmarks/coverage.py --data ../shared/benchmarks/coverage --only 1a 13a --no-mixed
    .venv/bin/python benchmarks/coverage.py --data ../shared/benchmarks/coverage --dump out/

Runs the study on every corpus of ``corpora/`` (one sub-topic, one seminal event, each) and
on ``mixed/`` (all of them in one folder), then measures, from the tables, as the data's
README says the owners do (articles matched by file name, claims by ``(source_id,
line_no)``, annotated sentences only):

- fact precision: over pairs of claims of one fact from two articles whose sentences are
  both annotated, the share whose sentences share an action chain; the largest fact
  (claims, distinct values) and the facts holding more than 3 and more than 5 values;
- statement-linking recall: over pairs of annotated sentences of two articles of one
  sub-topic that share an action chain, the share the study links (a fact in common or an
  alignment); precision: over aligned pairs of annotated sentences, the share sharing a chain;
- contradictions per 100 articles, those pairing two sub-topics (certainly false: two
  events) and those pairing annotated sentences with disjoint action chains; and their
  precision against the labels in ``benchmarks/data/coverage_contradiction_labels.csv``
  (written by reading the dev outputs, with a reason each; unlabelled ones are listed);
- stories: found per corpus, and on ``mixed/`` the adjusted Rand index against sub-topics
  and topics, stories found against true, purity.

``--dump DIR`` writes each run's contradictions (with the texts) and facts with many values
to DIR, for reading and labelling. Dev data only: the owners hold out the other topics.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis.agreement.evaluate import (
    LABEL_KEY,
    annotated_sentences,
    contradiction_rows,
    fact_measures,
    label_measures,
    labelled_fact_measures,
    linking_measures,
    load_sentences,
    story_measures,
)
from analysis.engine import make_engine
from analysis.study import run_study

LABELS = Path(__file__).resolve().parent / "data" / "coverage_contradiction_labels.csv"
DEFAULT_FACTS = Path(__file__).resolve().parent / "data" / "default_corpus_facts.csv"


def load_labels() -> pd.DataFrame:
    if not LABELS.exists():
        return pd.DataFrame(columns=LABEL_KEY + ["label", "why"])
    return pd.read_csv(LABELS, dtype={"line_a": "int64", "line_b": "int64"}, keep_default_na=False)


def run_corpus(folder: Path, out: Path, engine, similarity: str = "static") -> dict[str, pd.DataFrame]:
    return run_study(folder, out, engine=engine, similarity=similarity)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the coverage folder (DEV)")
    parser.add_argument("--only", nargs="*", help="these corpora only (e.g. 1a 13b)")
    parser.add_argument("--no-mixed", action="store_true", help="skip the mixed folder")
    parser.add_argument("--no-corpora", action="store_true", help="only the mixed folder")
    parser.add_argument("--dump", type=Path, help="write contradictions and large facts here")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--similarity", choices=("static", "lexical", "semantic"), default="static",
                        help="the agreement stage's sentence similarity (semantic needs the extra)")
    parser.add_argument("--default", type=Path, help="also measure this corpus (the default corpus, data/raw) "
                        "against the fact labels in benchmarks/data/default_corpus_facts.csv")
    args = parser.parse_args(argv)

    sentences = load_sentences(args.data)
    annotated = annotated_sentences(sentences)
    truth = pd.read_csv(args.data / "truth.csv")
    subtopic_of = dict(zip(truth["doc"], truth["subtopic"]))
    labels = load_labels()
    folders = [] if args.no_corpora else sorted((args.data / "corpora").iterdir(), key=lambda p: (
        int(p.name[:-1]), p.name[-1]))
    if args.only:
        folders = [f for f in folders if f.name in args.only]
    if not args.no_mixed:
        folders.append(args.data / "mixed")
    engine = make_engine("local")
    per_corpus, all_contradictions, results = [], [], {}
    if args.default:
        with tempfile.TemporaryDirectory() as tmp:
            tables = run_corpus(args.default, Path(tmp), engine, args.similarity)
        figures = labelled_fact_measures(tables["claims"], tables["alignments"], pd.read_csv(DEFAULT_FACTS))
        results["default"] = figures
        print("default corpus: " + ", ".join(f"{k} {_fmt(v)}" for k, v in figures.items()), flush=True)
    started = time.perf_counter()
    try:
        for folder in folders:
            t0 = time.perf_counter()
            with tempfile.TemporaryDirectory() as tmp:
                tables = run_corpus(folder, Path(tmp), engine, args.similarity)
            claims, alignments = tables["claims"], tables["alignments"]
            row = {"corpus": folder.name, "articles": len(tables["articles"]),
                   "claims": len(claims), "seconds": round(time.perf_counter() - t0, 1)}
            row |= fact_measures(claims, annotated)
            row |= linking_measures(claims, alignments, annotated, subtopic_of, tables["articles"]["source_id"])
            contradictions = contradiction_rows(tables["contradictions"], annotated, subtopic_of, folder.name)
            row |= {"contradictions": len(contradictions),
                    "contradictions_per_100": 100 * len(contradictions) / max(len(tables["articles"]), 1),
                    "contradictions_two_events": int(contradictions["two_events"].sum()),
                    "contradictions_disjoint": int(contradictions["disjoint_events"].sum()),
                    "stories_found": int(tables["articles"]["story_id"].nunique())}
            if folder.name == "mixed":
                row |= {f"mixed_{k}": v for k, v in story_measures(tables["articles"], truth).items()}
                halves = half_measures(tables, annotated, subtopic_of, truth)
                results["mixed halves"] = halves
                for half, figures in halves.items():
                    print(f"mixed, {half} topics: " + ", ".join(f"{k} {_fmt(v)}" for k, v in figures.items()),
                          flush=True)
            per_corpus.append(row)
            all_contradictions.append(contradictions)
            if args.dump:
                args.dump.mkdir(parents=True, exist_ok=True)
                contradictions.to_csv(args.dump / f"contradictions-{folder.name}.csv", index=False)
                values = claims.groupby("cluster_id")["value"].nunique()
                big = claims[claims["cluster_id"].isin(values[values > 3].index)]
                big.to_csv(args.dump / f"facts-{folder.name}.csv", index=False)
                claims.to_parquet(args.dump / f"claims-{folder.name}.parquet")
                alignments.to_parquet(args.dump / f"alignments-{folder.name}.parquet")
                tables["articles"].to_parquet(args.dump / f"articles-{folder.name}.parquet")
            print(_line(row), flush=True)
    finally:
        engine.close()
    table = pd.DataFrame(per_corpus)
    contradictions = pd.concat(all_contradictions, ignore_index=True) if all_contradictions else pd.DataFrame()
    singles = table[table["corpus"] != "mixed"]
    print()
    for name, part in (("corpora (pooled)", singles), ("mixed", table[table["corpus"] == "mixed"])):
        if part.empty:
            continue
        chosen = contradictions[contradictions["corpus"].isin(part["corpus"])] if len(contradictions) else contradictions
        labelled, unlabelled = label_measures(chosen, labels)
        summary = _pooled(part) | {f"label_{k}": v for k, v in labelled.items()}
        results[name] = summary
        print(f"{name}: " + ", ".join(f"{k} {_fmt(v)}" for k, v in summary.items()))
        if args.dump and len(unlabelled):
            unlabelled.to_csv(args.dump / f"unlabelled-{name.split()[0]}.csv", index=False)
    print(f"\n{len(folders)} corpora in {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"per_corpus": per_corpus, "summary": results}, indent=2, default=str))
    return 0


def topic_halves(truth: pd.DataFrame) -> dict[str, list]:
    """The dev topics in sorted order, split by position: "odd" the 1st, 3rd, ... (1, 5, 9,
    ...; what settings are chosen on), "even" the others (3, 7, 11, ...; measured on), as
    ``benchmarks/planted.py --topics`` splits them."""
    topics = sorted(truth["topic"].unique())
    return {"odd": topics[0::2], "even": topics[1::2]}


def half_measures(tables: dict[str, pd.DataFrame], annotated: dict, subtopic_of: dict[str, str],
                  truth: pd.DataFrame) -> dict[str, dict]:
    """Fact precision, linking recall and alignment precision of one run on the articles of
    each half of the topics (pairs within the half)."""
    out = {}
    for half, topics in topic_halves(truth).items():
        sources = set(truth.loc[truth["topic"].isin(topics), "doc"])
        claims = tables["claims"][tables["claims"]["source_id"].isin(sources)]
        aligned = tables["alignments"]
        aligned = aligned[aligned["source_a"].isin(sources) & aligned["source_b"].isin(sources)]
        present = [s for s in tables["articles"]["source_id"] if s in sources]
        contradictions = tables["contradictions"]
        figures = {"topics": " ".join(str(t) for t in topics)}
        figures |= {k: v for k, v in fact_measures(claims, annotated).items() if k.startswith("fact_")}
        figures |= linking_measures(claims, aligned, annotated, subtopic_of, present)
        figures["contradictions"] = int(contradictions["source_a"].isin(sources).sum())
        out[half] = figures
    return out


def _pooled(part: pd.DataFrame) -> dict:
    sums = part[["articles", "claims", "fact_pairs", "fact_pairs_same_event", "event_pairs",
                 "event_pairs_linked", "aligned_annotated", "aligned_sharing_chain", "contradictions",
                 "contradictions_two_events", "contradictions_disjoint"]].sum()
    out = {"corpora": len(part), "articles": int(sums["articles"]),
           "fact_precision": sums["fact_pairs_same_event"] / max(sums["fact_pairs"], 1),
           "largest_fact_claims": int(part["largest_fact_claims"].max()),
           "most_values": int(part["most_values"].max()),
           "facts_over_3_values": int(part["facts_over_3_values"].sum()),
           "facts_over_5_values": int(part["facts_over_5_values"].sum()),
           "linking_recall": sums["event_pairs_linked"] / max(sums["event_pairs"], 1),
           "alignment_precision": sums["aligned_sharing_chain"] / max(sums["aligned_annotated"], 1),
           "contradictions": int(sums["contradictions"]),
           "contradictions_per_100": 100 * sums["contradictions"] / max(sums["articles"], 1),
           "contradictions_two_events": int(sums["contradictions_two_events"]),
           "contradictions_disjoint": int(sums["contradictions_disjoint"]),
           "stories_found": int(part["stories_found"].sum())}
    for column in part.columns:
        if column.startswith("mixed_"):
            out[column] = part[column].iloc[0]
    return out


def _fmt(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _line(row: dict) -> str:
    keys = ("corpus", "articles", "claims", "fact_precision", "largest_fact_claims", "most_values",
            "facts_over_3_values", "linking_recall", "alignment_precision", "contradictions",
            "contradictions_two_events", "stories_found", "seconds")
    return " ".join(f"{k}={_fmt(row.get(k))}" for k in keys)


if __name__ == "__main__":
    sys.exit(main())
