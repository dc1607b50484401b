"""The report's own pages and linked tables: every number leads to the lines behind it.

* ``articles/<page>.html``, one per article: first its lines as the study read them, each
  marked by what the study decided (translation artifacts, claims with their status and links
  to the other sources' matching lines, contradictions, alignments), boilerplate folded by run
  (``text_segments``: "124 lines of navigation/UI", its reasons once), with a legend; its copy
  family and the article it translates; then one section per count of the scorecard
  (``#corroborated``, ``#contradicted``, ``#disputed``, ``#updated``, ``#unique``, ``#facts``,
  ``#boilerplate``, ``#translation``) listing the lines behind it, a long one folded. Every
  line has an anchor ``#line-<n>`` (``n`` the raw file's line; a second block on one line is
  ``#line-<n>-2``, ...) and is labelled by its place in the article (``l.12``, ``line_maps``).
* ``stories/<story_id>.html``, one per story when the corpus holds several: its sources, its
  copy families and translations, its contradictions in full and the facts its sources share (the sources with the most facts;
  the others listed).
* The linked tables of the front page and the summary notebook (scorecard, stories at a
  glance, contradictions), and ``link_sources``, which turns the source ids in the notebooks'
  tables into links named by outlet.

Sources are shown by outlet (``articles.outlet``, else the host of ``url``), with the source
id on a second line and as a tooltip. Article text is untrusted: pages are Jinja2 templates
with autoescape, fragments are built with ``markupsafe`` (which escapes what it formats), and
a URL becomes a link only when it is http(s).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote, urlsplit

import pandas as pd
from markupsafe import Markup, escape

from .agreement.consistency import TOO_LITTLE, fact_status
from .outlets import outlet_of

TEMPLATES = Path(__file__).resolve().parent / "templates"
ARTICLES_DIR = "articles"
# The style and script of the report's own pages, one copy in the report's static/ folder.
STATIC_DIR = "static"
STATIC_FILES = (TEMPLATES / "pages" / "pages.css", TEMPLATES / "srcrel" / "srcrel.css",
                TEMPLATES / "srcrel" / "srcrel.js")
STORIES_DIR = "stories"
# Facts x sources matrices show at most this many sources (those stating the most facts).
MATRIX_SOURCES_DEFAULT = 8
# Aligned sentences shown under one line of an article page (the most similar first).
ALIGNMENTS_PER_LINE_DEFAULT = 5
# Notebook tables with at least this many rows become sortable and filterable.
SORTABLE_MIN_ROWS_DEFAULT = 8
# A run of boilerplate lines lists at most this many distinct reasons (the most frequent; a
# navigation run of 185 lines has one or two, a mixed run of teasers and share lines a few).
RUN_REASONS_SHOWN_DEFAULT = 4
# Below the article text, a table of findings with at most this many rows is shown open; a
# longer one is collapsed under its heading (a link to its section opens it), so that an
# article page stays about as tall as its article text (issue 29: a real web page's article
# page was 54,000-66,000 px tall, most of it boilerplate and long tables).
OPEN_TABLE_MAX_ROWS_DEFAULT = 5
STATUSES = ["corroborated", "contradicted", "disputed", "updated", "unique"]
STATUS_WORDS = {
    "corroborated": "corroborated: another independent source says the same",
    "contradicted": "contradicted: sources outnumber it on another side of the fact",
    "disputed": "disputed: the sources split evenly",
    "updated": "updated: a running figure that rose after this article",
    "unique": "unique: no independent source states it",
}
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_ENV = None


def environment():
    """The Jinja2 environment of the report's pages (autoescape on for every template)."""
    global _ENV
    if _ENV is None:
        import jinja2

        _ENV = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(TEMPLATES / "pages"), str(TEMPLATES / "srcrel")]),
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        )
    return _ENV


def page_name(key: str) -> str:
    """A file name for a source or story id: the id itself when it is a plain name, else a
    slug of it with a hash (ids come from file names and .jsonl records: never a path)."""
    key = str(key)
    if SAFE_NAME.fullmatch(key) and not key.endswith(".") and ".." not in key:
        return f"{key}.html"
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", key).strip("._-")[:60] or "source"
    return f"{slug}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}.html"


def line_anchor(line_no, repeat: int = 1) -> str:
    return f"line-{int(line_no)}" + (f"-{repeat}" if repeat > 1 else "")


def line_maps(blocks: pd.DataFrame | None) -> tuple[dict, dict, dict]:
    """For each source: its blocks' anchors (``line-<n>``, ``line-<n>-2`` for a second block
    on raw line n), their places in the article (1, 2, ... in block order) and the first block
    of each raw line. Pure: a function of the ``blocks`` table."""
    anchors: dict[str, dict[str, str]] = defaultdict(dict)
    position: dict[str, dict[str, int]] = defaultdict(dict)
    first: dict[str, dict[int, str]] = defaultdict(dict)
    if blocks is None or blocks.empty:
        return anchors, position, first
    ordered = blocks[["source_id", "block_id", "block_no", "line_no"]].assign(
        source_id=blocks["source_id"].astype(str), block_id=blocks["block_id"].astype(str)
    ).sort_values(["source_id", "block_no"], kind="stable")
    places = ordered.groupby("source_id", sort=False).cumcount() + 1
    repeats = ordered.groupby(["source_id", "line_no"], sort=False).cumcount() + 1
    for sid, block_id, line_no, place, repeat in zip(ordered["source_id"], ordered["block_id"],
                                                     ordered["line_no"], places, repeats):
        anchors[sid][block_id] = line_anchor(line_no, int(repeat))
        position[sid][block_id] = int(place)
        first[sid].setdefault(int(line_no), block_id)
    return anchors, position, first


