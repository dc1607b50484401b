"""Web archives in: each HTML response of a .warc/.warc.gz is an article, read like an .html file.

The archives are written here with warcio from pages made of the ECB+ sample articles
(tests/data/ecbplus, CC BY 3.0): real news text in the markup of a news page (head metadata,
navigation, footer). No real crawled page is vendored in the repository.
"""

import gzip
import io
from pathlib import Path

import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from analysis.engine import LocalEngine
from analysis.ingest import ingest_corpus, iter_corpus, stack_batches

ECBPLUS = Path(__file__).parent / "data" / "ecbplus" / "corpus"
ARTICLES = sorted(ECBPLUS.glob("*.txt"))[:4]
FETCHED = "2019-11-18T10:00:00Z"
# The page's own date, in its head: it wins over the day the crawler fetched it.
PUBLISHED = "2009-02-01"


def news_page(text: str, *, published: str | None = None) -> bytes:
    """A news page around ``text``: head metadata, navigation, one paragraph a line, footer."""
    lines = [line for line in text.splitlines() if line.strip()]
    date = f'<meta property="article:published_time" content="{published}T08:00:00Z">' if published else ""
    paragraphs = "\n".join(f"  <p>{line}</p>" for line in lines[1:])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{lines[0]} | Eastmouth Courier</title>
  <meta property="og:site_name" content="Eastmouth Courier">
  {date}
</head>
<body>
  <nav><ul><li>Home</li><li>Sport</li><li>World</li></ul></nav>
  <h1>{lines[0]}</h1>
{paragraphs}
  <footer>Share this article</footer>
</body>
</html>
""".encode()


PAGES = [news_page(path.read_text(), published=PUBLISHED if i == 0 else None)
         for i, path in enumerate(ARTICLES)]


GZIPPED = gzip.compress(PAGES[0])
DAMAGED_GZIP = GZIPPED[:30] + bytes(200) + GZIPPED[230:]


def response(writer, url: str, body: bytes, *, status="200 OK", content_type="text/html; charset=utf-8",
             extra_headers=()):
    headers = StatusAndHeaders(status, [("Content-Type", content_type), *extra_headers],
                               protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                     warc_headers_dict={"WARC-Date": FETCHED})


def write_warc(path: Path, records: list, *, gzip_members: bool = True) -> Path:
    """Write ``records`` (functions of a writer, returning a record) to a WARC at ``path``."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_members)
        for make in records:
            writer.write_record(make(writer))
    return path


def page_records(pages=PAGES):
    return [lambda w, i=i, page=page: response(w, f"https://courier.example/news/{i}", page)
            for i, page in enumerate(pages)]


def skipped_records():
    """A request, a revisit, a metadata record, an image, a 404 page and a redirect."""
    return [
        lambda w: w.create_warc_record("https://courier.example/news/0", "request",
                                       payload=io.BytesIO(b"GET /news/0 HTTP/1.1\r\nHost: x\r\n\r\n")),
        lambda w: w.create_revisit_record("https://courier.example/news/0", digest="sha1:AAAA",
                                          refers_to_uri="https://courier.example/news/0",
                                          refers_to_date=FETCHED),
        lambda w: w.create_warc_record("https://courier.example/news/0", "metadata",
                                       payload=io.BytesIO(b"outlinks: none\n"),
                                       warc_content_type="application/warc-fields"),
        lambda w: response(w, "https://courier.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64),
                           content_type="image/png"),
        lambda w: response(w, "https://courier.example/gone", PAGES[1], status="404 Not Found"),
        lambda w: response(w, "https://courier.example/old", b"", status="301 Moved Permanently"),
    ]


def test_every_html_response_is_an_article_read_like_the_same_page_as_html(tmp_path):
    archive_dir, html_dir = tmp_path / "warc", tmp_path / "html"
    archive_dir.mkdir()
    html_dir.mkdir()
    records = [*skipped_records()[:2], *page_records(), *skipped_records()[2:]]
    write_warc(archive_dir / "crawl.warc.gz", records)
    for i, page in enumerate(PAGES):
        (html_dir / f"page{i}.html").write_bytes(page)
    from_warc, from_html = ingest_corpus(archive_dir), ingest_corpus(html_dir)

    assert from_warc.errors.empty  # requests, revisits, metadata, images, 404s: skipped silently
    articles = from_warc.articles.set_index("source_id")
    assert list(articles.index) == ["crawl-3", "crawl-4", "crawl-5", "crawl-6"]  # record numbers
    assert list(articles["record"]) == [3, 4, 5, 6]
    assert set(articles["format"]) == {"warc"} and set(articles["path"]) == {"crawl.warc.gz"}
    assert list(articles["url"]) == [f"https://courier.example/news/{i}" for i in range(4)]
    # the page's own date (its head, or what htmldate finds in it) wins, as for the .html file
    assert list(articles["published"]) == list(from_html.articles["published"])
    assert articles["published"].iloc[0] == PUBLISHED
    assert list(articles["outlet"]) == list(from_html.articles["outlet"])
    assert list(articles["title"]) == list(from_html.articles["title"])
    same = ["block_no", "line_no", "n_lines", "text", "link_share", "page_section", "page_main"]
    warc_blocks = from_warc.blocks.sort_values(["source_id", "block_no"])[same].reset_index(drop=True)
    html_blocks = from_html.blocks.sort_values(["source_id", "block_no"])[same].reset_index(drop=True)
    pd.testing.assert_frame_equal(warc_blocks, html_blocks)
    assert len(from_warc.sentences) == len(from_html.sentences)


