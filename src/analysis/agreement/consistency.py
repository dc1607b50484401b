"""Per source: how its facts fare against the other sources.

    n_claims           claims the source makes in its article text (values, roles, quotes, statements)
    n_facts            the facts those claims belong to (a fact stated twice counts once)
    n_corroborated     facts on whose winning side the source stands with another copy family
    n_contradicted     facts on which the source stands on a side other sources outnumber
    n_disputed         facts split evenly between sides, the source on one of them
    n_updated          facts of a running figure the source gave before it rose
    n_first_reported   corroborated facts the source reported first, other families later
                       (``claims.first_reported_by``; only where publication times tell)

    held   = PRIOR_MEAN x PRIOR_STRENGTH       + CORROBORATION_WEIGHT x n_corroborated
                                               + ORIGINAL_WEIGHT x n_first_reported
    failed = (1 - PRIOR_MEAN) x PRIOR_STRENGTH + CONTRADICTION_WEIGHT x n_contradicted
    consistency_score = held / (held + failed)

The score is the mean of a Beta(held, failed) posterior on "a fact of this source that others
checked holds up", ``consistency_low`` and ``consistency_high`` its 90% credible interval.
Facts count, not mentions: a source that repeats a contested figure in its headline and its
body is contradicted once. Unique facts (nobody else states them) and disputed facts (sources
split evenly) move no score: they are counted and shown, and a disputed fact widens the
interval (its low end counts it as a contradiction, its high end as a corroboration): flagged,
not punished. The prior sits near the share of checked facts that hold up in real coverage,
not at 0.5, so a source with no contradiction stays near it however many of its facts others
repeat: making more claims is no merit in itself; a contradiction (a majority of independent
sources on another side) weighs ``CONTRADICTION_WEIGHT`` corroborations. Held and failed grow with the counts, so
the score and both ends of its interval never fall when a corroboration is added and never rise
when a contradiction is (Beta(a, b) is stochastically increasing in a, decreasing in b).

``consistency_evidence`` says "too little corroborated evidence" while the weighted evidence
(``CORROBORATION_WEIGHT`` x corroborated + ``CONTRADICTION_WEIGHT`` x contradicted) is below
``RANKABLE_MIN_EVIDENCE_DEFAULT``: such a source is listed apart, not ranked on the prior.

Copies: ``verdicts`` counts a copy family once on each side, so a copy never corroborates its
original; the original reporting credit of a fact goes to the first of its family to publish
it (``first_reporters``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import beta

CREDIBLE_MASS_DEFAULT = 0.90
SCORE_DECIMALS = 4
# The prior: PRIOR_MEAN_DEFAULT is the share of checked facts (corroborated or contradicted,
# per source and fact) that hold up, set below what 12 ECB+ dev sub-topics show (1,604
# corroborated, none contradicted, 2 disputed: contradictions are found with high precision and
# low recall, so 1.0 is no rate; docs/figures.md, "Reliability from evidence"): a judgement.
# PRIOR_STRENGTH_DEFAULT (in facts) is as strong as the former Beta(1, 1) prior (two
# pseudo-facts): a judgement too, until benchmarks/planted.py can choose them.
PRIOR_MEAN_DEFAULT = 0.9
PRIOR_STRENGTH_DEFAULT = 2.0
# Evidence weights (in facts). A corroboration counts once; a contradiction, a majority of
# independent sources on another side, three times: news facts mostly hold up (the prior), so
# one that does not is the rarer and stronger signal. A fact the source reported first, its
# family before any other, counts once more. Judgements, kept here until the planted-error
# benchmark (benchmarks/planted.py) chooses them: ``analysis.reliability.rescore`` recomputes
# the scores under other values.
CORROBORATION_WEIGHT_DEFAULT = 1.0
CONTRADICTION_WEIGHT_DEFAULT = 3.0
ORIGINAL_WEIGHT_DEFAULT = 1.0
# Ranked from this much weighted evidence on: three corroborated facts (the old rule, a 90%
# interval no wider than 0.5 under Beta(1, 1), asked about as many), or one contradiction.
RANKABLE_MIN_EVIDENCE_DEFAULT = 3.0
TOO_LITTLE = "too little corroborated evidence"
COUNT_COLUMNS = ["n_corroborated", "n_contradicted", "n_first_reported"]
# Fact statuses in the order a fact takes the worst one its source's claims have.
STATUS_ORDER = ["contradicted", "disputed", "updated", "corroborated", "unique"]


def fact_status(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (source, fact): the fact's status for that source, the worst of its claims'
    (a source that gives two values of one fact, one of them outnumbered, is contradicted)."""
    if "cluster_id" not in claims:
        claims = claims.assign(cluster_id=claims.index.astype(str))
    rank = {status: k for k, status in enumerate(STATUS_ORDER)}
    frame = claims[["source_id", "cluster_id", "status"]].assign(
        _rank=claims["status"].map(rank).fillna(len(STATUS_ORDER)).astype(int))
    worst = frame.groupby(["source_id", "cluster_id"], observed=True)["_rank"].min().reset_index()
    worst["status"] = [STATUS_ORDER[r] if r < len(STATUS_ORDER) else "unique" for r in worst["_rank"]]
    return worst.drop(columns="_rank")


