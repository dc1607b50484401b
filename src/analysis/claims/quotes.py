"""Quotes with their speakers.

A quote is a span of at least ``MIN_QUOTE_WORDS_DEFAULT`` words between paired quotation marks
(“…”, "…", „…“, «…», ‚…‘). Its speaker is read from the words around it: "…," said Max
Schrems / Max Schrems said: "…" / according to Noyb, "…" / "…," writes Noyb. A quote without a
recognisable speaker keeps ``speaker`` None: it can still be matched to the same words
elsewhere, never attributed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .roles import NAME, entity_key

# Shorter spans are scare quotes or titles ("right to object", “absurd”), not statements.
MIN_QUOTE_WORDS_DEFAULT = 5
QUOTE = re.compile(r"“(?P<a>[^”“]+)”|\"(?P<b>[^\"]+)\"|„(?P<c>[^“”„]+)[“”]|«\s?(?P<d>[^»]+?)\s?»|‚(?P<e>[^‘’]+)[‘’]")
SPEECH = (r"said|says|say|told|tells|writes|wrote|explained|explains|added|adds|stated|states|"
          r"remarked|argued|argues|warned|warns|asserted|asserts|noted|notes|claimed|claims|"
          r"insisted|criticised|criticized")
SPEAKER_THE = r"the\s+[a-z][\w-]*(?:\s+(?!(?:in|at|on|of|for|to|with|by|and|that|who)\b)[a-z][\w-]*)?"
AFTER = re.compile(rf"^[\s,.]*(?:{SPEECH})\s+(?P<speaker>{NAME}|{SPEAKER_THE})")
AFTER_INVERTED = re.compile(rf"^[\s,.]*(?P<speaker>{NAME}|{SPEAKER_THE})\s+(?:{SPEECH})\b")
# "X said", "X later told reporters", "X said in a statement:" right before the quote
ADVERB = r"(?:\w+ly|later|also|then|once|again)"
AUDIENCE = r"(?:reporters|journalists|the\s+\w+|\w+\s+newspaper|in\s+a\s+statement|in\s+an\s+interview)"
BEFORE = re.compile(rf"(?P<speaker>{NAME}|{SPEAKER_THE})\s+(?:{ADVERB}\s+)?(?:{SPEECH})"
                    rf"(?:\s+{AUDIENCE})?\s*[:,]?\s*$")
ACCORDING = re.compile(rf"according to (?P<speaker>{NAME}|{SPEAKER_THE})\s*,?\s*$", re.IGNORECASE)
NORMALISE = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Quote:
    text: str             # the quoted words as written
    normalised: str       # lower case, words only
    speaker: str | None   # as written
    speaker_key: str      # entity key of the speaker ("" when unknown)
    start: int
    end: int


def normalise_quote(text: str) -> str:
    return NORMALISE.sub(" ", text.lower()).strip()


def _speaker(block: str, start: int, end: int) -> str | None:
    after, before = block[end:end + 80], block[max(0, start - 80):start]
    for pattern, text in ((AFTER, after), (AFTER_INVERTED, after), (BEFORE, before), (ACCORDING, before)):
        match = pattern.search(text)
        if match:
            return match.group("speaker")
    return None


def extract_quotes(block: str, *, min_words: int = MIN_QUOTE_WORDS_DEFAULT) -> list[Quote]:
    """The quotes of a block of text, with speakers where the text names them."""
    quotes = []
    for match in QUOTE.finditer(block):
        text = next(group for group in match.groups() if group is not None).strip()
        if len(text.split()) < min_words:
            continue
        speaker = _speaker(block, match.start(), match.end())
        key = entity_key(speaker) if speaker and speaker[0].isupper() else (speaker or "").lower()
        quotes.append(Quote(text, normalise_quote(text), speaker, key, match.start(), match.end()))
    return quotes
