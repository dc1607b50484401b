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
from functools import lru_cache

import numpy as np
import pandas as pd

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..claims.roles import KIND_WORDS, sector
from ..claims.values import RELATIVE, extract_values
from . import compare
from .align import candidate_pairs
from .features import Pool
from .similarity import sentence_similarity
from .verdicts import build_facts, verdicts

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
# A noun counted (or a measure stated) in up to this many sentences of a story pairs them all
# for alignment: 60 sentences make at most 1,770 pairs, scored like any candidate.
SAME_NOUN_MAX_SENTENCES = 60
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade"}
# A date, a percentage or a number without a noun links at ``LINK_SIMILARITY_DEFAULT`` only
# when a content word of its own context (``CONTEXT_WORDS_DEFAULT`` words each side, same
# 5-letter prefix) is shared ("take effect on June 26" / "effective from June 26"; a window
# of 5 words let "the company" of two unrelated clauses meet); otherwise the sentences must
# reach this (STS-B dev news: 93% of pairs from 0.5 share details).
LINK_SIMILARITY_BARE_DEFAULT = 0.5
CONTEXT_WORDS_DEFAULT = 3
# Entities match when their name keys are equal or share this many words: "North Rhine-
# Westphalia" names one organisation in two sources; "Irish" alone would join the Irish data
# protection authority and the Irish government.
ENTITY_MIN_SHARED_WORDS_DEFAULT = 2
# Quotes are the same statement from this similarity: on STS-B dev news, 83% of pairs scored
# 0.55 or more are "roughly equivalent" (gold >= 3) and 96% share details; the first step
# with precision over 0.8 for equivalence in the sweep 0.3-0.7.
QUOTE_MATCH_SIMILARITY_DEFAULT = 0.55
# Negations, with the apostrophe curly, straight or lost ("hadn’t", "hadn't", "cant").
NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|cant|dont|wont|didnt|"
                      r"isnt|wasnt|arent|werent|doesnt|couldnt|shouldnt|wouldnt|hasnt|havent|hadnt)\b"
                      r"|n['\u2019]t\b", re.IGNORECASE)
# An added or dropped negation alters a quote only when this share of the other words is the
# same: "is not legal" / "is illegal" share 4 of 6 words and are one statement reworded.
ALTERED_QUOTE_SAME_WORDS_DEFAULT = 0.8

# Two statements say the same from this alignment similarity: on STS-B dev news 93% of pairs
# from 0.5 share details and most are near paraphrases; the statement is corroborated.
STATEMENT_LINK_SIMILARITY_DEFAULT = 0.5
# A statement and its negation ("Private messages are not used" / "Private messages are
# used") contradict only when this alike besides the negation (precision first).
STATEMENT_NEGATED_SIMILARITY_DEFAULT = 0.6
# Two disagreeing values in the same slot of two aligned sentences (a content word next to each
# value is shared: "captured 49 Somali pirates" / "arrested 23 pirates", "Reid, 33," / "Reid,
# 99,") contradict from this similarity of the sentences, values masked, even when their
# measures were not both read; such a link stands only where one side is outnumbered by
# independent sources (``OUTNUMBERED``): a lone source against two or more that agree. 0.4 read
# off the labelled contradictions of the ECB+ dev coverage (benchmarks/data/
# coverage_contradiction_labels.csv): at 0.3, 19 on the unplanted coverage, 9 real; the 7
# false ones under 0.4 (a district's toll against one clinic's, "19 seasons" against "four
# seasons", "Internet Explorer 9") and no real one; planted numbers: docs/figures.md.
SLOT_CONTRADICTION_SIMILARITY_DEFAULT = 0.4
# A statement and the same statement negated, aligned from ``STATEMENT_LINK_SIMILARITY_DEFAULT``
# with the negated phrase said in the other ("has not checked into rehab" / "checked into
# rehab"), contradict where the negating side is outnumbered likewise.
NEGATED_PHRASE_WORDS = 1
# ... and with 60% of the other words the same (Jaccard), where the negating side is outnumbered
# by two or more independent sources: a sentence retold nearly word for word, "not" added.
NEGATED_OUTNUMBERED_SAME_WORDS = 0.6
# A sentence with more values of one kind than this is a line of figures (a box score, a
# list of results): a slot there is not read off its neighbouring words.
SLOT_MAX_VALUES = 4
# ... or than this when the two values count the same noun ("passes for 728 yards" / "for 364
# yards" in two lines of a game's figures).
SLOT_MAX_VALUES_SAME_NOUN = 6
# The relation of a link that contradicts only when, in the fact it makes, one side has fewer
# independent sources (copy families) than the other and the other has two or more.
OUTNUMBERED = "contradicts_if_outnumbered"
CONTRADICTION_COLUMNS = ["cluster_id", "source_a", "line_a", "text_a", "source_b", "line_b",
                         "text_b", "reason", "claim_a", "claim_b", "value_a", "value_b",
                         "similarity", "status_a", "status_b", "side_a", "side_b"]
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


