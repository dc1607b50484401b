"""Stored tables are reused only while the corpus and the code that made them are unchanged."""

import pandas as pd

from analysis import study

from .conftest import ENGLISH_ARTICLE


def test_tables_go_stale_when_the_corpus_or_the_code_changes(write_corpus, tmp_path, monkeypatch):
    code = tmp_path / "package"
    code.mkdir()
    (code / "model.py").write_text("THRESHOLD = 0.7\n")
    monkeypatch.setattr(study, "PACKAGE_DIR", code)
    corpus = write_corpus({"a.txt": ENGLISH_ARTICLE})
    out = tmp_path / "tables"
    study.run_study(corpus, out)
    assert study.is_current(corpus, out)
    assert study.is_current(corpus, out, max_bytes=study.read_manifest(out)["max_bytes"])
    assert not study.is_current(corpus, out, max_bytes=1000)  # another limit reads other articles
    (code / "model.py").write_text("THRESHOLD = 0.6\n")
    assert not study.is_current(corpus, out)
    study.run_study(corpus, out)
    (corpus / "b.txt").write_text(ENGLISH_ARTICLE)
    assert not study.is_current(corpus, out)


def test_load_study_recomputes_stale_tables(write_corpus, tmp_path):
    corpus = write_corpus({"a.txt": ENGLISH_ARTICLE})
    out = tmp_path / "tables"
    assert list(study.load_study(corpus, out)["articles"]["source_id"]) == ["a"]
    (corpus / "b.txt").write_text(ENGLISH_ARTICLE)
    assert list(study.load_study(corpus, out)["articles"]["source_id"]) == ["a", "b"]


def test_two_runs_give_identical_tables(write_corpus, tmp_path):
    from .test_boilerplate import PAGE
    from .test_translation import ORIGINAL

    corpus = write_corpus({
        "a.txt": "\n".join(PAGE),
        "b.txt": ORIGINAL,
        "c.html": "<html><body><p>Die Verbraucherzentrale warnt: „Nein“ zu 1.000 Euro.</p></body></html>",
    })
    first = study.run_study(corpus, tmp_path / "one")
    second = study.run_study(corpus, tmp_path / "two")
    for name in study.TABLES:
        pd.testing.assert_frame_equal(first[name], second[name])
        assert (tmp_path / "one" / f"{name}.parquet").read_bytes() == (
            tmp_path / "two" / f"{name}.parquet").read_bytes()
    assert (tmp_path / "one" / "manifest.json").read_text() == (
        tmp_path / "two" / "manifest.json").read_text()