def http_url(url) -> str | None:
    """``url`` when it is an http(s) URL (the only kind a page links to), else None."""
    if url is None or url is pd.NA or (isinstance(url, float) and pd.isna(url)):
        return None
    try:
        scheme = urlsplit(str(url).strip()).scheme.lower()
    except ValueError:
        return None
    return str(url).strip() if scheme in ("http", "https") else None


def _text(value) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else str(value)


class Site:
    """The names, pages and anchors of a study's sources and stories."""

    def __init__(self, tables: dict[str, pd.DataFrame]):
        self.tables = tables
        articles = tables["articles"]
        ids = articles["source_id"].astype(str).tolist()
        outlets = outlet_of(articles)
        self.outlet = {sid: (None if pd.isna(o) else str(o)) for sid, o in zip(ids, outlets)}
        self.title = dict(zip(ids, (_text(t) for t in articles["title"])))
        stories = articles["story_id"] if "story_id" in articles else pd.Series([None] * len(ids))
        self.story = {sid: _text(s) for sid, s in zip(ids, stories)}
        self.story_ids = sorted({s for s in self.story.values() if s})
        self.many_stories = len(self.story_ids) > 1
        self.pages = {sid: page_name(sid) for sid in ids}
        self.story_pages = {story: page_name(story) for story in self.story_ids}
        self.article = {str(r["source_id"]): r for r in articles.to_dict("records")}
        sources = tables.get("sources")
        self.row = {} if sources is None else {str(r["source_id"]): r for r in sources.to_dict("records")}
        self.anchors, self.position, self.first_block = line_maps(tables.get("blocks"))
        self.published = {sid: _text(p) for sid, p in zip(ids, articles["published"])} \
            if "published" in articles else {}
        self.family: dict[str, str] = {}
        self.families: dict[str, list[str]] = defaultdict(list)
        self.translated_by: dict[str, list[str]] = defaultdict(list)
        for sid, r in sorted(self.row.items()):
            family = _text(r.get("copy_family")) or sid
            self.family[sid] = family
            self.families[family].append(sid)
            original = _text(r.get("translation_of"))
            if original:
                self.translated_by[original].append(sid)
        claims = tables.get("claims")
        self.claim_block = {} if claims is None or claims.empty else dict(
            zip(claims["claim_id"].astype(str), claims["block_id"].astype(str)))

    # --- links -------------------------------------------------------------------------
    # the article whose page is being written: links into it stay on the page ("#line-12")
    current: str | None = None

    def href(self, sid, anchor: str | None = None, base: str = "") -> str:
        page = self.pages.get(str(sid))
        if page is None:
            return ""
        if anchor and self.current is not None and str(sid) == self.current:
            return f"#{anchor}"
        return f"{base}{ARTICLES_DIR}/{quote(page)}" + (f"#{anchor}" if anchor else "")

    def story_href(self, story, anchor: str | None = None, base: str = "") -> str:
        page = self.story_pages.get(str(story))
        return "" if page is None else f"{base}{STORIES_DIR}/{quote(page)}" + (f"#{anchor}" if anchor else "")

    def name(self, sid) -> str:
        """How a source is called on a page: its outlet, else its id."""
        return self.outlet.get(str(sid)) or str(sid)

    def source(self, sid, base: str = "", *, second_line: bool = True) -> Markup:
        """A source as a link to its article page, named by outlet, its id below and as tooltip."""
        sid = str(sid)
        href = self.href(sid, base=base)
        outlet = self.outlet.get(sid)
        label = outlet or sid
        if not href:
            return escape(sid)
        link = Markup('<a class="src" href="{}" title="source {}">{}</a>').format(href, sid, label)
        if outlet and second_line:
            link += Markup('<br><small class="sid">{}</small>').format(sid)
        return link

    def id_link(self, sid, base: str = "") -> Markup:
        """A source as a link to its article page, named by its id (where the outlet is known)."""
        href = self.href(sid, base=base)
        return Markup('<a class="src" href="{}">{}</a>').format(href, sid) if href else escape(sid)

    def line(self, sid, line_no, base: str = "", label: str | None = None, anchor: str | None = None,
             block_id=None) -> Markup:
        """A link to one line of a source's article page, labelled by the line's place in the
        article as read (``l.12``: its 12th block; the anchor is the raw file's line). A
        minified page holds many blocks on one raw line: they get labels of their own."""
        sid = str(sid)
        missing = line_no is None or line_no is pd.NA or (isinstance(line_no, float) and pd.isna(line_no))
        if block_id is None and not missing:
            block_id = self.first_block.get(sid, {}).get(int(line_no))
        if block_id is None and missing:
            return Markup("")
        block_id = None if block_id is None else str(block_id)
        anchor = anchor or self.anchors.get(sid, {}).get(block_id) or line_anchor(line_no)
        position = self.position.get(sid, {}).get(block_id)
        text = label or (f"l.{position}" if position else f"l.{int(line_no)}")
        # no tooltip: a page links hundreds of lines, and the article page's own line numbers
        # carry the raw file's line in theirs
        return Markup('<a class="num" href="{}">{}</a>').format(self.href(sid, anchor, base), text)

    def count(self, sid, anchor: str, n, base: str = "", label: str | None = None) -> Markup:
        """A count linked to the section of the article page that lists its lines."""
        text = label if label is not None else str(n)
        return Markup('<a class="num" href="{}">{}</a>').format(self.href(sid, anchor, base), text)

    def story_link(self, story, base: str = "", anchor: str | None = None, label: str | None = None) -> Markup:
        href = self.story_href(story, anchor, base)
        text = label or story
        return Markup('<a href="{}">{}</a>').format(href, text) if href else escape(text)

    # --- copies and translations -------------------------------------------------------
    def copy_note(self, sid, base: str = "", *, own_page: bool = True) -> Markup:
        """The source's copy family in words, each member a link: "Copy: 4 outlets carry the
        same text (first: X, 2024-06-06): ...". The first is the earliest published (by
        ``articles.published``; by id among the undated); empty when it copies nobody.
        ``own_page``: written on the source's own page (it says "this one"), else on a
        story page (every member listed)."""
        sid = str(sid)
        members = self.families.get(self.family.get(sid, sid), [])
        if len(members) < 2:
            return Markup("")
        first = min(members, key=lambda m: (self.published.get(m) or "\uffff", m))
        named = {self.outlet.get(m) for m in members}
        noun, n = ("outlets", len(named)) if None not in named else ("sources", len(members))
        date = self.published.get(first) or "date unknown"
        this_first = own_page and first == sid
        listed = [m for m in members if m != (sid if own_page else first)]
        return Markup("<strong>Copy</strong>: {} {} carry the same text (first: {}, {}); {}: {}.").format(
            n, noun, Markup("this one") if this_first else self.source(first, base, second_line=False), date,
            "this one is a copy; the others" if own_page and not this_first else "its copies",
            Markup(", ").join(self.source(m, base, second_line=False)
                              + (Markup(" ({})").format(self.published[m]) if self.published.get(m) else Markup(""))
                              for m in listed))

    def translation_note(self, sid, base: str = "") -> Markup:
        """"Machine translation of Y" (``sources.translation_of``; "translation of" when the
        artifacts do not call it machine-made), and the sources that translate this one."""
        sid = str(sid)
        row = self.row.get(sid, {})
        parts = []
        original = _text(row.get("translation_of"))
        if original:
            machine = row.get("machine_translated") is True
            parts.append(Markup("<strong>{}</strong> of {}{}.").format(
                "Machine translation" if machine else "Translation",
                self.source(original, base, second_line=False),
                Markup(" ({})").format(_text(row.get("translation_of_evidence")))
                if _text(row.get("translation_of_evidence")) else Markup("")))
        if self.translated_by.get(sid):
            parts.append(Markup("Translated by {} (each a copy of this one).").format(
                Markup(", ").join(self.source(t, base, second_line=False) for t in self.translated_by[sid])))
        return Markup(" ").join(parts)

    # --- linked summaries ------------------------------------------------------------
    SUMMARY_LINKS = [
        (re.compile(r"of (\d+) facts? it states"), "facts"),
        (re.compile(r"(\d+) corroborated"), "corroborated"),
        (re.compile(r"(\d+) contradicted"), "contradicted"),
        (re.compile(r"(\d+) disputed"), "disputed"),
        (re.compile(r"(\d+) since updated"), "updated"),
        (re.compile(r"(\d+) confirmed by no independent source"), "unique"),
        (re.compile(r"((?:&lt;)?\d+%) boilerplate"), "boilerplate"),
        (re.compile(r"\((\d+) blocks?:"), "boilerplate"),
        (re.compile(r"\(score (\d\.\d\d)"), "translation"),
    ]

    def summary(self, sid, base: str = "") -> Markup:
        """The source's summary sentence, escaped, each count in it a link to its lines."""
        row = self.row.get(str(sid))
        text = str(escape(_text(row.get("summary")) if row else ""))
        for pattern, anchor in self.SUMMARY_LINKS:
            def link(match, anchor=anchor):
                whole, number = match.group(0), match.group(1)
                start = match.start(1) - match.start(0)
                href = escape(self.href(sid, anchor, base))
                return (whole[:start] + f'<a class="num" href="{href}">{number}</a>'
                        + whole[start + len(number):])
            text = pattern.sub(link, text, count=1)
        return Markup(text)