def _specific(group: str, kind: str, value: str) -> bool:
    """Whether a value is specific enough to pair every sentence stating it: not a bare year
    or month, not a small number without a noun (too many sentences hold "2024" or "3")."""
    if group == "date":
        return len(str(value)) > 4
    if kind == "number":
        return (compare.number_of(value) or 0) >= 1000
    return True


def value_sentence_pairs(claims: pd.DataFrame) -> pd.DataFrame:
    """Pairs of sentences of different sources that state the same typed value (same kind
    group and normalised value): worth aligning however they are worded."""
    frame = claims.assign(group=claims["kind"].map(compare.kind_group))
    frame = frame[frame["group"].notna()]
    frame = frame.assign(sentence=frame["claim_id"].map(sentence_of),
                         number=[str(compare.number_of(v)) if g != "date" else v
                                 for g, v in zip(_objects(frame["group"]), _objects(frame["value"]))])
    specific = [_specific(g, k, v) for g, k, v in zip(
        _objects(frame["group"]), _objects(frame["kind"]), _objects(frame["value"]))]
    frame = frame[np.array(specific, dtype=bool)]
    keys = frame[["group", "number", "source_id", "sentence"]].drop_duplicates()
    pairs = keys.merge(keys, on=["group", "number"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["source_id_a"] < pairs["source_id_b"]]
    pairs = pd.concat([pairs[["sentence_a", "sentence_b"]], _same_noun_pairs(claims)], ignore_index=True)
    return pairs.drop_duplicates().reset_index(drop=True)


def _same_noun_pairs(claims: pd.DataFrame, *, max_sentences: int = SAME_NOUN_MAX_SENTENCES) -> pd.DataFrame:
    """Pairs of sentences of different sources that count the same noun or state the same
    measure ("28,000 people fled" / "14,000 people flooded into camps"; "a 2.9 magnitude" /
    "7.3-magnitude"), whatever the value: a figure one source changed still meets the others'.
    A noun or measure stated in more than ``max_sentences`` sentences of the story pairs none
    (the pairs would grow with its square)."""
    frame = claims[claims["kind"].map(compare.kind_group).eq("quantity").to_numpy(dtype=bool)]
    if frame.empty:
        return pd.DataFrame(columns=["sentence_a", "sentence_b"])
    nouns = [compare.unit_key(k, v, u) for k, v, u in zip(_objects(frame["kind"]), _objects(frame["value"]),
                                                         _objects(frame["unit"]))]
    measures = (frame["measure"].astype(object).where(frame["measure"].notna(), "") if "measure" in frame
                else pd.Series("", index=frame.index))
    keys = pd.DataFrame({"key": [f"noun:{n}" if n else (f"measure:{m}" if m else "") for n, m in
                                 zip(nouns, _objects(measures))],
                         "source_id": _objects(frame["source_id"]),
                         "sentence": [sentence_of(c) for c in _objects(frame["claim_id"])]})
    keys = keys[keys["key"].ne("")].drop_duplicates()
    sizes = keys.groupby("key")["sentence"].transform("size")
    keys = keys[(sizes <= max_sentences).to_numpy()]
    pairs = keys.merge(keys, on="key", suffixes=("_a", "_b"))
    pairs = pairs[(pairs["source_id_a"] < pairs["source_id_b"]).to_numpy()]
    return pairs[["sentence_a", "sentence_b"]]


def claim_pairs(claims: pd.DataFrame, alignments: pd.DataFrame) -> pd.DataFrame:
    """Pairs of comparable claims in aligned sentences of two sources (source_a < source_b),
    with the sentences' similarity and whether the values agree."""
    frame = claims.assign(group=claims["kind"].map(compare.kind_group))
    frame = frame[frame["group"].notna()]
    frame = frame.assign(sentence=frame["claim_id"].map(sentence_of),
                         unit_key=[compare.unit_key(k, v, u) for k, v, u in
                                   zip(_objects(frame["kind"]), _objects(frame["value"]), _objects(frame["unit"]))])
    for column in ("measure", "scope"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), "") if column in frame else ""
    columns = ["claim_id", "source_id", "text", "kind", "value", "bound", "value_text", "unit_key", "group",
               "sentence", "measure", "scope"]
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


def value_context(text: str, value_text: str, *, width: int = CONTEXT_WORDS_DEFAULT) -> set[str]:
    """The content words next to a value (``width`` each side), cut to their first 5 letters."""
    at = text.find(value_text) if value_text else -1
    if at < 0 and value_text:  # a count's noun is lower-cased in its value text ("23 somali pirates")
        at = text.lower().find(value_text.lower())
    if at < 0:
        return set()
    before = re.findall(r"\w+", text[:at].lower())[-width:]
    after = re.findall(r"\w+", text[at + len(value_text):].lower())[:width]
    return {w[:5] for w in before + after if w not in ENGLISH_STOP_WORDS and not w.isdigit() and len(w) > 2}


