"""The command line on corpora the tests write: tables, messages and exit codes."""

import subprocess
import sys

import pandas as pd

from analysis.cli import EXIT_CORPUS, EXIT_INPUT_ERRORS, EXIT_OK, EXIT_USAGE

from .conftest import ENGLISH_ARTICLE


def srcrel(*args):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *map(str, args)],
        capture_output=True, text=True, timeout=300,
    )


def test_help_explains_the_commands_and_exit_codes():
    result = srcrel("--help")
    assert result.returncode == EXIT_OK
    assert "run" in result.stdout and "report" in result.stdout
    assert "exit codes" in result.stdout
    from analysis.cli import TABLES
    from analysis.study import TABLES as STUDY_TABLES

    assert TABLES == STUDY_TABLES
    text = " ".join(result.stdout.split())
    assert all(table in text for table in TABLES), "--help names every table"
    assert ".warc" in text and ".warc.gz" in text, "--help names web archives"


def test_corpus_is_never_the_demo_by_default_nor_the_working_directory(tmp_path):
    out = tmp_path / "tables"
    result = srcrel("run", "--out", out, "--quiet")   # no --corpus: not the demo corpus
    assert result.returncode == EXIT_USAGE and "--corpus" in result.stderr
    result = srcrel("run", "--corpus", "", "--out", out, "--quiet")   # not "." either
    assert result.returncode == EXIT_USAGE and "corpus folder is empty" in result.stderr
    result = srcrel("report", "--corpus", tmp_path / "missing", "--out", out, "--reports", tmp_path / "r")
    assert result.returncode == EXIT_CORPUS and "missing" in result.stderr and "does not exist" in result.stderr
    assert not (out / "articles.parquet").exists() and not (tmp_path / "r").exists()


def test_run_writes_every_table_and_names_the_bad_file(write_corpus, tmp_path):
    corpus = write_corpus({"a.txt": ENGLISH_ARTICLE, "photo.txt": b"\xff\xd8\xff\xe0" + bytes(300)})
    out = tmp_path / "tables"
    result = srcrel("run", "--corpus", corpus, "--out", out, "--quiet")
    assert result.returncode == EXIT_OK, result.stderr
    assert "photo.txt" in result.stderr and "JPEG" in result.stderr
    for table in ("articles", "blocks", "sentences", "errors"):
        assert (out / f"{table}.parquet").exists()
    assert pd.read_parquet(out / "articles.parquet")["source_id"].tolist() == ["a"]
    assert pd.read_parquet(out / "errors.parquet")["path"].tolist() == ["photo.txt"]
    assert (out / ".kept").is_dir()  # rows kept for the next run
    fresh = tmp_path / "fresh"
    result = srcrel("run", "--corpus", corpus, "--out", fresh, "--quiet", "--no-reuse")
    assert result.returncode == EXIT_OK, result.stderr
    assert not (fresh / ".kept").exists()
    for table in ("articles", "blocks", "claims"):
        assert (out / f"{table}.parquet").read_bytes() == (fresh / f"{table}.parquet").read_bytes()


def test_strict_mode_fails_when_a_file_could_not_be_read(write_corpus, tmp_path):
    corpus = write_corpus({"a.txt": ENGLISH_ARTICLE, "empty.txt": b""})
    result = srcrel("run", "--corpus", corpus, "--out", tmp_path / "t", "--quiet", "--strict")
    assert result.returncode == EXIT_INPUT_ERRORS


def test_empty_folder_and_unreadable_corpus_exit_with_corpus_error(tmp_path, write_corpus):
    (tmp_path / "empty").mkdir()
    result = srcrel("run", "--corpus", tmp_path / "empty", "--out", tmp_path / "t")
    assert result.returncode == EXIT_CORPUS
    assert "no input files" in result.stderr
    only_bad = write_corpus({"x.txt": b""}, folder="bad")
    result = srcrel("run", "--corpus", only_bad, "--out", tmp_path / "t2")
    assert result.returncode == EXIT_CORPUS
    assert "no article could be read" in result.stderr


def test_wrong_command_line_is_a_usage_error():
    assert srcrel("run", "--no-such-flag").returncode == EXIT_USAGE


def test_semantic_similarity_without_its_extra_is_a_usage_error_naming_the_extra(write_corpus, tmp_path):
    import importlib.util

    if importlib.util.find_spec("sentence_transformers") is not None:
        import pytest

        pytest.skip("the semantic extra is installed here")
    corpus = write_corpus({"a.txt": ENGLISH_ARTICLE})
    result = subprocess.run([sys.executable, "-m", "analysis", "run", "--corpus", str(corpus),
                             "--out", str(tmp_path / "out"), "--similarity", "semantic", "--quiet"],
                            capture_output=True, text=True)
    assert result.returncode == EXIT_USAGE
    assert "semantic" in result.stderr and "make semantic" in result.stderr
    assert not (tmp_path / "out" / "claims.parquet").exists()
