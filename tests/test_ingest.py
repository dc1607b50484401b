import builtins
import json
import os

import pytest

from analysis.errors import CorpusError
from analysis.ingest import ingest_corpus
from analysis.schema import SCHEMAS

from .conftest import ENGLISH_ARTICLE

CONTRACT = {
    "articles": ["source_id", "path", "title", "n_chars", "n_blocks", "language"],
    "errors": ["path", "error"],
    "blocks": [
        "source_id", "block_id", "line_no", "text", "is_boilerplate", "boilerplate_kind",
        "boilerplate_score", "boilerplate_reason",
    ],
}


def all_files(root):
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def test_tables_carry_the_columns_of_the_data_contract(write_corpus):
    corpus = ingest_corpus(write_corpus({"a.txt": ENGLISH_ARTICLE}))
    for table, columns in CONTRACT.items():
        frame = corpus.tables()[table]
        assert set(columns) <= set(frame.columns), table
        assert list(frame.columns)[: len(SCHEMAS[table])] == list(SCHEMAS[table])


def test_a_plain_text_article_becomes_blocks_and_sentences(write_corpus):
    corpus = ingest_corpus(write_corpus({"eastmouth.txt": ENGLISH_ARTICLE}))
    article = corpus.articles.iloc[0]
    assert article["source_id"] == "eastmouth"
    assert article["path"] == "eastmouth.txt"
    assert article["title"] == "Regulators open inquiry into harbour dredging contract"
    assert article["language"] == "en"
    assert article["n_blocks"] == 4
    assert corpus.blocks["line_no"].tolist() == [1, 3, 5, 7]
    assert corpus.blocks["block_id"].tolist() == [f"eastmouth:{i}" for i in range(1, 5)]
    assert corpus.blocks["is_boilerplate"].isna().all()  # judged by the boilerplate stage
    assert set(corpus.sentences["block_id"]) == set(corpus.blocks["block_id"])


