"""End to end: a corpus the test writes, through the CLI, to an HTML report; text stays text."""

import json
import re
import subprocess
import sys

from .conftest import ENGLISH_ARTICLE

HOSTILE_TXT = ENGLISH_ARTICLE + "\n<script>alert('txt')</script> <img src=x onerror=alert('img')>\n"
HOSTILE_HTML = (
    "<html><head><title>&lt;script&gt;alert('title')&lt;/script&gt; harbour news</title></head>"
    "<body><p>The council said &lt;script&gt;alert('page')&lt;/script&gt; nothing more "
    "about the harbour contract today.</p><script>alert('real')</script></body></html>"
)


def test_report_renders_every_notebook_and_escapes_article_text(write_corpus, tmp_path):
    corpus = write_corpus({
        "courier.txt": HOSTILE_TXT,
        "times.html": HOSTILE_HTML,
        "feed.jsonl": json.dumps({"id": "wire", "text": "Harbour contract worth 12 million pounds."}),
        "broken.txt": b"",
    })
    reports = tmp_path / "reports"
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--quiet", "--corpus", str(corpus),
         "--out", str(tmp_path / "tables"), "--reports", str(reports)],
        capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stderr
    index = (reports / "index.html").read_text()
    pages = re.findall(r'href="([^"]+\.html)"', index)
    assert pages and pages[0] == "01-ingest.html"
    for page in pages:
        body = (reports / page).read_text()
        # article text shows escaped: no live element made from it
        assert not re.search(r"<script>\s*alert\(", body)
        assert not re.search(r"<img[^>]*onerror", body, re.IGNORECASE)
        assert "alert('real')" not in body
        # a report opens offline and calls no third party: no remote scripts or styles
        assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', body)
    ingest_page = (reports / "01-ingest.html").read_text()
    assert "wire" in ingest_page and "courier" in ingest_page
    assert "broken.txt" in ingest_page  # the problem file shows in the report
    assert "&lt;script&gt;alert(" in ingest_page  # shown, as text
