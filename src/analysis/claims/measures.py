"""What a value measures, and the scope it is stated for.

A number alone says little: "five people" may have died or been injured, "10" may be a
depth, a magnitude or a count of houses. Two values of different sources are one fact only
when they state the same *measure* (``died``, ``injured``, ``magnitude``, ``depth``, ...) of
the same thing, for the same *scope* (a place, a year, "in total", "so far").

- The measure is read off the value's clause (the words between the nearest clause breaks:
  commas, semicolons, brackets, "and", "but", "while", "as"): a cue of
  ``data/agreement/measures.txt`` in it, the nearest one to the value winning ("Five people
  died and seven were injured": "died" for five, "injured" for seven; "killing at least five
  people and injuring dozens": "killed" for five).
- The scope is the set of places (capitalised words after "in", "across", "around", "off",
  "near"), years and scope words ("total", "so far", "during the operation") of the clause,
  lower-cased. "killed 170,000 people in the province" and "killed 230,000 people around the
  Indian Ocean" have different scopes: no contradiction.

Both are plain strings in ``claims`` (``measure``, ``scope``), empty when nothing is found.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# Clause breaks: a value's measure and scope are read between these.
CLAUSE_BREAK = re.compile(
    r"[,;:()\u2013\u2014\"\u201c\u201d]|\s-\s|\b(?:and|but|while|whereas|as|after|before|"
    r"when|which|who)\b", re.IGNORECASE)
# A cue further than this many words from its value is another clause's in all but name.
MEASURE_MAX_WORDS_DEFAULT = 6
SCOPE_PLACE = re.compile(
    r"\b(?i:in|across|around|throughout|off|near|outside|inside|at)\s+(?i:the\s+|neighbouring\s+|neighboring\s+|nearby\s+)?"
    r"((?:[A-Z][\w'’-]+)(?:\s+(?:of\s+)?[A-Z][\w'’-]+){0,3})")
SCOPE_WORDS = re.compile(
    r"\b(in total|total|overall|so far|to date|altogether|combined|during the (?:\w+ )?operations?|"
    r"per day|a day|each day|per year|a year|every year|annually|per month|a month|"
    r"nationwide|worldwide|(?:in|across|around) the (?:province|district|region|state|country|city|"
    r"village|town|area|world)|"
    # spans of time and of a career: "since October", "this season", "in the first half", a record
    r"since (?:\w+)|this (?:season|year|month|week)|last (?:season|year|month|week)|career|record|"
    r"in the (?:first|second|third|fourth) (?:half|quarter|period|round|inning)|per game|a game)\b",
    re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
WORD = re.compile(r"\w[\w'’-]*")


@lru_cache(maxsize=1)
def measure_cues() -> list[tuple[str, re.Pattern]]:
    """(measure, pattern of its cue words), from the data file, in file order."""
    text = resources.files("analysis").joinpath("data/agreement/measures.txt").read_text("utf-8")
    cues = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, pattern = (part.strip() for part in line.split(":", 1))
        cues.append((name, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)))
    return cues


def clause_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The character span of the clause that holds ``sentence[start:end]``."""
    left = 0
    for match in CLAUSE_BREAK.finditer(sentence, 0, start):
        left = match.end()
    after = CLAUSE_BREAK.search(sentence, end)
    return left, after.start() if after else len(sentence)


def measure_of(sentence: str, start: int, end: int, *,
               max_words: int = MEASURE_MAX_WORDS_DEFAULT) -> str:
    """The measure a value at ``sentence[start:end]`` states; "" when no cue is near.

    The cue may be in the value's own words too ("6.1-magnitude", "magnitude-6.1")."""
    left, right = clause_span(sentence, start, end)
    best, best_distance = "", None
    for name, pattern in measure_cues():
        for match in pattern.finditer(sentence, left, right):
            if start <= match.start() < end:
                distance = 0
            elif match.end() <= start:
                distance = len(WORD.findall(sentence[match.end():start]))
            else:
                distance = len(WORD.findall(sentence[end:match.start()]))
            if distance > max_words:
                continue
            if best_distance is None or distance < best_distance:
                best, best_distance = name, distance
    return best


# An opening phrase ("In neighbouring Central Aceh district, ...") scopes the whole sentence.
OPENING_PHRASE = re.compile(r"^\s*(?:in|across|around|throughout|at|during|off|near)\b[^,;:]{0,60},", re.IGNORECASE)


def scope_of(sentence: str, start: int, end: int) -> str:
    """Places, years and scope words of the value's clause (and of the sentence's opening
    phrase, "In Central Aceh district, ..."), sorted, joined by " | "."""
    left, right = clause_span(sentence, start, end)
    clause = sentence[left:start] + " " + sentence[end:right]
    opening = OPENING_PHRASE.match(sentence)
    if opening and opening.end() <= start:
        clause += " " + opening.group(0)
    parts = {m.group(1).lower() for m in SCOPE_PLACE.finditer(clause)}
    parts |= {m.group(1).lower() for m in SCOPE_WORDS.finditer(clause)}
    parts |= set(YEAR.findall(clause))
    return " | ".join(sorted(parts))
