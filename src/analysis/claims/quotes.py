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
# Each body excludes its own opening mark, so an unclosed quote fails at the next one: the
# scan stays linear in the block.
QUOTE = re.compile(r"“(?P<a>[^”“]+)”|\"(?P<b>[^\"]+)\"|„(?P<c>[^“”„]+)[“”]|«\s?(?P<d>[^»«]+?)\s?»|‚(?P<e>[^‘’‚]+)[‘’]")
SPEECH = (r"said|says|say|told|tells|writes|wrote|explained|explains|added|adds|stated|states|"
          r"remarked|argued|argues|warned|warns|asserted|asserts|noted|notes|claimed|claims|"
          r"insisted|criticised|criticized")
SPEAKER_THE = r"the\s+[a-z][\w-]*(?:\s+(?!(?:in|at|on|of|for|to|with|by|and|that|who)\b)[a-z][\w-]*)?"
SPEAKER = rf"(?:the\s+)?{NAME}|{SPEAKER_THE}"
# After the quote: '..., said X' / '...," X said'. Only read when the quote hands over with a
# comma: after a quote that ends its sentence ('..." Schrems said that was absurd.') the next
# sentence's subject is not the speaker.
AFTER = re.compile(rf"^[\s,]*(?:{SPEECH})\s+(?P<speaker>{SPEAKER})")
AFTER_INVERTED = re.compile(rf"^[\s,]*(?P<speaker>{SPEAKER})\s+(?:{SPEECH})\b")
# "X said", "X later told reporters", "X said in a statement:" right before the quote
ADVERB = r"(?:\w+ly|later|also|then|once|again)"
AUDIENCE = r"(?:reporters|journalists|the\s+\w+|\w+\s+newspaper|in\s+a\s+statement|in\s+an\s+interview)"
BEFORE = re.compile(rf"(?P<speaker>{SPEAKER})\s+(?:{ADVERB}\s+)?(?:{SPEECH})"
                    rf"(?:\s+{AUDIENCE})?\s*[:,]?\s*$")
ACCORDING = re.compile(rf"[Aa]ccording to (?P<speaker>{SPEAKER})\s*,?\s*$")
# Pronouns and sentence openers are not speakers one can match across sources.
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "this", "that"}
OPENERS = {"But", "And", "So", "Yet", "Then", "However", "Still", "Now", "The"}
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


def _clean_speaker(speaker: str) -> str | None:
    words = speaker.split()
    while len(words) > 1 and words[0] in OPENERS:
        words = words[1:]
    if len(words) > 1 and words[0] == "the" and words[1][:1].isupper():
        words = words[1:]   # "the European Data Protection Board": a name, not a generic speaker
    speaker = " ".join(words)
    return None if speaker.lower() in PRONOUNS else speaker


def _speaker(block: str, start: int, end: int, quoted: str) -> str | None:
    after, before = block[end:end + 80], block[max(0, start - 80):start]
    hands_over = quoted.rstrip().endswith(",") or after.lstrip().startswith(",")
    patterns = ((AFTER, after), (AFTER_INVERTED, after)) if hands_over else ()
    for pattern, text in (*patterns, (BEFORE, before), (ACCORDING, before)):
        match = pattern.search(text)
        if match:
            return _clean_speaker(match.group("speaker"))
    return None


def extract_quotes(block: str, *, min_words: int = MIN_QUOTE_WORDS_DEFAULT) -> list[Quote]:
    """The quotes of a block of text, with speakers where the text names them."""
    quotes = []
    for match in QUOTE.finditer(block):
        text = next(group for group in match.groups() if group is not None).strip()
        if len(text.split()) < min_words:
            continue
        speaker = _speaker(block, match.start(), match.end(), text)
        key = entity_key(speaker) if speaker and speaker[0].isupper() else (speaker or "").lower()
        quotes.append(Quote(text, normalise_quote(text), speaker, key, match.start(), match.end()))
    return quotes
