"""The report's own pages on real coverage of several stories (the vendored ECB+ sample, 4
events), with hostile additions: a page per article and per story, every link resolving to
an existing page and anchor, every count linked to exactly the lines behind it, outlets by
name, and article text (and ids, outlets, URLs) that stays text."""

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pandas as pd
import pytest

from analysis import pages
from analysis.report import render_index
from analysis.study import TABLES, run_study

from .test_report import BROKEN_WORDS_JS

ECBPLUS = Path(__file__).parent / "data" / "ecbplus" / "corpus"
XSS = "__srcrel_xss"
HOSTILE_ID = f"<img src=x onerror=window.{XSS}=1>"
HOSTILE_RECORD = (
    '{"id": "%s", "outlet": "<script>window.%s=2</script> Gazette", "url": "javascript:window.%s=3", '
    '"text": "Colts beat the Chiefs 20-13 to reach the playoffs. <script>window.%s=4</script> '
    'The Indianapolis Colts <b onmouseover=alert(1)>won</b> on Sunday."}\n'
    % (HOSTILE_ID.replace('"', '\\"'), XSS, XSS, XSS))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    corpus = root / "corpus"
    shutil.copytree(ECBPLUS, corpus)
    (corpus / "hostile.jsonl").write_text(HOSTILE_RECORD)
    run_study(corpus, root / "tables", keep_tables=False)
    tables = {name: pd.read_parquet(root / "tables" / f"{name}.parquet") for name in TABLES}
    reports = root / "reports"
    built = pages.write_pages(tables, reports)
    (reports / "index.html").write_text(render_index([("00-summary.html", "Summary")], {}, tables=tables,
                                                     site=built))
    (reports / "00-summary.html").write_text("<html><body></body></html>")
    return built, tables, reports


def links_of(path: Path) -> list[str]:
    return [a.get("href") for a in lxml.html.parse(str(path)).getroot().iter("a") if a.get("href")]


def assert_resolves(page: Path, href: str) -> None:
    parts = urlsplit(href)
    assert parts.scheme in ("", "http", "https"), (page, href)
    if parts.scheme:
        return
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    assert target.exists(), (page.name, href)
    if parts.fragment:
        ids = {e.get("id") for e in lxml.html.parse(str(target)).getroot().iter() if e.get("id")}
        assert parts.fragment in ids, (page.name, href)


def test_a_page_per_article_and_per_story(site):
    built, tables, reports = site
    assert built.many_stories
    for sid in tables["articles"]["source_id"]:
        assert (reports / "articles" / pages.page_name(sid)).exists()
    assert pages.page_name(HOSTILE_ID) != HOSTILE_ID + ".html" and "/" not in pages.page_name(HOSTILE_ID)
    stories = sorted(tables["articles"]["story_id"].unique())
    assert len(stories) >= 4
    for story in stories:
        assert (reports / "stories" / pages.page_name(story)).exists()
    index = (reports / "index.html").read_text()
    assert "Stories at a glance" in index
    assert all(f"stories/{pages.page_name(story)}" in index for story in stories)


def test_every_link_resolves_to_an_existing_page_and_anchor(site):
    _, _, reports = site
    checked = 0
    for page in [reports / "index.html", *sorted((reports / "stories").glob("*.html")),
                 *sorted((reports / "articles").glob("*.html"))[:12]]:
        for href in links_of(page):
            assert_resolves(page, href)
            checked += 1
    assert checked > 500


def test_each_count_links_to_exactly_the_lines_behind_it(site):
    built, tables, reports = site
    sources = tables["sources"].set_index("source_id")
    for sid, row in sources.iterrows():
        doc = lxml.html.parse(str(reports / "articles" / pages.page_name(sid))).getroot()
        for anchor, column in (("corroborated", "n_corroborated"), ("contradicted", "n_contradicted"),
                               ("disputed", "n_disputed"), ("updated", "n_updated"), ("facts", "n_facts"),
                               ("boilerplate", "n_boilerplate_blocks"), ("translation", "n_artifacts")):
            section = doc.get_element_by_id(anchor)
            assert len(section.findall(".//tbody/tr")) == row[column], (sid, anchor)
            lines = [a.get("href") for a in section.iter("a") if (a.get("href") or "").startswith("#line-")]
            if row[column]:
                assert lines, (sid, anchor)   # each listed fact or block links to its line
    # the scorecard's counts link to those sections
    hrefs = links_of(reports / "index.html")
    for anchor in ("corroborated", "contradicted", "facts", "boilerplate", "translation", "unique"):
        assert any(h.endswith(f"#{anchor}") for h in hrefs), anchor