@dataclass(frozen=True)
class EvidenceWeights:
    """The consistency score's prior and the weight of each kind of evidence (in facts)."""

    prior_mean: float = PRIOR_MEAN_DEFAULT
    prior_strength: float = PRIOR_STRENGTH_DEFAULT
    corroboration: float = CORROBORATION_WEIGHT_DEFAULT
    contradiction: float = CONTRADICTION_WEIGHT_DEFAULT
    original: float = ORIGINAL_WEIGHT_DEFAULT
    rankable_min_evidence: float = RANKABLE_MIN_EVIDENCE_DEFAULT
    credible_mass: float = CREDIBLE_MASS_DEFAULT

    def __post_init__(self):
        if not 0 < self.prior_mean < 1 or self.prior_strength <= 0:
            raise ValueError("the prior needs a mean strictly between 0 and 1 and a positive strength")
        if min(self.corroboration, self.contradiction, self.original) < 0:
            raise ValueError("evidence weights cannot be negative: the score must follow the evidence")


def consistency_scores(counts: pd.DataFrame, weights: EvidenceWeights | None = None) -> pd.DataFrame:
    """``consistency_score``, ``consistency_low``, ``consistency_high`` and
    ``consistency_evidence`` from the counts ``n_corroborated``, ``n_contradicted`` and (when
    present) ``n_first_reported``, indexed like ``counts``: the module's formula."""
    w = weights or EvidenceWeights()
    count = {c: counts[c].astype(float).fillna(0.0) if c in counts else pd.Series(0.0, index=counts.index)
             for c in COUNT_COLUMNS}
    held = w.prior_mean * w.prior_strength + w.corroboration * count["n_corroborated"] \
        + w.original * count["n_first_reported"]
    failed = (1 - w.prior_mean) * w.prior_strength + w.contradiction * count["n_contradicted"]
    # a disputed fact may go either way: the interval's low end counts it as a contradiction,
    # its high end as a corroboration; the score leaves it out
    disputed = counts["n_disputed"].astype(float).fillna(0.0) if "n_disputed" in counts \
        else pd.Series(0.0, index=counts.index)
    tail = (1 - w.credible_mass) / 2
    score = held / (held + failed)
    low = np.minimum(beta.ppf(tail, held, failed + w.contradiction * disputed), score)
    high = np.maximum(beta.ppf(1 - tail, held + w.corroboration * disputed, failed), score)
    evidence = w.corroboration * count["n_corroborated"] + w.contradiction * count["n_contradicted"]
    return pd.DataFrame({
        "consistency_score": score.round(SCORE_DECIMALS),
        "consistency_low": pd.Series(low, index=counts.index).round(SCORE_DECIMALS),
        "consistency_high": pd.Series(high, index=counts.index).round(SCORE_DECIMALS),
        "consistency_evidence": ["enough" if e >= w.rankable_min_evidence else TOO_LITTLE for e in evidence],
    }, index=counts.index)


