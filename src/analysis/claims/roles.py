"""People and organisations with the role a source gives them.

Three patterns, in English news style:

- apposition: "NAME, a/an/the ROLE," ("the Verbraucherzentrale North Rhine-Westphalia, a
  regional data protection authority in Germany," -> role "regional data protection authority");
- a role before a name: "privacy activist Max Schrems", "Meta CEO Mark Zuckerberg";
- a kind of organisation inside its name: "the North Rhine-Westphalia Consumer Center".

Each found role is put in a category from ``data/agreement/role_categories.txt`` where one
applies (a data protection authority, a consumer organisation, ...). An entity is known by its
key: the lower-case words of its name, less the words that name its kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Name words are atomic and names at most 8 words long: every pattern here then runs in time
# linear in the sentence (an earlier name pattern that could match an all-caps word two ways
# took 25 s on a 22-word capitalised headline).
NAME_WORD = r"(?>[A-Z][\w'’-]*)"
NAME = rf"{NAME_WORD}(?:\s+(?:of|for|de|von|der)\s+{NAME_WORD}|\s+{NAME_WORD}){{0,7}}"
# Sentences longer than this are not prose (tables, run-on scraps): no roles are read there.
MAX_SENTENCE_CHARS_DEFAULT = 1500
DETERMINER = r"(?:a|an|the|its|their|his|her|[A-Z][\w]*['’]s)"
# Role words run until a clause or a preposition other than "of" starts.
ROLE_STOP = (r"(?:in|at|on|for|from|with|by|who|which|that|known|based|said|says|has|have|had|"
             r"is|was|and said|whose|since|to)")
# An apposition is closed by a comma, a semicolon or a bracket, maybe after a short place or
# affiliation ("a regional data protection authority in Germany,"). One that runs to the end
# of the sentence is too often a clause ("According to Noyb, the company took a closer look.")
# and is not read.
APPOSITION_END = r"(?=(?:\s+(?:in|of|at|from|based in)\s[^,.;:()]{1,60})?\s*[,;)])"
# A name right after one of these is a place or a source, not an entity with a role
# ("In Brussels, the company ...", "According to Noyb, the group ...").
PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|on|at|according to|for|from|by|with|to|after|before|since|during|under|over|"
    r"across|near|outside|inside|throughout)\s+$", re.IGNORECASE)
# Sentence-opening words that look like names but are times or adverbs.
NOT_NAMES = {"yesterday", "today", "tomorrow", "earlier", "later", "instead", "overall",
             "meanwhile", "now", "then", "still", "also", "first", "finally", "last", "next",
             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december"}
# An apposition followed by ", and" or ", or" is an item of a list of names.
LIST_CONTINUES = re.compile(r"\s*,\s*(?:and|or)\b")
APPOSITION = re.compile(
    rf"(?P<name>{NAME}),\s+(?P<role>{DETERMINER}\s+(?:(?!{ROLE_STOP}\b)[\w'’-]+\s+){{0,5}}?"
    rf"(?!{ROLE_STOP}\b)[\w'’-]+){APPOSITION_END}"
)
PERSON_ROLES = (r"activist|founder|co-founder|chief executive|ceo|chairman|chairwoman|chair|"
                r"director|spokesperson|spokesman|spokeswoman|minister|lawyer|commissioner|"
                r"president|head|officer|judge|researcher|professor|analyst|editor|secretary")
NOT_A_ROLE_WORD = r"(?:by|led|with|of|and|or|the|a|an|to|for|from|in|on|at|as|said|says|its|their)"
ROLE_BEFORE_NAME = re.compile(
    rf"(?P<role>(?:\b(?!{NOT_A_ROLE_WORD}\b)[\w'’-]+\s+){{0,2}}\b(?:{PERSON_ROLES}))\s+(?P<name>{NAME_WORD}\s+{NAME_WORD})\b",
    re.IGNORECASE,
)
# Words of a name that do not tell one entity from another. Words naming a kind of
# organisation stay in the key: "Hamburg Consumer Center" and "Hamburg Data Protection
# Authority" share only "hamburg", so they are two entities.
KEY_STOP_WORDS = {"the", "of", "for", "de", "von", "der", "and", "ltd", "inc", "gmbh", "plc", "co"}
# Words that name a kind of organisation: two names sharing only these are not one entity.
KIND_WORDS = {
    "center", "centre", "commission", "commissioner", "authority", "board", "agency", "office",
    "court", "ministry", "organisation", "organization", "organizations", "organisations",
    "federation", "association", "council", "group", "consumer", "consumers", "data",
    "protection", "privacy", "watchdog", "regulator", "european", "national", "federal",
    "state", "regional", "supervisor", "supervisory", "department",
}
COMMON_SENTENCE_STARTS = {"The", "A", "An", "This", "That", "In", "On", "But", "And", "However"}


@dataclass(frozen=True)
class Role:
    entity: str      # the name as written
    key: str         # lower-case distinctive words of the name, sorted, space-separated
    role: str        # the role as written
    category: str    # a category of role_categories.txt, or the role itself (lower case)
    name_category: str | None  # the category the name itself carries ("... Consumer Center")
    explicit: bool   # said of the entity (apposition, role before the name), not read off its name
    start: int
    end: int


@lru_cache(maxsize=1)
def categories() -> list[tuple[str, str, re.Pattern]]:
    """(category, sector, pattern) rows of ``role_categories.txt``, in file order."""
    text = resources.files("analysis").joinpath("data", "agreement", "role_categories.txt").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, sector, pattern = line.split("\t", 2)
            rows.append((name.strip(), sector.strip(), re.compile(pattern.strip(), re.IGNORECASE)))
    return rows


def categorise_role(role: str) -> str | None:
    """The category of a role phrase, judged on its head: "director of the consumer center"
    is a person's role, not a consumer organisation."""
    return categorise(re.split(r"\s+of\s+", role, maxsplit=1)[0])


