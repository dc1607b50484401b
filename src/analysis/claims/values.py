"""Typed, normalised values in a sentence: the checkable part of a claim.

Kinds: ``number``, ``percent``, ``money``, ``count`` (a number with the noun it counts:
"11 complaints"), ``date``. Numbers are read in digits ("1,200", "4.5 million") and in words
("eleven", "four hundred million", via text2num), so "11" and "eleven" normalise alike.
A qualifier ("more than", "about", "up to") is kept as the value's ``bound``
(``exact``, ``min``, ``max``, ``approx``): later stages must not call "400 million" and "more
than 400 million" a contradiction. Dates are normalised to the precision the text gives
(``2024-06-26``, ``2024-06``, ``2024``); a day and month without a year take the year that puts
them nearest the article's date, and relative dates ("last month", "on Thursday") are resolved
against it when it is known.

Values are read as the article writes them (``language``, the article's language code):

- in languages with a decimal comma (``DECIMAL_COMMA_LANGUAGES``: French, German, ...) "1.500"
  and "1 500" are 1500 and "1,5" is 1.5; in English "1,500" is 1500 and "1.5" is 1.5;
- dates in the article's language ("le 3 mars 2024", "am 3. März 2024", "3/3/2024" read day
  first), with the month names of ``data/claims/months.txt``; English dates are read in every
  language, numeric ones month first ("03/14/2013") in English;
- fractions: "4½", "4 1/2" and "4-1/2" are 4.5; "41/2 months" is 4 1/2 too (the "½" of the
  source became "1/2" glued to the whole number: read so only before a unit of time, length
  or weight, where "41/2" as a ratio or a date makes no sense); "4\ufffd months" (a character
  lost in decoding, most often a "½" of a Latin-1 page) is 4.5 *approximately*: the lost
  fraction is unknown, and an approximate 4.5 agrees with 4 1/4 to 4 3/4;
- clock times ("07:37", "around 7 a.m.", "7 o'clock", "at 7pm") are no quantities;
- a number before an earthquake noun ("4.6 quake", "7.3 earthquake") is a magnitude
  (``Value.measure``), not a count of "quake rattles".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from text_to_num import text2num

MAGNITUDES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9,
              "m": 1e6, "k": 1e3}
# The same words in the languages with a decimal comma, read only in articles of those
# languages ("Mio." is a million in German; "mille" a thousand in French and Italian).
FOREIGN_MAGNITUDES = {
    "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "mille": 1e3,            # fr
    "tausend": 1e3, "millionen": 1e6, "mio": 1e6, "milliarde": 1e9, "milliarden": 1e9,
    "mrd": 1e9,                                                                   # de
    "mil": 1e3, "millón": 1e6, "millon": 1e6, "millones": 1e6,                   # es
    "milione": 1e6, "milioni": 1e6, "miliardo": 1e9, "miliardi": 1e9,            # it
}
FOREIGN_PERCENT = r"prozent|pour cent|pourcent|por ciento|per cento"
# Languages that write a decimal comma and group thousands with a dot or a space ("1.500,5",
# "1 500,5"): CLDR number symbols of these locales. In them "1.500" is 1500, "1,5" is 1.5.
DECIMAL_COMMA_LANGUAGES = frozenset({
    "de", "fr", "es", "it", "pt", "nl", "da", "nb", "no", "nn", "sv", "fi", "pl", "cs", "sk",
    "ru", "uk", "tr", "id", "ro", "hu", "el", "hr", "sl", "sr", "bg", "ca",
})
CURRENCIES = {"us$": "USD", "$us": "USD", "a$": "AUD", "au$": "AUD", "$a": "AUD", "$au": "AUD",
              "nz$": "NZD", "c$": "CAD", "hk$": "HKD", "€": "EUR", "euro": "EUR", "euros": "EUR", "eur": "EUR", "$": "USD",
              "dollar": "USD", "dollars": "USD", "usd": "USD", "£": "GBP", "pound": "GBP",
              "pounds": "GBP", "gbp": "GBP", "chf": "CHF", "francs": "CHF"}
BOUNDS = {
    "more than": "min", "over": "min", "at least": "min", "above": "min", "upwards of": "min",
    "less than": "max", "fewer than": "max", "under": "max", "up to": "max", "at most": "max",
    "below": "max", "nearly": "approx", "almost": "approx", "about": "approx",
    "around": "approx", "roughly": "approx", "some": "approx", "approximately": "approx",
    "an estimated": "approx", "close to": "approx",
}
NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|million|billion|trillion)"
)
# "four hundred million", "twenty-five": runs of number words joined by spaces, hyphens, "and"
NUMBER_WORDS = re.compile(
    rf"\b{NUMBER_WORD}(?:(?:[\s-]+|\s+and\s+){NUMBER_WORD})*\b", re.IGNORECASE)
# Small number words stand for pronouns and idioms too often ("one of", "two-thirds"):
# below this, a number word counts only when a noun follows it (a count).
WORD_NUMBER_MIN_ALONE = 3
ENGLISH_NUMBER = (
    # a decimal comma before a magnitude or percent ("4,5 million") is German or French style
    r"\d+,\d{1,2}(?=\s?(?:(?:thousand|million|billion|trillion|percent|per cent)\b|%))"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# "1.500", "1.500,50", "1 500" (a space, no-break or narrow no-break space), "1,5", "3"
DECIMAL_COMMA_NUMBER = (
    r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.])|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d])"
    r"|\d+,\d+|\d+(?:\.\d+)?")
DIGITS_TEMPLATE = (
    # not the model number of "AK-47", not the minutes of "07:37"
    r"(?<![\w.,])(?<!(?-i:[A-Z])-)(?P<currency_before>(?:US|AU|A|NZ|C|HK)?\$(?:US|AU|A)?|[€£])?\s?"
    r"(?P<number>{number})"
    r"(?:\s?(?P<magnitude>{magnitudes})\b)?"
    r"(?:\s?(?P<percent>%|percent|per cent{percent})(?!\w))?")
DIGITS = re.compile(DIGITS_TEMPLATE.format(
    number=ENGLISH_NUMBER, magnitudes="thousand|million|billion|trillion|bn|m|k", percent=""),
    re.IGNORECASE)
DIGITS_DECIMAL_COMMA = re.compile(DIGITS_TEMPLATE.format(
    number=DECIMAL_COMMA_NUMBER,
    magnitudes="|".join(sorted([*MAGNITUDES, *FOREIGN_MAGNITUDES], key=len, reverse=True)),
    percent="|" + FOREIGN_PERCENT), re.IGNORECASE)


def decimal_comma(language: str | None) -> bool:
    """Whether an article in ``language`` writes "1,5" for one and a half."""
    return (language or "").lower().split("-")[0] in DECIMAL_COMMA_LANGUAGES


def parse_number(raw: str, *, comma_decimal: bool = False) -> float:
    """The number written ``raw``: "1,200" (English) or "1.200" / "1 200" (decimal comma) are
    1200; "4,5" before a magnitude, or any "4,5" with a decimal comma, is 4.5."""
    if comma_decimal:
        return float(re.sub(r"[.\s\u00a0\u202f]", "", raw).replace(",", "."))
    return float(raw.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", raw) else raw.replace(",", ""))


# Clock times are no values: "07:37", "06:37:46", "9:01 AM", "4:00am"; "08.33 BST" (a dot
# only before a time zone or am/pm: "3.45 million" is a number); "7 a.m.", "at 7pm",
# "7 o'clock", "14h30".
TIME_ZONES = r"gmt|bst|utc|cet|cest|est|edt|cst|cdt|mst|mdt|pst|pdt|akdt|ist|hrs|et|pt|ct"
CLOCK = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?\s?m\b\.?)?(?!\d)"
    rf"|\b\d{{1,2}}\.\d{{2}}(?=\s?(?:[ap]\.?\s?m\b|(?:{TIME_ZONES})\b))(?:\s?[ap]\.?\s?m\b\.?)?"
    r"|\b\d{1,2}\s?(?:[ap]\.\s?m\b\.?|[ap]m\b|o['’]clock\b)|\b\d{1,2}h\d{2}\b",
    re.IGNORECASE)
# Lengths, normalised to kilometres (miles converted: the value becomes approximate, so that
# "34 miles" agrees with "55 kilometres").
LENGTH_UNITS = {"kilometres": 1.0, "kilometers": 1.0, "kilometre": 1.0, "kilometer": 1.0,
                "km": 1.0, "kms": 1.0, "miles": 1.609344, "mile": 1.609344, "metres": 0.001,
                "meters": 0.001, "metre": 0.001, "meter": 0.001, "feet": 0.0003048, "ft": 0.0003048}
LENGTH_AFTER = re.compile(r"^[\s-]?(" + "|".join(sorted(LENGTH_UNITS, key=len, reverse=True)) + r")\b",
                          re.IGNORECASE)
# A value right after another, in brackets, converts or restates it ("10 kilometres (6.2
# miles)", "$US1 million ($1.52 million)"): one value, not two.
CONVERSION_BEFORE = re.compile(r"\s*\(\s*(?:about|approximately|roughly|around|some|US|AU|A|NZ)?\s*$", re.IGNORECASE)
QUALIFIER = re.compile(r"(" + "|".join(sorted(map(re.escape, BOUNDS), key=len, reverse=True))
                       + r")\s+$", re.IGNORECASE)
CURRENCY_AFTER = re.compile(r"^\s?(€|£|euros?|eur|dollars?|usd|pounds?|gbp|chf|francs)(?!\w)", re.IGNORECASE)
# The noun a number counts: up to two words after it, the last one a plural.
IRREGULAR_PLURALS = r"people|children|men|women|staff|police|personnel"
COUNTED = re.compile(rf"^\s+((?:[A-Za-z][\w-]*\s+){{0,2}}?(?:{IRREGULAR_PLURALS}|[a-z][\w-]*s))\b")
MAGNITUDE_WORDS = {"hundred", "thousand", "million", "billion", "trillion"}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE_PATTERNS = [
    re.compile(rf"\b{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d{{2}}))?\b",
               re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+(?P<year>(?:19|20)\d{{2}}))?\b",
               re.IGNORECASE),
    re.compile(rf"\b(?:in\s+)?{MONTH}(?:\s+(?P<year>(?:19|20)\d{{2}}))?\b(?!\s+\d)", re.IGNORECASE),
    re.compile(r"\b(?P<iso>(?:19|20)\d{2}-\d{2}-\d{2})\b"),
    re.compile(r"\b(?:in|since|until|by|from|of|during)\s+(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE),
]
# "03/14/2013", "11/27/05", "14.3.2013": month first in English (day first where the first
# cannot be a month), day first in other languages (month first where the second cannot be
# a day). A dot only with a four-digit year ("1.2.10" is a version).
NUMERIC_DATE = re.compile(
    r"(?<![\d/.])(?P<first>\d{1,2})(?:/(?P<second>\d{1,2})/(?P<nyear>(?:19|20)\d{2}|\d{2})"
    r"|\.(?P<dsecond>\d{1,2})\.(?P<dyear>(?:19|20)\d{2}))(?![\d/]|\.\d)")
# Dates in an article's own language: "3 mars 2024", "am 3. März", "1er mars", "3 de marzo
# de 2024", "März 2024"; month names from data/claims/months.txt.
LANGUAGE_DATE_TEMPLATES = [
    r"\b(?P<day>\d{{1,2}})(?:\.|er|º|°)?\s+(?:de\s+)?{month}(?:,?\s+(?:de\s+)?(?P<year>(?:19|20)\d{{2}}))?(?!\w)",
    r"(?<!\w){month}\s+(?:de\s+|del\s+)?(?P<year>(?:19|20)\d{{2}})\b",
]


@lru_cache(maxsize=None)
def month_names(language: str) -> dict[str, int]:
    """Month names (and abbreviations) of ``language`` from data/claims/months.txt; {} for
    English and for languages the file does not hold."""
    text = resources.files("analysis").joinpath("data/claims/months.txt").read_text("utf-8")
    names: dict[str, int] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, words = line.split(":", 1)
        code, number = head.split()
        if code == language:
            names.update({word.strip(): int(number) for word in words.split("|") if word.strip()})
    return names


@lru_cache(maxsize=None)
def date_patterns(language: str | None) -> tuple[tuple[re.Pattern, dict[str, int]], ...]:
    """(pattern, its month names) for dates in ``language``: its own first, then English's."""
    code = (language or "en").lower().split("-")[0]
    names = month_names(code) if code != "en" else {}
    own = []
    if names:
        month = r"(?P<month>" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\.?"
        own = [(re.compile(template.format(month=month), re.IGNORECASE), names)
               for template in LANGUAGE_DATE_TEMPLATES]
    return (*own, *((pattern, MONTHS) for pattern in DATE_PATTERNS))
