"""Dates from an article's own text: its dateline and "Posted/Updated" lines.

An HTML page's publication date comes from its head (trafilatura's metadata, htmldate).
A plain-text article or a scraper's record often has none, but its first lines say when it
was written: "Posted: 03/14/2013 06:37:46 AM PDT", "December 15, 2008 at 1:00pm CST",
"Monday, Sep 10, 2012 | Updated 9:01 AM EDT", "PUBLISHED: 02:31 GMT, 12 March 2013 |
UPDATED: 22:19 GMT, 12 March 2013". ``text_dates`` reads them:

- only lines that are datelines (``analysis.claims.values.is_dateline``: a date, a time, a
  weekday, "Posted", "Updated", a byline, and nothing else) among the first
  ``DATELINE_SEARCH_BLOCKS_DEFAULT`` blocks, so a date in the story ("sentenced November 8")
  is never taken;
- only full dates (year, month and day; "APR 28" is not enough), in every common format (US
  month/day/year, day Month year, Month day, year, ISO), as ``claims.values.date_values``
  reads them;
- the part of a line after "Updated" (also "Last updated", "Edited", "Modified") gives the
  update time, the rest the publication date: ``published`` is the first publication date
  (an update date when the text gives no other), ``updated`` the last update, as
  ``YYYY-MM-DDTHH:MM`` when the line gives a clock time (the local time as written: zones are
  abbreviations, "CST" is American or Chinese), else ``YYYY-MM-DD``.
"""

from __future__ import annotations

import re
from datetime import date

from ..claims.values import CLOCK, date_values, is_dateline
from ..text import Block

# Datelines stand at the top of an article: the headline, a standfirst, a byline or two,
# then the date. ECB+ dev coverage (496 plain-text articles): every dateline among the first
# five lines (0-based index at most 4); six leaves a line to spare.
DATELINE_SEARCH_BLOCKS_DEFAULT = 6
UPDATE_WORD = re.compile(r"\b(?:last\s+)?(?:updated|edited|modified|revised)\b", re.IGNORECASE)
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CLOCK_PARTS = re.compile(
    r"(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2}))?(?::\d{2})?\s?(?:(?P<half>[ap])\.?\s?m\b)?",
    re.IGNORECASE)


def clock_time(text: str) -> str | None:
    """ "HH:MM" (24 hours) of a clock time as written: "9:01 AM", "1:00pm", "08.33", "7 a.m."."""
    match = CLOCK_PARTS.match(text.strip())
    if not match:
        return None
    hour, minute = int(match.group("hour")), int(match.group("minute") or 0)
    half = (match.group("half") or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    elif match.group("minute") is None:
        return None  # "7" alone is no time
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _dated_parts(line: str, reference: date | None = None) -> list[tuple[str, str | None, bool]]:
    """(ISO date, "HH:MM" or None, is an update) for each full date of a dateline; a day
    without its year takes the year nearest ``reference`` (the date published, when known:
    "Updated Wednesday, Jan 5 at 5:53 PM")."""
    cut = UPDATE_WORD.search(line)
    segments = [(line[:cut.start()], False), (line[cut.start():], True)] if cut else [(line, False)]
    found = []
    for segment, update in segments:
        dates = [v for v in date_values(segment, reference) if FULL_DATE.match(v.value)]
        clocks = [clock_time(m.group(0)) for m in CLOCK.finditer(segment)]
        clocks = [c for c in clocks if c]
        for value in dates:
            found.append((value.value, clocks[0] if clocks else None, update))
        if not dates and update and clocks and found:
            # "Monday, Sep 10, 2012 | Updated 9:01 AM EDT": updated that day, at that time
            found.append((found[-1][0], clocks[0], True))
    return found


def text_dates(blocks: list[Block], *, max_blocks: int = DATELINE_SEARCH_BLOCKS_DEFAULT
               ) -> tuple[str | None, str | None]:
    """(published, updated) read off the datelines among the first ``max_blocks`` blocks;
    None where the text gives none (see the module docstring)."""
    published: str | None = None
    updated: str | None = None
    for block in blocks[:max_blocks]:
        for line in block.text.splitlines():
            if not is_dateline(line):
                continue
            reference = date.fromisoformat(published) if published else None
            for day, clock, update in _dated_parts(line, reference):
                if update:
                    updated = f"{day}T{clock}" if clock else day
                elif published is None:
                    published = day
    if published is None and updated is not None:
        published = updated[:10]
    return published, updated
