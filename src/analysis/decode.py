"""Bytes to text: byte-order marks, UTF-8, detected legacy encodings, binary sniffing.

Detection is charset-normalizer's; on short texts many legacy code pages decode the same bytes
with equal "chaos", so among the least chaotic candidates we prefer the encodings news text is
most often in (``ENCODING_PRIOR``). Mojibake repair (ftfy) happens per line in ``text``.
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


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(CONTROL_CHARS.findall(text)) / len(text)