RELATIVE = re.compile(
    r"\b(?P<expr>yesterday|today|last (?:week|month|year)|this (?:week|month|year)|"
    r"(?:on|last|this) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    re.IGNORECASE,
)
WEEKDAYS = [name.lower() for name in calendar.day_name]
# "May" is also a verb: as a month alone (no day, no year) only after "in".
AMBIGUOUS_MONTHS = {"may", "march", "jan", "mar", "jun", "sept", "sep", "oct", "dec", "aug"}


# Fractions. Vulgar fraction characters, and slashed fractions after a whole number ("4 1/2",
# "4-1/2"); a "1/2" glued to a whole number ("41/2", "121/2") only before one of these units,
# where the glued reading (41 halves, a date 4/12) makes no sense: the "½" of the source copied
# as "1/2" without its space (ECB+: "served 41/2 months"). A whole number glued to U+FFFD before
# a word ("4\ufffd months") lost its fraction in decoding: 4.5, approximately.
VULGAR_FRACTIONS = {"½": 1 / 2, "¼": 1 / 4, "¾": 3 / 4, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 1 / 8,
                    "⅜": 3 / 8, "⅝": 5 / 8, "⅞": 7 / 8, "⅕": 1 / 5}
FRACTION_UNITS = (r"(?:years?|months?|weeks?|days?|hours?|hrs|minutes?|seconds?|miles?|inch(?:es)?|"
                  r"feet|foot|ft|yards?|pounds?|lbs?|ounces?|kilometres?|kilometers?|km|metres?|"
                  r"meters?|percent|per cent|times|points?|stars?|games?|innings|laps|"
                  r"year-old|month-old|week-old|day-old|hour)\b")
