"""Web archives (``.warc``, ``.warc.gz``): each HTML page a crawler fetched is an article.

Read with warcio, one record at a time (an archive is often several GB; it is never held in
memory). Two steps, so that the parsing can run elsewhere: ``warc_pages`` streams the raw
bytes of each HTML response out of the archive, and ``read_warc_page`` reads one of them
exactly as an ``.html`` file is read. Requests, revisits, metadata records, redirects and
non-HTML responses are skipped without a word; a bad record (cut short, undecodable, over
the size limit, a page with no text) is an error naming the archive and the record, and
the rest of the archive is read.

- ``source_id``: the archive's name without ``.warc``/``.warc.gz`` and the record's number
  in the archive ("crawl-00001-17"), as a JSONL line without an id is named: stable while the
  archive is unchanged, unique within it, and it says where to find the record. Not a hash
  of the URL: crawls fetch the same page more than once (a story updated through the day),
  and each capture is an article of its own.
- ``url``: the record's ``WARC-Target-URI``, the address actually fetched.
- ``published``: the page's own publication date (its ``<meta>`` or JSON-LD, as for an
  .html file) when it has one, else the day of ``WARC-Date``: the archive says when the page
  was fetched, which may be days or months after it was published.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..errors import InputError
from .documents import Document, error_row
from .files import check_regular_file, open_binary
from .html import read_html
from .metadata import normalise_date

# Content types of the responses read as pages (the part before any ";"); XHTML pages are
# served as application/xhtml+xml.
HTML_CONTENT_TYPES = ("text/html", "application/xhtml")
# An error message quotes at most this much of warcio's reason (which can quote a whole
# line of binary data).
REASON_MAX_CHARS = 80


@dataclass
class WarcPage:
    """The raw bytes of one HTML response of an archive, with where and when it was fetched."""

    relative: str
    record: int
    url: str | None
    fetched: str | None
    payload: bytes


def is_warc(path: Path) -> bool:
    """Whether ``path`` is named as a web archive (``.warc`` or ``.warc.gz``)."""
    return path.name.lower().endswith(config.WARC_SUFFIXES)


def warc_stem(relative: str) -> str:
    """The archive's file name without ``.warc`` or ``.warc.gz``."""
    name = Path(relative).name
    for suffix in sorted(config.WARC_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return Path(relative).stem


def warc_pages(path: Path, relative: str, *, max_bytes: int) -> Iterator[WarcPage | dict]:
    """Each HTML response of the archive at ``path`` as raw bytes, and each bad record as an
    ``errors`` row, in the archive's order; one record in memory at a time.

    A damaged record (a gzip member that does not inflate, headers that do not parse) is an
    error row, and reading goes on at the next record found after it (``_next_record_start``);
    the records after the damage are numbered as if the damaged one were a single record.
    ``max_bytes`` holds per record. Raises ``InputError`` when the file cannot be opened or
    is not a web archive at all."""
    check_regular_file(path, max_bytes=None)
    record_no = 0
    found = 0
    gzipped = relative.lower().endswith(".gz")
    with open_binary(path) as handle:
        start: int | None = 0
        while start is not None:
            handle.seek(start)
            reader = _quiet_warc_iterator(handle)
            records = iter(reader)
            resumed_at, start = start, None
            while True:
                try:
                    record = next(records)
                except StopIteration:
                    break
                except Exception as exc:  # warcio, zlib and the HTTP header parser each have their own
                    if record_no == 0:
                        raise InputError(
                            "parse", f"this is not a web archive (WARC): {_reason(exc)}"
                        ) from exc
                    # warcio's offset: where the record that failed starts (or the one
                    # before it, when the failure came at that one's end)
                    start = _next_record_start(handle, max(reader.offset, resumed_at) + 1, gzipped)
                    yield error_row(
                        relative, "parse",
                        f"record {record_no + 1} is damaged ({_reason(exc)}): "
                        + ("skipped; the archive is read on from the next record after it"
                           if start is not None else
                           f"the {record_no} records before it were read, and no record after it was found"),
                        record=record_no + 1,
                    )
                    record_no += 1
                    break
                record_no += 1
                try:
                    page = _html_page(record, relative, record_no, max_bytes)
                except InputError as exc:
                    found += 1
                    yield record_error(relative, record_no, exc)
                    continue
                if page is not None:
                    found += 1
                    yield page
    if record_no == 0:
        raise InputError("empty", "the web archive holds no records")
    if found == 0:
        raise InputError(
            "empty", f"the web archive holds no HTML pages ({record_no} records, none an HTML "
            "response with status 200)",
        )


# How a record starts: each record of a .warc.gz is a gzip member of its own (the magic
# bytes of gzip with the deflate method, RFC 1952), and a .warc record is its version line.
GZIP_MEMBER_START = b"\x1f\x8b\x08"
WARC_RECORD_START = b"WARC/1."
SCAN_BLOCK_BYTES = 1 << 20


def _next_record_start(handle, offset: int, gzipped: bool) -> int | None:
    """The offset of the first record at or after ``offset`` whose headers parse, or None.

    Candidates are where a record's marker occurs; one inside a damaged member, or a marker
    found by chance inside compressed data, does not parse and is passed over."""
    marker = GZIP_MEMBER_START if gzipped else WARC_RECORD_START
    position = offset
    while (candidate := _find(handle, marker, position)) is not None:
        handle.seek(candidate)
        try:
            next(iter(_quiet_warc_iterator(handle)))
            return candidate
        except StopIteration:
            return None
        except Exception:  # not a record's start after all
            position = candidate + 1
    return None


def _find(handle, marker: bytes, offset: int) -> int | None:
    """The offset of the first ``marker`` at or after ``offset`` in the file, or None."""
    handle.seek(offset)
    carried = b""
    while block := handle.read(SCAN_BLOCK_BYTES):
        data = carried + block
        found = data.find(marker)
        if found >= 0:
            return offset - len(carried) + found
        carried = data[-(len(marker) - 1):]
        offset += len(block)
    return None


def _quiet_warc_iterator(handle):
    """warcio's reader of WARC records (not ARC) that writes nothing to stderr.

    warcio warns on stderr when a record is not followed by a blank line; library code
    does not print, and the records it warns about are read (or reported) all the same."""
    from warcio.archiveiterator import WARCIterator

    class QuietWARCIterator(WARCIterator):
        INC_RECORD = ""

    return QuietWARCIterator(handle)


def _html_page(record, relative: str, record_no: int, max_bytes: int) -> WarcPage | None:
    """The page of an HTML response record; None for any other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0]
    if not content_type.strip().lower().startswith(HTML_CONTENT_TYPES):
        return None
    if record.length is not None and record.length > max_bytes:
        raise InputError(
            "too_large", f"the record is {record.length / 2**20:.1f} MiB, over the limit of "
            f"{max_bytes / 2**20:.1f} MiB per article (raise it with --max-bytes)",
        )
    try:
        payload = record.content_stream().read(max_bytes + 1)
    except Exception as exc:  # zlib, brotli and the other content decoders raise their own types
        raise InputError("encoding", f"the page cannot be decoded ({_reason(exc)})") from exc
    if len(payload) > max_bytes:
        raise InputError(
            "too_large", f"the page is over the limit of {max_bytes / 2**20:.1f} MiB once "
            "decompressed (raise it with --max-bytes)",
        )
    if record.raw_stream.limit:  # the archive ended inside this record
        raise InputError(
            "truncated", f"the record is cut short ({record.raw_stream.limit} of its "
            f"{record.length} bytes missing): the archive ends inside it",
        )
    headers = record.rec_headers
    return WarcPage(relative, record_no, headers.get_header("WARC-Target-URI"),
                    headers.get_header("WARC-Date"), payload)


def record_error(relative: str, record: int, exc: InputError) -> dict:
    """The ``errors`` row of a bad record: the archive, the record's number, what is wrong."""
    return error_row(relative, exc.kind, f"record {record}: {exc.message}", record=record)


def _reason(exc: BaseException) -> str:
    """The first line of an exception's message, printable characters only, shortened."""
    lines = str(exc).splitlines()
    text = "".join(c if c.isprintable() and ord(c) < 128 else "?" for c in (lines[0] if lines else ""))
    return text[:REASON_MAX_CHARS] or type(exc).__name__


def read_warc_page(page: WarcPage) -> Document:
    """The article of one HTML response, read as an .html file is; ``InputError`` if none."""
    document = read_html(page.payload, f"{warc_stem(page.relative)}-{page.record}", page.relative)
    document.format = "warc"
    document.record = page.record
    if page.url:
        document.meta["url"] = page.url
    if not document.meta.get("published") and page.fetched:
        document.meta["published"] = normalise_date(page.fetched)
    return document


def read_warc(path: Path, relative: str, *, max_bytes: int, errors: list[dict]) -> list[Document]:
    """Every article of one archive, read in this process; bad records go into ``errors``."""
    documents = []
    for item in warc_pages(path, relative, max_bytes=max_bytes):
        if isinstance(item, dict):
            errors.append(item)
            continue
        try:
            documents.append(read_warc_page(item))
        except InputError as exc:
            errors.append(record_error(relative, item.record, exc))
    return documents
