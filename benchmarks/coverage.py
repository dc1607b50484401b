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
from collections import Counter
from itertools import combinations
from pathlib import Path

import pandas as pd
from sklearn.metrics import adjusted_rand_score

from analysis.engine import make_engine
from analysis.study import run_study

LABELS = Path(__file__).resolve().parent / "data" / "coverage_contradiction_labels.csv"
LABEL_KEY = ["source_a", "line_a", "source_b", "line_b", "value_a", "value_b"]
DEFAULT_FACTS = Path(__file__).resolve().parent / "data" / "default_corpus_facts.csv"


def load_sentences(data: Path) -> pd.DataFrame:
    frame = pd.read_json(data / "sentences.jsonl", lines=True)
    return frame.rename(columns={"doc": "source_id", "line": "line_no"})


def _annotated(sentences: pd.DataFrame) -> dict[tuple[str, int], tuple[frozenset, frozenset]]:
    """(source, line) -> (its chains, its action chains), annotated sentences only."""
    chosen = sentences[sentences["annotated"]]
    return {(s, int(line)): (frozenset(c), frozenset(a)) for s, line, c, a in zip(
        chosen["source_id"], chosen["line_no"], chosen["chains"], chosen["action_chains"])}


def fact_measures(claims: pd.DataFrame, annotated: dict) -> dict:
    """Fact precision over annotated claim pairs of two articles, and the facts' sizes."""
    good = total = 0
    for _, fact in claims.groupby("cluster_id"):
        if len(fact) < 2:
            continue
        keys = [(s, int(line)) for s, line in zip(fact["source_id"], fact["line_no"])]
        for a, b in combinations(keys, 2):
            if a[0] == b[0] or a not in annotated or b not in annotated:
                continue
            total += 1
            good += bool(annotated[a][1] & annotated[b][1])
    values = claims.groupby("cluster_id")["value"].nunique()
    sizes = claims.groupby("cluster_id").size()
    largest = sizes.idxmax() if len(sizes) else None
    return {"fact_pairs": total, "fact_pairs_same_event": good,
            "fact_precision": good / total if total else None,
            "largest_fact_claims": int(sizes.max()) if len(sizes) else 0,
            "largest_fact_values": int(values[largest]) if largest is not None else 0,
            "most_values": int(values.max()) if len(values) else 0,
            "facts_over_3_values": int((values > 3).sum()),
            "facts_over_5_values": int((values > 5).sum())}


def linked_line_pairs(claims: pd.DataFrame, alignments: pd.DataFrame) -> set:
    """Unordered pairs of (source, line) of two articles that the study links."""
    pairs = set()
    for a, b in zip(zip(alignments["source_a"], alignments["line_a"]),
                    zip(alignments["source_b"], alignments["line_b"])):
        if a[0] != b[0]:
            pairs.add(tuple(sorted(((a[0], int(a[1])), (b[0], int(b[1]))))))
    for _, fact in claims.groupby("cluster_id"):
        keys = sorted({(s, int(line)) for s, line in zip(fact["source_id"], fact["line_no"])})
        for a, b in combinations(keys, 2):
            if a[0] != b[0]:
                pairs.add((a, b))
    return pairs


def linking_measures(claims: pd.DataFrame, alignments: pd.DataFrame, annotated: dict,
                     subtopic_of: dict[str, str], source_ids) -> dict:
    """Statement-linking recall against the annotators' event links, alignment precision."""
    linked = linked_line_pairs(claims, alignments)
    present = set(source_ids)
    keys = sorted(k for k in annotated if k[0] in present and k[0] in subtopic_of)
    truth = 0
    found = 0
    for a, b in combinations(keys, 2):
        if a[0] == b[0] or subtopic_of[a[0]] != subtopic_of[b[0]]:
            continue
        if annotated[a][1] & annotated[b][1]:
            truth += 1
            found += (a, b) in linked
    aligned = good = 0
    for a, b in zip(zip(alignments["source_a"], alignments["line_a"]),
                    zip(alignments["source_b"], alignments["line_b"])):
        a, b = (a[0], int(a[1])), (b[0], int(b[1]))
        if a in annotated and b in annotated:
            aligned += 1
            good += bool(annotated[a][0] & annotated[b][0])
    return {"event_pairs": truth, "event_pairs_linked": found,
            "linking_recall": found / truth if truth else None,
            "aligned_annotated": aligned, "aligned_sharing_chain": good,
            "alignment_precision": good / aligned if aligned else None}