# --- the scorecard, stories and contradictions as linked rows ---------------------------

def _is_unranked(row) -> bool:
    return _text(row.get("consistency_evidence")) == TOO_LITTLE


def _interval(row) -> str:
    if pd.isna(row.get("reliability")):
        return ""
    return f"{row['reliability']:.2f} ({row['reliability_low']:.2f}\u2013{row['reliability_high']:.2f})"


def ranked_sources(sources: pd.DataFrame) -> pd.DataFrame:
    """Sources most reliable first; those with too little evidence last, not ranked."""
    unranked = sources["consistency_evidence"].astype("string").eq(TOO_LITTLE).fillna(False) \
        if "consistency_evidence" in sources else pd.Series(False, index=sources.index)
    return sources.assign(_unranked=unranked.astype(bool)).sort_values(
        ["_unranked", "reliability", "source_id"], ascending=[True, False, True])


def _rank_shown(row: dict, counted: int) -> str:
    """The rank as the scorecard states it (``rank_shown``: "3", or "2-5" for places the
    intervals do not tell apart), else the place counted down the list."""
    shown = row.get("rank_shown")
    return str(shown) if isinstance(shown, str) and shown else str(counted)


def scorecard_rows(site: Site, sources: pd.DataFrame, base: str = "") -> list[dict]:
    """One dict per source, most reliable first, every count a link to its lines."""
    rows = []
    rank = 0
    for row in ranked_sources(sources).to_dict("records"):
        sid = str(row["source_id"])
        unranked = _is_unranked(row)
        if not unranked:
            rank += 1
        n = {key: int(row.get(key, 0) or 0) for key in
             ("n_facts", "n_corroborated", "n_contradicted", "n_disputed", "n_updated",
              "n_boilerplate_blocks", "n_artifacts")}
        n_unique = n["n_facts"] - n["n_corroborated"] - n["n_contradicted"] - n["n_disputed"] - n["n_updated"]
        share = row.get("boilerplate_share")
        boiler = "" if share is None or pd.isna(share) else ("<1%" if 0 < share < 0.005 else f"{share:.0%}")
        translation = row.get("translation_score")
        family = site.family.get(sid, sid)
        copy_mark = Markup("<br><small>copy of {}</small>").format(site.name(family)) if family != sid else Markup("")
        rows.append({
            "sid": sid,
            "source": site.source(sid, base) + copy_mark,
            "story": site.story_link(site.story.get(sid), base) if site.many_stories else "",
            # the places the intervals allow ("2-5": a tie), where the scorecard has them
            "rank": "not ranked" if unranked else _rank_shown(row, rank),
            "rank_sort": "999999" if unranked else str(rank),
            "rank_note": TOO_LITTLE if unranked else "",
            "reliability": _interval(row),
            "corroborated": site.count(sid, "corroborated", n["n_corroborated"], base),
            "contradicted": site.count(sid, "contradicted", n["n_contradicted"], base),
            "disputed": site.count(sid, "disputed", n["n_disputed"], base),
            "updated": site.count(sid, "updated", n["n_updated"], base),
            "unique": site.count(sid, "unique", n_unique, base),
            "facts": site.count(sid, "facts", n["n_facts"], base),
            "boilerplate": site.count(sid, "boilerplate", n["n_boilerplate_blocks"], base, boiler) if boiler else "",
            "boilerplate_sort": "" if not boiler else f"{share:.4f}",
            "translation": "" if translation is None or pd.isna(translation) else
                site.count(sid, "translation", n["n_artifacts"], base, f"{translation:.2f}"),
            "machine_translated": "yes" if row.get("machine_translated") is True else "no",
            "summary": site.summary(sid, base),
        })
    return rows


