"""HTML pages to visible text blocks with source line numbers, plus page metadata.

Every visible block-level element and ``<br>`` starts a new block; nothing is judged as
boilerplate here (the boilerplate scorer does that), so navigation and comments stay in.
Metadata (title, date, site name) comes from trafilatura, which uses htmldate for dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree, html

from .errors import InputError
from .sources_csv import normalise_language
from .text import Block, clean_line

BLOCK_TAGS = frozenset(
    """address article aside blockquote body br caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html li
    legend main menu nav noframes ol optgroup option p pre section summary table tbody td tfoot
    th thead tr ul""".split()
)
# Elements whose content a reader never sees as text.
INVISIBLE_TAGS = frozenset(
    """head script style noscript template svg math iframe object embed canvas audio video
    map select datalist param source track title meta link base""".split()
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


@dataclass
class Page:
    """What an HTML page yields: blocks and metadata."""

    blocks: list[Block]
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    language: str | None = None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first 4 KiB, if any."""
    match = META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _is_hidden(element) -> bool:
    attrib = element.attrib
    if "hidden" in attrib:
        return True
    if element.tag == "input" and attrib.get("type", "").lower() == "hidden":
        return True
    return bool(HIDDEN_STYLE.search(attrib.get("style", "")))


def visible_blocks(root) -> list[Block]:
    """Walk the tree without recursion (hostile pages nest deeply) and collect text blocks."""
    blocks: list[Block] = []
    pieces: list[str] = []
    first_line: list[int | None] = [None]

    def add(text: str | None, line: int | None) -> None:
        if text:
            if first_line[0] is None and text.strip():
                first_line[0] = line
            pieces.append(text)

    def flush() -> None:
        clean, before = clean_line("".join(pieces), from_html=True)
        if clean:
            blocks.append(Block(clean, first_line[0] or 1, 1, before))
        pieces.clear()
        first_line[0] = None

    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else None
        line = element.sourceline
        if closing:
            if tag in BLOCK_TAGS:
                flush()
            add(element.tail, line)
            continue
        if tag is None or tag in INVISIBLE_TAGS or _is_hidden(element):
            add(element.tail, line)  # comments, PIs and hidden elements keep their tail
            continue
        if tag in BLOCK_TAGS:
            flush()
        add(element.text, line)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    flush()
    return blocks


def parse_html(text: str) -> Page:
    """Parse a decoded HTML page into blocks and metadata; raise ``InputError`` if unusable."""
    text = XML_DECLARATION.sub("", text, count=1)
    # huge_tree lifts libxml2's nesting limit from 256 to 2048 levels (real pages nest a few
    # dozen deep); memory stays bounded by the ingest's file-size limit.
    parser = html.HTMLParser(
        recover=True, no_network=True, remove_comments=False, remove_pis=True,
        default_doctype=False, collect_ids=False, huge_tree=True,
    )
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError("parse", f"the HTML could not be parsed ({exc})") from exc
    fatal = [e for e in parser.error_log if e.level == etree.ErrorLevels.FATAL]
    if fatal:  # libxml2 gives up silently on these, leaving a partial or empty tree
        raise InputError(
            "parse",
            f"the HTML is broken beyond repair at line {fatal[0].line} "
            f"({fatal[0].message.strip()}); the page was not read",
        )
    blocks = visible_blocks(root)
    page = Page(blocks=blocks, language=_page_language(root))
    _add_metadata(page, root)
    return page


def _page_language(root) -> str | None:
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    return normalise_language(lang)


def _add_metadata(page: Page, root) -> None:
    from trafilatura.metadata import extract_metadata

    try:
        meta = extract_metadata(root)
    except Exception:  # trafilatura's heuristics must never cost us the article
        return
    if meta is None:
        return
    page.title = meta.title or None
    page.published = meta.date or None
    page.outlet = meta.sitename or None
    page.url = meta.url or None