def first_reported_counts(claims: pd.DataFrame, facts: pd.DataFrame) -> pd.Series:
    """Per source: its corroborated facts whose ``first_reported_by`` names it."""
    if "first_reported_by" not in claims or not len(claims):
        return pd.Series(dtype="int64")
    named = claims[claims["first_reported_by"].notna()]
    firsts = {(s, c) for s, c, by in zip(named["source_id"], named["cluster_id"], named["first_reported_by"])
              if s in str(by).split(",")}
    corroborated = facts[facts["status"] == "corroborated"]
    hits = [s for s, c in zip(corroborated["source_id"], corroborated["cluster_id"]) if (s, c) in firsts]
    return pd.Series(hits, dtype=object).value_counts()


def consistency_by_source(claims: pd.DataFrame, source_ids, weights: EvidenceWeights | None = None
                          ) -> pd.DataFrame:
    """One row per source in ``source_ids``: counts, score, its credible interval and
    whether the evidence is enough to rank the source."""
    table = pd.DataFrame({"source_id": pd.Series(sorted(source_ids), dtype=object)})
    table["n_claims"] = table["source_id"].map(claims.groupby("source_id").size()).fillna(0).astype("int64")
    facts = fact_status(claims)
    table["n_facts"] = table["source_id"].map(facts.groupby("source_id").size()).fillna(0).astype("int64")
    for column, value in (("n_corroborated", "corroborated"), ("n_contradicted", "contradicted"),
                          ("n_disputed", "disputed"), ("n_updated", "updated")):
        counts = facts[facts["status"] == value].groupby("source_id").size()
        table[column] = table["source_id"].map(counts).fillna(0).astype("int64")
    table["n_first_reported"] = table["source_id"].map(first_reported_counts(claims, facts)).fillna(0).astype("int64")
    return pd.concat([table, consistency_scores(table, weights)], axis=1)


def consistency_clause(row) -> str:
    """A clause on a source's consistency."""
    n = int(row["n_facts"]) if "n_facts" in row else int(row["n_claims"])
    if n == 0:
        return "no checkable claims (numbers, dates, roles, quotes, statements) found"
    corroborated, contradicted = int(row["n_corroborated"]), int(row["n_contradicted"])
    disputed = int(row.get("n_disputed", 0) or 0)
    updated = int(row.get("n_updated", 0) or 0)
    unique = n - corroborated - contradicted - disputed - updated
    parts = [f"{corroborated} corroborated", f"{contradicted} contradicted"]
    if disputed:
        parts.append(f"{disputed} disputed (sources split evenly)")
    if updated:
        parts.append(f"{updated} since updated")
    first = int(row.get("n_first_reported", 0) or 0)
    if first:
        parts[0] += f" ({first} reported here first)"
    clause = (f"of {n} fact{'s' if n != 1 else ''} it states, " + ", ".join(parts)
              + f", {unique} confirmed by no independent source")
    if row.get("consistency_evidence") == TOO_LITTLE:
        clause += f" ({TOO_LITTLE} to rank it)"
    return clause


# --- who stands behind each side, and who reported a fact first ------------------------------

def _sides(claims: pd.DataFrame):
    """(fact, side key) -> row positions: a side is the claims of a fact with the same
    ``side_sources`` (the sources on the claim's side, as ``verdicts`` writes them)."""
    keys = zip(claims["cluster_id"].astype("string").fillna("").tolist(),
               claims["side_sources"].astype("string").fillna("").tolist())
    groups: dict = {}
    for position, (fact, side) in enumerate(keys):
        if fact and side:
            groups.setdefault(fact, {}).setdefault(side, []).append(position)
    return groups


