"""Facts from links, without chaining; the sides of each fact; each claim's verdict.

Links between claims (``facts.link_claims``) say that two claims agree or contradict each
other. Their transitive closure chains a story's figures into blobs (a magnitude linked to a
depth through a sentence that states both, "five dead" to "at least five" to "24 dead"), so
facts are built with constraints instead:

1. **Sides**: agreeing links, strongest first, join claims into sides while every value of
   the one side agrees with every value of the other (complete linkage: "5", "at least 5"
   and "24" never make one side), at most one measure is stated ("died" and "injured" never
   mix), and, for statements, every pair of sentences across the two is aligned at
   ``STATEMENT_COMPLETE_SIMILARITY_DEFAULT`` or more.
2. **Facts**: contradicting links, strongest first, join sides into one fact while the fact
   keeps one measure, at most ``MAX_FACT_VALUES_DEFAULT`` distinct values and
   ``MAX_FACT_SIDES_DEFAULT`` sides. A contradiction whose sides could not be joined is
   dropped: it is not one fact.
3. **Verdicts**: each side counts its independent sources (a copy family counts once). In a
   fact with one side, a claim is ``corroborated`` when another family is on its side, else
   ``unique``. In a fact with several sides, the side with the most families is
   ``corroborated`` (``unique`` if that is one family) and the others ``contradicted``; when
   the largest sides tie, they are ``disputed``. A running figure (deaths, injuries,
   arrests, ...) whose sides come from articles published at different dates, rising with
   them, is ``updated`` on its earlier sides, not contradicted.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from . import compare

# At most this many distinct values (as normalised: "5 people", "5") in one fact: a fact is one measure of one event, and
# sources of one story give it one, two, a few values (ECB+ dev: before constraints, a fact
# of a 14-article quake story held 32 values, one of the mixed folder 53).
MAX_FACT_VALUES_DEFAULT = 5
# At most this many sides (groups of agreeing values) in one fact.
MAX_FACT_SIDES_DEFAULT = 3
# Two statements of one side must all be aligned at least this similar (STS-B dev news: 88%
# of pairs from 0.3 share details): a side of statements is a clique, not a chain.
STATEMENT_COMPLETE_SIMILARITY_DEFAULT = 0.3
# Figures that grow as a story unfolds: different values on different dates are an update.
RUNNING_MEASURES = {"died", "injured", "arrested", "missing", "evacuated", "rescued", "damaged"}
VALUE_KINDS = {"number", "count", "percent", "money", "date"}
# What the sides need of each claim.
RECORD_COLUMNS = ["claim_id", "source_id", "kind", "value", "bound", "measure"]


class _Sets:
    """Union-find over 0..n-1 whose roots carry a state merged by the caller."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i


@lru_cache(maxsize=1 << 16)
def _values_agree(kind_a, value_a, bound_a, kind_b, value_b, bound_b) -> bool:
    return bool(compare.values_agree(kind_a, value_a, bound_a, kind_b, value_b, bound_b))


def _agree(a: dict, b: dict, aligned: dict) -> bool:
    """Whether two claims may stand on one side."""
    if a["kind"] in VALUE_KINDS and b["kind"] in VALUE_KINDS:
        return _values_agree(a["kind"], a["value"], a["bound"], b["kind"], b["value"], b["bound"])
    if a["kind"] == "role" or b["kind"] == "role":
        return a["value"] == b["value"]
    if a["kind"] == "statement" and b["kind"] == "statement":
        if a["source_id"] == b["source_id"]:
            return True
        key = (a["sentence"], b["sentence"]) if a["sentence"] < b["sentence"] else (b["sentence"], a["sentence"])
        return aligned.get(key, 0.0) >= STATEMENT_COMPLETE_SIMILARITY_DEFAULT
    return True


def build_facts(claims: pd.DataFrame, links: pd.DataFrame, aligned: dict | None = None, *,
                max_values: int = MAX_FACT_VALUES_DEFAULT, max_sides: int = MAX_FACT_SIDES_DEFAULT
                ) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """(fact number, side number) of each row of ``claims`` (numbered by first row), and the
    contradicting links kept (those whose claims ended in one fact, on two sides)."""
    aligned = aligned or {}
    n = len(claims)
    records = claims[[c for c in RECORD_COLUMNS if c in claims]].to_dict("records")
    for record in records:
        record["measure"] = record.get("measure") if isinstance(record.get("measure"), str) else ""
        record["sentence"] = str(record["claim_id"]).rsplit(":", 1)[0]
    index = {claim: i for i, claim in enumerate(claims["claim_id"].tolist())}
    contradicting = set()
    ordered = links.assign(_order=-links["similarity"].fillna(1.0).astype(float)).sort_values(
        ["_order", "claim_a", "claim_b"], kind="stable")
    # as Python lists: iterating a pyarrow-backed column costs a microsecond a value
    ordered_links = list(zip(*(ordered[column].tolist() for column in ("claim_a", "claim_b", "relation"))))
    for a, b, relation in ordered_links:
        if relation == "contradicts":
            contradicting.add((index[a], index[b]))
    sides = _Sets(n)
    members = {i: [i] for i in range(n)}
    measures = {i: {records[i]["measure"]} - {""} for i in range(n)}
    shown = {i: {records[i]["value"]} for i in range(n)}  # the values as written, normalised
    # Sides that could not be joined: a side only gains members while it stays a root, so two
    # roots with a pair of claims that cannot stand together never can (the links between
    # two large sides would check their members again and again).
    apart = set()
    for a, b, relation in ordered_links:
        if relation != "agrees":
            continue
        ra, rb = sides.find(index[a]), sides.find(index[b])
        if ra == rb or len(measures[ra] | measures[rb]) > 1 or len(shown[ra] | shown[rb]) > max_values:
            continue
        if (ra, rb) in apart:
            continue
        if any((x, y) in contradicting or (y, x) in contradicting or not _agree(records[x], records[y], aligned)
               for x in members[ra] for y in members[rb]):
            apart.add((ra, rb))
            continue
        sides.parent[rb] = ra
        members[ra] += members.pop(rb)
        measures[ra] |= measures.pop(rb)
        shown[ra] |= shown.pop(rb)
    side_of = [sides.find(i) for i in range(n)]
    facts = _Sets(n)
    fact_sides = {root: {root} for root in set(side_of)}
    fact_values = {root: set(shown[root]) for root in set(side_of)}
    fact_measures = {root: set(measures[root]) for root in set(side_of)}
    kept = []
    for k, (a, b, relation) in enumerate(ordered_links):
        if relation != "contradicts":
            continue
        sa, sb = side_of[index[a]], side_of[index[b]]
        if sa == sb:
            continue  # agreeing links joined them: the claims do not contradict as sides
        fa, fb = facts.find(sa), facts.find(sb)
        if fa != fb:
            if (len(fact_measures[fa] | fact_measures[fb]) > 1
                    or len(fact_values[fa] | fact_values[fb]) > max_values
                    or len(fact_sides[fa] | fact_sides[fb]) > max_sides):
                continue
            facts.parent[fb] = fa
            fact_sides[fa] |= fact_sides.pop(fb)
            fact_values[fa] |= fact_values.pop(fb)
            fact_measures[fa] |= fact_measures.pop(fb)
        kept.append(k)
    fact_of = [facts.find(side) for side in side_of]
    numbers = _numbered(fact_of)
    return np.array([numbers[f] for f in fact_of]), np.array(side_of), ordered.iloc[kept].drop(columns="_order")