def categorise(text: str) -> str | None:
    """The first category whose phrases occur in ``text``."""
    for name, _, pattern in categories():
        if pattern.search(text):
            return name
    return None


def sector(category: str) -> str | None:
    """The sector of a listed category; None for anything else (person roles)."""
    return next((s for name, s, _ in categories() if name == category), None)


def entity_key(name: str) -> str:
    words = re.findall(r"[\w]+", name.lower().replace("’", "'").replace("'s", ""))
    return " ".join(sorted({w for w in words if w not in KEY_STOP_WORDS}))


def _strip_determiner(role: str) -> str:
    return re.sub(rf"^{DETERMINER}\s+", "", role).strip()


def _is_name(name: str, start: int, sentence: str) -> bool:
    """Not a sentence adverb or a time standing first ("Nevertheless,", "Yesterday,"), and not
    a place or a source after a preposition ("In Brussels,", "According to Noyb,")."""
    if PREPOSITION_BEFORE.search(sentence[:start]):
        return False
    if " " in name:
        return True
    word = name.lower()
    if word in NOT_NAMES:
        return False
    return start > 0 or not (word in ENGLISH_STOP_WORDS or word.endswith("ly"))


def _trim_name(name: str, start: int) -> tuple[str, int]:
    """Drop a sentence-opening word ("The", "But") glued to the front of a name."""
    first, _, rest = name.partition(" ")
    if first in COMMON_SENTENCE_STARTS and rest:
        return rest, start + len(first) + 1
    return name, start


def extract_roles(sentence: str) -> list[Role]:
    """Entities with a role in ``sentence``, in order of appearance."""
    found: list[Role] = []
    if len(sentence) > MAX_SENTENCE_CHARS_DEFAULT:
        return found
    for match in APPOSITION.finditer(sentence):
        name, start = _trim_name(match.group("name"), match.start("name"))
        role = _strip_determiner(match.group("role"))
        article = re.match(r"(?:a|an|the)\s", match.group("role")) is not None
        proper = all(w[0].isupper() for w in role.split())
        if (not role or not _is_name(name, start, sentence)
                or (proper and article)   # "Ireland, the Netherlands", "Meta, the Irish Data ..."
                or LIST_CONTINUES.match(sentence, match.end("role"))):
            continue
        found.append(Role(name, entity_key(name), role, categorise_role(role) or role.lower(),
                          categorise(name), True, start, match.end("role")))
    for match in ROLE_BEFORE_NAME.finditer(sentence):
        name = match.group("name")
        if not all(w[0].isupper() for w in name.split()):
            continue
        role = match.group("role").strip()
        found.append(Role(name, entity_key(name), role, categorise_role(role) or role.lower(),
                          categorise(name), True, match.start("role"), match.end("name")))
    for match in re.finditer(NAME, sentence):
        name, start = _trim_name(match.group(0), match.start())
        category = categorise(name)
        if category is None or len(name.split()) < 2 or not entity_key(name):
            continue
        if any(r.start <= start < r.end for r in found):
            continue
        found.append(Role(name, entity_key(name), name, category, category, False, start, start + len(name)))
    return sorted(found, key=lambda r: r.start)
