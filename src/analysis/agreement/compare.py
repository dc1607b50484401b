"""Compare two typed values of the same fact: do they agree, and if not, why.

Values come from ``claims.values`` as strings: ``"11 complaints"``, ``"400000000 european meta
users"``, ``"500 EUR"``, ``"4"`` (percent), dates ``"2024-06-26"``, ``"--06-26"`` (no year),
``"2024-06"``, ``"--06"``, ``"2024"``. Each has a bound: exact, min ("more than"), max ("up to"),
approx ("about").

Rounding never makes a contradiction: a value agrees with any number it could be a rounding
of, at the precision it is written ("400 million" with 412 million; "11" only with 11, and
"10" only with 10: trailing zeros count as rounding from 1,000 on), and
an approximate value with anything within ``APPROX_TOLERANCE_DEFAULT``. Bounds are ranges:
"more than 400 million" agrees with 400 million and with 450 million, not with 300 million.
Dates agree when one is a coarser form of the other ("June" with "June 26"; a date without
its year with the same day in any year).
"""

from __future__ import annotations

import math
import re

from ..claims.measures import SCOPE_WORDS

# "about 40" agrees with 36-44: reporters round to the nearest 5 or 10 per cent.
APPROX_TOLERANCE_DEFAULT = 0.10
QUANTITY_KINDS = {"number": "quantity", "count": "quantity", "money": "money",
                  "percent": "percent", "date": "date"}
DATE = re.compile(r"^(?P<year>\d{4}|-)-?(?:-?(?P<month>\d{2}))?(?:-(?P<day>\d{2}))?$")


def kind_group(kind: str) -> str | None:
    """Kinds whose values can be compared with each other."""
    return QUANTITY_KINDS.get(kind)


def number_of(value: str) -> float | None:
    try:
        return float(str(value).split()[0])
    except (ValueError, IndexError):
        return None


def unit_key(kind: str, value: str, unit: str | None) -> str:
    """What a number counts, reduced to its head noun without a plural ending ("data
    protection authorities" -> "authorit", "complaints" -> "complaint"), or the currency;
    "" when unknown."""
    if kind == "money":
        parts = str(value).split()
        return parts[1] if len(parts) > 1 else ""
    if kind == "count" and unit:
        head = str(unit).split()[-1].lower()
        if head in UNNAMED_COUNTS:
            return ""  # "70 others were injured": the noun is the sentence's, not named here
        for suffix in ("ies", "es", "s"):
            if head.endswith(suffix) and len(head) > len(suffix) + 2:
                return head[: -len(suffix)]
        return head
    return ""


UNNAMED_COUNTS = {"others", "more", "ones", "times"}
# Measures that belong to a person rather than to the event: two ages in two sentences are
# most often two people's ("23-year-old Laci" / "the 32-year-old Peterson", ECB+ dev 45a).
UNDISPUTED_MEASURES = {"age"}


def measures_meet(measure_a, measure_b) -> bool:
    """Whether two values may state one measure: the same one, or one of them unknown."""
    return not measure_a or not measure_b or measure_a == measure_b


def measures_same(measure_a, measure_b, unit_a: str, unit_b: str) -> bool:
    """Whether two values certainly state one measure, so that different values dispute it:
    the same measure and no different counted nouns, or no measure and the same noun."""
    if measure_a in UNDISPUTED_MEASURES or measure_b in UNDISPUTED_MEASURES:
        return False
    if measure_a or measure_b:
        return measure_a == measure_b and (not unit_a or not unit_b or unit_a == unit_b)
    return bool(unit_a) and unit_a == unit_b


def _scope_parts(scope) -> set[str]:
    return {part for part in str(scope or "").split(" | ") if part}


def scopes_meet(scope_a, scope_b) -> bool:
    """Whether two values may be stated for one scope: one has none, or one's scope holds
    the other's."""
    a, b = _scope_parts(scope_a), _scope_parts(scope_b)
    return not a or not b or a <= b or b <= a