def units_related(unit_a: str, unit_b: str, text_a: str, text_b: str) -> bool:
    """Whether two counts may count the same thing: same noun, a noun unknown, or each
    sentence naming the other's noun ("11 complaints" / "complaints in 11 countries")."""
    if not unit_a or not unit_b or unit_a == unit_b:
        return True
    return bool(re.search(rf"\b{re.escape(unit_a)}", text_b, re.IGNORECASE)
                or re.search(rf"\b{re.escape(unit_b)}", text_a, re.IGNORECASE))


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
    """Equal keys, or ``min_shared_words`` words in common of which one at least names no kind
    of organisation ("Nigeria/Irish Data Protection Commission" share only kind words)."""
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    shared = set(key_a.split()) & set(key_b.split())
    return len(shared) >= min_shared_words and bool(shared - KIND_WORDS)


def _role_pairs(claims: pd.DataFrame) -> pd.DataFrame:
    """Pairs of roles of two sources whose entity keys share a word."""
    columns = ["claim_id", "source_id", "value", "bound", "unit", "value_text", "name_kind"]
    roles = claims.loc[claims["kind"] == "role", [c for c in columns if c in claims]]
    roles = roles.assign(unit=roles["unit"].astype("string").fillna(""))
    if "name_kind" not in roles:
        roles = roles.assign(name_kind=None)
    words = roles.assign(word=roles["unit"].str.split()).explode("word")[["claim_id", "word"]]
    words = words[words["word"].notna()]
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
        kind_a, kind_b = (k if isinstance(k, str) else None for k in (row.name_kind_a, row.name_kind_b))
        if kind_a and kind_b and kind_a != kind_b:
            continue   # "NRW Consumer Center" and "NRW Data Protection Commissioner": two bodies
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


def statement_links(claims: pd.DataFrame, alignments: pd.DataFrame, *,
                    min_similarity: float = STATEMENT_LINK_SIMILARITY_DEFAULT,
                    negated_similarity: float = STATEMENT_NEGATED_SIMILARITY_DEFAULT) -> pd.DataFrame:
    """Links between statements of two sources: their sentences aligned at
    ``min_similarity`` or more say the same ("agrees"); nearly the same words with a negation
    added or dropped, aligned at ``negated_similarity`` or more, say the opposite."""
    statements = claims.loc[claims["kind"] == "statement", ["claim_id", "source_id", "value_text"]]
    if statements.empty or alignments.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)
    statements = statements.assign(sentence=statements["claim_id"].map(sentence_of),
                                   negation=[bool(NEGATION.search(t)) for t in _objects(statements["value_text"])])
    pairs = alignments.loc[alignments["similarity"] >= min_similarity, ["sentence_a", "sentence_b", "similarity"]]
    pairs = pairs.merge(statements.add_suffix("_a"), on="sentence_a").merge(statements.add_suffix("_b"), on="sentence_b")
    pairs = pairs[(pairs["source_id_a"] != pairs["source_id_b"]).to_numpy()].reset_index(drop=True)
    if pairs.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)
    differs = (pairs["negation_a"] != pairs["negation_b"]).to_numpy(dtype=bool)
    negated = np.zeros(len(pairs), dtype=bool)  # the word overlap only where one side negates
    in_scope = np.zeros(len(pairs), dtype=bool)
    texts = list(zip(_objects(pairs.loc[differs, "value_text_a"]), _objects(pairs.loc[differs, "value_text_b"])))
    negated[differs] = [_negated(a, b) for a, b in texts]
    in_scope[differs] = [negation_in_scope(a, b) for a, b in texts]
    similarity = pairs["similarity"].to_numpy(dtype=float)
    contradicts = negated & in_scope & (similarity >= negated_similarity)
    # with fewer of the same words, a contradiction only where the negating side is outnumbered,
    # and only from NEGATED_OUTNUMBERED_SAME_WORDS of them (at any overlap, 0 of 13 such links
    # on the dev coverage were real: pleas against verdicts, rules of two years, a "not" that
    # denies nothing)
    outnumbered = np.zeros(len(pairs), dtype=bool)
    outnumbered[differs] = [_negated(a, b, NEGATED_OUTNUMBERED_SAME_WORDS) for a, b in texts]
    outnumbered &= in_scope & ~contradicts
    # a negation of words the other does not say ("was not one person, but a combination" /
    # "was a combination"; "is not legal" / "is illegal") is neither agreement nor contradiction
    keep = ~differs | contradicts | outnumbered
    # two sentences alike but for their figures ("about 20 miles north of Santa Rosa" / "about
    # 26 miles north") do not say the same: their values are compared as values
    agreeing = keep & ~contradicts & ~outnumbered
    amounts = lru_cache(maxsize=None)(_amounts)
    figures_differ = np.zeros(len(pairs), dtype=bool)
    figures_differ[agreeing] = [_changed_figures(a, b, amounts) for a, b in zip(
        _objects(pairs.loc[agreeing, "value_text_a"]), _objects(pairs.loc[agreeing, "value_text_b"]))]
    keep &= ~figures_differ
    first = (pairs["claim_id_a"] < pairs["claim_id_b"]).to_numpy(dtype=bool)
    frame = pd.DataFrame({
        "claim_a": np.where(first, _objects(pairs["claim_id_a"]), _objects(pairs["claim_id_b"])),
        "claim_b": np.where(first, _objects(pairs["claim_id_b"]), _objects(pairs["claim_id_a"])),
        "source_a": np.where(first, _objects(pairs["source_id_a"]), _objects(pairs["source_id_b"])),
        "source_b": np.where(first, _objects(pairs["source_id_b"]), _objects(pairs["source_id_a"])),
        "relation": np.where(contradicts, "contradicts", np.where(outnumbered, OUTNUMBERED, "agrees")),
        "similarity": similarity,
        "reason": [f"negation differs: \u201c{a}\u201d vs \u201c{b}\u201d" if c or o else ""
                   for a, b, c, o in zip(_objects(pairs["value_text_a"]), _objects(pairs["value_text_b"]),
                                         contradicts, outnumbered)],
    })[keep]
    return frame.drop_duplicates(["claim_a", "claim_b"]).reset_index(drop=True)[LINK_COLUMNS]