def test_outlets_are_named_and_ids_kept(site):
    built, tables, reports = site
    index = (reports / "index.html").read_text()
    named = tables["articles"].dropna(subset=["outlet"])
    assert len(named) > 5
    for sid, outlet in zip(named["source_id"].head(10), named["outlet"].head(10)):
        page = (reports / "articles" / pages.page_name(sid)).read_text()
        assert f"<h1>{pages.escape(outlet)}</h1>" in page
        assert f'title="source {pages.escape(sid)}"' in index


def test_article_text_ids_outlets_and_urls_stay_text(site):
    built, tables, reports = site
    for page in [reports / "index.html", *(reports / "stories").glob("*.html"),
                 *(reports / "articles").glob("*.html")]:
        body = page.read_text()
        assert not re.search(r"<script>\s*window\.", body), page.name
        assert not re.search(r"<img[^>]*onerror", body, re.IGNORECASE), page.name
        assert not re.search(r"<b\s+onmouseover", body, re.IGNORECASE), page.name
        assert 'href="javascript:' not in body.lower(), page.name
    hostile = (reports / "articles" / pages.page_name(HOSTILE_ID)).read_text()
    assert "&lt;script&gt;window." in hostile and "&lt;img src=x onerror=" in hostile
    assert "javascript:window." in hostile   # the URL shown as text, never as a link


def test_link_sources_links_ids_in_notebook_tables_and_escapes(site):
    built, tables, _ = site
    sid = tables["articles"].dropna(subset=["outlet"])["source_id"].iloc[0]
    frame = pd.DataFrame({"source_id": [sid, HOSTILE_ID, "not-a-source"] * 3, "x": range(9)}).set_index("source_id")
    out = pages.link_sources(frame.to_html(), built)
    assert f'href="articles/{pages.page_name(sid)}"' in out
    assert "sortable" in out   # 9 rows: long enough to sort and filter
    assert "<img" not in out and "&lt;img src=x onerror" in out
    assert out.count('class="src"') == 6


# --- article pages of real web pages (tests/data/pages: three saved news pages) ----------

PAGES = Path(__file__).parent / "data" / "pages"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def web_site(tmp_path_factory):
    import gzip

    root = tmp_path_factory.mktemp("web")
    corpus = root / "corpus"
    corpus.mkdir()
    for page in PAGES.glob("*.html.gz"):
        (corpus / page.name[:-3]).write_bytes(gzip.decompress(page.read_bytes()))
    shutil.copy(PAGES / "sources.csv", corpus / "sources.csv")
    run_study(corpus, root / "tables", keep_tables=False)
    tables = {name: pd.read_parquet(root / "tables" / f"{name}.parquet") for name in TABLES}
    reports = root / "reports"
    built = pages.write_pages(tables, reports)
    return built, tables, reports


def test_text_segments_fold_boilerplate_by_run():
    def line(n, kind=None, reason="short line"):
        return {"position": n, "boilerplate": {"kind": kind, "reason": reason} if kind else None}

    lines = [line(1, "navigation/UI"), line(2, "navigation/UI", "menu"), line(3, "navigation/UI"),
             line(4), line(5, "share buttons"), line(6), line(7, "navigation/UI"), line(8, "byline/metadata")]
    segments = pages.text_segments(lines, reasons_shown=1)
    assert [s["run"] for s in segments] == [True, False, True, False, True]
    assert segments[0]["label"] == "3 lines of navigation/UI"
    assert segments[0]["reasons"] == [("short line", 2)] and segments[0]["more_reasons"] == 1
    assert segments[2]["label"] == "1 line of share buttons"
    assert segments[4]["label"] == "2 lines of boilerplate: 1 byline/metadata, 1 navigation/UI"
    assert [l["position"] for s in segments for l in (s["lines"] if s["run"] else [s["line"]])] == list(range(1, 9))
    assert pages.text_segments([]) == []