def scopes_same(scope_a, scope_b) -> bool:
    """Whether two values are stated for one scope, so that different values dispute it:
    the same places, years and scope words, or one holding the other's and more places only
    ("24 dead" / "24 dead in Aceh"; "in 14 countries in 2004" / "in 13 countries around the
    Indian Ocean in 2004"): a place a source adds names the story's own ground, while another
    year or "in total" changes what is counted."""
    a, b = _scope_parts(scope_a), _scope_parts(scope_b)
    if a == b:
        return True
    if not (a <= b or b <= a):
        return False
    return not any(part.isdigit() or SCOPE_WORDS.fullmatch(part) for part in a ^ b)


def lost_magnitude(a: float, b: float) -> bool:
    """Whether two numbers differ by a thousand, a million or a billion exactly: one source
    lost the word ("$2.6" / "$2.6 million"), which is no dispute of the value."""
    if not a or not b:
        return False
    ratio = max(a, b) / min(a, b)
    return any(math.isclose(ratio, factor, rel_tol=1e-9) for factor in (1e3, 1e6, 1e9))


# Trailing zeros read as rounding only from here on: "400 million" may stand for 412 million,
# but "10 dead" does not stand for 14.
ROUNDING_FROM = 1000


def _precision(number: float) -> float:
    """The place of a number's last significant digit: 400000000 -> 1e8, 4500 -> 100,
    412 -> 1, 40 -> 1 (under ``ROUNDING_FROM`` a whole number is exact), 4.5 -> 0.1."""
    if number == 0 or (abs(number) < ROUNDING_FROM and float(number).is_integer()):
        return 1.0
    text = f"{abs(number):.6f}".rstrip("0").rstrip(".")
    if "." in text:
        return 10.0 ** -len(text.split(".")[1])
    digits = text.rstrip("0")
    return 10.0 ** (len(text) - len(digits))


def _interval(number: float, bound: str, approx_tolerance: float) -> tuple[float, float]:
    half = _precision(number) / 2
    low, high = number - half, number + half
    if bound == "approx":
        low, high = min(low, number * (1 - approx_tolerance)), max(high, number * (1 + approx_tolerance))
    elif bound == "min":
        high = math.inf
    elif bound == "max":
        low = -math.inf
    return low, high


def numbers_agree(a: float, bound_a: str, b: float, bound_b: str,
                  *, approx_tolerance: float = APPROX_TOLERANCE_DEFAULT) -> bool:
    low_a, high_a = _interval(a, bound_a, approx_tolerance)
    low_b, high_b = _interval(b, bound_b, approx_tolerance)
    return low_a < high_b and low_b < high_a  # touching intervals (11 and 12) do not overlap


def parse_date(value: str) -> tuple[str | None, str | None, str | None] | None:
    """(year, month, day) of a normalised date, None where not given; None for what cannot be
    compared part by part (ISO weeks, "2024-W03", from "last week")."""
    text = str(value)
    if "W" in text:
        return None
    if text.startswith("--"):
        parts = text[2:].split("-")
        return (None, parts[0], parts[1] if len(parts) > 1 else None)
    parts = text.split("-")
    if not parts[0].isdigit():
        return None
    return (parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)


def dates_agree(a: str, b: str) -> bool | None:
    """True/False, or None when the two cannot be compared (unparseable)."""
    pa, pb = parse_date(a), parse_date(b)
    if pa is None or pb is None:
        return None
    return all(x is None or y is None or x == y for x, y in zip(pa, pb))


def values_agree(kind_a: str, value_a: str, bound_a: str,
                 kind_b: str, value_b: str, bound_b: str) -> bool | None:
    """Whether two values of comparable kinds agree; None when they cannot be compared."""
    group = kind_group(kind_a)
    if group is None or group != kind_group(kind_b):
        return None
    if group == "date":
        return dates_agree(value_a, value_b)
    if group == "money" and unit_key("money", value_a, None) != unit_key("money", value_b, None):
        return None
    a, b = number_of(value_a), number_of(value_b)
    if a is None or b is None:
        return None
    if lost_magnitude(a, b):
        return None
    return numbers_agree(a, bound_a, b, bound_b)


def disagreement_reason(kind: str, text_a: str, text_b: str) -> str:
    what = {"date": "dates", "money": "amounts", "percent": "percentages"}.get(kind_group(kind) or "", "numbers")
    return f"{what} differ beyond rounding and bounds: \u201c{text_a}\u201d vs \u201c{text_b}\u201d"
