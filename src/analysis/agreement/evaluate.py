"""Measures of the consistency stage against annotated coverage (ECB+: the annotators'
cross-document event links), used by ``benchmarks/coverage.py`` and by the evaluation gate
(``tests/test_eval_gate.py``) on the vendored ECB+ sample. Pure functions of the study's
tables and the annotations; articles matched by file name, claims by ``(source_id, line_no)``,
annotated sentences only (ECB+ annotated about two sentences per article; the others are
unknown, not negative).
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pandas as pd
from sklearn.metrics import adjusted_rand_score

LABEL_KEY = ["source_a", "line_a", "source_b", "line_b", "value_a", "value_b"]


def load_sentences(data: Path) -> pd.DataFrame:
    frame = pd.read_json(data / "sentences.jsonl", lines=True)
    return frame.rename(columns={"doc": "source_id", "line": "line_no"})


def annotated_sentences(sentences: pd.DataFrame) -> dict[tuple[str, int], tuple[frozenset, frozenset]]:
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


def label_measures(rows: pd.DataFrame, labels: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """Precision of the contradictions against the written labels; the unlabelled rows."""
    if rows.empty:
        return {"labelled": 0, "real": 0, "precision": None, "unlabelled": 0}, rows
    # a statement has no value: missing values are "" on both sides
    keyed = rows.assign(**{c: rows[c].astype(object).where(rows[c].notna(), "") for c in ("value_a", "value_b")})
    keyed = keyed.astype({"line_a": "int64", "line_b": "int64", "value_a": str, "value_b": str})
    labels = labels.assign(**{c: labels[c].astype(object).where(labels[c].notna(), "") for c in ("value_a", "value_b")})
    labels = labels.astype({"line_a": "int64", "line_b": "int64", "value_a": str, "value_b": str})
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