FRACTION = re.compile(
    r"(?<![\w.,/])(?:(?P<whole>\d{1,3})(?:"
    r"\s?(?P<vulgar>[½¼¾⅓⅔⅛⅜⅝⅞⅕])"
    r"|(?:\s+|-)(?P<num>[1-7])/(?P<den>[2348])(?![\d/])"
    rf"|(?P<glued>1/2)(?=[\s-]+{FRACTION_UNITS})"
    r"|(?P<lost>\ufffd)(?=\s+[^\W\d_])"
    r")|(?P<alone>[½¼¾⅓⅔⅛⅜⅝⅞⅕]))",
    re.IGNORECASE)
# A magnitude needs no "magnitude": "4.6 quake rattles", "7.3 earthquake", "a 6.1 temblor".
# A number below this before a quake noun in the singular is the quake's magnitude
# (the moment magnitude scale has never recorded 10).
QUAKE_AFTER = re.compile(r"^[\s-](?:magnitude[\s-])?(?:earthquake|quake|temblor|tremor|aftershock|shaker)\b(?!s)",
                         re.IGNORECASE)
QUAKE_MAGNITUDE_MAX = 10


@dataclass(frozen=True)
class Value:
    """One typed value: kind, normalised value, bound, the text it came from and where."""

    kind: str
    value: str
    bound: str
    text: str
    start: int
    end: int
    unit: str | None = None
    # the measure the value's own words give ("4.6 quake": magnitude); None: read it off the
    # sentence (analysis.claims.measures)
    measure: str | None = None