def story_rows(site: Site, base: str = "") -> list[dict]:
    """One dict per story: size, outlets, contradictions, most and least reliable source."""
    articles, sources = site.tables["articles"], site.tables["sources"]
    contradictions = site.tables.get("contradictions", pd.DataFrame(columns=["source_a"]))
    story_of = site.story
    n_contra = defaultdict(int)
    for a in contradictions["source_a"].astype(str) if len(contradictions) else []:
        n_contra[story_of.get(a, "")] += 1
    ranked = ranked_sources(sources)
    ranked = ranked[~ranked["_unranked"]]
    by_story = defaultdict(list)
    for sid in ranked["source_id"].astype(str):
        by_story[story_of.get(sid, "")].append(sid)
    facts = sources.set_index(sources["source_id"].astype(str))["n_corroborated"] if "n_corroborated" in sources else {}
    rows = []
    for story in site.story_ids:
        ids = sorted(sid for sid, s in story_of.items() if s == story)
        named = sorted({site.outlet[sid] for sid in ids if site.outlet.get(sid)})
        # the story's headline: the title of its source with the most corroborated facts
        lead = max(ids, key=lambda sid: (int(facts.get(sid, 0) or 0), -ids.index(sid)))
        order = by_story.get(story, [])
        rows.append({
            "story": site.story_link(story, base),
            "story_id": story,
            "title": site.title.get(lead, ""),
            "articles": len(ids),
            "outlets": len(named),
            "sources": Markup(", ").join(site.source(sid, base, second_line=False) for sid in ids[:6])
                + (site.story_link(story, base, "sources", f", and {len(ids) - 6} more") if len(ids) > 6 else ""),
            "contradictions": site.story_link(story, base, "contradictions", str(n_contra.get(story, 0))),
            "most": site.source(order[0], base) if order else Markup("none ranked"),
            "least": site.source(order[-1], base) if len(order) > 1 else Markup(""),
        })
    del articles
    return rows


def contradiction_rows(site: Site, contradictions: pd.DataFrame, base: str = "") -> list[dict]:
    """Each contradiction with both sentences in full, their lines linked, reason and verdicts."""
    rows = []
    for row in contradictions.to_dict("records"):
        rows.append({
            "fact": _text(row["cluster_id"]),
            "source_a": site.source(row["source_a"], base),
            "line_a": site.line(row["source_a"], row["line_a"], base,
                                block_id=site.claim_block.get(_text(row.get("claim_a")))),
            "text_a": _text(row["text_a"]),
            "status_a": _text(row.get("status_a")),
            "source_b": site.source(row["source_b"], base),
            "line_b": site.line(row["source_b"], row["line_b"], base,
                                block_id=site.claim_block.get(_text(row.get("claim_b")))),
            "text_b": _text(row["text_b"]),
            "status_b": _text(row.get("status_b")),
            "reason": _text(row["reason"]),
        })
    return rows


class Html:
    """A fragment of HTML for a notebook cell (IPython shows it as HTML; Jinja2 and markupsafe
    take it as markup). Not a ``str``: code that tells a sentence (``str``) from a table by
    ``isinstance(x, str)`` must not print a table's markup as text. ``text`` is its plain-text
    twin (the ``text/plain`` output, for nbval and for notebooks read as text)."""

    def __init__(self, markup, text: str | None = None):
        self.markup = str(markup)
        self.text = text

    def _repr_html_(self):
        return self.markup

    def __html__(self):
        return self.markup

    def __str__(self):
        return self.markup

    def __contains__(self, part):
        return part in self.markup

    def __eq__(self, other):
        return isinstance(other, Html) and other.markup == self.markup

    __hash__ = None

    def __repr__(self):  # the text/plain twin of the output: short and stable
        if self.text is not None:
            return self.text
        return f"<{self.markup.count('<tr') - 1 if '<tr' in self.markup else 0} rows>"