def test_bad_files_are_reported_and_never_lose_the_rest(write_corpus, tmp_path):
    root = write_corpus({
        "article.txt": ENGLISH_ARTICLE,
        "empty.txt": b"",
        "image.txt": b"\x89PNG\r\n\x1a\n" + os.urandom(200),
        "broken.txt": b"\xff\xfe\x00\xd8A",
        "huge.txt": "word " * 400,
        "scan.pdf": b"%PDF-1.7 ...",
        "sub/good.html": "<html><body><p>The council will cooperate with the inquiry.</p></body></html>",
        "good.html": "<html><body><p>A second copy named like the first article.</p></body></html>",
    })
    (root / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    corpus = ingest_corpus(root, max_bytes=1500)
    kinds = dict(zip(corpus.errors["path"], corpus.errors["kind"]))
    assert kinds == {
        "empty.txt": "empty",
        "image.txt": "binary",
        "broken.txt": "encoding",
        "huge.txt": "too_large",
        "scan.pdf": "unsupported",
        "dangling.txt": "unreadable",
        "sub/good.html": "duplicate_id",
    }
    assert corpus.articles["path"].tolist() == ["article.txt", "good.html"]
    assert all_files(root) == set(corpus.articles["path"]) | set(corpus.errors["path"])
    for message in corpus.errors["error"]:
        assert len(message) > 15


def test_duplicate_source_id_keeps_the_first_path_in_order(write_corpus):
    corpus = ingest_corpus(write_corpus({"a.txt": ENGLISH_ARTICLE, "a.html": "<p>Other text here.</p>"}))
    assert corpus.articles["path"].tolist() == ["a.html"]
    (message,) = corpus.errors["error"]
    assert "a.html" in message and "rename" in message


def test_permission_denied_is_an_unreadable_error(write_corpus, monkeypatch):
    root = write_corpus({"locked.txt": ENGLISH_ARTICLE, "open.txt": ENGLISH_ARTICLE})
    locked = root / "locked.txt"
    real_open = builtins.open

    def guarded_open(path, *args, **kwargs):
        if os.fspath(path) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    corpus = ingest_corpus(root)
    assert corpus.errors[["path", "kind"]].values.tolist() == [["locked.txt", "unreadable"]]
    assert "permission denied" in corpus.errors.loc[0, "error"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_mode_000_is_an_unreadable_error(write_corpus):
    root = write_corpus({"locked.txt": ENGLISH_ARTICLE, "open.txt": ENGLISH_ARTICLE})
    (root / "locked.txt").chmod(0)
    corpus = ingest_corpus(root)
    assert corpus.errors["kind"].tolist() == ["unreadable"]


def test_fifo_is_refused_without_blocking(write_corpus):
    root = write_corpus({"a.txt": ENGLISH_ARTICLE})
    os.mkfifo(root / "pipe.txt")
    corpus = ingest_corpus(root)
    assert corpus.errors[["path", "kind"]].values.tolist() == [["pipe.txt", "unreadable"]]


def test_empty_or_missing_corpus_is_a_corpus_error(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden").write_text("x")
    with pytest.raises(CorpusError, match="no input files"):
        ingest_corpus(tmp_path / "empty")
    with pytest.raises(CorpusError, match="does not exist"):
        ingest_corpus(tmp_path / "missing")


def test_jsonl_export_gives_one_article_per_record_and_reports_bad_lines(write_corpus):
    lines = [
        json.dumps({"id": "wire-1", "text": ENGLISH_ARTICLE, "url": "https://example.org/1",
                    "source": "Wire", "date": "12 June 2024", "lang": "en-GB"}),
        "",
        "{not json",
        json.dumps({"title": "No text here"}),
        json.dumps({"content": "Another article body, long enough to be an article."}),
        json.dumps(["a", "list"]),
    ]
    corpus = ingest_corpus(write_corpus({"feed.jsonl": "\n".join(lines)}))
    articles = corpus.articles.set_index("source_id")
    assert articles.index.tolist() == ["feed-5", "wire-1"]
    wire = articles.loc["wire-1"]
    assert (wire["outlet"], wire["published"], wire["language"], wire["record"]) == (
        "Wire", "2024-06-12", "en", 1,
    )
    assert corpus.errors[["record", "kind"]].values.tolist() == [[3, "parse"], [4, "empty"], [6, "parse"]]
    assert set(corpus.errors["path"]) == {"feed.jsonl"}


def test_sources_csv_adds_metadata_and_reports_rows_it_cannot_use(write_corpus):
    root = write_corpus({
        "a.txt": ENGLISH_ARTICLE,
        "b.txt": ENGLISH_ARTICLE.replace("Tuesday", "Wednesday"),
        "sources.csv": (
            "file,outlet,url,published,language,bias\n"
            "a.txt,Eastmouth Courier,https://courier.example/a,2024-06-12,en,left\n"
            "b,Harbour Times,,not a date,de,\n"
            "missing.txt,Nobody,,,,\n"
        ),
    })
    corpus = ingest_corpus(root)
    articles = corpus.articles.set_index("source_id")
    assert articles.loc["a", ["outlet", "published", "language", "bias"]].tolist() == [
        "Eastmouth Courier", "2024-06-12", "en", "left",
    ]
    assert articles.loc["b", "outlet"] == "Harbour Times"
    assert articles.loc["b", "language"] == "de" and articles.loc["b", "language_source"] == "sources.csv"
    assert articles.loc["b", "language_detected"] == "en"
    assert corpus.errors["record"].tolist() == [3, 4]
    assert "not a date" in corpus.errors.loc[0, "error"]
    assert "missing.txt" in corpus.errors.loc[1, "error"]


def test_sources_csv_without_file_column_is_reported_and_ignored(write_corpus):
    corpus = ingest_corpus(write_corpus({"a.txt": ENGLISH_ARTICLE, "sources.csv": "name,outlet\na,X\n"}))
    assert corpus.errors[["path", "kind"]].values.tolist() == [["sources.csv", "metadata"]]
    assert corpus.articles["outlet"].isna().all()


def test_legacy_encodings_are_recorded(write_corpus):
    german = "Die Verbraucherzentrale warnt vor „Meta“ – Strafe bis 1.000 €.\n"
    corpus = ingest_corpus(write_corpus({
        "de.txt": german.encode("cp1252"),
        "u16.txt": "\ufeff".encode("utf-16-le") + ENGLISH_ARTICLE.encode("utf-16-le"),
    }))
    encodings = dict(zip(corpus.articles["source_id"], corpus.articles["encoding"]))
    assert encodings == {"de": "cp1252", "u16": "utf-16"}
    assert corpus.blocks.loc[corpus.blocks["source_id"] == "de", "text"].tolist() == [german.strip()]


def test_jsonl_size_limit_holds_per_record_not_per_file(write_corpus):
    record = json.dumps({"text": "The council will cooperate with the inquiry. " * 10})
    big = "x" * 3000
    lines = [record] * 8 + [json.dumps({"text": big})]
    corpus = ingest_corpus(write_corpus({"feed.jsonl": "\n".join(lines)}), max_bytes=2000)
    assert len(corpus.articles) == 8  # the file is over 2000 bytes; its records are not
    assert corpus.errors[["record", "kind"]].values.tolist() == [[9, "too_large"]]


def test_a_non_jsonl_file_gives_one_error_not_thousands(write_corpus):
    corpus = ingest_corpus(write_corpus({
        "notes.jsonl": "just some text\n" * 5000,
        "photo.jsonl": b"\xff\xd8\xff\xe0" + b"\n\xff" * 500,
        "a.txt": ENGLISH_ARTICLE,
    }))
    notes = corpus.errors[corpus.errors["path"] == "notes.jsonl"]
    assert 1 < len(notes) <= 21
    assert notes["error"].str.contains("does not look like a JSONL export").sum() == 1
    photo = corpus.errors[corpus.errors["path"] == "photo.jsonl"]
    assert photo[["kind"]].values.tolist() == [["binary"]]


def test_a_sources_csv_below_the_top_of_the_corpus_is_named_as_such(write_corpus):
    root = write_corpus({"sub/a.txt": ENGLISH_ARTICLE,
                         "sub/sources.csv": "file,url,outlet,language\na.txt,,Daily,en\n"})
    corpus = ingest_corpus(root)
    assert corpus.articles["path"].tolist() == ["sub/a.txt"]
    (message,) = corpus.errors.loc[corpus.errors["path"] == "sub/sources.csv", "error"]
    assert "top of the corpus folder" in message


# Dates from the text (issue 27): datelines of plain-text articles give `published` and
# `updated`, and are never the title. Lines as the ECB+ held-out coverage writes them.
def test_a_plain_text_dateline_gives_published_updated_and_is_no_title(write_corpus):
    posted = "Posted: 03/14/2013 06:37:46 AM PDT\n\n" + ENGLISH_ARTICLE
    stamped = ("December 15, 2008 at 1:00pm CST\n\nUPDATED: THURSDAY, DECEMBER 18, 2008, 9:31 AM\n\n"
               + ENGLISH_ARTICLE)
    dated = ENGLISH_ARTICLE.replace("Tuesday", "Wednesday")
    corpus = ingest_corpus(write_corpus({
        "posted.txt": posted, "stamped.txt": stamped, "plain.txt": dated,
        "sources.csv": "file,published\nplain.txt,2024-06-12\nstamped.txt,2008-12-14\n",
    }))
    articles = corpus.articles.set_index("source_id")
    assert articles.loc["posted", "published"] == "2013-03-14" and articles["updated"].isna()["posted"]
    # metadata wins for `published`; the update time is the text's
    assert articles.loc["stamped", ["published", "updated"]].tolist() == ["2008-12-14", "2008-12-18T09:31"]
    assert articles.loc["plain", "published"] == "2024-06-12" and articles["updated"].isna()["plain"]
    title = "Regulators open inquiry into harbour dredging contract"
    assert articles.loc["posted", "title"] == articles.loc["stamped", "title"] == title


@pytest.mark.parametrize("lines,expected", [
    (["Posted 11/27/2005 7:21 AM"], ("2005-11-27", None)),
    (["Monday, Sep 10, 2012 | Updated 9:01 AM EDT"], ("2012-09-10", "2012-09-10T09:01")),
    (["PUBLISHED: 02:31 GMT, 12 March 2013 | UPDATED: 22:19 GMT, 12 March 2013"], ("2013-03-12", "2013-03-12T22:19")),
    (["3 July 2013 Last updated at 13:38 GMT"], ("2013-07-03", "2013-07-03T13:38")),
    (["Posted on January 5, 2011 at 3:39 PM", "Updated Wednesday, Jan 5 at 5:53 PM"], ("2011-01-05", "2011-01-05T17:53")),
    (["Updated: May 16, 2005, 6:03 PM ET"], ("2005-05-16", "2005-05-16T18:03")),  # no other date
    (["Released 2013-09-28 05:08:35 GMT"], ("2013-09-28", None)),
    (["Dec. 24 4:33 AM EST"], (None, None)),                 # no year: no date
    (["He will be sentenced November 8, 2013."], (None, None)),  # a date in the story
])
def test_dateline_formats(lines, expected):
    from analysis.ingest.datelines import text_dates
    from analysis.text import text_to_blocks
    text = "Colts beat Chiefs to clinch a playoff berth\n\n" + "\n\n".join(lines) + "\n\nThe Colts won."
    assert text_dates(text_to_blocks(text)) == expected


def test_a_dateline_below_the_top_of_the_article_is_not_read():
    from analysis.ingest.datelines import DATELINE_SEARCH_BLOCKS_DEFAULT, text_dates
    from analysis.text import text_to_blocks
    text = "\n\n".join([f"Paragraph {i} of the story goes on." for i in range(DATELINE_SEARCH_BLOCKS_DEFAULT)]
                       + ["Posted 11/27/2005 7:21 AM"])
    assert text_dates(text_to_blocks(text)) == (None, None)


def test_clock_times_as_written():
    from analysis.ingest.datelines import clock_time
    assert [clock_time(t) for t in ("9:01 AM", "1:00pm", "08.33", "7 a.m.", "12:30 AM", "7", "25:00")] == [
        "09:01", "13:00", "08:33", "07:00", "00:30", None, None]