# A qualifier sits right before its value: looking further back only costs time (a search
# over the whole prefix for every value made long lines quadratic).
QUALIFIER_WINDOW = 40


def _bound_before(sentence: str, start: int) -> str:
    match = QUALIFIER.search(sentence[max(0, start - QUALIFIER_WINDOW):start])
    return BOUNDS[match.group(1).lower()] if match else "exact"


def _format_number(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def _counted_noun(sentence: str, end: int) -> str | None:
    match = COUNTED.match(sentence[end:])
    if not match:
        return None
    noun = match.group(1).lower()
    if noun.split()[-1] in {"percent", "cents", "years", "days", "months", "weeks", "hours",
                            "minutes", "times"}:
        return noun if noun.split()[-1] not in {"percent"} else None
    return noun


def _quantity(sentence: str, number: float, bound: str, start: int, end: int) -> Value:
    """A number without a currency or percent sign: a magnitude, a length (in km), a count
    of a noun, or a bare number. ``end`` is where the number's own text ends."""
    if number < QUAKE_MAGNITUDE_MAX and QUAKE_AFTER.match(sentence[end:]):
        return Value("number", _format_number(number), bound, sentence[start:end], start, end,
                     measure="magnitude")
    length = LENGTH_AFTER.match(sentence[end:])
    if length:
        factor = LENGTH_UNITS[length.group(1).lower()]
        end += length.end()
        converted = factor not in (1.0, 0.001) and bound == "exact"
        return Value("count", f"{_format_number(round(number * factor, 3))} km",
                     "approx" if converted else bound, sentence[start:end], start, end, unit="km")
    noun = _counted_noun(sentence, end)
    return Value("count" if noun else "number", _format_number(number) + (f" {noun}" if noun else ""),
                 bound, sentence[start:end] + (f" {noun}" if noun else ""), start, end, unit=noun)


def _fractions(sentence: str) -> list[Value]:
    """Whole numbers with a fraction ("4½", "4 1/2", "41/2 months", "4\ufffd months"), and
    fractions alone ("½ mile")."""
    found = []
    for match in FRACTION.finditer(sentence):
        if match.group("alone"):
            number, bound = VULGAR_FRACTIONS[match.group("alone")], _bound_before(sentence, match.start())
        else:
            whole, bound = int(match.group("whole")), _bound_before(sentence, match.start())
            if match.group("vulgar"):
                number = whole + VULGAR_FRACTIONS[match.group("vulgar")]
            elif match.group("num"):
                if int(match.group("num")) >= int(match.group("den")):
                    continue
                number = whole + int(match.group("num")) / int(match.group("den"))
            elif match.group("glued"):
                number = whole + 0.5
            else:
                number, bound = whole + 0.5, ("approx" if bound == "exact" else bound)
        found.append(_quantity(sentence, round(number, 4), bound, match.start(), match.end()))
    return found


def numeric_values(sentence: str, language: str | None = None) -> list[Value]:
    """Numbers, percentages, money and counts, in digits or words, as an article in
    ``language`` writes them (None: English)."""
    comma_decimal = decimal_comma(language)
    values: list[Value] = _fractions(sentence)
    taken: list[tuple[int, int]] = [(v.start, v.end) for v in values]
    for match in (DIGITS_DECIMAL_COMMA if comma_decimal else DIGITS).finditer(sentence):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue  # part of a fraction
        raw = match.group("number")
        after_number = sentence[match.end("number"):match.end("number") + 2]
        if re.fullmatch(r"0\d+", raw) or re.match(r"s(?!\w)", after_number):
            continue  # "07" of a clock, "000" of a split "2, 000", "the 30s" (a decade, an age)
        if re.match(r"[^\W\d_]", sentence[match.end():match.end() + 1]) and not LENGTH_AFTER.match(sentence[match.end():]):
            continue  # part of a word or an ordinal: "76ers", "3D", "11th point"
        if re.fullmatch(r"(?:19|20)\d{2}", raw) and not (match.group("magnitude") or match.group("percent")):
            continue  # a year: dates handle it
        number = parse_number(raw, comma_decimal=comma_decimal)
        magnitude = (match.group("magnitude") or "").lower()
        if magnitude in ("m", "k", "bn", "mil") and not match.group("currency_before"):
            magnitude = ""  # "5 m" is metres, "6 k" a grade: only with a currency
        number *= MAGNITUDES.get(magnitude, FOREIGN_MAGNITUDES.get(magnitude, 1))
        start, end = match.start("number") if not match.group("currency_before") else match.start(), match.end()
        end = match.end("magnitude") if magnitude else (match.end("percent") if match.group("percent") else match.end("number"))
        bound = _bound_before(sentence, match.start())
        currency = CURRENCIES.get((match.group("currency_before") or "").lower())
        if magnitude in ("mio", "mrd") and sentence[end:end + 1] == ".":
            end += 1  # "3 Mio. Euro"
        after = CURRENCY_AFTER.match(sentence[end:])
        if after and not currency:
            currency = CURRENCIES[after.group(1).lower()]
            end += after.end()
        if match.group("percent"):
            values.append(Value("percent", _format_number(number), bound, sentence[start:end], start, end))
        elif currency:
            values.append(Value("money", f"{_format_number(number)} {currency}", bound,
                                sentence[start:end], start, end, unit=currency))
        else:
            values.append(_quantity(sentence, number, bound, start, end))
        taken.append((start, end))
    for match in NUMBER_WORDS.finditer(sentence):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        if match.group(0).lower() in MAGNITUDE_WORDS and not re.search(
                r"\b(?:a|one)\s+$", sentence[:match.start()], re.IGNORECASE):
            continue  # "millions of", or the tail of "4,5 million" already read
        try:
            number = float(text2num(match.group(0).lower().replace("-", " "), "en"))
        except ValueError:
            continue
        noun = _counted_noun(sentence, match.end())
        if number < WORD_NUMBER_MIN_ALONE and not noun and not LENGTH_AFTER.match(sentence[match.end():]):
            continue
        values.append(_quantity(sentence, number, _bound_before(sentence, match.start()),
                                match.start(), match.end()))
    clocks = [m.span() for m in CLOCK.finditer(sentence)]
    values = [v for v in values if not any(a <= v.start < b for a, b in clocks)]
    return _drop_conversions(sentence, _mark_ranges(sentence, sorted(values, key=lambda v: v.start)))


def _drop_conversions(sentence: str, values: list[Value]) -> list[Value]:
    """Values less those that open a bracket right after another value (a conversion)."""
    kept: list[Value] = []
    for value in values:
        if kept and CONVERSION_BEFORE.fullmatch(sentence[kept[-1].end:value.start]):
            continue
        kept.append(value)
    return kept


# "between 10 and 20 users", "10-20 users", "10 to 20 users", "from 10 to 20": a range, whose
# ends are bounds ("10" a minimum, "20" a maximum), never two exact values.
RANGE_JOIN = re.compile(r"^\s*(?:-|–|to|and)\s*$", re.IGNORECASE)


def _mark_ranges(sentence: str, values: list[Value]) -> list[Value]:
    marked = list(values)
    for i, (low, high) in enumerate(zip(values, values[1:])):
        if low.kind == high.kind or {low.kind, high.kind} <= {"number", "count"}:
            ends = [float(str(v.value).split()[0]) if re.match(r"-?\d", str(v.value)) else None for v in (low, high)]
            if None not in ends and ends[0] >= ends[1]:
                continue  # "31-24" is a score, "10-10" a tie: two values, not a range
            if RANGE_JOIN.match(sentence[low.end:high.start]):
                marked[i] = replace(marked[i], bound="min")
                marked[i + 1] = replace(marked[i + 1], bound="max")
    return marked


def _nearest_year(month: int, day: int, reference: date | None) -> int | None:
    if reference is None:
        return None
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs(d - reference)).year if candidates else None


