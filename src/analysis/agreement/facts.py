"""Facts: claims of different sources linked when they state the same thing, and judged.

Two claims of different sources are linked as the same fact when

- their values can be compared (both quantities, both dates, amounts in one currency) and
  **agree** (``compare``), and their sentences are similar (``LINK_SIMILARITY_DEFAULT``, or
  ``LINK_SIMILARITY_OTHER_UNIT_DEFAULT`` when they count different things); or
- their values **disagree**, they count the same thing (same head noun, same currency, both
  percentages, both dates) and their sentences, with the values masked, say the same thing
  (``CONTRADICTION_SIMILARITY_DEFAULT``): a contradiction.

Linked claims form clusters (``cluster_id``, "fact-0001", numbered in source and line order).
A claim is ``contradicted`` when a claim of another source contradicts it, ``corroborated``
when a source of another copy family agrees with it, else ``unique``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..claims.roles import sector
from . import compare
from .align import candidate_pairs
from .features import Pool
from .similarity import sentence_similarity

# Agreeing values in sentences from this similarity on: on STS-B dev news 88% of pairs
# scored 0.3 or more share details (gold >= 2 of 5); the matching typed value is the rest
# of the evidence.
LINK_SIMILARITY_DEFAULT = 0.3
# ... unless the two count different things that neither sentence mentions of the other
# ("11 complaints" and "11 pilots"): then the sentences must say nearly the same thing, as
# for a contradiction (STS-B dev news: 86% of pairs from 0.6 are roughly equivalent).
LINK_SIMILARITY_OTHER_UNIT_DEFAULT = 0.6
# Disagreeing values count as a contradiction only when the sentences, values masked, are
# this similar: on STS-B dev news 86% of pairs scored 0.6 or more are "roughly equivalent"
# (gold >= 3 of 5). Precision first: a missed contradiction costs less than a false one.
CONTRADICTION_SIMILARITY_DEFAULT = 0.6
MASK = "#"
# Entities match when their name keys are equal or share this many words: "North Rhine-
# Westphalia" names one organisation in two sources; "Irish" alone would join the Irish data
# protection authority and the Irish government.
ENTITY_MIN_SHARED_WORDS_DEFAULT = 2
# Quotes are the same statement from this similarity: on STS-B dev news, 83% of pairs scored
# 0.55 or more are "roughly equivalent" (gold >= 3) and 96% share details; the first step
# with precision over 0.8 for equivalence in the sweep 0.3-0.7.
QUOTE_MATCH_SIMILARITY_DEFAULT = 0.55
NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot)\b|n't\b", re.IGNORECASE)
DIGITS = re.compile(r"\d+(?:[.,]\d+)*")

CONTRADICTION_COLUMNS = ["cluster_id", "source_a", "line_a", "text_a", "source_b", "line_b",
                         "text_b", "reason", "claim_a", "claim_b", "value_a", "value_b",
                         "similarity"]
LINK_COLUMNS = ["claim_a", "claim_b", "source_a", "source_b", "relation", "similarity", "reason"]


def _objects(column: pd.Series) -> np.ndarray:
    """A column's values as Python objects (missing as ``pd.NA``): iterating a pyarrow-backed
    column directly costs a microsecond a value, a large share of linking claims."""
    return column.to_numpy(dtype=object)


def _masked(text: str, value_text: str) -> str:
    return text.replace(value_text, MASK) if value_text else text


def sentence_of(claim_id: str) -> str:
    """The sentence a value claim comes from (its id less the value's number)."""
    return claim_id.rsplit(":", 1)[0]


def value_sentence_pairs(claims: pd.DataFrame) -> pd.DataFrame:
    """Pairs of sentences of different sources that state the same typed value (same kind
    group and normalised value): worth aligning however they are worded."""
    frame = claims.assign(group=claims["kind"].map(compare.kind_group))
    frame = frame[frame["group"].notna()]
    frame = frame.assign(sentence=frame["claim_id"].map(sentence_of),
                         number=[str(compare.number_of(v)) if g != "date" else v
                                 for g, v in zip(_objects(frame["group"]), _objects(frame["value"]))])
    keys = frame[["group", "number", "source_id", "sentence"]].drop_duplicates()
    pairs = keys.merge(keys, on=["group", "number"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["source_id_a"] < pairs["source_id_b"]]
    return pairs[["sentence_a", "sentence_b"]].drop_duplicates().reset_index(drop=True)


def claim_pairs(claims: pd.DataFrame, alignments: pd.DataFrame) -> pd.DataFrame:
    """Pairs of comparable claims in aligned sentences of two sources (source_a < source_b),
    with the sentences' similarity and whether the values agree."""
    frame = claims.assign(group=claims["kind"].map(compare.kind_group))
    frame = frame[frame["group"].notna()]
    frame = frame.assign(sentence=frame["claim_id"].map(sentence_of),
                         unit_key=[compare.unit_key(k, v, u) for k, v, u in
                                   zip(_objects(frame["kind"]), _objects(frame["value"]), _objects(frame["unit"]))])
    columns = ["claim_id", "source_id", "text", "kind", "value", "bound", "value_text", "unit_key", "group", "sentence"]
    aligned = alignments[["sentence_a", "sentence_b", "similarity"]]
    pairs = aligned.merge(frame[columns].add_suffix("_a"), on="sentence_a").merge(
        frame[columns].add_suffix("_b"), on="sentence_b")
    pairs = pairs[pairs["group_a"] == pairs["group_b"]].rename(columns={"group_a": "group"})
    pairs = pairs.reset_index(drop=True)
    values = list(zip(*(_objects(pairs[column]) for column in
                        ("kind_a", "value_a", "bound_a", "kind_b", "value_b", "bound_b"))))
    verdicts = {key: compare.values_agree(*key) for key in dict.fromkeys(values)}  # copies repeat values
    pairs["agree"] = [verdicts[key] for key in values]
    return pairs


def units_related(unit_a: str, unit_b: str, text_a: str, text_b: str) -> bool:
    """Whether two counts may count the same thing: same noun, a noun unknown, or each
    sentence naming the other's noun ("11 complaints" / "complaints in 11 countries")."""
    if not unit_a or not unit_b or unit_a == unit_b:
        return True
    return unit_a in text_b.lower() or unit_b in text_a.lower()


def _quote_pairs(claims: pd.DataFrame) -> pd.DataFrame:
    """Pairs of quotes of two sources that are near neighbours in wording (as sentences are
    for alignment: top-k by character cosine, and every repeat of the same words)."""
    columns = ["claim_id", "source_id", "value", "bound", "unit", "value_text", "line_no"]
    quotes = claims.loc[claims["kind"] == "quote", columns].sort_values(["source_id", "line_no", "claim_id"])
    quotes = quotes.reset_index(drop=True)
    if quotes["source_id"].nunique() < 2:
        return pd.DataFrame(columns=[f"{c}_{s}" for s in "ab" for c in columns])
    rows = candidate_pairs(quotes.assign(text=quotes["value_text"]))
    a = quotes.loc[rows["row_a"]].add_suffix("_a").reset_index(drop=True)
    b = quotes.loc[rows["row_b"]].add_suffix("_b").reset_index(drop=True)
    return pd.concat([a, b], axis=1)


def same_entity(key_a: str, key_b: str, min_shared_words: int = ENTITY_MIN_SHARED_WORDS_DEFAULT) -> bool:
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    return len(set(key_a.split()) & set(key_b.split())) >= min_shared_words


def _role_pairs(claims: pd.DataFrame) -> pd.DataFrame:
    """Pairs of roles of two sources whose entity keys share a word."""
    roles = claims.loc[claims["kind"] == "role", ["claim_id", "source_id", "value", "bound", "unit", "value_text"]]
    words = roles.assign(word=roles["unit"].str.split()).explode("word")[["claim_id", "word"]]
    shared = words.merge(words, on="word", suffixes=("_a", "_b"))[["claim_id_a", "claim_id_b"]].drop_duplicates()
    pairs = shared.merge(roles.add_suffix("_a"), on="claim_id_a").merge(roles.add_suffix("_b"), on="claim_id_b")
    pairs = pairs[pairs["source_id_a"] < pairs["source_id_b"]]
    return pairs.sort_values(["claim_id_a", "claim_id_b"]).reset_index(drop=True)


def role_links(claims: pd.DataFrame, *, min_shared_words: int = ENTITY_MIN_SHARED_WORDS_DEFAULT) -> pd.DataFrame:
    """Links between roles given to one entity by two sources."""
    pairs = _role_pairs(claims)
    rows = []
    for row in pairs.itertuples(index=False):
        if not same_entity(row.unit_a, row.unit_b, min_shared_words):
            continue
        if row.value_a == row.value_b:
            rows.append((row, "agrees", "", np.nan))
            continue
        sector_a, sector_b = sector(row.value_a), sector(row.value_b)
        stated = "stated" in (row.bound_a, row.bound_b)
        if sector_a and sector_b and sector_a != sector_b and stated:
            rows.append((row, "contradicts",
                         f"one entity, two kinds of organisation: \u201c{row.value_text_a}\u201d "
                         f"({row.value_a}) vs \u201c{row.value_text_b}\u201d ({row.value_b})", np.nan))
    return _link_frame(rows)


def _changed(a: str, b: str) -> str | None:
    """Why quote ``b`` alters quote ``a``: a number or a negation differs."""
    if bool(NEGATION.search(a)) != bool(NEGATION.search(b)):
        return "negation"
    digits_a, digits_b = set(DIGITS.findall(a)), set(DIGITS.findall(b))
    if digits_a and digits_b and digits_a != digits_b:
        return "number"
    return None


def quote_links(claims: pd.DataFrame, pool, *, min_similarity: float = QUOTE_MATCH_SIMILARITY_DEFAULT,
                altered_similarity: float = CONTRADICTION_SIMILARITY_DEFAULT) -> pd.DataFrame:
    """Links between quotes of two sources that are the same quote (or an altered one)."""
    pairs = _quote_pairs(claims)
    pairs = pairs[[speakers_compatible(a, b) for a, b in zip(pairs["unit_a"], pairs["unit_b"])]]
    if pairs.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)
    similarity = _similarity(pairs["value_text_a"].tolist(), pairs["value_text_b"].tolist(),
                             _as_pool(pool))
    rows = []
    for row, score in zip(pairs.itertuples(index=False), similarity):
        if score < min_similarity:
            continue
        change = _changed(row.value_text_a, row.value_text_b)
        if change and score < altered_similarity:
            continue  # loosely alike and different in a number or a negation: no verdict
        if change:
            rows.append((row, "contradicts", f"altered quote ({change} differs): \u201c{row.value_text_a}\u201d "
                                             f"vs \u201c{row.value_text_b}\u201d", round(float(score), 4)))
        else:
            rows.append((row, "agrees", "", round(float(score), 4)))
    return _link_frame(rows)


def speakers_compatible(key_a, key_b) -> bool:
    """Unknown or generic speakers ("the group") fit anyone; named ones must share a word."""
    if not isinstance(key_a, str) or not isinstance(key_b, str):
        return True
    if key_a.startswith("the ") or key_b.startswith("the "):
        return True
    return bool(set(key_a.split()) & set(key_b.split()))


def _link_frame(rows) -> pd.DataFrame:
    return pd.DataFrame([{
        "claim_a": row.claim_id_a, "claim_b": row.claim_id_b, "source_a": row.source_id_a,
        "source_b": row.source_id_b, "relation": relation, "similarity": similarity, "reason": reason,
    } for row, relation, reason, similarity in rows], columns=LINK_COLUMNS)


def _as_pool(pool: Pool | pd.Series | list[str]) -> Pool:
    return pool if isinstance(pool, Pool) else Pool(dict.fromkeys(pool))


def _similarity(first, second, pool) -> np.ndarray:
    return np.round(sentence_similarity(list(first), list(second), pool=pool), 4)


def link_claims(
    claims: pd.DataFrame,
    alignments: pd.DataFrame,
    pool: Pool | pd.Series | list[str],
    *,
    link_similarity: float = LINK_SIMILARITY_DEFAULT,
    link_similarity_other_unit: float = LINK_SIMILARITY_OTHER_UNIT_DEFAULT,
    contradiction_similarity: float = CONTRADICTION_SIMILARITY_DEFAULT,
) -> pd.DataFrame:
    """The links between claims: one row per linked pair, ``relation`` "agrees" or
    "contradicts", with the similarity that decided it and, for contradictions, the reason.

    ``alignments``: the story's aligned sentences (``align.align_sentences``); values are
    compared only between aligned sentences. ``pool``: the story's sentences (word weights),
    or a ``features.Pool`` of them fitted once for the story.
    """
    pool = _as_pool(pool)
    frames = [value_links(claims, alignments, pool, link_similarity=link_similarity,
                          link_similarity_other_unit=link_similarity_other_unit,
                          contradiction_similarity=contradiction_similarity),
              role_links(claims), quote_links(claims, pool)]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=LINK_COLUMNS)
    return pd.concat(frames, ignore_index=True).sort_values(["claim_a", "claim_b"]).reset_index(drop=True)