def error_rows(errors: pd.DataFrame | None) -> list[dict]:
    """The input files (and records) that could not be used, one dict each, in full: file,
    record, kind, the error in words. Ordered by file and record."""
    if errors is None or errors.empty:
        return []
    ordered = errors.assign(_record=pd.to_numeric(errors["record"], errors="coerce")).sort_values(
        ["path", "_record"], kind="stable", na_position="first")
    return [{"path": _text(r["path"]), "record": "" if pd.isna(r["_record"]) else str(int(r["_record"])),
             "kind": _text(r["kind"]), "error": _text(r["error"])} for r in ordered.to_dict("records")]


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def scorecard_html(tables, base: str = "", site: Site | None = None) -> Html:
    site = site or Site(tables)
    return Html(render("scorecard.html.j2", rows=scorecard_rows(site, tables["sources"], base),
                       many_stories=site.many_stories))


def stories_html(tables, base: str = "", site: Site | None = None) -> Html | None:
    """Stories at a glance, or None for a corpus of one story."""
    site = site or Site(tables)
    if not site.many_stories:
        return None
    return Html(render("stories.html.j2", rows=story_rows(site, base)))


def contradictions_html(tables, contradictions: pd.DataFrame | None = None, base: str = "",
                        site: Site | None = None) -> Html:
    site = site or Site(tables)
    chosen = tables["contradictions"] if contradictions is None else contradictions
    return Html(render("contradictions.html.j2", rows=contradiction_rows(site, chosen, base),
                       many_stories=site.many_stories))


# --- article pages ---------------------------------------------------------------------

def _sentence_block(sentence_id) -> str:
    """The block of a sentence: its id is ``<block_id>:<n>`` (README, Data contract)."""
    return str(sentence_id).rsplit(":", 1)[0]


def _by_source(frame: pd.DataFrame | None, column: str = "source_id") -> dict[str, pd.DataFrame]:
    if frame is None or frame.empty:
        return {}
    return {str(key): part for key, part in frame.groupby(frame[column].astype(str), sort=False)}


def _both_ways(frame: pd.DataFrame | None, pairs: list[tuple[str, str]]) -> pd.DataFrame | None:
    """Rows of a pairwise table seen from either side: the ``*_a`` columns are "this source"."""
    if frame is None or frame.empty:
        return frame
    swap = {}
    for a, b in pairs:
        swap[a], swap[b] = b, a
    return pd.concat([frame, frame.rename(columns=swap)], ignore_index=True)


def text_segments(lines: list[dict], *, reasons_shown: int = RUN_REASONS_SHOWN_DEFAULT) -> list[dict]:
    """An article's lines in order, each run of consecutive boilerplate lines made one segment
    to show collapsed: ``{"run": False, "line": line}`` or ``{"run": True, "lines": [...],
    "label": "185 lines of navigation/UI", "kinds": [(kind, n)], "reasons": [(reason, n)],
    "more_reasons": k}``. A line is boilerplate when its ``boilerplate`` entry is set (a dict
    with ``kind`` and ``reason``). The run's reasons are counted once for the run, the most
    frequent first, so that a reason is not repeated line by line. Pure."""
    segments: list[dict] = []
    run: list[dict] = []

    def close():
        if not run:
            return
        kinds = Counter(line["boilerplate"]["kind"] for line in run)
        reasons = Counter(line["boilerplate"]["reason"] for line in run)
        ranked_kinds = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        ranked_reasons = sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
        n = len(run)
        noun = "line" if n == 1 else "lines"
        if len(kinds) == 1:
            label = f"{n} {noun} of {ranked_kinds[0][0]}"
        else:
            label = f"{n} {noun} of boilerplate: " + ", ".join(f"{k} {kind}" for kind, k in ranked_kinds)
        segments.append({"run": True, "lines": list(run), "label": label, "kinds": ranked_kinds,
                         "first": run[0], "last": run[-1],
                         "reasons": ranked_reasons[:reasons_shown],
                         "more_reasons": max(0, len(ranked_reasons) - reasons_shown)})
        run.clear()

    for line in lines:
        if line.get("boilerplate"):
            run.append(line)
            continue
        close()
        segments.append({"run": False, "line": line})
    close()
    return segments