def _numeric_date(match: re.Match, english: bool) -> str | None:
    """The ISO date of "03/14/2013" (month first in English), "14.3.2013", "11/27/05"."""
    first = int(match.group("first"))
    second = int(match.group("second") or match.group("dsecond"))
    year = match.group("nyear") or match.group("dyear")
    year = int(year) + (2000 if int(year) < 50 else 1900) if len(year) == 2 else int(year)
    month, day = (first, second) if english and match.group("second") else (second, first)
    if month > 12:
        month, day = day, month
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def date_values(sentence: str, reference: date | None = None, language: str | None = None) -> list[Value]:
    """Dates, at the precision the text gives, in the article's ``language`` and English
    (None: English); relative ones only with a reference date."""
    values: list[Value] = []
    taken: list[tuple[int, int]] = []

    def add(kind_value: str, match: re.Match) -> None:
        if any(s < match.end() and match.start() < e for s, e in taken):
            return
        taken.append(match.span())
        values.append(Value("date", kind_value, _bound_before(sentence, match.start()),
                            match.group(0), match.start(), match.end()))

    english = (language or "en").lower().split("-")[0] == "en"
    for match in NUMERIC_DATE.finditer(sentence):
        resolved = _numeric_date(match, english)
        if resolved:
            add(resolved, match)
    for pattern, months in date_patterns(language):
        for match in pattern.finditer(sentence):
            groups = match.groupdict()
            if groups.get("iso"):
                add(groups["iso"], match)
                continue
            year = int(groups["year"]) if groups.get("year") else None
            month_name = (groups.get("month") or "").lower()
            month = months.get(month_name)
            day = int(groups["day"]) if groups.get("day") else None
            if month is None:
                if year:
                    add(f"{year:04d}", match)
                continue
            if day is None and year is None and months is MONTHS and (
                    month_name in AMBIGUOUS_MONTHS and not match.group(0).lower().startswith("in ")):
                continue
            if day is not None and not 1 <= day <= calendar.monthrange(year or 2000, month)[1]:
                continue
            if day is not None:
                year = year or _nearest_year(month, day, reference)
                add(f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}", match)
            else:
                year = year or (reference.year if reference else None)
                add(f"{year:04d}-{month:02d}" if year else f"--{month:02d}", match)
    if reference is not None:
        for match in RELATIVE.finditer(sentence):
            resolved = resolve_relative(match.group("expr").lower(), reference)
            if resolved:
                add(resolved, match)
    return sorted(values, key=lambda v: v.start)


