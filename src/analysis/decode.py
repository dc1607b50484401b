"""Bytes to text: byte-order marks, UTF-8, detected legacy encodings, binary sniffing.

Legacy code pages of European text are judged by the letters they produce
(``LEGACY_CANDIDATES``, ``ALPHABETS``): each candidate that decodes the bytes is scored by the
share of its non-ASCII characters that are letters of one language's alphabet (the best
language for that decoding), so Polish in cp1250 is read as "środę", not as cp1252's "œrodê",
and French in cp1252 as "Besançon", not as cp1257's "Besanēon". The best fit wins, ties going
to the encodings news text is most often in (``ENCODING_PRIOR``). Text no candidate fits
(another script, another code page) goes to charset-normalizer's detection, where the same prior
breaks ties among the least chaotic candidates. Mojibake repair (ftfy) happens per line in
``text``.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from .errors import InputError

# Signatures of common non-text files that users rename or drop into a corpus by mistake.
BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"RIFF", "a RIFF media file (WebP, WAV or AVI)"),
    (b"\x7fELF", "a program (ELF binary)"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg media file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Tie-break among equally plausible legacy encodings: Western European first (most news in
# the languages this study targets), then Central/Eastern European and Cyrillic.
ENCODING_PRIOR = (
    "cp1252", "iso8859_15", "latin_1", "cp1250", "iso8859_2", "cp1251", "koi8_r",
    "iso8859_5", "cp1257", "iso8859_13", "cp1254", "iso8859_9", "cp1253", "iso8859_7",
)
# Legacy code pages tried by letter fit, in the order of ENCODING_PRIOR for ties: Western
# (cp1252 covers latin-1 and iso8859-15 text but for a few signs), Central European, Baltic,
# Cyrillic, Turkish, Greek, and the ISO variants whose letters sit at other bytes.
LEGACY_CANDIDATES = (
    "cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1257", "iso8859_13", "cp1251", "koi8_r",
    "cp1254", "cp1253",
)
# Lower-case non-ASCII letters of each language's alphabet (standard orthographies; capitals
# are folded to lower case before the check). Cyrillic and Greek count as one alphabet each.
ALPHABETS = {
    "fr": "àâæçéèêëîïôœùûüÿ", "de": "äöüß", "es": "áéíñóúü", "it": "àèéìíîòóùú",
    "pt": "áâãàçéêíóôõú", "nl": "áéèëíïóöúü", "ca": "àçèéíïòóúü", "sv": "åäöé", "da": "æøåé",
    "no": "æøåéôò", "fi": "äöåšž", "is": "áðéíóúýþæö", "pl": "ąćęłńóśźż", "cs": "áčďéěíňóřšťúůýž",
    "sk": "áäčďéíĺľňóôŕšťúýž", "hu": "áéíóöőúüű", "ro": "ăâîșțşţ", "hr": "čćđšž", "sl": "čšž",
    "lt": "ąčęėįšųūž", "lv": "āčēģīķļņšūž", "et": "äõöüšž", "tr": "çğıöşüâîi",  # "i": what "İ" folds to
    "cyrillic": "".join(chr(c) for c in range(0x0430, 0x0460)) + "ґ",
    "greek": "".join(chr(c) for c in range(0x03ac, 0x03cf)),
}
# Non-ASCII signs any European text may hold: typography, currency, units. They count for no
# candidate (cp1252 and cp1257 both read « » and € alike).
# Superscripts, fractions and ¿ ¡ are left out: they are what Polish "ł ą ż" turn into in cp1252
# ("powiedzia³", "¿e"); a Spanish ¿ or ¡ before a capital ("¿Qué") is a sign.
NEUTRAL_SIGNS = frozenset("«»„“”‚‘’‹›–—…•€£¥°§©®™·×÷±µ\u00a0\u00ad\u202f")
INVERTED_MARKS = frozenset("¿¡")
# Letters of another script beside an ASCII letter in one word ("Hьkьmet": Turkish read as
# cp1251) are no letters of that word's language.
OTHER_SCRIPTS = frozenset(ALPHABETS["cyrillic"] + ALPHABETS["greek"])
# A decoding is trusted when at least this share of its non-ASCII characters are letters of
# one alphabet: every sentence of tests/test_decode.py decodes at 1.0 in its own code page and
# at most 0.75 in the others tried; garbage (bytes of another script) stays far below.
LEGACY_MIN_FIT = 0.9
# Encodings charset-normalizer may propose for NUL-free bytes that are never right for them.
EXCLUDED_WITHOUT_NUL = (
    "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "utf_7",
)
# Candidates within this much chaos of the best count as ties (charset-normalizer's mess
# ratio is 0..1; on short texts the legitimate candidates all score 0.0).
CHAOS_TIE_DEFAULT = 0.01
# Decoded text with more than this share of control/unassigned characters is binary.
MAX_CONTROL_SHARE_DEFAULT = 0.01
# C0/C1 control characters other than whitespace, and lone surrogates: never in real text.
CONTROL_CHARS = re.compile("[\\x00-\\x08\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff]")
# Share of NUL bytes in odd or even positions that marks UTF-16 text without a BOM.
UTF16_NUL_SHARE_DEFAULT = 0.3


def sniff_binary(data: bytes) -> str | None:
    """Name the kind of binary file ``data`` looks like, or None."""
    for signature, name in BINARY_SIGNATURES:
        if data.startswith(signature):
            return name
    return None


def decode_bytes(
    data: bytes,
    *,
    chaos_tie: float = CHAOS_TIE_DEFAULT,
    max_control_share: float = MAX_CONTROL_SHARE_DEFAULT,
) -> tuple[str, str]:
    """Decode ``data`` to text; return ``(text, encoding)`` or raise ``InputError``."""
    if not data.strip():
        raise InputError("empty", "the file is empty (no text at all)")
    text, encoding = _decode_with_bom(data)
    if text is None:
        kind = sniff_binary(data)
        if kind:
            raise InputError("binary", f"this is {kind}, not a text article")
        if b"\x00" in data:
            text, encoding = _decode_utf16_without_bom(data)
            if text is None:
                raise InputError(
                    "binary", "the file contains NUL bytes: it is a binary file, not text"
                )
        else:
            text, encoding = _decode_utf8_or_detect(data, chaos_tie)
    if _control_share(text) > max_control_share:
        raise InputError(
            "binary",
            f"decoded as {encoding} the file is mostly control characters: it looks binary",
        )
    if not text.strip():
        raise InputError("empty", "the file holds only whitespace")
    return text, encoding


def _decode_with_bom(data: bytes) -> tuple[str | None, str]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(
                    "encoding",
                    f"the file starts with a {encoding.upper()} byte-order mark but is not "
                    f"valid {encoding.upper()} (byte {exc.start}): re-save it as UTF-8",
                ) from exc
    return None, ""


def _decode_utf16_without_bom(data: bytes) -> tuple[str | None, str]:
    if len(data) % 2:
        return None, ""
    even_nul = data[0::2].count(0) / (len(data) / 2)
    odd_nul = data[1::2].count(0) / (len(data) / 2)
    if odd_nul >= UTF16_NUL_SHARE_DEFAULT and even_nul < 0.05:
        encoding = "utf-16-le"
    elif even_nul >= UTF16_NUL_SHARE_DEFAULT and odd_nul < 0.05:
        encoding = "utf-16-be"
    else:
        return None, ""
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return None, ""


def _decode_utf8_or_detect(data: bytes, chaos_tie: float) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    legacy = _decode_legacy(data)
    if legacy is not None:
        return legacy
    matches = list(from_bytes(data, cp_exclusion=list(EXCLUDED_WITHOUT_NUL)))
    if not matches:
        raise InputError(
            "encoding",
            "the text encoding could not be detected (not UTF-8 and no legacy code page "
            "fits): re-save the file as UTF-8",
        )
    least = min(match.chaos for match in matches)
    tied = [match for match in matches if match.chaos <= least + chaos_tie]
    rank = {name: i for i, name in enumerate(ENCODING_PRIOR)}
    best = min(tied, key=lambda match: (rank.get(match.encoding, len(rank)), -match.coherence))
    text = str(best)
    # Several code pages decode most bytes alike: name the most common one that gives the
    # same text, so users see "cp1252" for a German Windows file, not "cp1250".
    for name in ENCODING_PRIOR:
        try:
            if data.decode(name) == text:
                return text, name
        except UnicodeDecodeError:
            continue
    return text, best.encoding


def _decode_legacy(data: bytes) -> tuple[str, str] | None:
    """The legacy code page whose letters fit one language best, or None when none fits."""
    best = None
    for rank, encoding in enumerate(LEGACY_CANDIDATES):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_share(text) > MAX_CONTROL_SHARE_DEFAULT:
            continue
        fit = _language_fit(text)
        if best is None or fit > best[0]:
            best = (fit, rank, text, encoding)
    if best is None or best[0] < LEGACY_MIN_FIT:
        return None
    text, encoding = best[2], best[3]
    for name in ENCODING_PRIOR:  # the most common name for the same text
        try:
            if data.decode(name) == text:
                return text, name
        except UnicodeDecodeError:
            continue
    return text, encoding


def _language_fit(text: str) -> float:
    """Share of the non-ASCII characters of ``text`` (signs left out) that are letters of the
    alphabet that fits it best; 1.0 when it has none (nothing speaks against the decoding).
    A capital after a small letter ("мОСКВА": KOI8-R read as cp1251) counts against it."""
    chars, against = [], 0
    for i, ch in enumerate(text):
        if ord(ch) <= 127 or ch in NEUTRAL_SIGNS:
            continue
        before, after = text[i - 1:i], text[i + 1:i + 2]
        if ch in INVERTED_MARKS and after.isupper():
            continue
        chars.append(ch.lower()[:1])
        if before.islower() and ch.isupper():
            against += 1
        elif ch.lower() in OTHER_SCRIPTS and any(c.isascii() and c.isalpha() for c in before + after):
            against += 1
    if not chars:
        return 1.0
    best = max(sum(ch in alphabet for ch in chars) for alphabet in ALPHABETS.values())
    return max(best - against, 0) / len(chars)


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(CONTROL_CHARS.findall(text)) / len(text)