def article_pages(site: Site, out_dir: Path, *, alignments_per_line: int = ALIGNMENTS_PER_LINE_DEFAULT,
                  open_max_rows: int = OPEN_TABLE_MAX_ROWS_DEFAULT) -> int:
    """Write one page per article into ``out_dir/articles``; return how many."""
    from .boilerplate import KIND_LABELS

    tables = site.tables
    folder = Path(out_dir) / ARTICLES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    blocks = _by_source(tables["blocks"])
    claims_all = tables.get("claims", pd.DataFrame(columns=["source_id", "cluster_id", "status"]))
    claims = _by_source(claims_all)
    artifacts = _by_source(tables.get("artifacts"))
    pair_columns = [("source_a", "source_b"), ("line_a", "line_b"), ("text_a", "text_b")]
    contradictions = _by_source(_both_ways(tables.get("contradictions"), pair_columns + [
        ("claim_a", "claim_b"), ("value_a", "value_b"), ("status_a", "status_b"), ("side_a", "side_b")]),
        "source_a")
    alignments = _by_source(_both_ways(tables.get("alignments"), pair_columns + [("sentence_a", "sentence_b")]),
                            "source_a")
    statuses = fact_status(claims_all) if len(claims_all) else pd.DataFrame(columns=["source_id", "cluster_id", "status"])
    status_of = {(str(s), str(c)): st for s, c, st in zip(statuses["source_id"], statuses["cluster_id"], statuses["status"])}
    # every fact's claims, to link a claim to the other sources' matching lines
    members: dict[str, list[dict]] = defaultdict(list)
    if len(claims_all):
        linked = claims_all[claims_all["cluster_id"].notna()]
        for claim in linked[["cluster_id", "source_id", "line_no", "block_id", "value_text", "status"]].to_dict("records"):
            members[str(claim["cluster_id"])].append(claim)
    base = "../"
    anchors = site.anchors

    def block_link(sid, block_id, line_no):
        return site.line(sid, line_no, base, block_id=block_id)

    count = 0
    for sid in site.pages:
        site.current = sid
        row = site.row.get(sid, {})
        own_blocks = blocks.get(sid, pd.DataFrame(columns=tables["blocks"].columns)).sort_values("block_no")
        own_claims = claims.get(sid, pd.DataFrame(columns=claims_all.columns))
        own_artifacts = artifacts.get(sid)
        own_contra = contradictions.get(sid)
        own_align = alignments.get(sid)
        notes: dict[str, list[dict]] = defaultdict(list)   # block_id -> notes
        marks: dict[str, set] = defaultdict(set)            # block_id -> css classes
        own_block_ids = set(own_blocks["block_id"].astype(str))
        place = site.position.get(sid, {})
        boiler: dict[str, dict] = {}                        # block_id -> its boilerplate finding
        # boilerplate
        flagged = []
        for b in own_blocks.to_dict("records"):
            if b.get("is_boilerplate") is True:
                kind = _text(b.get("boilerplate_kind")) or "other"
                marks[str(b["block_id"])].add("boilerplate")
                boiler[str(b["block_id"])] = {
                    "kind": KIND_LABELS.get(kind, kind),
                    "reason": f"decided by {_text(b.get('boilerplate_rule'))}: {_text(b.get('boilerplate_reason'))}",
                    "score": f"{b['boilerplate_score']:.2f}"}
                flagged.append({"line": block_link(sid, b["block_id"], b["line_no"]),
                                "line_no": place.get(str(b["block_id"]), int(b["line_no"])),
                                "kind": KIND_LABELS.get(kind, kind), "score": f"{b['boilerplate_score']:.2f}",
                                "rule": _text(b.get("boilerplate_rule")),
                                "reason": _text(b.get("boilerplate_reason")), "text": _text(b["text"])})
        # translation artifacts
        found = []
        if own_artifacts is not None:
            for a in own_artifacts.sort_values(["line_no", "kind"]).to_dict("records"):
                marks[str(a["block_id"])].add("artifact")
                notes[str(a["block_id"])].append({"cls": "artifact", "label": f"translation artifact: {a['kind']}",
                                                  "text": f"“{_text(a['evidence'])}” (evidence {a['weight']:.1f})"})
                found.append({"line": block_link(sid, a["block_id"], a["line_no"]),
                              "line_no": place.get(str(a["block_id"]), int(a["line_no"])),
                              "kind": _text(a["kind"]), "evidence": _text(a["evidence"]),
                              "weight": f"{a['weight']:.1f}"})
        # contradictions, by this source's claim
        contra_by_claim: dict[str, list[dict]] = defaultdict(list)
        if own_contra is not None:
            for c in own_contra.to_dict("records"):
                contra_by_claim[str(c["claim_a"])].append(c)
        # claims, grouped into facts
        facts: dict[str, dict] = {}
        unique_statements: dict[str, int] = defaultdict(int)
        for c in own_claims.sort_values(["line_no", "claim_id"]).to_dict("records"):
            fact = _text(c.get("cluster_id")) or _text(c["claim_id"])
            status = status_of.get((sid, fact), _text(c.get("status")) or "unique")
            block_id = str(c["block_id"])
            others = [m for m in members.get(fact, []) if str(m["source_id"]) != sid]
            other_links = Markup(", ").join(
                site.source(m["source_id"], base, second_line=False) + Markup(" ") + block_link(
                    m["source_id"], m["block_id"], m["line_no"])
                + Markup(" ({})").format(_text(m["status"]))
                for m in sorted(others, key=lambda m: (str(m["source_id"]), int(m["line_no"])))[:12])
            if len(others) > 12:
                other_links += Markup(", and {} more").format(len(others) - 12)
            kind = _text(c["kind"])
            said = _text(c["text"]) if kind == "statement" else _text(c.get("value_text"))
            claim_status = _text(c.get("status")) or "unique"
            marks[block_id].add(claim_status)
            if kind == "statement" and claim_status == "unique":
                unique_statements[block_id] += 1
            else:
                measure = _text(c.get("measure"))
                notes[block_id].append({
                    "cls": claim_status, "label": f"{claim_status} {kind}",
                    "text": f"“{said}”" + (f" ({measure})" if measure else "")
                            + (f", fact {fact}" if others else ""),
                    "links": other_links})
            for k in contra_by_claim.get(str(c["claim_id"]), []):
                notes[block_id].append({
                    "cls": "contradicted", "label": "contradiction",
                    "text": f"{_text(k['reason'])}; the other side says: “{_text(k['text_b'])}”",
                    "links": site.source(k["source_b"], base, second_line=False) + Markup(" ")
                             + site.line(k["source_b"], k["line_b"], base,
                                         block_id=site.claim_block.get(_text(k.get("claim_b"))))
                             + Markup(" ({})").format(_text(k.get("status_b")))})
            entry = facts.setdefault(fact, {"fact": fact, "status": status, "kind": kind, "lines": [],
                                            "said": [], "others": other_links, "n_others": len(others),
                                            "reasons": [], "line_no": place.get(block_id, int(c["line_no"]))})
            entry["lines"].append(block_link(sid, c["block_id"], c["line_no"]))
            if said and said not in entry["said"]:
                entry["said"].append(said)
            for k in contra_by_claim.get(str(c["claim_id"]), []):
                reason = _text(k["reason"])
                if reason not in entry["reasons"]:
                    entry["reasons"].append(reason)
        for block_id, n in unique_statements.items():
            notes[block_id].append({"cls": "unique", "label": "unique statements",
                                    "text": f"{n} sentence{'s' if n != 1 else ''} no other source states"})
        # alignments
        aligned_by_line: dict[int, list[dict]] = defaultdict(list)
        n_aligned = 0
        if own_align is not None:
            n_aligned = len(own_align)
            for a in own_align.sort_values(["similarity", "source_b", "line_b"], ascending=[False, True, True]).to_dict("records"):
                aligned_by_line[_sentence_block(a["sentence_a"])].append(a)
        for block_id, rows_ in aligned_by_line.items():
            if block_id not in own_block_ids:
                continue
            shown = rows_[:alignments_per_line]
            links = Markup(", ").join(
                site.source(a["source_b"], base, second_line=False) + Markup(" ")
                + site.line(a["source_b"], a["line_b"], base, block_id=_sentence_block(a["sentence_b"])) + Markup(" ({:.2f})").format(a["similarity"])
                for a in shown)
            if len(rows_) > len(shown):
                links += Markup(", and {} more").format(len(rows_) - len(shown))
            marks[block_id].add("aligned")
            notes[block_id].append({"cls": "aligned", "label": f"aligned with {len(rows_)} sentence"
                                    f"{'s' if len(rows_) != 1 else ''} of other sources", "text": "", "links": links})
        lines = []
        for b in own_blocks.to_dict("records"):
            block_id = str(b["block_id"])
            cls = sorted(marks.get(block_id, set()))
            lines.append({"anchor": anchors.get(sid, {}).get(block_id, line_anchor(b["line_no"])),
                          "line_no": int(b["line_no"]), "n_lines": int(b.get("n_lines") or 1),
                          "position": site.position.get(sid, {}).get(block_id, len(lines) + 1),
                          "boilerplate": boiler.get(block_id),
                          "text": _text(b["text"]), "cls": " ".join(cls),
                          "before_repair": _text(b.get("text_before_repair")),
                          "notes": notes.get(block_id, [])})
        by_status = {status: [] for status in STATUSES}
        for entry in sorted(facts.values(), key=lambda e: (e["line_no"], e["fact"])):
            by_status.setdefault(entry["status"], []).append(entry)
        outlet = site.outlet.get(sid)
        html_text = render(
            "article.html.j2", sid=sid, outlet=outlet, title=site.title.get(sid, ""), row=row,
            url=_text(site.article[sid].get("url")),
            http_url=http_url, meta=_article_meta(site, sid),
            story=site.story_link(site.story.get(sid), base) if site.many_stories else "",
            summary=site.summary(sid, base), reliability=_interval(row) if row else "",
            copy_note=site.copy_note(sid, base), translation_note=site.translation_note(sid, base),
            unranked=bool(row) and _is_unranked(row), segments=text_segments(lines), by_status=by_status,
            n_lines=len(lines), n_boilerplate_lines=len(boiler), open_max_rows=open_max_rows,
            facts=sorted(facts.values(), key=lambda e: (e["line_no"], e["fact"])),
            flagged=flagged, artifacts=found, n_aligned=n_aligned, status_words=STATUS_WORDS,
            style_evidence=_text(row.get("translation_style_evidence")) if row else "",
            translation_score="" if not row or pd.isna(row.get("translation_score")) else f"{row['translation_score']:.2f}",
            boilerplate_share="" if not row or pd.isna(row.get("boilerplate_share")) else f"{row['boilerplate_share']:.0%}",
            n_claims=len(own_claims), statuses=STATUSES, base=base,
        )
        (folder / site.pages[sid]).write_text(html_text, encoding="utf-8")
        count += 1
    site.current = None
    return count


