"""End to end: a corpus the test writes, through the CLI, to an HTML report; text stays text.

The report is built once for the module. The browser test opens it in headless Chromium
(Debian's chromium and chromium-driver, which `make test` installs) and checks what a reader
would meet: pages that load without console errors, charts that show, and article text that
carries markup shown as text, never run.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config

from .conftest import ENGLISH_ARTICLE

XSS_FLAG = "__srcrel_xss"
HOSTILE_TXT = (
    ENGLISH_ARTICLE
    + f"\n<script>window.{XSS_FLAG} = 'txt'</script> <img src=x onerror=\"window.{XSS_FLAG}='img'\">\n"
)
HOSTILE_HTML = (
    f"<html><head><title>&lt;script&gt;window.{XSS_FLAG}='title'&lt;/script&gt; harbour news</title>"
    f"</head><body><p>The council said &lt;script&gt;window.{XSS_FLAG}='page'&lt;/script&gt; "
    "nothing more about the harbour contract today.</p>"
    f"<script>window.{XSS_FLAG}='real'</script></body></html>"
)
# In a browser: the words of table headers and fact-id cells that are broken over two lines
# ("articl es"), every <details> opened first so that folded tables are measured too.
BROKEN_WORDS_JS = """
document.querySelectorAll('details').forEach(function (d) { d.open = true; });
var broken = [];
document.querySelectorAll('th, td.fid').forEach(function (cell) {
  var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), node;
  while ((node = walker.nextNode())) {
    var words = /[^\\s\u2013\u2014/-]{2,}/g, m;
    while ((m = words.exec(node.data))) {
      var range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      var tops = new Set(Array.from(range.getClientRects()).map(function (r) { return Math.round(r.top); }));
      if (tops.size > 1) { broken.push(m[0]); }
    }
  }
});
return broken;
"""
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "courier.txt").write_text(HOSTILE_TXT)
    (corpus / "times.html").write_text(HOSTILE_HTML)
    (corpus / "feed.jsonl").write_text(
        json.dumps({"id": "wire", "text": "Harbour contract worth 12 million pounds.",
                    "outlet": f"<script>window.{XSS_FLAG}='outlet'</script> Wire"})
        + '\n{"id": "bad", "text": "a raw control character \x01 in a string"}\n')
    (corpus / "broken.txt").write_bytes(b"")
    reports = root / "reports"
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--corpus", str(corpus),
         "--out", str(root / "tables"), "--reports", str(reports)],
        capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stderr
    assert "without encryption" not in result.stderr and "Kernel" not in result.stderr, result.stderr
    (root / "stderr.txt").write_text(result.stderr)
    return reports


def test_rendering_prints_its_progress(hostile_report):
    """Rendering takes tens of seconds: each notebook, the pages and each page rendered is said."""
    said = (hostile_report.parent / "stderr.txt").read_text()
    for step in ("running notebook 1/6: 00-summary.ipynb", "ran 05-agreement.ipynb in",
                 "writing a page per article (3)", "rendered 00-summary.html (1/6) in",
                 "rendered 05-agreement.html (6/6) in"):
        assert f"srcrel report: {step}" in said, (step, said)


def report_pages(reports: Path) -> list[str]:
    """The notebook pages the index lists under Pages."""
    index = (reports / "index.html").read_text()
    listed = index[index.index("<h2>Pages</h2>"):]
    return re.findall(r'href="([^"#]+\.html)"', listed[:listed.index("</ol>")])


def local_links(page: Path) -> list[tuple[Path, str]]:
    """(target file, fragment) of every link of ``page`` that stays in the report."""
    import lxml.html
    from urllib.parse import unquote, urlsplit

    links = []
    for a in lxml.html.parse(str(page)).getroot().iter("a"):
        href = a.get("href")
        if not href:
            continue
        parts = urlsplit(href)
        if parts.scheme:
            assert parts.scheme in ("http", "https"), href
            continue
        links.append(((page.parent / unquote(parts.path)).resolve() if parts.path else page, parts.fragment))
    return links


def test_report_renders_every_notebook_and_escapes_article_text(hostile_report):
    pages = report_pages(hostile_report)
    assert pages == ["00-summary.html", "01-ingest.html", "02-boilerplate.html", "03-translation.html",
                     "04-consistency.html", "05-agreement.html"]
    index = (hostile_report / "index.html").read_text()
    scorecard = index[index.index('<h2 id="scorecard">Scorecard</h2>'):index.index("<h2>Pages</h2>")]
    assert all(source in scorecard for source in ("courier", "times", "wire"))
    assert "Reliability 0." in scorecard   # each source's summary opens with its reliability
    for page in pages:
        body = (hostile_report / page).read_text()
        assert not re.search(r"<script>\s*window\.", body)
        assert not re.search(r"<img[^>]*onerror", body, re.IGNORECASE)
        assert f"window.{XSS_FLAG}='real'" not in body
        # a report opens offline and calls no third party: no remote scripts or styles
        assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', body)
    ingest_page = (hostile_report / "01-ingest.html").read_text()
    assert "wire" in ingest_page and "courier" in ingest_page
    assert "broken.txt" in ingest_page  # the problem file shows in the report
    assert "&lt;script&gt;window." in ingest_page  # shown, as text
    articles = sorted((hostile_report / "articles").glob("*.html"))
    assert len(articles) == 3   # courier, times, wire: a page each
    for page in [*articles, hostile_report / "index.html"]:
        body = page.read_text()
        assert not re.search(r"<script>\s*window\.", body), page.name
        assert not re.search(r"<img[^>]*onerror", body, re.IGNORECASE), page.name
    courier = (hostile_report / "articles" / "courier.html").read_text()
    assert "&lt;script&gt;window." in courier and 'id="line-1"' in courier
    summary_page = (hostile_report / "00-summary.html").read_text()
    assert f"&lt;script&gt;window.{XSS_FLAG}=&#x27;outlet&#x27;&lt;/script&gt; Wire" in summary_page or \
        f"&lt;script&gt;window.{XSS_FLAG}='outlet'&lt;/script&gt; Wire" in summary_page  # the outlets table
    # the outlets table is a table, not its markup printed as text (it was, as a str subclass)
    assert 'class="srcrel outlets"' in summary_page or "srcrel sortable outlets" in summary_page


def test_errors_are_on_the_front_page_in_full_and_linked(hostile_report):
    import lxml.html

    index = (hostile_report / "index.html").read_text()
    doc = lxml.html.fromstring(index)
    errors = doc.get_element_by_id("errors")
    assert index.index('id="errors"') < index.index('id="scorecard"')   # seen first, not at the bottom
    text = " ".join(errors.text_content().split())
    assert "broken.txt" in text and "feed.jsonl" in text
    # a JSON error says where, in full (it was "Invalid control character at")
    assert re.search(r"Invalid control character at line 2, column \d+", text), text
    assert any(a.get("href") == "#errors" for a in doc.iter("a"))   # the count links to the list
    assert any((a.get("href") or "").startswith("01-ingest.html#") for a in errors.iter("a"))
    ingest_page = " ".join((hostile_report / "01-ingest.html").read_text().split())
    assert re.search(r"Invalid control character at line 2, column \d+ \(character \d+ of the line\)", ingest_page)


def test_pages_link_one_shared_style_instead_of_inlining_it(hostile_report):
    """A notebook page inlined JupyterLab's 257 KB stylesheet: the report keeps one copy in
    static/, linked by every page, so it grows with the corpus, not with the style."""
    import lxml.html

    assert (hostile_report / "static" / "lab.css").stat().st_size > 100_000   # JupyterLab's, once
    for page in sorted(hostile_report.rglob("*.html")):
        doc = lxml.html.parse(str(page)).getroot()
        inline = sum(len(style.text or "") for style in doc.iter("style"))
        assert inline < 20_000, (page.name, inline)
        for link in doc.iter("link"):
            assert (page.parent / link.get("href")).exists(), (page.name, link.get("href"))
        for script in doc.iter("script"):
            if script.get("src"):
                assert (page.parent / script.get("src")).exists(), (page.name, script.get("src"))


def test_no_page_shows_the_reports_own_markup_as_text(hostile_report):
    """Markup the package builds (tables, links) is never escaped into text on any page;
    article text (which carries markup of its own here) is, and only it."""
    own_markup = re.compile(r"&lt;(div class=|table class=|td>|tr>|a class=&quot;src|a class=\"src)")
    for page in sorted(hostile_report.rglob("*.html")):
        body = page.read_text()
        assert not own_markup.search(body), (page.name, own_markup.search(body).group(0))


@pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="Chromium not installed: run `make browser` (Debian packages chromium, chromium-driver)",
)
def test_report_works_in_a_real_browser_and_runs_no_article_markup(hostile_report, tmp_path):
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,2000",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    screenshots = config.REPORTS_DIR / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    try:
        for page in ["index.html", *report_pages(hostile_report)]:
            driver.get((hostile_report / page).as_uri())
            # get() returns at the load event; under load a page may still be parsing when
            # the next call comes: wait for it (bounded), then require it complete
            from selenium.webdriver.support.ui import WebDriverWait

            WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
            assert driver.execute_script("return document.readyState") == "complete", page
            errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            assert errors == [], page
            assert driver.execute_script(f"return window.{XSS_FLAG} === undefined"), page
            with pytest.raises(NoAlertPresentException):
                driver.switch_to.alert.text  # noqa: B018
            images = driver.execute_script(
                "return Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
            assert all(complete and width > 0 for complete, width in images), page
            if page != "index.html":
                assert images, f"{page} shows no chart"
            driver.save_screenshot(str(screenshots / page.replace(".html", ".png")))
            assert driver.execute_script(BROKEN_WORDS_JS) == [], page   # no header broken mid-word
        driver.get((hostile_report / "01-ingest.html").as_uri())
        assert f"window.{XSS_FLAG}='page'" in driver.find_element("tag name", "body").text
        # the article pages: load clean, run no article markup, show it as text
        for page in sorted((hostile_report / "articles").glob("*.html")):
            driver.get(page.as_uri())
            assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == [], page.name
            assert driver.execute_script(f"return window.{XSS_FLAG} === undefined"), page.name
            assert driver.find_elements("css selector", ".legend"), page.name
            assert driver.find_elements("css selector", "#text .line[id^='line-']"), page.name
            driver.save_screenshot(str(screenshots / f"article-{page.stem}.png"))
            assert driver.execute_script(BROKEN_WORDS_JS) == [], page.name
        driver.get((hostile_report / "articles" / "courier.html").as_uri())
        for run in driver.find_elements("css selector", "#text details.run > summary"):
            run.click()   # open each folded run of boilerplate, as a reader would
        assert f"<script>window.{XSS_FLAG} = 'txt'</script>" in driver.find_element("id", "text").text
        assert driver.execute_script(f"return window.{XSS_FLAG} === undefined")
        # every link on the summary and the index resolves to an existing page and anchor
        for page in ("00-summary.html", "index.html"):
            links = local_links(hostile_report / page)
            assert any("articles/" in str(target) for target, _ in links), page
            for target, fragment in links:
                assert target.exists(), (page, target)
                if fragment:
                    driver.get(target.as_uri())
                    assert driver.execute_script(
                        "return document.getElementById(arguments[0]) !== null", fragment), (page, target, fragment)
        # one click from a count on the scorecard to the lines behind it
        driver.get((hostile_report / "index.html").as_uri())
        count = driver.find_element("css selector", "table.scorecard a[href$='#facts']")
        count.click()
        assert driver.current_url.endswith("#facts")
        assert driver.find_elements("css selector", "#facts a[href^='#line-']")
        # sorting and filtering the scorecard (rows are moved, never rewritten)
        driver.get((hostile_report / "index.html").as_uri())
        ranks = lambda: [c.text for c in driver.find_elements(  # noqa: E731
            "css selector", "table.scorecard tbody tr:not([hidden]) td:first-child")]
        before = ranks()
        header = driver.find_element("css selector", "table.scorecard thead th:first-child")
        header.click()
        assert ranks() == sorted(before, key=lambda r: int(r) if r.isdigit() else 10**6)
        header.click()
        assert ranks() == list(reversed(sorted(before, key=lambda r: int(r) if r.isdigit() else 10**6)))
        assert header.get_attribute("aria-sort") == "descending"
        box = driver.find_element("css selector", ".srcrel-filter input")
        box.send_keys("courier")
        assert len(ranks()) == 1
        driver.save_screenshot(str(screenshots / "index-sorted-filtered.png"))
        box.clear()
        box.send_keys("<script>")
        assert driver.execute_script(f"return window.{XSS_FLAG} === undefined")
    finally:
        driver.quit()
    assert (screenshots / "index.png").stat().st_size > 0
