"""Planted errors: known wrong facts put into real coverage, to see whether the study catches them.

The sharpest test of a consistency verdict is an error whose truth is known: change a fact in
one article where two or more other articles of the same event state it, run the study, and
see whether the changed claim comes out ``contradicted``, and who is blamed. This module finds
where a fact can be changed and changes it; it knows nothing of the study's own extractors,
so that a value the study cannot read is still planted (and counted as missed).

Kinds of plant:

- ``number``: a number in digits ("23", "5.6") that two or more other articles of the group
  state too, in a sentence that shares a content word with this one (a small number, under
  ``SMALL_NUMBER``, must share one next to it: "2" is stated for many things). It becomes a
  number clearly apart from it ("23" -> "49", "5.6" -> "7.3"): beyond rounding and beyond
  the "about" tolerance of any reading.
- ``date``: a day of a month ("March 14", "14 March") that two or more other articles state;
  its day moves by ``DATE_SHIFT_DAYS``.
- ``negation``: a sentence with an auxiliary verb ("was", "has", "will") whose content words
  two or more other articles' sentences share (``NEGATION_SUPPORT_OVERLAP``): "not" is put
  after the auxiliary ("was arrested" -> "was not arrested").

``candidates`` lists every place a plant can go; ``draw`` picks one per group (an event, a
story) at random with a seed; ``apply`` returns the changed texts. Pure functions of the
texts: the benchmark (``benchmarks/planted.py``) and the study's self-check both use them.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# A number written in digits, not part of a word, a clock time, a date, a decimal list or a
# code ("AK-47", "6:22", "11/27/2005", "76ers", "3D", "1.2.3").
NUMBER = re.compile(r"(?<![\w.,:/$\u20ac\u00a3-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w:/]|[.,]\d)"
                    r"(?!\s?[ap]\.?m\b)", re.IGNORECASE)
YEAR = re.compile(r"(?:19|20)\d{2}")
MONTH_NAMES = [m for m in calendar.month_name if m]
MONTH = "|".join(MONTH_NAMES + [m for m in calendar.month_abbr if m and m != "May"])
DAY_MONTH = re.compile(rf"\b(?P<month>{MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
                       rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{MONTH})\b")
AUXILIARY = re.compile(r"\b(was|were|is|are|has|have|had|will|would|could|can|did|does|should)\s+(?=[a-z]{3,})")
NEGATED = re.compile(r"\b(?:not|no|never|n't|nobody|nothing|neither|nor|none)\b|n['\u2019]t\b", re.IGNORECASE)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")

# Numbers under this must share a word right beside them with the other articles' mentions
# (window ``CONTEXT_WORDS`` each side): "2" is the count of many things in one story.
SMALL_NUMBER = 10
CONTEXT_WORDS = 4
# Other articles (not copies of the same text) that must state the fact for it to be planted:
# two, as in the owners' planted-error measure ("where two or more other articles state it").
MIN_SUPPORT = 2
DATE_SHIFT_DAYS = 5
# A negated sentence is planted only where two or more other articles have a sentence sharing
# this share of its content words (Jaccard): they state the same thing, so "not" makes it the
# opposite of what they say. 0.35 read on ECB+ dev: pairs at 0.35 and more retell one event's
# turn in near the same words.
NEGATION_SUPPORT_OVERLAP = 0.35
NEGATION_MIN_WORDS = 6
# A planted number differs from the true one by at least this share (and by 2 or more): no
# reading of rounding ("about 40" is 36-44) or of bounds lets the two agree.
MIN_RELATIVE_CHANGE = 0.3
KINDS = ("number", "date", "negation")

CANDIDATE_COLUMNS = ["group", "source_id", "line_no", "kind", "start", "end", "written", "planted",
                     "support", "line"]


@dataclass(frozen=True)
class Plant:
    """One planted error: in ``source_id`` line ``line_no``, ``written`` (at ``start``..``end``)
    became ``planted``; ``support`` names the other articles that state the true fact."""

    group: str
    source_id: str
    line_no: int
    kind: str
    start: int
    end: int
    written: str
    planted: str
    support: str
    line: str

    @property
    def planted_line(self) -> str:
        return self.line[:self.start] + self.planted + self.line[self.end:]


def content_words(text: str) -> set[str]:
    """Lower-case content words cut to their first 5 letters (a crude stem)."""
    return {w.lower()[:5] for w in WORD.findall(text) if len(w) > 2 and w.lower() not in ENGLISH_STOP_WORDS}


def _near(line: str, start: int, end: int, width: int = CONTEXT_WORDS) -> set[str]:
    before = WORD.findall(line[:start])[-width:]
    after = WORD.findall(line[end:])[:width]
    return content_words(" ".join(before + after))


def _number_mentions(source: str, line_no: int, line: str) -> list[dict]:
    found = []
    for match in NUMBER.finditer(line):
        whole, decimals = match.group(1), match.group(2) or ""
        if not decimals and YEAR.fullmatch(whole):
            continue
        if DAY_MONTH.search(line[max(0, match.start() - 12):match.end() + 12]) and not decimals:
            continue  # the day of a date: the date plant handles it
        value = float(whole.replace(",", "") + decimals)
        if value < 2 and not decimals:
            continue
        found.append({"source_id": source, "line_no": line_no, "kind": "number", "start": match.start(),
                      "end": match.end(), "written": match.group(0), "key": f"{value:g}",
                      "near": _near(line, match.start(), match.end()), "words": content_words(line),
                      "small": value < SMALL_NUMBER and not decimals, "line": line})
    return found


def _date_mentions(source: str, line_no: int, line: str) -> list[dict]:
    found = []
    for match in DAY_MONTH.finditer(line):
        month = (match.group("month") or match.group("month2"))[:3].lower()
        day_group = "day" if match.group("day") else "day2"
        day = int(match.group(day_group))
        if not 1 <= day <= 31:
            continue
        found.append({"source_id": source, "line_no": line_no, "kind": "date", "start": match.start(day_group),
                      "end": match.end(day_group), "written": match.group(day_group), "key": f"{month}-{day}",
                      "near": _near(line, match.start(), match.end()), "words": content_words(line),
                      "small": False, "line": line})
    return found


def _planted_number(written: str, rng: np.random.Generator) -> str:
    """A number clearly apart from ``written``, in the same style (decimals, thousands)."""
    plain = written.replace(",", "")
    value = float(plain)
    if "." in plain:
        places = len(plain.split(".")[1])
        for _ in range(20):
            new = round(value + rng.choice([-1, 1]) * rng.uniform(max(1.0, value * MIN_RELATIVE_CHANGE),
                                                                  max(2.0, value * 0.8)), places)
            if new > 0 and abs(new - value) >= max(value * MIN_RELATIVE_CHANGE, 10 ** -places):
                return f"{new:.{places}f}"
        return f"{value * 2:.{places}f}"
    choices = []
    for factor in (0.5, 1.5, 2.0, 2.5, 3.0):
        new = int(round(value * factor))
        if new >= 2 and abs(new - value) >= max(2, value * MIN_RELATIVE_CHANGE) and str(new) != plain:
            choices.append(new)
    new = int(rng.choice(choices)) if choices else int(value) + 7
    return f"{new:,}" if "," in written else str(new)


def _planted_day(written: str, rng: np.random.Generator) -> str:
    day = int(written)
    shift = DATE_SHIFT_DAYS if day + DATE_SHIFT_DAYS <= 28 and (day <= DATE_SHIFT_DAYS or rng.random() < 0.5) \
        else -DATE_SHIFT_DAYS
    return str(day + shift)


def candidates(lines: pd.DataFrame, *, min_support: int = MIN_SUPPORT, kinds=KINDS,
               families: dict[str, str] | None = None) -> pd.DataFrame:
    """Every place a fact can be planted: ``lines`` has ``group``, ``source_id``, ``line_no``
    and ``text`` (one row per line of each article). ``families`` maps a source to its copy
    family (copies of one text count once as support). Returns ``CANDIDATE_COLUMNS`` less
    ``planted`` (set by ``draw``)."""
    families = families or {}
    rows = []
    for group, part in lines.groupby("group", sort=True):
        mentions = []
        for source, line_no, text in zip(part["source_id"], part["line_no"], part["text"]):
            if "number" in kinds:
                mentions += _number_mentions(source, int(line_no), text)
            if "date" in kinds:
                mentions += _date_mentions(source, int(line_no), text)
        by_key: dict[tuple, list[dict]] = {}
        for m in mentions:
            by_key.setdefault((m["kind"], m["key"]), []).append(m)
        for m in mentions:
            family = families.get(m["source_id"], m["source_id"])
            supporters = set()
            for other in by_key[(m["kind"], m["key"])]:
                other_family = families.get(other["source_id"], other["source_id"])
                if other_family == family:
                    continue
                shared = m["near"] & other["near"] if m["small"] else m["words"] & other["words"]
                if shared:
                    supporters.add(other_family)
            if len(supporters) >= min_support:
                rows.append({"group": group, "source_id": m["source_id"], "line_no": m["line_no"],
                             "kind": m["kind"], "start": m["start"], "end": m["end"], "written": m["written"],
                             "support": ",".join(sorted(supporters)), "line": m["line"]})
        if "negation" in kinds:
            rows += _negation_candidates(group, part, min_support, families)
    columns = [c for c in CANDIDATE_COLUMNS if c != "planted"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["group", "source_id", "line_no", "start"]).reset_index(drop=True)


def _negation_candidates(group: str, part: pd.DataFrame, min_support: int, families: dict) -> list[dict]:
    sentences = [(s, int(n), t, content_words(t)) for s, n, t in zip(part["source_id"], part["line_no"], part["text"])]
    rows = []
    for source, line_no, text, words in sentences:
        auxiliary = AUXILIARY.search(text)
        if not auxiliary or NEGATED.search(text) or len(words) < NEGATION_MIN_WORDS or "?" in text:
            continue
        family = families.get(source, source)
        supporters = {families.get(s, s) for s, _, _, w in sentences
                      if families.get(s, s) != family and len(words & w) / max(len(words | w), 1)
                      >= NEGATION_SUPPORT_OVERLAP}
        if len(supporters) >= min_support:
            rows.append({"group": group, "source_id": source, "line_no": line_no, "kind": "negation",
                         "start": auxiliary.end(1), "end": auxiliary.end(1), "written": "",
                         "support": ",".join(sorted(supporters)), "line": text})
    return rows


def draw(found: pd.DataFrame, seed: int, *, kinds=KINDS) -> list[Plant]:
    """One plant per group, chosen at random (``seed``): first a kind among those the group
    offers (of ``kinds``), then a place of that kind, then the wrong value."""
    rng = np.random.default_rng(seed)
    plants = []
    for group, part in found[found["kind"].isin(kinds)].groupby("group", sort=True):
        kind = rng.choice(sorted(part["kind"].unique()))
        row = part[part["kind"] == kind].iloc[int(rng.integers(len(part[part["kind"] == kind])))]
        if kind == "number":
            planted = _planted_number(row["written"], rng)
        elif kind == "date":
            planted = _planted_day(row["written"], rng)
        else:
            planted = " not"
        plants.append(Plant(group=group, source_id=row["source_id"], line_no=int(row["line_no"]), kind=kind,
                            start=int(row["start"]), end=int(row["end"]), written=row["written"],
                            planted=planted, support=row["support"], line=row["line"]))
    return plants


def apply(texts: dict[str, list[str]], plants: list[Plant]) -> dict[str, list[str]]:
    """The articles' lines (``source_id`` -> lines, line 1 first) with the plants made; only
    the planted articles are in the result."""
    changed: dict[str, list[str]] = {}
    for plant in plants:
        lines = list(changed.get(plant.source_id, texts[plant.source_id]))
        if lines[plant.line_no - 1] != plant.line:
            raise ValueError(f"{plant.source_id} line {plant.line_no} is not the line the plant was found in")
        lines[plant.line_no - 1] = plant.planted_line
        changed[plant.source_id] = lines
    return changed


def planted_claims(claims: pd.DataFrame, plant: Plant) -> pd.DataFrame:
    """The study's claims that carry a plant: of its article and sentence, holding the planted
    value (numbers, dates) or the sentence itself (a negation)."""
    mine = claims[(claims["source_id"] == plant.source_id).to_numpy(dtype=bool)]
    planted_line = plant.planted_line
    in_line = np.array([isinstance(t, str) and bool(t.strip()) and t.strip() in planted_line
                        for t in mine["text"]], dtype=bool)
    mine = mine[in_line]
    if plant.kind == "negation":
        return mine[(mine["kind"] == "statement").to_numpy(dtype=bool)]
    holds = np.array([isinstance(t, str) and plant.planted.strip() in t for t in mine["value_text"]], dtype=bool)
    return mine[holds]


def corpus_lines(folder: Path, groups: dict[str, str]) -> pd.DataFrame:
    """The non-empty lines of a folder's plain-text articles (``<source_id>.txt``), one row
    each (``group``, ``source_id``, ``line_no``, ``text``); ``groups`` maps each source to its
    group (an event, a story), and only those sources are read."""
    rows = []
    for source, group in sorted(groups.items()):
        text = (Path(folder) / f"{source}.txt").read_text(encoding="utf-8")
        rows += [(group, source, n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    return pd.DataFrame(rows, columns=["group", "source_id", "line_no", "text"])


def write_planted(folder: Path, target: Path, plants: list[Plant]) -> None:
    """``folder`` copied to ``target`` with ``plants`` made (unchanged files linked, not copied)."""
    folder, target = Path(folder), Path(target)
    texts = {p.source_id: (folder / f"{p.source_id}.txt").read_text(encoding="utf-8").split("\n") for p in plants}
    changed = apply(texts, plants)
    target.mkdir(parents=True)
    for path in folder.iterdir():
        if path.suffix == ".txt" and path.stem in changed:
            (target / path.name).write_text("\n".join(changed[path.stem]), encoding="utf-8")
        elif path.is_file():
            (target / path.name).symlink_to(path.resolve())


def outcome(claims: pd.DataFrame) -> str:
    """What the study made of a plant, from the claims that carry it (``planted_claims``):
    ``contradicted`` (caught), ``disputed``, ``not flagged`` or ``not read`` (no claim)."""
    statuses = set(claims["status"].astype(str))
    if "contradicted" in statuses:
        return "contradicted"
    if "disputed" in statuses:
        return "disputed"
    return "not read" if claims.empty else "not flagged"