def value_links(claims, alignments, pool, *, link_similarity, link_similarity_other_unit,
                contradiction_similarity) -> pd.DataFrame:
    """Links between typed values (numbers, amounts, percentages, dates) of aligned sentences."""
    pairs = claim_pairs(claims, alignments)
    if pairs.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)
    agreeing = pairs[pairs["agree"].eq(True)]
    same_thing = (pairs["unit_key_a"] == pairs["unit_key_b"]) & (
        pairs["group"].ne("quantity") | pairs["unit_key_a"].ne(""))
    disagreeing = pairs[pairs["agree"].eq(False) & same_thing]
    # Within one pair of sentences, a value that agrees with one of the other's values is not
    # contradicted by the others ("June 26 ... May 22" against "June 26 ... May 22").
    matched = set(zip(_objects(agreeing["claim_id_a"]), _objects(agreeing["sentence_b"]))) | set(
        zip(_objects(agreeing["claim_id_b"]), _objects(agreeing["sentence_a"])))
    unmatched = [(a, sb) not in matched and (b, sa) not in matched for a, b, sa, sb in zip(
        *(_objects(disagreeing[column]) for column in ("claim_id_a", "claim_id_b", "sentence_a", "sentence_b")))]
    disagreeing = disagreeing[np.array(unmatched, dtype=bool)]
    related = np.array([units_related(ua, ub, ta, tb) for ua, ub, ta, tb in zip(
        *(_objects(agreeing[column]) for column in ("unit_key_a", "unit_key_b", "text_a", "text_b")))], dtype=bool)
    needed = np.where(related, link_similarity, link_similarity_other_unit)
    masked_a = [_masked(t, v) for t, v in zip(disagreeing["text_a"], disagreeing["value_text_a"])]
    masked_b = [_masked(t, v) for t, v in zip(disagreeing["text_b"], disagreeing["value_text_b"])]
    disagreeing = disagreeing.assign(similarity=_similarity(masked_a, masked_b, pool))
    contradicting = disagreeing[disagreeing["similarity"] >= contradiction_similarity]
    links = pd.concat([
        agreeing[agreeing["similarity"].to_numpy() >= needed].assign(relation="agrees", reason=""),
        contradicting.assign(relation="contradicts", reason=[
            compare.disagreement_reason(k, ta, tb) for k, ta, tb in zip(
                contradicting["kind_a"], contradicting["value_text_a"], contradicting["value_text_b"])]),
    ])
    links = links.rename(columns={"claim_id_a": "claim_a", "claim_id_b": "claim_b",
                                  "source_id_a": "source_a", "source_id_b": "source_b"})
    return links[LINK_COLUMNS]