def _article_meta(site: Site, sid: str) -> list[tuple[str, str]]:
    row = site.article[sid]
    meta = [("source id", sid), ("file", _text(row.get("path")))]
    for label, column in (("published", "published"), ("language", "language"), ("format", "format"),
                          ("encoding", "encoding"), ("story", "story_id")):
        value = _text(row.get(column))
        if value:
            meta.append((label, value))
    family = site.row.get(sid, {}).get("copy_family")
    if family is not None and not pd.isna(family) and str(family) != sid:
        meta.append(("copy of", site.name(family) + f" ({family})"))
    return meta


# --- story pages -----------------------------------------------------------------------

def facts_matrix(site: Site, claims: pd.DataFrame, base: str = "", *,
                 max_sources: int = MATRIX_SOURCES_DEFAULT, min_sources: int = 2) -> dict:
    """Facts several sources state x the ``max_sources`` sources stating the most of them: each
    cell the source's words and a link to its line; the other sources listed with their
    counts. Returns ``{"columns", "rows", "rest"}``."""
    if claims.empty:
        return {"columns": [], "rows": [], "rest": []}
    per_fact = claims.groupby("cluster_id")["source_id"].nunique()
    chosen = claims[claims["cluster_id"].isin(per_fact[per_fact >= min_sources].index)]
    if chosen.empty:
        return {"columns": [], "rows": [], "rest": []}
    per_source = chosen.groupby("source_id")["cluster_id"].nunique()
    order = sorted(per_source.index, key=lambda s: (-per_source[s], str(s)))
    shown, rest = order[:max_sources], order[max_sources:]
    cells = chosen.sort_values(["line_no", "claim_id"]).groupby(["cluster_id", "source_id"]).first()
    rows = []
    for fact, part in chosen.groupby("cluster_id", sort=True):
        row = {"fact": str(fact), "kind": _text(part["kind"].iloc[0]), "n": part["source_id"].nunique(), "cells": []}
        for sid in shown:
            if (fact, sid) in cells.index:
                cell = cells.loc[(fact, sid)]
                said = _text(cell["text"]) if cell["kind"] == "statement" else _text(cell["value_text"])
                row["cells"].append({"said": said, "status": _text(cell["status"]),
                                     "line": site.line(sid, cell["line_no"], base, block_id=cell["block_id"])})
            else:
                row["cells"].append(None)
        rows.append(row)
    return {"columns": [site.source(s, base) for s in shown], "rows": rows,
            "rest": [(site.source(s, base, second_line=False), int(per_source[s])) for s in rest]}


