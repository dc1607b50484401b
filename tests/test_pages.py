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