def judge_claims(claims: pd.DataFrame, links: pd.DataFrame, families: dict[str, str]) -> pd.DataFrame:
    """``claims`` with ``cluster_id``, ``status``, and the sources that agree or disagree."""
    claims = claims.sort_values(["source_id", "line_no", "claim_id"]).reset_index(drop=True)
    index = {claim: i for i, claim in enumerate(_objects(claims["claim_id"]))}
    rows = [index[c] for c in _objects(links["claim_a"])]
    cols = [index[c] for c in _objects(links["claim_b"])]
    graph = coo_matrix(([1] * len(rows), (rows, cols)), shape=(len(claims), len(claims)))
    _, labels = connected_components(graph, directed=False)
    order = {}
    for label in labels:  # claims are sorted: clusters numbered by their first claim
        order.setdefault(label, len(order) + 1)
    width = max(4, len(str(len(order))))
    claims["cluster_id"] = [f"fact-{order[label]:0{width}d}" for label in labels]
    both_ways = pd.concat([
        links.rename(columns={"claim_a": "claim", "source_b": "other"})[["claim", "other", "relation"]],
        links.rename(columns={"claim_b": "claim", "source_a": "other"})[["claim", "other", "relation"]],
    ])
    source_of = dict(zip(_objects(claims["claim_id"]), _objects(claims["source_id"])))
    both_ways["independent"] = [
        families.get(other, other) != families.get(source_of[claim], source_of[claim])
        for claim, other in zip(_objects(both_ways["claim"]), _objects(both_ways["other"]))]

    def sources(relation: str, independent: bool | None = None) -> dict[str, str]:
        chosen = both_ways[both_ways["relation"] == relation]
        if independent is not None:
            chosen = chosen[chosen["independent"] == independent]
        others: dict[str, set[str]] = {}
        for claim, other in zip(_objects(chosen["claim"]), _objects(chosen["other"])):
            others.setdefault(claim, set()).add(other)
        return {claim: ",".join(sorted(names)) for claim, names in others.items()}

    agreeing, contradicting = sources("agrees", True), sources("contradicts")
    copies = sources("agrees", False)
    claims["corroborated_by"] = claims["claim_id"].map(agreeing)
    claims["contradicted_by"] = claims["claim_id"].map(contradicting)
    claims["repeated_by_copies"] = claims["claim_id"].map(copies)
    claims["status"] = np.select(
        [claims["contradicted_by"].notna(), claims["corroborated_by"].notna()],
        ["contradicted", "corroborated"], default="unique")
    return claims


def contradictions_table(claims: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """One row per contradicting pair of claims, with both sentences and the reason."""
    chosen = links[links["relation"] == "contradicts"]
    if chosen.empty:
        return pd.DataFrame(columns=CONTRADICTION_COLUMNS)
    by_id = claims.set_index("claim_id")
    a, b = by_id.loc[chosen["claim_a"]], by_id.loc[chosen["claim_b"]]
    table = pd.DataFrame({
        "cluster_id": a["cluster_id"].to_numpy(),
        "source_a": a["source_id"].to_numpy(), "line_a": a["line_no"].to_numpy(),
        "text_a": a["text"].to_numpy(),
        "source_b": b["source_id"].to_numpy(), "line_b": b["line_no"].to_numpy(),
        "text_b": b["text"].to_numpy(),
        "reason": chosen["reason"].to_numpy(),
        "claim_a": chosen["claim_a"].to_numpy(), "claim_b": chosen["claim_b"].to_numpy(),
        "value_a": a["value"].to_numpy(), "value_b": b["value"].to_numpy(),
        "similarity": chosen["similarity"].to_numpy(),
    })
    return table.sort_values(["cluster_id", "source_a", "line_a", "source_b", "line_b"]).reset_index(drop=True)