def story_pages(site: Site, out_dir: Path) -> int:
    """Write one page per story into ``out_dir/stories`` (only for corpora of several)."""
    if not site.many_stories:
        return 0
    folder = Path(out_dir) / STORIES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    base = "../"
    sources, claims = site.tables["sources"], site.tables["claims"]
    contradictions = site.tables["contradictions"]
    glance = {row["story_id"]: row for row in story_rows(site, base)}
    story_of_source = pd.Series(site.story)
    for story in site.story_ids:
        ids = set(story_of_source.index[story_of_source == story])
        own_sources = sources[sources["source_id"].astype(str).isin(ids)]
        own_claims = claims[claims["source_id"].astype(str).isin(ids)]
        own_contra = contradictions[contradictions["source_a"].astype(str).isin(ids)]
        scorecard = Markup(render("scorecard.html.j2", rows=scorecard_rows(site, own_sources, base),
                                  many_stories=False))
        contra = Markup(render("contradictions.html.j2", rows=contradiction_rows(site, own_contra, base),
                               many_stories=False))
        families = [site.copy_note(family, base, own_page=False) for family in
                    sorted({site.family.get(sid, sid) for sid in ids})
                    if len(site.families.get(family, [])) > 1]
        translations = [site.translation_note(sid, base) for sid in sorted(ids)
                        if _text(site.row.get(sid, {}).get("translation_of"))]
        text = render("story.html.j2", story=story, glance=glance[story], scorecard_html=scorecard,
                      families=families, translations=translations,
                      contradictions_html=contra, n_contradictions=len(own_contra),
                      matrix=facts_matrix(site, own_claims, base), base=base)
        (folder / site.story_pages[story]).write_text(text, encoding="utf-8")
    return len(site.story_ids)


# --- links in the notebooks' tables ----------------------------------------------------

def link_sources(fragment: str, site: Site, base: str = "", *,
                 sortable_min_rows: int = SORTABLE_MIN_ROWS_DEFAULT) -> str:
    """An HTML table output of a notebook with each cell that holds source ids (alone, or a
    few separated by spaces) turned into links to their article pages, named by outlet, and
    long tables made sortable. Cells that already hold markup are left as they are; text is
    set as text (lxml escapes it when it serialises)."""
    if "<table" not in fragment:
        return fragment
    import lxml.html

    parts = lxml.html.fragments_fromstring(fragment)
    changed = False
    for part in parts:
        if isinstance(part, str) or not hasattr(part, "iter"):
            continue
        for table in part.iter("table"):
            for cell in table.iter("td", "th"):
                if len(cell):
                    continue
                whole = (cell.text or "").strip()
                tokens = [whole] if whole in site.pages else whole.split()
                if not tokens or len(tokens) > 12 or not all(t in site.pages for t in tokens):
                    continue
                cell.text = None
                for k, sid in enumerate(tokens):
                    if k:
                        cell[-1].tail = " "
                    link = lxml.html.Element("a", {"class": "src", "href": site.href(sid, base=base),
                                                   "title": f"source {sid}"})
                    link.text = site.outlet.get(sid) or sid
                    cell.append(link)
                    if len(tokens) == 1 and site.outlet.get(sid):
                        cell.append(lxml.html.Element("br"))
                        small = lxml.html.Element("small", {"class": "sid"})
                        small.text = sid
                        cell.append(small)
                changed = True
            body_rows = [row for body in table.iter("tbody") for row in body.iter("tr")]
            if (len(body_rows) >= sortable_min_rows and table.find(".//*[@rowspan]") is None
                    and table.find(".//*[@colspan]") is None and table.find("thead") is not None
                    and "sortable" not in (table.get("class") or "")):
                table.set("class", ((table.get("class") or "") + " sortable").strip())
                changed = True
    if not changed:
        return fragment
    return "".join(part if isinstance(part, str) else lxml.html.tostring(part, encoding="unicode")
                   for part in parts)


def write_static(out_dir: Path) -> list[Path]:
    """The style and script every page of the report links (``static/``), written once."""
    folder = Path(out_dir) / STATIC_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for source in STATIC_FILES:
        target = folder / source.name
        target.write_bytes(source.read_bytes())
        written.append(target)
    return written


def write_pages(tables: dict[str, pd.DataFrame], out_dir: Path) -> Site:
    """Every article page and story page of the report, and the style and script they link
    (``static/``); returns the site for the links."""
    write_static(out_dir)
    site = Site(tables)
    article_pages(site, out_dir)
    story_pages(site, out_dir)
    return site