def _negated(a: str, b: str, same_words: float | None = None) -> bool:
    """Whether one of two sentences adds or drops a negation while the other words stay the
    same (``ALTERED_QUOTE_SAME_WORDS_DEFAULT`` of them)."""
    if bool(NEGATION.search(a)) == bool(NEGATION.search(b)):
        return False
    words_a = {w for w in re.findall(r"\w+", a.lower()) if not NEGATION.fullmatch(w)}
    words_b = {w for w in re.findall(r"\w+", b.lower()) if not NEGATION.fullmatch(w)}
    needed = ALTERED_QUOTE_SAME_WORDS_DEFAULT if same_words is None else same_words
    return len(words_a & words_b) / max(len(words_a | words_b), 1) >= needed


NEGATION_FILLER = {"be", "been", "being", "have", "has", "had", "yet", "even", "only", "just", "also",
                   "ever", "a", "an", "the", "to", "so", "very", "all"}


def negated_phrase(sentence: str, *, words: int = NEGATED_PHRASE_WORDS) -> set[str]:
    """The first content word(s) after the sentence's first negation (its scope, cut to their
    first 5 letters; stop words skipped): "did not play in Thursday's win" -> {"play"}."""
    match = NEGATION.search(sentence)
    if not match:
        return set()
    after = [w for w in re.findall(r"[^\W\d_]+", sentence[match.end():].lower())
             if w not in NEGATION_FILLER and w not in ENGLISH_STOP_WORDS and len(w) > 1]
    return {w[:5] for w in after[:words]}


def negation_in_scope(a: str, b: str) -> bool:
    """Whether one of two sentences negates what the other says: exactly one has a negation,
    and the word it negates is in the other ("has not checked into rehab" / "checked into
    rehab"; not "was not one person, but a combination" / "was a combination", nor "did not
    play in Thursday's win" / "inspired Thursday's win")."""
    negated_a, negated_b = bool(NEGATION.search(a)), bool(NEGATION.search(b))
    if negated_a == negated_b:
        return False
    negating, other = (a, b) if negated_a else (b, a)
    if NOT_UNTIL.search(negating) or PLEA.search(negating):
        return False  # "didn't take the lead until ...": it happened, later
    phrase = negated_phrase(negating)
    other_words = {w[:5] for w in re.findall(r"[\w'\u2019-]+", other.lower())}
    return bool(phrase & other_words)


# "pleaded not guilty": a plea, a step of a case, not a denial of the verdict that follows it
# (6 of the 13 false negation contradictions of the dev coverage).
PLEA = re.compile(r"\bplea(?:d|ds|ded|ding)?\s+not\b|\bnot[- ]guilty\s+plea", re.IGNORECASE)
# "did not ... until", "not only ... but": a negation that says when or how much, not whether.
NOT_UNTIL = re.compile(r"(?:\bnot\b|n['\u2019]t\b)(?:\W+\w+){0,8}?\W+(?:until|till|only)\b", re.IGNORECASE)