def resolve_relative(expression: str, reference: date) -> str | None:
    """A relative date expression as an ISO date, month or year, seen from ``reference``."""
    if expression == "today":
        return reference.isoformat()
    if expression == "yesterday":
        return (reference - timedelta(days=1)).isoformat()
    unit = expression.split()[-1]
    if unit in ("week", "month", "year"):
        shift = -1 if expression.startswith("last") else 0
        if unit == "year":
            return f"{reference.year + shift:04d}"
        if unit == "month":
            month = reference.month + shift
            year = reference.year - (month < 1)   # "last month" in January: December before
            return f"{year:04d}-{(month - 1) % 12 + 1:02d}"
        start = reference - timedelta(days=reference.weekday()) + timedelta(weeks=shift)
        return f"{start.isocalendar().year:04d}-W{start.isocalendar().week:02d}"
    if unit in WEEKDAYS:
        # news reports say "on Thursday" of the last such day, this week or the one before
        back = (reference.weekday() - WEEKDAYS.index(unit)) % 7
        if expression.startswith("last"):
            back = back or 7
        return (reference - timedelta(days=back)).isoformat()
    return None


def extract_values(sentence: str, reference: date | None = None, language: str | None = None) -> list[Value]:
    """Every typed value of a sentence, in order; dates win where a number is part of a date.
    ``language``: the article's language code (numbers and dates as it writes them; None or
    "en": English)."""
    dates = date_values(sentence, reference, language)
    numbers = [v for v in numeric_values(sentence, language)
               if not any(d.start <= v.start < d.end for d in dates)]
    return sorted(dates + numbers, key=lambda v: v.start)