def _numbered(labels) -> dict:
    order: dict = {}
    for label in labels:
        order.setdefault(label, len(order) + 1)
    return order


def verdicts(claims: pd.DataFrame, fact: np.ndarray, side: np.ndarray, families: dict[str, str],
             published: dict[str, str] | None = None) -> pd.DataFrame:
    """``claims`` with ``status``, ``corroborated_by``, ``contradicted_by``,
    ``repeated_by_copies`` and ``side_sources`` (the sources on the claim's side)."""
    published = published or {}
    sources = claims["source_id"].tolist()
    family = [families.get(source, source) for source in sources]
    n = len(claims)
    status, corroborated_by, contradicted_by, copies, side_sources = (
        ["unique"] * n, [None] * n, [None] * n, [None] * n, [None] * n)
    by_fact: dict = {}
    for i, (f, s) in enumerate(zip(fact.tolist(), side.tolist())):
        by_fact.setdefault(f, {}).setdefault(s, []).append(i)
    measures = claims["measure"].tolist() if "measure" in claims else [""] * n
    values = claims["value"].tolist()
    for fact_sides in by_fact.values():
        weight = {s: len({family[i] for i in rows}) for s, rows in fact_sides.items()}
        updated = set()
        if len(fact_sides) > 1:
            updated = _updated_sides({s: [(sources[i], values[i]) for i in rows] for s, rows in fact_sides.items()},
                                     measures[next(iter(fact_sides.values()))[0]], published)
        current = {s: w for s, w in weight.items() if s not in updated}  # the figure as it stands
        top = max(current.values())
        leaders = [s for s, w in current.items() if w == top]
        for s, rows in fact_sides.items():
            here = sorted({sources[i] for i in rows})
            others = sorted({sources[i] for t, other in fact_sides.items() if t != s for i in other})
            for i in rows:
                corroborated_by[i] = ",".join(sorted({sources[j] for j in rows if family[j] != family[i]})) or None
                copies[i] = ",".join(sorted({sources[j] for j in rows
                                             if family[j] == family[i] and sources[j] != sources[i]})) or None
                side_sources[i] = ",".join(here)
                if len(fact_sides) == 1:
                    status[i] = "corroborated" if weight[s] > 1 else "unique"
                    continue
                contradicted_by[i] = ",".join(others) or None
                if s in updated:
                    status[i] = "updated"
                elif len(current) == 1:  # the latest figure of a running one: judged on its own side
                    status[i] = "corroborated" if weight[s] > 1 else "unique"
                    contradicted_by[i] = None
                elif s in leaders and len(leaders) > 1:
                    status[i] = "disputed"
                elif s in leaders:
                    status[i] = "corroborated" if weight[s] > 1 else "unique"
                else:
                    status[i] = "contradicted"
    return claims.assign(status=status, corroborated_by=corroborated_by, contradicted_by=contradicted_by,
                         repeated_by_copies=copies, side_sources=side_sources)


def _updated_sides(by_side: dict, measure, published: dict[str, str]) -> set:
    """The earlier sides of a running figure that rose as the story went on: each side's
    articles all published before the next side's, and its values lower. ``by_side``: side
    -> [(source, value)]."""
    if not isinstance(measure, str) or measure not in RUNNING_MEASURES:
        return set()
    spans = []
    for s, rows in by_side.items():
        dates = [published.get(source) for source, _ in rows]
        numbers = [compare.number_of(value) for _, value in rows]
        if any(not d for d in dates) or any(v is None for v in numbers):
            return set()
        spans.append((min(dates), max(dates), min(numbers), max(numbers), s))
    spans.sort()
    rising = all(a[1] < b[0] and a[3] < b[2] for a, b in zip(spans, spans[1:]))
    return {span[4] for span in spans[:-1]} if rising else set()