def _amounts(text: str) -> list:
    """The quantities, amounts and percentages of a text (``claims.values``)."""
    return [v for v in extract_values(text) if compare.kind_group(v.kind) in ("quantity", "money", "percent")]


def _changed(a: str, b: str, amounts=_amounts) -> str | None:
    """Why quote ``b`` alters quote ``a``: a negation added or dropped with the other words
    the same (at least ``ALTERED_QUOTE_SAME_WORDS_DEFAULT`` of them shared: "not legal" vs
    "illegal" is a rewording), or a typed value with no agreeing value in the other ("11" and
    "eleven", "400,000,000" and "400 million" agree). ``amounts``: ``_amounts``, or a cache
    of it (a quote is in many pairs)."""
    if _negated(a, b):
        return "negation"
    return "number" if _changed_figures(a, b, amounts) else None


def _changed_figures(a: str, b: str, amounts=_amounts) -> bool:
    """Whether each of two sentences has a quantity that no quantity of the other agrees with
    ("11" and "eleven", "400,000,000" and "400 million" agree)."""
    values_a, values_b = amounts(a), amounts(b)
    if not values_a or not values_b:
        return False

    def unmatched(ours, theirs):
        return any(not any(compare.values_agree(x.kind, x.value, x.bound, y.kind, y.value, y.bound)
                           for y in theirs) for x in ours)

    return unmatched(values_a, values_b) and unmatched(values_b, values_a)


def quote_links(claims: pd.DataFrame, pool, *, min_similarity: float = QUOTE_MATCH_SIMILARITY_DEFAULT,
                altered_similarity: float = CONTRADICTION_SIMILARITY_DEFAULT) -> pd.DataFrame:
    """Links between quotes of two sources that are the same quote (or an altered one)."""
    pairs = _quote_pairs(claims)
    pairs = pairs[np.array([speakers_compatible(a, b) for a, b in zip(pairs["unit_a"], pairs["unit_b"])], dtype=bool)]
    if pairs.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)
    similarity = _similarity(pairs["value_text_a"].tolist(), pairs["value_text_b"].tolist(),
                             _as_pool(pool))
    rows = []
    amounts = lru_cache(maxsize=None)(_amounts)  # this story's quotes only
    for row, score in zip(pairs.itertuples(index=False), similarity):
        if score < min_similarity:
            continue
        change = _changed(row.value_text_a, row.value_text_b, amounts)
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
    link_similarity_bare: float = LINK_SIMILARITY_BARE_DEFAULT,
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
                          link_similarity_bare=link_similarity_bare,
                          contradiction_similarity=contradiction_similarity),
              role_links(claims), quote_links(claims, pool), statement_links(claims, alignments)]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=LINK_COLUMNS)
    return pd.concat(frames, ignore_index=True).sort_values(["claim_a", "claim_b"]).reset_index(drop=True)


def _measures_rules(measure_a, measure_b, unit_a, unit_b, scope_a, scope_b, group) -> tuple[bool, bool]:
    """Whether two values may state one thing (their measures and scopes meet), and whether
    they certainly do (so that different values dispute it)."""
    meet = compare.measures_meet(measure_a, measure_b) and compare.scopes_meet(scope_a, scope_b)
    same_thing = (compare.measures_same(measure_a, measure_b, unit_a, unit_b) if group == "quantity"
                  else compare.measures_meet(measure_a, measure_b) and unit_a == unit_b
                  ) and compare.scopes_same(scope_a, scope_b)
    return meet, same_thing


def slot_words(text: str, value_text: str) -> tuple[str, str]:
    """The nearest content word before a value and the nearest after it and its counted noun
    (cut to their first 5 letters; "" where none): the slot the value fills ("captured 23
    Somali pirates after a gun battle" -> ("captu", "gun"); "Reid, 33, earned" -> ("reid",
    "earne"))."""
    found = _value_at(text, value_text)
    if not found:
        return "", ""
    at = found.start()
    # past the value's own words: its counted noun ("23 Somali pirates" is the value), or a
    # word glued to it ("47-yard field goal", "a 36-year-old driver")
    number_end = at + len(value_text)
    glued = re.match(r"-[^\W\d_]+", text[number_end:])
    if glued:
        number_end += glued.end()

    def first(words):
        return next((w.lower()[:5] for w in words if len(w) > 2 and w.lower() not in ENGLISH_STOP_WORDS
                     and w.lower() not in SLOT_FILLER), "")

    return (first(reversed(SLOT_WORD.findall(text[:at]))), first(SLOT_WORD.findall(text[number_end:])))


# Words that belong to the value's own phrase, not to its slot: an age's "year-old" is in every
# age ("the 23-year-old Bush" / "the 81-year old" fill two people's slots: Bush, and another).
SLOT_FILLER = {"year", "years", "old", "aged", "time", "times"}
def _value_at(text: str, value_text: str) -> re.Match | None:
    return re.search(r"(?<![\w.,])" + re.escape(value_text) + r"(?!\w)", text, re.IGNORECASE) if value_text else None


