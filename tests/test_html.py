import pytest

from analysis.errors import InputError
from analysis.html_blocks import parse_html
from analysis.ingest import ingest_corpus

from .test_boilerplate import PROSE

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


# the article prose of the boilerplate tests, and a closing quote
NEWS_PARAGRAPHS = PROSE + [
    "\u201cWe have seen three reviews in ten years and not one of them changed a thing,\u201d "
    "said Maria Lenz, who has lived by the harbour since 1994.",
]
RELATED = [
    "Council votes to close two libraries in the north of the city",
    "Ferry timetable changes from Monday: what you need to know",
    "Eastmouth FC sign striker from Norwegian league",
    "Police appeal for witnesses after crash on the coast road",
]
COMMENTS = [
    ("v2787", "It's a good thing we have no fans left to complain about any of this."),
    ("harbourwatcher", "Same story every year and nobody ever goes to jail for it, honestly."),
    ("kate_m", "Does anyone know when the auditor will actually publish anything at all?"),
]


def real_news_page() -> str:
    article = "\n".join(f"<p>{p}</p>" for p in NEWS_PARAGRAPHS)
    related = "\n".join(f'<li><a href="/news/{i}">{t}</a></li>' for i, t in enumerate(RELATED))
    comments = "\n".join(
        f'<li class="comment"><div class="comment-author"><a href="/u/{u}">{u}</a> says:</div>'
        f'<div class="comment-body"><p>{text}</p></div>'
        f'<div class="comment-actions"><a href="#">Reply</a> <a href="#">Like</a> '
        f'<a href="#">Report</a></div></li>'
        for u, text in COMMENTS)
    return f"""<!DOCTYPE html><html lang="en"><head><title>Harbour contract under review</title>
</head><body>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article><h1>Harbour contract under review</h1>
<div class="article-body">{article}</div>
<div class="newsletter-signup"><p>Get the Courier's morning briefing in your inbox.</p>
<p>No spam, we promise. You can unsubscribe at any time.</p></div>
</article>
<section class="related-stories"><h2>More from the Courier</h2><ul>{related}</ul></section>
<section id="comments" class="comments-area"><h3>3 thoughts on this story</h3>
<ol class="comment-list">{comments}</ol></section></main>
<footer class="site-footer"><p>&copy; 2024 Eastmouth Courier</p></footer>
</body></html>"""


def test_a_real_page_keeps_its_article_and_drops_comments_related_headlines_and_promos(tmp_path):
    from analysis.boilerplate import keep_headlines, score_documents

    (tmp_path / "harbour.html").write_text(real_news_page(), encoding="utf-8")
    corpus = ingest_corpus(tmp_path)
    blocks = keep_headlines(score_documents(corpus.blocks), corpus.articles)
    assert blocks["page_main"].notna().all() and blocks["link_share"].notna().all()
    kept = blocks.loc[~blocks["is_boilerplate"].astype(bool), "text"].tolist()
    for paragraph in NEWS_PARAGRAPHS:
        assert paragraph in kept
    flagged = blocks[blocks["is_boilerplate"].astype(bool)].set_index("text")
    for _, text in COMMENTS:
        assert text in flagged.index and flagged.loc[text, "boilerplate_kind"] == "comments"
    for headline in RELATED:
        assert headline in flagged.index
    assert "No spam, we promise. You can unsubscribe at any time." in flagged.index
    assert flagged["boilerplate_reason"].notna().all() and flagged["boilerplate_kind"].notna().all()


def test_blocks_of_a_page_carry_what_the_page_says_of_them():
    page = parse_html(real_news_page())
    by_text = {b.text: b.page for b in page.blocks}
    assert by_text[RELATED[0]].link_share == 1.0 and by_text[RELATED[0]].section == "teaser"
    assert by_text[COMMENTS[0][1]].section == "comments"
    assert by_text[NEWS_PARAGRAPHS[0]].section is None and by_text[NEWS_PARAGRAPHS[0]].main_text
    assert not by_text[RELATED[0]].main_text


def test_a_page_without_main_text_is_left_to_the_line_scores():
    # trafilatura finds no main text in a page that is only a footer
    page = parse_html("<html><body><footer><a href='/about'>About us</a> Copyright 2024"
                      "</footer></body></html>")
    assert [(b.text, b.page.main_text, b.page.section) for b in page.blocks] == [
        ("About us Copyright 2024", None, "navigation")]
    assert page.blocks[0].page.link_share == round(len("About us") / len("About usCopyright 2024"), 3)


def test_cells_of_a_table_in_the_main_text_are_main_text():
    # trafilatura writes a table a row a line ("| HD | 225.86 |"); its cells are our blocks
    table = ("<table><tr><th>Ticker</th><th>Last</th></tr>"
             "<tr><td>HD</td><td>225.86</td></tr><tr><td>LOW</td><td>113.40</td></tr></table>")
    article = "\n".join(f"<p>{p}</p>" for p in NEWS_PARAGRAPHS[:3])
    page = parse_html(f"<html><body><article>{article}{table}"
                      f"<p>{NEWS_PARAGRAPHS[3]}</p></article></body></html>")
    main = {b.text: b.page.main_text for b in page.blocks}
    assert all(main[cell] for cell in ("Ticker", "Last", "HD", "225.86", "LOW", "113.40"))