def contradiction_rows(contradictions: pd.DataFrame, annotated: dict, subtopic_of: dict[str, str],
                       corpus: str) -> pd.DataFrame:
    frame = contradictions.copy()
    frame["corpus"] = corpus
    frame["two_events"] = [subtopic_of.get(a) != subtopic_of.get(b)
                           for a, b in zip(frame["source_a"], frame["source_b"])]
    disjoint = []
    for a, la, b, lb in zip(frame["source_a"], frame["line_a"], frame["source_b"], frame["line_b"]):
        ka, kb = (a, int(la)), (b, int(lb))
        disjoint.append(ka in annotated and kb in annotated
                        and not (annotated[ka][1] & annotated[kb][1]))
    frame["disjoint_events"] = disjoint
    return frame


def story_measures(articles: pd.DataFrame, truth: pd.DataFrame) -> dict:
    merged = articles[["source_id", "story_id"]].merge(
        truth.assign(source_id=truth["doc"])[["source_id", "subtopic", "topic"]], on="source_id")
    found = merged["story_id"].astype(str)
    purity = merged.groupby("story_id")["subtopic"].agg(lambda s: s.value_counts().iloc[0]).sum() / len(merged)
    return {"articles": len(merged), "stories_true": merged["subtopic"].nunique(),
            "stories_found": found.nunique(),
            "ari_subtopic": adjusted_rand_score(merged["subtopic"], found),
            "ari_topic": adjusted_rand_score(merged["topic"], found),
            "purity": float(purity)}


def load_labels() -> pd.DataFrame:
    if not LABELS.exists():
        return pd.DataFrame(columns=LABEL_KEY + ["label", "why"])
    return pd.read_csv(LABELS, dtype={"line_a": "int64", "line_b": "int64"}, keep_default_na=False)


def label_measures(rows: pd.DataFrame, labels: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """Precision of the contradictions against the written labels; the unlabelled rows."""
    if rows.empty:
        return {"labelled": 0, "real": 0, "precision": None, "unlabelled": 0}, rows
    keyed = rows.astype({"line_a": "int64", "line_b": "int64", "value_a": str, "value_b": str})
    labels = labels.astype({"value_a": str, "value_b": str})
    merged = keyed.merge(labels[LABEL_KEY + ["label"]], on=LABEL_KEY, how="left")
    known = merged[merged["label"].notna() & merged["label"].ne("")]
    real = int((known["label"] == "real").sum())
    return ({"labelled": len(known), "real": real,
             "precision": real / len(known) if len(known) else None,
             "unlabelled": int(len(merged) - len(known))},
            merged[merged["label"].isna() | merged["label"].eq("")])


def labelled_fact_measures(claims: pd.DataFrame, alignments: pd.DataFrame, facts: pd.DataFrame) -> dict:
    """How many of the labelled cross-source facts (``default_corpus_facts.csv``: each fact
    with the lines of every source that states it) the study links: pairs of two sources'
    lines linked (a fact or an alignment in common), and facts of which every source's line
    is linked to another source's."""
    linked = linked_line_pairs(claims, alignments)
    pairs = good = facts_linked = 0
    for _, fact in facts.groupby("fact"):
        keys = sorted({(s, int(line)) for s, line in zip(fact["source_id"], fact["line_no"])})
        reached = set()
        for a, b in combinations(keys, 2):
            if a[0] == b[0]:
                continue
            pairs += 1
            if (a, b) in linked:
                good += 1
                reached |= {a[0], b[0]}
        facts_linked += reached == {k[0] for k in keys}
    n_facts = facts["fact"].nunique()
    return {"labelled_facts": n_facts, "facts_all_sources_linked": facts_linked,
            "fact_share": facts_linked / n_facts if n_facts else None,
            "line_pairs": pairs, "line_pairs_linked": good, "pair_share": good / pairs if pairs else None}


def run_corpus(folder: Path, out: Path, engine) -> dict[str, pd.DataFrame]:
    return run_study(folder, out, engine=engine)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the coverage folder (DEV)")
    parser.add_argument("--only", nargs="*", help="these corpora only (e.g. 1a 13b)")
    parser.add_argument("--no-mixed", action="store_true", help="skip the mixed folder")
    parser.add_argument("--no-corpora", action="store_true", help="only the mixed folder")
    parser.add_argument("--dump", type=Path, help="write contradictions and large facts here")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    parser.add_argument("--default", type=Path, help="also measure this corpus (the default corpus, data/raw) "
                        "against the fact labels in benchmarks/data/default_corpus_facts.csv")
    args = parser.parse_args(argv)

    sentences = load_sentences(args.data)
    annotated = _annotated(sentences)
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
            tables = run_corpus(args.default, Path(tmp), engine)
        figures = labelled_fact_measures(tables["claims"], tables["alignments"], pd.read_csv(DEFAULT_FACTS))
        results["default"] = figures
        print("default corpus: " + ", ".join(f"{k} {_fmt(v)}" for k, v in figures.items()), flush=True)
    started = time.perf_counter()
    try:
        for folder in folders:
            t0 = time.perf_counter()
            with tempfile.TemporaryDirectory() as tmp:
                tables = run_corpus(folder, Path(tmp), engine)
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