def _close_ages(a: str, b: str) -> bool:
    """Whether two ages differ by a year at most (or cannot be read)."""
    x, y = compare.number_of(re.sub(r"[^\d.]", " ", a).strip()), compare.number_of(re.sub(r"[^\d.]", " ", b).strip())
    return x is None or y is None or abs(x - y) <= 1


def _glued(text: str, value_text: str) -> str:
    """The word glued to a value by a hyphen ("three-time" -> "time", "47-yard" -> "yard"), or ""."""
    found = _value_at(text, value_text)
    glued = re.match(r"-([^\W\d_]+)", text[found.end():]) if found else None
    return glued.group(1).lower() if glued else ""


def _in_score(text: str, value_text: str) -> bool:
    """Whether a value is one side of a score, a record or a ratio ("27-24", "11-4", "28-of-41")."""
    found = _value_at(text, value_text)
    if not found:
        return False
    before, after = text[:found.start()], text[found.end():]
    return bool(re.search(r"\d[-\u2013]$|\d[-\s]of[-\s]$", before) or re.match(r"[-\u2013]\d|[-\s]of[-\s]\d", after))


SLOT_WORD = re.compile(r"[^\W\d_][\w'\u2019]*")


def _values_per_sentence(claims: pd.DataFrame) -> dict:
    """(sentence, kind group) -> how many values of that group the sentence states."""
    groups = claims["kind"].map(compare.kind_group)
    chosen = claims[groups.notna().to_numpy()]
    keys = zip(map(sentence_of, _objects(chosen["claim_id"])), _objects(groups[groups.notna()]))
    counts: dict = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return counts


def _slot_pairs(pairs: pd.DataFrame, per_sentence: dict, *, max_values: int = SLOT_MAX_VALUES,
                max_values_same_noun: int = SLOT_MAX_VALUES_SAME_NOUN) -> np.ndarray:
    """Which disagreeing value pairs fill the same slot of their two sentences: the nearest
    content word before, or the one after (past a counted noun), is the same; they do not
    count two different nouns ("20 carries" / "41 passes"); neither sentence states more than
    ``max_values`` values of the kind (a line of sports statistics pairs anything with
    anything); and in that pair of sentences neither value fills a slot with a second one."""
    columns = [_objects(pairs[c]) for c in ("text_a", "value_text_a", "text_b", "value_text_b",
                                            "sentence_a", "sentence_b", "group", "claim_id_a", "claim_id_b",
                                            "unit_key_a", "unit_key_b", "measure_a", "measure_b")]
    words = {}
    found = np.zeros(len(pairs), dtype=bool)
    for k, (ta, va, tb, vb, sa, sb, group, _, _, unit_a, unit_b, measure_a, measure_b) in enumerate(zip(*columns)):
        cap = max_values_same_noun if unit_a and unit_a == unit_b else max_values
        if per_sentence.get((sa, group), 0) > cap or per_sentence.get((sb, group), 0) > cap:
            continue
        for key in ((ta, va), (tb, vb)):
            if key not in words:
                words[key] = slot_words(*key)
        if unit_a and unit_b and not units_related(unit_a, unit_b, ta, tb):
            continue  # "20 carries" / "41 passes": two things counted
        if compare.UNDISPUTED_MEASURES & {measure_a, measure_b} and _close_ages(va, vb):
            continue  # "26-year-old" in January, "27-year-old" in September: one person, a birthday
        if _glued(ta, va) != _glued(tb, vb) or _in_score(ta, va) or _in_score(tb, vb):
            continue  # "a three-time Pro Bowl" / "Williams, 32"; "won 27-24" / "Week 15"
        (left_a, right_a), (left_b, right_b) = words[ta, va], words[tb, vb]
        found[k] = bool(left_a and left_a == left_b) or bool(right_a and right_a == right_b)
    uses: dict = {}
    for k in np.flatnonzero(found):
        for key in ((columns[4][k], columns[5][k], "a", columns[7][k]), (columns[4][k], columns[5][k], "b", columns[8][k])):
            uses[key] = uses.get(key, 0) + 1
    for k in np.flatnonzero(found):
        if uses[(columns[4][k], columns[5][k], "a", columns[7][k])] > 1 or uses[(columns[4][k], columns[5][k], "b", columns[8][k])] > 1:
            found[k] = False  # one value against two of the other: which is its slot is unclear
    return found


def _same_thing(pairs: pd.DataFrame) -> np.ndarray:
    keys = list(zip(*(_objects(pairs[c]) for c in ("measure_a", "measure_b", "unit_key_a", "unit_key_b",
                                                    "scope_a", "scope_b", "group"))))
    return np.array([_measures_rules(*key)[1] for key in keys], dtype=bool)