def test_a_page_without_a_date_of_its_own_gets_the_day_it_was_fetched(tmp_path):
    text = "\n".join(line for line in ARTICLES[0].read_text().splitlines()
                     if not any(c.isdigit() for c in line))
    page = news_page(text)
    (tmp_path / "page.html").write_bytes(page)
    assert ingest_corpus(tmp_path).articles["published"].isna().all()
    (tmp_path / "page.html").unlink()
    write_warc(tmp_path / "crawl.warc.gz", page_records([page]))
    assert ingest_corpus(tmp_path).articles["published"].tolist() == ["2019-11-18"]


def test_an_uncompressed_warc_is_read_too(tmp_path):
    write_warc(tmp_path / "crawl.warc", page_records(PAGES[:2]), gzip_members=False)
    corpus = ingest_corpus(tmp_path)
    assert list(corpus.articles["source_id"]) == ["crawl-1", "crawl-2"] and corpus.errors.empty


def test_a_truncated_warc_gz_keeps_the_records_before_the_damage(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz", page_records())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 300])  # the file ends inside the last record
    corpus = ingest_corpus(tmp_path)
    assert list(corpus.articles["source_id"]) == ["crawl-1", "crawl-2", "crawl-3"]
    [error] = corpus.errors.to_dict("records")
    assert (error["path"], error["record"], error["kind"]) == ("crawl.warc.gz", 4, "truncated")
    assert error["error"].startswith("record 4: the record is cut short")


def test_a_damaged_member_in_the_middle_is_an_error_and_the_records_after_it_are_read(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz", page_records())
    data = bytearray(path.read_bytes())
    starts = [i for i in range(len(data)) if data[i:i + 3] == b"\x1f\x8b\x08"]
    third = starts[2]
    data[third + 20:third + 60] = bytes(40)  # garbage inside the third record's gzip member
    path.write_bytes(bytes(data))
    corpus = ingest_corpus(tmp_path)
    assert list(corpus.articles["source_id"]) == ["crawl-1", "crawl-2", "crawl-4"]
    [error] = corpus.errors.to_dict("records")
    assert (error["path"], error["record"], error["kind"]) == ("crawl.warc.gz", 3, "parse")
    assert "read on from the next record" in error["error"]


def test_a_damaged_record_of_an_uncompressed_warc_is_skipped_to_the_next(tmp_path):
    path = write_warc(tmp_path / "crawl.warc", page_records(), gzip_members=False)
    data = bytearray(path.read_bytes())
    starts = [i for i in range(len(data)) if data[i:i + 7] == b"WARC/1."]
    data[starts[1]:starts[1] + 40] = b"x" * 40  # the second record's headers overwritten
    path.write_bytes(bytes(data))
    corpus = ingest_corpus(tmp_path)
    assert list(corpus.articles["source_id"]) == ["crawl-1", "crawl-3", "crawl-4"]
    assert list(corpus.errors["record"]) == [2]


def test_damage_with_no_record_after_it_says_so(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz", page_records())
    data = bytearray(path.read_bytes())
    last = [i for i in range(len(data)) if data[i:i + 3] == b"\x1f\x8b\x08"][-1]
    data[last + 20:last + 60] = bytes(40)
    path.write_bytes(bytes(data))
    corpus = ingest_corpus(tmp_path)
    assert list(corpus.articles["source_id"]) == ["crawl-1", "crawl-2", "crawl-3"]
    [error] = corpus.errors.to_dict("records")
    assert error["record"] == 4 and "no record after it was found" in error["error"]


def test_a_file_named_warc_that_is_not_one_is_one_clear_error(tmp_path):
    (tmp_path / "notes.warc").write_text("These are my notes about the crawl, not a crawl.\n" * 50)
    (tmp_path / "fake.warc.gz").write_bytes(gzip.compress(b"hello, not a web archive\n"))
    (tmp_path / "a.html").write_bytes(PAGES[0])
    corpus = ingest_corpus(tmp_path)
    assert list(corpus.articles["source_id"]) == ["a"]
    errors = corpus.errors.set_index("path")
    assert sorted(errors.index) == ["fake.warc.gz", "notes.warc"]  # one error each
    assert errors["kind"].eq("parse").all() and errors["record"].isna().all()
    assert errors["error"].str.startswith("this is not a web archive (WARC)").all()


def test_bad_records_are_errors_naming_the_record_and_the_rest_is_read(tmp_path):
    records = [
        *page_records(PAGES[:1]),
        # a page whose gzip content encoding breaks off into zeros
        lambda w: response(w, "https://courier.example/bad", DAMAGED_GZIP,
                           extra_headers=[("Content-Encoding", "gzip")]),
        # a page with no visible text
        lambda w: response(w, "https://courier.example/blank", b"<html><body><script>x()</script></body></html>"),
        # a page over the size limit (max_bytes holds per record, not for the archive)
        lambda w: response(w, "https://courier.example/huge", PAGES[1] + b"<p>" + b"word " * 20000 + b"</p>"),
        *page_records(PAGES[2:3]),
    ]
    write_warc(tmp_path / "crawl.warc.gz", records)
    corpus = ingest_corpus(tmp_path, max_bytes=60_000)
    assert list(corpus.articles["source_id"]) == ["crawl-1", "crawl-5"]
    errors = corpus.errors[["path", "record", "kind"]].to_records(index=False).tolist()
    assert errors == [("crawl.warc.gz", 2, "binary"), ("crawl.warc.gz", 3, "empty"),
                      ("crawl.warc.gz", 4, "too_large")]


def test_an_archive_without_html_pages_says_so(tmp_path):
    write_warc(tmp_path / "crawl.warc.gz", skipped_records())
    (tmp_path / "a.html").write_bytes(PAGES[0])
    corpus = ingest_corpus(tmp_path)
    [error] = corpus.errors.to_dict("records")
    assert error["path"] == "crawl.warc.gz" and error["kind"] == "empty"
    assert "no HTML pages" in error["error"]


def warc_corpus(tmp_path) -> Path:
    """Two archives, an .html page and a duplicate id across them, for the engine and batches."""
    write_warc(tmp_path / "a.warc.gz", [*skipped_records()[:2], *page_records()])
    write_warc(tmp_path / "b.warc.gz", page_records(PAGES[1:3]))
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "a-3.html").write_bytes(PAGES[3])  # same source id as a.warc.gz record 3
    (tmp_path / "sources.csv").write_text("file,outlet,desk\nb-2,Other Paper,sport\nmissing,X,\n")
    return tmp_path


def test_the_local_engine_parses_pages_on_its_workers_with_the_same_tables(tmp_path, monkeypatch):
    corpus_dir = warc_corpus(tmp_path)
    inline = ingest_corpus(corpus_dir)
    assert sorted(inline.errors["kind"]) == ["duplicate_id", "metadata"]

    def not_here(text):
        raise AssertionError("an HTML page was parsed in the main process")

    monkeypatch.setattr("analysis.ingest.html.parse_html", not_here)
    with LocalEngine(2, inline_max_articles=0, chunk_min_articles=1) as engine:
        parallel = ingest_corpus(corpus_dir, engine=engine)
    for name, table in inline.tables().items():
        pd.testing.assert_frame_equal(parallel.tables()[name], table)


@pytest.mark.parametrize("batch_articles", [1, 2, 3, 100])
def test_iter_corpus_batches_stack_to_the_tables_of_ingest_corpus(tmp_path, batch_articles):
    corpus_dir = warc_corpus(tmp_path)
    whole = ingest_corpus(corpus_dir)
    batches = list(iter_corpus(corpus_dir, batch_articles=batch_articles))
    assert len(batches) >= -(-len(whole.articles) // batch_articles)
    for name, table in whole.tables().items():
        pd.testing.assert_frame_equal(stack_batches([b.tables()[name] for b in batches], name), table)
    articles = whole.articles.set_index("source_id")
    assert articles.loc["b-2", "outlet"] == "Other Paper" and articles.loc["b-2", "desk"] == "sport"
    assert articles.loc["a-3", "format"] == "warc"  # the first of the two with this id


def test_an_unchanged_archive_is_not_read_again(tmp_path, monkeypatch):
    from analysis import study
    from analysis.engine import InlineEngine
    from analysis.ingest import corpus as reading

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_warc(corpus / "crawl.warc.gz", page_records())
    (corpus / "a.html").write_bytes(PAGES[1])
    study.run_study(corpus, tmp_path / "out", engine=InlineEngine(), keep_tables=False)
    read = []
    original = reading.warc_pages
    monkeypatch.setattr(reading, "warc_pages", lambda path, *a, **k: read.append(path.name) or original(path, *a, **k))
    (corpus / "b.html").write_bytes(PAGES[2])
    again = study.run_study(corpus, tmp_path / "out", engine=InlineEngine())
    assert read == []
    assert {"crawl-1", "crawl-4", "a", "b"} <= set(again["articles"]["source_id"])
    write_warc(corpus / "crawl.warc.gz", page_records()[:2])  # the archive changed: read again
    changed = study.run_study(corpus, tmp_path / "out", engine=InlineEngine())
    assert read == ["crawl.warc.gz"]
    assert not {"crawl-3", "crawl-4"} & set(changed["articles"]["source_id"])
