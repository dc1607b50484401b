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
from .ingest.metadata import normalise_language
from .text import Block, PageEvidence, clean_line

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


# Tags that name a page section by themselves (the class and id patterns are package data).
SECTION_TAGS = {"nav": "navigation", "footer": "navigation", "aside": "navigation",
                "form": "navigation", "figcaption": "caption"}
# Elements whose id and class are not read for sections: a page's body and article wrappers
# carry page-wide classes ("has-sidebar", "comments-open") that say nothing of one block.
SECTION_SKIP_TAGS = frozenset({"html", "body", "main", "article"})
SECTIONS_FILE = "page_sections.txt"


def _section_patterns() -> list[tuple[str, re.Pattern]]:
    from . import config

    patterns = []
    for line in (config.PACKAGE_DATA_DIR / "boilerplate" / SECTIONS_FILE).read_text(
            encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, pattern = line.split("\t", 1)
            patterns.append((kind, re.compile(pattern.strip(), re.IGNORECASE)))
    return patterns


_SECTIONS: list[tuple[str, re.Pattern]] = []


def element_section(tag: str, attrib) -> str | None:
    """The page section an element names by its tag, id or class (None if none)."""
    if tag in SECTION_TAGS:
        return SECTION_TAGS[tag]
    if tag in SECTION_SKIP_TAGS:
        return None
    names = f"{attrib.get('id', '')} {attrib.get('class', '')}".strip()
    if not names:
        return None
    if not _SECTIONS:
        _SECTIONS.extend(_section_patterns())
    for name in names.split():
        for kind, pattern in _SECTIONS:
            if pattern.search(name):
                return kind
    return None


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
    """Walk the tree without recursion (hostile pages nest deeply) and collect text blocks,
    each with what the page says of it (link share, the section its elements name)."""
    blocks: list[Block] = []
    pieces: list[str] = []
    link_chars = [0]
    first_line: list[int | None] = [None]
    sections: list[str | None] = [None]  # innermost section name of the open elements
    in_link = [0]

    def add(text: str | None, line: int | None) -> None:
        if text:
            if first_line[0] is None and text.strip():
                first_line[0] = line
            pieces.append(text)
            if in_link[0]:
                link_chars[0] += len(text.strip())

    def flush() -> None:
        clean, before = clean_line("".join(pieces), from_html=True)
        if clean:
            total = sum(len(p.strip()) for p in pieces)
            evidence = PageEvidence(round(min(link_chars[0] / max(total, 1), 1.0), 3), sections[-1])
            blocks.append(Block(clean, first_line[0] or 1, 1, before, evidence))
        pieces.clear()
        link_chars[0] = 0
        first_line[0] = None

    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else None
        line = element.sourceline
        if closing:
            if tag in BLOCK_TAGS:
                flush()
            sections.pop()
            if tag == "a":
                in_link[0] -= 1
            add(element.tail, line)
            continue
        if tag is None or tag in INVISIBLE_TAGS or _is_hidden(element):
            add(element.tail, line)  # comments, PIs and hidden elements keep their tail
            continue
        if tag in BLOCK_TAGS:
            flush()
        sections.append(element_section(tag, element.attrib) or sections[-1])
        if tag == "a":
            in_link[0] += 1
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
    _mark_main_text(page, text)
    return page


TOKEN = re.compile(r"\w+")
# A block of at least this many tokens is in the main text when it occurs inside the
# extraction (trafilatura joins and splits paragraphs); a shorter one must be a line of it
# ("Home" is inside many words).
MAIN_TEXT_SUBSTRING_MIN_TOKENS = 5
# trafilatura's text output writes a table a row a line, cells between these bars; a short
# cell ("HD", "225.86") is matched as a line of its own (a Fox Business dev page lost its
# quote table: 15 of its 21 article blocks were cells marked outside the main text).
TABLE_CELL = "|"


def _tokens(text: str) -> str:
    return " ".join(TOKEN.findall(text.lower()))


def _mark_main_text(page: Page, text: str) -> None:
    """Set each block's ``page.main_text``: whether trafilatura's extraction of the page (its
    main text, without comments) holds the block. Left None when trafilatura fails or finds
    no main text."""
    from dataclasses import replace

    import trafilatura

    try:  # from the text: trafilatura's own parse (on our tree, which keeps HTML comments
        # and other nodes, it missed most of the article of some dev pages)
        extracted = trafilatura.extract(text, include_comments=False, include_tables=True)
    except Exception:  # trafilatura's heuristics must never cost us the article
        return
    if not extracted:  # no main text found: no evidence either way (the page model skips it)
        return
    # a table comes out one row a line ("| Ticker | Last |"); its cells are our blocks
    cells = [cell for line in extracted.splitlines() if line.lstrip().startswith(TABLE_CELL)
             for cell in line.split(TABLE_CELL)]
    lines = {_tokens(line) for line in [*extracted.splitlines(), *cells]}
    joined = f" {' '.join(_tokens(line) for line in extracted.splitlines())} "
    marked = []
    for block in page.blocks:
        key = _tokens(block.text)
        inside = bool(key) and (key in lines or (
            key.count(" ") + 1 >= MAIN_TEXT_SUBSTRING_MIN_TOKENS and f" {key} " in joined))
        marked.append(replace(block, page=replace(block.page, main_text=inside)))
    page.blocks = marked


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