def value_links(claims, alignments, pool, *, link_similarity, link_similarity_other_unit,
                link_similarity_bare, contradiction_similarity,
                slot_contradiction_similarity=SLOT_CONTRADICTION_SIMILARITY_DEFAULT) -> pd.DataFrame:
    """Links between typed values (numbers, amounts, percentages, dates) of aligned sentences."""
    pairs = claim_pairs(claims, alignments)
    if pairs.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)
    # Values of two measures ("died" / "injured") or two scopes ("in the province" / "around
    # the Indian Ocean") never meet; a dispute needs the same measure and the same scope.
    measures = list(zip(*(_objects(pairs[c]) for c in ("measure_a", "measure_b", "unit_key_a", "unit_key_b",
                                                      "scope_a", "scope_b", "group"))))
    rules = {key: _measures_rules(*key) for key in dict.fromkeys(measures)}  # copies repeat them
    meet = np.array([rules[key][0] for key in measures], dtype=bool)
    same_thing = np.array([rules[key][1] for key in measures], dtype=bool)
    agreeing = pairs[pairs["agree"].eq(True).to_numpy() & meet]
    # disagreeing values of one measure, or of measures not both read (checked by their slot below)
    disagreeing = pairs[pairs["agree"].eq(False).to_numpy() & (same_thing | meet)]
    # Within one pair of sentences, a value that agrees with one of the other's values is not
    # contradicted by the others ("June 26 ... May 22" against "June 26 ... May 22").
    matched = set(zip(_objects(agreeing["claim_id_a"]), _objects(agreeing["sentence_b"]))) | set(
        zip(_objects(agreeing["claim_id_b"]), _objects(agreeing["sentence_a"])))
    unmatched = [(a, sb) not in matched and (b, sa) not in matched for a, b, sa, sb in zip(
        *(_objects(disagreeing[column]) for column in ("claim_id_a", "claim_id_b", "sentence_a", "sentence_b")))]
    disagreeing = disagreeing[np.array(unmatched, dtype=bool)]
    # A date resolved from "last month" or "on Thursday" rests on the source's metadata: it may
    # corroborate, never contradict (two copies dated a week apart would contradict themselves).
    absolute = [not (RELATIVE.search(a) or RELATIVE.search(b)) for a, b in zip(
        _objects(disagreeing["value_text_a"]), _objects(disagreeing["value_text_b"]))]
    disagreeing = disagreeing[np.array(absolute, dtype=bool)]
    # time units of one dimension that differ ("11 months" / "11 weeks") are not one fact
    agreeing = agreeing[np.array([not (a in TIME_UNITS and b in TIME_UNITS and a != b) for a, b in zip(
        _objects(agreeing["unit_key_a"]), _objects(agreeing["unit_key_b"]))], dtype=bool)]
    related = np.array([units_related(ua, ub, ta, tb) for ua, ub, ta, tb in zip(
        *(_objects(agreeing[column]) for column in ("unit_key_a", "unit_key_b", "text_a", "text_b")))], dtype=bool)
    needed = np.where(related, link_similarity, link_similarity_other_unit)
    # A date or a bare number shared by two similar sentences may still be two facts ("will
    # publish its decision on June 26" / "will start training on June 26"): such a value must
    # also share a word of its own context, or the sentences must be much more alike.
    bare = (agreeing["group"].isin(["date", "percent"]) | agreeing["unit_key_a"].eq("")
            | agreeing["unit_key_b"].eq("")).to_numpy(dtype=bool)
    columns = [_objects(agreeing[c]) for c in ("text_a", "value_text_a", "text_b", "value_text_b")]
    bare_rows = [row for row, is_bare in zip(zip(*columns), bare) if is_bare]
    contexts = {key: value_context(*key) for key in dict.fromkeys(  # copies repeat sentences
        [key for ta, va, tb, vb in bare_rows for key in ((ta, va), (tb, vb))])}
    context = np.array([bool(contexts[ta, va] & contexts[tb, vb]) if is_bare else False
                        for ta, va, tb, vb, is_bare in zip(*columns, bare)], dtype=bool)
    needed = np.where(bare & ~context, np.maximum(needed, link_similarity_bare), needed)
    masked_a = [_masked(t, v) for t, v in zip(disagreeing["text_a"], disagreeing["value_text_a"])]
    masked_b = [_masked(t, v) for t, v in zip(disagreeing["text_b"], disagreeing["value_text_b"])]
    disagreeing = disagreeing.assign(similarity=_similarity(masked_a, masked_b, pool))
    strict = _same_thing(disagreeing) & (disagreeing["similarity"].to_numpy() >= contradiction_similarity)
    outnumbered = ~strict & _slot_pairs(disagreeing, _values_per_sentence(claims)) & (
        disagreeing["similarity"].to_numpy() >= slot_contradiction_similarity)
    contradicting = disagreeing[strict | outnumbered]
    links = pd.concat([
        agreeing[agreeing["similarity"].to_numpy() >= needed].assign(relation="agrees", reason=""),
        contradicting.assign(relation=np.where(strict[strict | outnumbered], "contradicts", OUTNUMBERED), reason=[
            compare.disagreement_reason(k, ta, tb) for k, ta, tb in zip(
                contradicting["kind_a"], contradicting["value_text_a"], contradicting["value_text_b"])]),
    ])
    links = links.rename(columns={"claim_id_a": "claim_a", "claim_id_b": "claim_b",
                                  "source_id_a": "source_a", "source_id_b": "source_b"})
    return links[LINK_COLUMNS]