def side_summaries(claims: pd.DataFrame, families: dict[str, str], names: dict[str, str] | None = None
                   ) -> pd.DataFrame:
    """``claims`` with ``n_independent`` (the copy families on the claim's side: the
    independent sources behind it) and ``fact_sides`` (for a fact with two sides or more: each
    side's value, how many independent sources stand behind it and whom it counts, copies of
    one text named together; null for a fact with one side), e.g. "“11 complaints”: 2
    independent (heise.de; zdnet.com) vs “17 complaints”: 1 independent (a.com = b.com, one
    text)". ``families``: source -> copy family; ``names``: source -> how to name it (its
    outlet), its id when missing."""
    names = names or {}
    n = len(claims)
    independent: list = [pd.NA] * n
    described: list = [None] * n
    def column(name):
        return claims[name].astype("string").fillna("").tolist() if name in claims else [""] * n

    # a side is shown by its normalised value ("11 complaints" for "eleven complaints"), else
    # the words it came from, else (a statement) the start of its sentence
    values, words, texts = column("value"), column("value_text"), column("text")
    for sides in _sides(claims).values():
        parts = []
        for side, rows in sides.items():
            members = side.split(",")
            by_family: dict = {}
            for source in members:
                by_family.setdefault(families.get(source, source), []).append(source)
            for row in rows:
                independent[row] = len(by_family)
            first = rows[0]
            shown = values[first] or words[first] or _shortened(texts[first])
            who = "; ".join(" = ".join(names.get(s) or s for s in sorted(group)) + (", one text" if len(group) > 1 else "")
                            for _, group in sorted(by_family.items()))
            parts.append((-len(by_family), shown, f"\u201c{shown}\u201d: {len(by_family)} independent ({who})"))
        if len(parts) > 1:
            text = " vs ".join(part for *_, part in sorted(parts))
            for rows in sides.values():
                for row in rows:
                    described[row] = text
    return claims.assign(n_independent=pd.array(independent, dtype="Int64"),
                         fact_sides=pd.array(described, dtype="string"))


# A statement's side is shown by this many characters of its sentence at most.
SIDE_TEXT_CHARS = 80


def _shortened(text: str) -> str:
    return text if len(text) <= SIDE_TEXT_CHARS else text[:SIDE_TEXT_CHARS - 1].rsplit(" ", 1)[0] + "\u2026"


def first_reporters(claims: pd.DataFrame, families: dict[str, str], published: dict[str, str]) -> pd.Series:
    """Per claim (indexed like ``claims``): the source(s) that reported its side of the fact
    first, comma-separated, when the publication times tell: every source on the side has
    one, the earliest is one copy family's alone, and another family published it later.
    Null otherwise. Times are compared as far as all of the side's sources give them (the date
    alone when one gives no time of day)."""
    first: list = [None] * len(claims)
    for sides in _sides(claims).values():
        for side, rows in sides.items():
            members = side.split(",")
            stamps = [published.get(source) for source in members]
            stamps = [s.replace("T", " ") if isinstance(s, str) else s for s in stamps]
            if any(not isinstance(s, str) or len(s) < 10 for s in stamps):
                continue
            precision = min(len(s) for s in stamps)
            when = {source: stamp[:precision] for source, stamp in zip(members, stamps)}
            earliest = min(when.values())
            leaders = sorted(s for s in members if when[s] == earliest)
            leading = {families.get(s, s) for s in leaders}
            later = {families.get(s, s) for s in members if when[s] > earliest} - leading
            if len(leading) == 1 and later:
                full = {source: stamp for source, stamp in zip(members, stamps) if source in leaders}
                if len({len(stamp) for stamp in full.values()}) == 1:  # one family: its times tell which
                    leaders = sorted(s for s in leaders if full[s] == min(full.values()))
                for row in rows:
                    first[row] = ",".join(leaders)
    return pd.Series(pd.array(first, dtype="string"), index=claims.index)
