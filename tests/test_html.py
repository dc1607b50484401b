import pytest

from analysis.errors import InputError
from analysis.html_blocks import parse_html
from analysis.ingest import ingest_corpus

PAGE = """<!DOCTYPE html>
<html lang="de-DE">
<head>
  <title>Harbour contract under review | Eastmouth Courier</title>
  <meta property="og:site_name" content="Eastmouth Courier">
  <meta property="article:published_time" content="2024-06-12T08:00:00+02:00">
  <style>p { color: red }</style>
  <script>var tracking = "do not show";</script>
</head>
<body>
  <nav><ul><li>Home</li><li>Politics</li></ul></nav>
  <h1>Harbour contract under review</h1>
  <p>The port authority awarded a contract <b>worth 12 million</b> pounds.</p>
  <p>First part<br>second part</p>
  <div hidden>Hidden teaser</div>
  <div style="display: none">Also hidden</div>
  <p>Before a comment <!-- secret -->after it.</p>
  <noscript>Enable JavaScript</noscript>
  <footer>Share this article</footer>
</body>
</html>
"""


def test_every_visible_block_is_a_line_with_its_source_line_number():
    page = parse_html(PAGE)
    assert [(b.line_no, b.text) for b in page.blocks] == [
        (11, "Home"),
        (11, "Politics"),
        (12, "Harbour contract under review"),
        (13, "The port authority awarded a contract worth 12 million pounds."),
        (14, "First part"),
        (14, "second part"),
        (17, "Before a comment after it."),
        (19, "Share this article"),
    ]


def test_page_metadata_comes_from_the_head():
    page = parse_html(PAGE)
    assert page.title == "Harbour contract under review"
    assert page.published == "2024-06-12"
    assert page.outlet and "Eastmouth Courier".lower() in page.outlet.lower()
    assert page.language == "de"


def test_hostile_markup_yields_text_never_markup():
    page = parse_html(
        "<html><body><p>Hello <img src=x onerror=alert(1)>world</p>"
        "<p>&lt;script&gt;alert(2)&lt;/script&gt;</p>"
        "<script>alert(3)</script><iframe src='javascript:alert(4)'>frame text</iframe>"
        "</body></html>"
    )
    texts = [b.text for b in page.blocks]
    assert texts == ["Hello world", "<script>alert(2)</script>"]


def test_deeply_nested_markup_is_read_without_recursion():
    depth = 1500
    page = parse_html("<div>" * depth + "deep text" + "</div>" * depth + "<p>after</p>")
    assert [b.text for b in page.blocks] == ["deep text", "after"]


def test_nesting_beyond_the_parser_limit_is_a_clear_error_not_an_empty_page():
    depth = 5000
    with pytest.raises(InputError) as caught:
        parse_html("<div>" * depth + "deep text" + "</div>" * depth)
    assert caught.value.kind == "parse"
    assert "depth" in caught.value.message


def test_declared_legacy_charset_is_honoured(write_corpus):
    page = (
        '<html><head><meta charset="windows-1252"><title>Café</title></head>'
        "<body><p>Die Verbraucherzentrale sagt „Nein“ – für 1.000 €.</p></body></html>"
    ).encode("cp1252")
    corpus = ingest_corpus(write_corpus({"page.html": page}))
    assert corpus.blocks["text"].tolist() == ["Die Verbraucherzentrale sagt „Nein“ – für 1.000 €."]
    assert corpus.articles.loc[0, "encoding"] == "windows-1252"


def test_page_without_visible_text_is_an_error(write_corpus):
    corpus = ingest_corpus(
        write_corpus({"blank.html": "<html><head><title>x</title></head><body> </body></html>",
                      "ok.txt": "Some real article text here."})
    )
    assert corpus.errors[["path", "kind"]].values.tolist() == [["blank.html", "empty"]]
    assert corpus.articles["source_id"].tolist() == ["ok"]