def judge_claims(claims: pd.DataFrame, links: pd.DataFrame, families: dict[str, str],
                 alignments: pd.DataFrame | None = None, published: dict[str, str] | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``claims`` with ``cluster_id``, ``status``, the sources that agree or disagree and the
    sources of each claim's side (``verdicts``), and the contradicting links kept: those
    whose two claims are two sides of one fact."""
    claims = claims.sort_values(["source_id", "line_no", "claim_id"]).reset_index(drop=True)
    aligned = {}
    if alignments is not None and len(alignments):
        for a, b, score in zip(_objects(alignments["sentence_a"]), _objects(alignments["sentence_b"]),
                               alignments["similarity"].to_numpy(dtype=float)):
            aligned[(a, b) if a < b else (b, a)] = max(score, aligned.get((a, b) if a < b else (b, a), 0.0))
    fact, side, kept = _facts_with_outnumbered(claims, links, families, aligned)
    width = max(4, len(str(int(fact.max()) if len(fact) else 0)))
    claims["cluster_id"] = [f"fact-{number:0{width}d}" for number in fact]
    return verdicts(claims, fact, side, families, published), kept


def _facts_with_outnumbered(claims: pd.DataFrame, links: pd.DataFrame, families: dict[str, str],
                            aligned: dict) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """``build_facts`` where a link of relation ``OUTNUMBERED`` contradicts only if, once the
    sides are built, one of its two sides has two or more independent sources (copy families)
    and more than the other; the others are dropped and the facts built again without them.
    The kept links all read "contradicts"."""
    weak = links["relation"].eq(OUTNUMBERED).to_numpy(dtype=bool)
    if not weak.any():
        return build_facts(claims, links, aligned)
    trial = links.assign(relation=np.where(weak, "contradicts", links["relation"].to_numpy(dtype=object)))
    fact, side, kept = build_facts(claims, trial, aligned)
    row_of = {claim: i for i, claim in enumerate(claims["claim_id"].tolist())}
    sources = claims["source_id"].tolist()
    side_families: dict = {}
    for i, s in enumerate(side.tolist()):
        side_families.setdefault(s, set()).add(families.get(sources[i], sources[i]))
    weak_pairs = set(zip(_objects(links.loc[weak, "claim_a"]), _objects(links.loc[weak, "claim_b"])))
    rejected = set()
    for a, b in zip(_objects(kept["claim_a"]), _objects(kept["claim_b"])):
        if (a, b) not in weak_pairs:
            continue
        family_a, family_b = (side_families[side[row_of[c]]] for c in (a, b))
        na, nb = len(family_a), len(family_b)
        # a source on both sides states both values: to it they are two things, not one disputed
        if family_a & family_b or not (max(na, nb) >= 2 and min(na, nb) < max(na, nb)):
            rejected.add((a, b))
    rejected |= weak_pairs - set(zip(_objects(kept["claim_a"]), _objects(kept["claim_b"])))
    if not rejected:
        return fact, side, kept
    pairs = list(zip(_objects(links["claim_a"]), _objects(links["claim_b"])))
    chosen = links[[not (w and pair in rejected) for w, pair in zip(weak, pairs)]]
    chosen = chosen.assign(relation=chosen["relation"].replace(OUTNUMBERED, "contradicts"))
    return build_facts(claims, chosen, aligned)


def contradictions_table(claims: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """One row per contradicting pair of claims (``links``: those ``judge_claims`` kept),
    with both sentences, the reason, each claim's verdict and the sources on its side; a
    figure that was updated over time is no contradiction and has no row."""
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
        "status_a": a["status"].to_numpy(), "status_b": b["status"].to_numpy(),
        "side_a": a["side_sources"].to_numpy(), "side_b": b["side_sources"].to_numpy(),
    })
    table = table[~(table["status_a"].eq("updated") | table["status_b"].eq("updated")).to_numpy()]
    return table.sort_values(["cluster_id", "source_a", "line_a", "source_b", "line_b"]).reset_index(drop=True)