def test_article_page_of_a_web_page_shows_the_text_first_with_boilerplate_folded_by_run(web_site):
    built, tables, reports = web_site
    blocks = tables["blocks"]
    for sid, own in blocks.groupby("source_id"):
        doc = lxml.html.parse(str(reports / "articles" / pages.page_name(sid))).getroot()
        order = [e.get("id") for e in doc.iter("section", "h2") if e.get("id")]
        assert order.index("text") < min(order.index(s) for s in ("corroborated", "facts", "boilerplate")), sid
        text = doc.get_element_by_id("text")
        lines = text.find_class("line")
        assert len(lines) == len(own)
        # every boilerplate line sits in a folded run, every article line outside one
        flagged = set(own.loc[own["is_boilerplate"].fillna(False).astype(bool), "block_id"].map(
            lambda b: built.anchors[str(sid)][str(b)]))
        assert flagged, sid
        for element in lines:
            folded = any(p.tag == "details" for p in element.iterancestors())
            assert folded == (element.get("id") in flagged), (sid, element.get("id"))
        runs = [d for d in text.iter("details") if "run" in d.get("class", "")]
        assert runs and all(d.get("open") is None for d in runs)
        for run in runs:
            summary = run.find("summary").text_content()
            n = len(run.find_class("line"))
            assert re.search(rf"(^|\D){n} lines? of ", summary), summary
        # a run states its reasons once, not line by line
        reasons = own["boilerplate_reason"].dropna().value_counts()
        top = reasons.index[0]
        assert text.text_content().count(top) <= len(runs), (sid, top, reasons.iloc[0])
        # each line labelled by its place in the article: distinct labels, anchors kept
        labels = [e.text_content() for e in text.find_class("ln")]
        assert labels == [str(k) for k in range(1, len(own) + 1)], sid
        assert all(e.get("id").startswith("line-") for e in lines)


def test_a_minified_page_gets_a_label_per_line_and_links_to_each(web_site):
    built, tables, reports = web_site
    blocks = tables["blocks"]
    per_line = blocks.groupby("source_id")["line_no"].nunique() / blocks.groupby("source_id").size()
    minified = per_line.idxmin()
    assert per_line[minified] < 0.2   # most of its blocks share a raw line
    page = reports / "articles" / pages.page_name(minified)
    links = [a for a in lxml.html.parse(str(page)).getroot().iter("a")
             if (a.get("href") or "").startswith("#line-") and a.get("class") == "num"]
    assert links
    labels = {a.get("href"): a.text_content() for a in links}
    assert len(set(labels.values())) == len(labels)   # one label per line, not "l.14" for all
    for href in labels:
        assert_resolves(page, href)


@pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                    reason="Chromium not installed: run `make browser` (Debian packages chromium, chromium-driver)")
def test_article_page_of_a_web_page_is_at_most_two_screens_taller_than_its_text(web_site, tmp_path):
    """Issue 29's target, in a browser: the page's height is at most the height of its
    article text (the lines that are not boilerplate) plus two screens."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from analysis import config

    _, tables, reports = web_site
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    screenshots = config.REPORTS_DIR / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    try:
        for sid in sorted(tables["articles"]["source_id"]):
            page = reports / "articles" / pages.page_name(sid)
            driver.get(page.as_uri())
            height = driver.execute_script("return document.documentElement.scrollHeight")
            screen = driver.execute_script("return window.innerHeight")
            text = driver.execute_script(
                "return Array.from(document.querySelectorAll('#text .line:not(.boilerplate)'))"
                ".reduce((s, e) => s + e.getBoundingClientRect().height, 0)")
            assert text > 0 and height <= text + 2 * screen, (sid, height, text, screen)
            driver.save_screenshot(str(screenshots / f"web-article-{page.stem}.png"))
            # a link to a folded line opens its run and shows the line
            folded = driver.execute_script(
                "var l = document.querySelector('details.run .line'); return l ? l.id : null")
            driver.get(page.as_uri() + "#" + folded)
            assert driver.execute_script(
                "var l = document.getElementById(arguments[0]); return l.closest('details').open "
                "&& l.getBoundingClientRect().height > 0", folded), (sid, folded)
            # a link to a folded table opens it
            driver.get(page.as_uri() + "#boilerplate")
            assert driver.execute_script("return document.querySelector('#boilerplate details').open")
            # headers and fact ids are not broken mid-word ("articl es"), in a narrow window too
            for width in (1280, 800):
                driver.set_window_size(width, 1000)
                assert driver.execute_script(BROKEN_WORDS_JS) == [], (sid, width)
            driver.set_window_size(1280, 1000)
    finally:
        driver.quit()


def test_copy_families_and_translations_are_said_on_article_and_story_pages(site, tmp_path):
    """ECB+'s copy families (sources.copy_family, from the copies table), with publication
    dates and a translation set here, on the article pages, the story page and the scorecard."""
    built, tables, _ = site
    sources = tables["sources"]
    copies = sources[sources["copy_family"] != sources["source_id"]]
    assert len(copies)   # the sample holds syndicated copies
    family = copies["copy_family"].iloc[0]
    members = sorted(sources.loc[sources["copy_family"] == family, "source_id"])
    # the last member (by id) was published first: the first is by date, not by id
    articles = tables["articles"].copy()
    articles["published"] = articles["published"].astype("object")
    for k, sid in enumerate(members):
        articles.loc[articles["source_id"] == sid, "published"] = f"2009-01-{20 - k:02d}"
    first = members[-1]
    story_of = dict(zip(tables["articles"]["source_id"], tables["articles"]["story_id"]))
    translator = next(s for s in sorted(sources["source_id"])
                      if s not in members and story_of[s] == story_of[first])   # shown on the story's page
    translated = sources.copy()
    translated["translation_of"] = translated["translation_of"].astype("object")
    translated["translation_of_evidence"] = translated["translation_of_evidence"].astype("object")
    where = translated["source_id"] == translator
    translated.loc[where, "translation_of"] = first
    translated.loc[where, "translation_of_evidence"] = "names and numbers in the same order"
    translated.loc[where, "machine_translated"] = True
    changed = {**tables, "articles": articles, "sources": translated}
    reports = tmp_path / "reports"
    built = pages.write_pages(changed, reports)
    (reports / "index.html").write_text(render_index([], {}, tables=changed, site=built))
    noun = "outlets" if all(built.outlet.get(m) for m in members) else "sources"
    said = f"Copy: {len(members)} {noun} carry the same text (first: {built.name(first)}, 2009-01-{21 - len(members):02d})"

    def text_of(path):
        return " ".join(lxml.html.parse(str(path)).getroot().text_content().split())

    copy_page = text_of(reports / "articles" / pages.page_name(members[0]))
    assert said + "; this one is a copy; the others:" in copy_page
    assert f"(first: this one, 2009-01-{21 - len(members):02d})" in text_of(reports / "articles" / pages.page_name(first))
    assert f"Machine translation of {built.name(first)} (names and numbers in the same order)" in \
        text_of(reports / "articles" / pages.page_name(translator))
    assert f"Translated by {built.name(translator)}" in text_of(reports / "articles" / pages.page_name(first))
    story = text_of(reports / "stories" / pages.page_name(built.story[first]))
    assert said + "; its copies:" in story and "Machine translation of" in story
    index = text_of(reports / "index.html")
    assert f"copy of {built.name(family)}" in index


def test_export_writes_every_table_with_its_columns_for_a_spreadsheet(web_site, tmp_path):
    """`srcrel export` on the tables of real pages: every table, its columns and rows, as CSV
    and XLSX; text that a spreadsheet would run as a formula stays text."""
    import csv
    import subprocess
    import sys

    from openpyxl import load_workbook

    _, tables, reports = web_site
    tables_dir = tmp_path / "tables"
    tables_dir.mkdir()
    formula = '=HYPERLINK("http://example.invalid","click")'
    for name, frame in tables.items():
        if name == "articles":   # an untrusted title that a spreadsheet would run
            frame = frame.assign(title=[formula] + frame["title"].iloc[1:].tolist())
        frame.to_parquet(tables_dir / f"{name}.parquet")
    for fmt in ("csv", "xlsx"):
        result = subprocess.run([sys.executable, "-m", "analysis", "export", "--format", fmt, "--out",
                                 str(tables_dir), "--to", str(tmp_path / fmt)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    book = load_workbook(tmp_path / "xlsx" / "srcrel-tables.xlsx", read_only=True)
    assert book.sheetnames == list(TABLES)
    for name in TABLES:
        frame = tables[name]
        with (tmp_path / "csv" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == list(frame.columns), name   # the data contract's columns, in order
        assert len(rows) == len(frame) + 1, name
        sheet = list(book[name].iter_rows(values_only=True))
        assert list(sheet[0]) == list(frame.columns) and len(sheet) == len(frame) + 1, name
    with (tmp_path / "csv" / "articles.csv").open(encoding="utf-8-sig", newline="") as handle:
        titles = [row["title"] for row in csv.DictReader(handle)]
    assert "'" + formula in titles and formula not in titles
    cell = next(c for c in next(load_workbook(tmp_path / "xlsx" / "srcrel-tables.xlsx")["articles"].iter_cols(
        min_col=list(tables["articles"].columns).index("title") + 1, max_col=list(tables["articles"].columns).index("title") + 1))
        if c.value == formula)
    assert cell.data_type == "s"   # text, not a formula
    missing = subprocess.run([sys.executable, "-m", "analysis", "export", "--out", str(tmp_path / "none"),
                              "--to", str(tmp_path / "x")], capture_output=True, text=True)
    assert missing.returncode == 2 and "no tables" in missing.stderr