# What may stand beside the date of a dateline: times, zones, weekdays, "Updated", bylines.
DATELINE_FILLER = re.compile(
    r"\b(?:updated|posted|published|last|modified|created|edt|est|gmt|utc|bst|cet|cest|pdt|pst|"
    r"cdt|cst|am|pm|a\.m|p\.m|on|at|by|staff|reporter|writer|correspondent|ist|hrs|time|edited|"
    r"released|first|story|date|"
    + "|".join(WEEKDAYS) + r"|" + "|".join(name.lower() for name in calendar.day_abbr) + r")\b",
    re.IGNORECASE)
# A line with a date, no lower-case word besides the filler and at most this many names (a
# byline) is a dateline: no claim.
DATELINE_MAX_WORDS_DEFAULT = 3
# Longer lines are prose, never a dateline ("Monday, September 10, 2012 | Updated 9:01 AM EDT |
# By Staff Reporter" is 66 characters).
DATELINE_MAX_CHARS = 120


def is_dateline(sentence: str, *, max_words: int = DATELINE_MAX_WORDS_DEFAULT) -> bool:
    """Whether a line only says when (and maybe by whom) the page was written or updated:
    "Monday, Sep 10, 2012 | Updated 9:01 AM EDT", "26 September 2013, 10:00 (GMT+05:00)"."""
    if len(sentence) > DATELINE_MAX_CHARS or not any(c.isdigit() for c in sentence):
        return False  # a dateline is short and has a number: most sentences are ruled out cheaply
    dates = date_values(sentence)
    if not dates:
        return False
    rest = sentence
    for value in sorted(dates, key=lambda v: -v.start):
        rest = rest[:value.start] + " " + rest[value.end:]
    rest = DATELINE_FILLER.sub(" ", CLOCK.sub(" ", rest))
    words = re.findall(r"[^\W\d_]{2,}", rest)
    return len(words) <= max_words and all(word[0].isupper() for word in words)
