"""The table of stages and its runner: the table is consistent, and a run that reuses kept
rows gives the tables of a full run, computing only what changed."""

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import stages, study
from analysis.engine import InlineEngine, LocalEngine
from analysis.kept import KEPT_DIR_NAME, KeptResults

from .test_engine import assert_same_tables, story_corpus  # noqa: F401  (a fixture)
from .test_stories import VOLCANO

PARTITIONS = {"files", "article", "story", "corpus"}


def test_every_table_a_stage_reads_is_written_by_an_earlier_stage():
    written: set[str] = set()
    for stage in stages.STAGES:
        assert stage.by in PARTITIONS, stage.name
        assert set(stage.reads) <= written, f"{stage.name} reads a table no earlier stage writes"
        assert not set(stage.writes) & written, f"{stage.name} writes a table again"
        written |= set(stage.writes)
    assert set(stages.PUBLIC_TABLES) <= written
    for stage in stages.STAGES:  # a piece by article or story must find its rows by source
        if stage.by in ("article", "story"):
            for name, columns in stage.reads.items():
                assert columns is None or "source_id" in columns, (stage.name, name)


def count_calls(monkeypatch, name: str) -> list:
    """Record the sources each call of ``stages.<name>`` gets."""
    seen = []
    original = getattr(stages, name)

    def recorded(blocks, *args, **kwargs):
        seen.append(set(blocks["source_id"]))
        return original(blocks, *args, **kwargs)

    monkeypatch.setattr(stages, name, recorded)
    return seen


@pytest.mark.parametrize("engine", ["inline", "local"])
def test_added_articles_are_computed_alone_and_the_tables_are_those_of_a_full_run(
        story_corpus, tmp_path, monkeypatch, engine):  # noqa: F811
    later = tmp_path / "later"
    later.mkdir()
    for name in ("s04.txt", "s09.html"):  # one article of each story comes later
        shutil.move(story_corpus / name, later / name)

    def running():
        return InlineEngine() if engine == "inline" else LocalEngine(
            2, inline_max_articles=0, chunk_min_articles=1)

    out = tmp_path / "kept-run"
    with running() as first:
        study.run_study(story_corpus, out, engine=first, keep_tables=False)
    assert (out / KEPT_DIR_NAME).is_dir()
    for name in ("s04.txt", "s09.html"):
        shutil.move(later / name, story_corpus / name)
    seen = count_calls(monkeypatch, "find_artifacts")
    with running() as second:
        again = study.run_study(story_corpus, out, engine=second)
    # artifacts are found for the two new articles only, in this process (the workers do
    # not see the monkeypatch: there, the reuse shows in the tables alone)
    if engine == "inline":
        assert seen == [{"s04", "s09"}]
    monkeypatch.undo()
    with InlineEngine() as full_engine:
        full = study.run_study(story_corpus, tmp_path / "full", engine=full_engine, reuse=False)
    assert_same_tables(again, full, out, tmp_path / "full")
    assert not (tmp_path / "full" / KEPT_DIR_NAME).exists()


def test_nothing_is_reused_once_the_code_changes(story_corpus, tmp_path, monkeypatch):  # noqa: F811
    out = tmp_path / "tables"
    study.run_study(story_corpus, out, engine=InlineEngine(), keep_tables=False)
    kept_keys = KeptResults(out, "artifacts").keys()
    assert len(kept_keys) >= 14  # one key per article
    first = {name: (out / f"{name}.parquet").read_bytes() for name in study.TABLES}
    seen = count_calls(monkeypatch, "find_artifacts")
    study.run_study(story_corpus, out, engine=InlineEngine(), keep_tables=False)
    assert seen == []  # nothing changed: every article's rows are kept ones
    assert {name: (out / f"{name}.parquet").read_bytes() for name in study.TABLES} == first
    monkeypatch.setattr(study, "code_fingerprint", lambda: "other code")
    study.run_study(story_corpus, out, engine=InlineEngine(), keep_tables=False)
    assert len(seen) == 1 and len(seen[0]) == len(kept_keys)
    assert set(KeptResults(out, "artifacts").keys().values()).isdisjoint(kept_keys.values())


def test_a_damaged_kept_table_is_computed_again(story_corpus, tmp_path):  # noqa: F811
    out = tmp_path / "tables"
    first = study.run_study(story_corpus, out, engine=InlineEngine())
    (KeptResults(out, "claims").folder / "found_claims.parquet").write_bytes(b"not parquet")
    second = study.run_study(story_corpus, out, engine=InlineEngine())
    for name in study.TABLES:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_files_unchanged_since_the_last_run_are_not_read_again(story_corpus, tmp_path, monkeypatch):  # noqa: F811
    from analysis.ingest import corpus as ingest_corpus

    out = tmp_path / "kept-run"
    study.run_study(story_corpus, out, engine=InlineEngine(), keep_tables=False)
    read = []
    original = ingest_corpus.read_file

    def recorded(path, relative, **kwargs):
        read.append(relative)
        return original(path, relative, **kwargs)

    monkeypatch.setattr(ingest_corpus, "read_file", recorded)
    (story_corpus / "s05.txt").write_text((story_corpus / "s05.txt").read_text() + "\nA correction.\n")
    # a new file, first in corpus order, takes the id of the kept s03.html
    (story_corpus / "a-feed.jsonl").write_text('{"id": "s03", "text": "%s"}\n' % " ".join(VOLCANO))
    again = study.run_study(story_corpus, out, engine=InlineEngine())
    # the changed and the new file, and s01.txt, whose rows were not kept (it lost its id
    # to dup/s01.txt); s03.html's kept rows are dropped, as its article lost its id
    assert sorted(read) == ["a-feed.jsonl", "s01.txt", "s05.txt"]
    duplicates = again["errors"].loc[again["errors"]["kind"] == "duplicate_id", "path"]
    assert set(duplicates) == {"s01.txt", "s03.html"}
    read.clear()
    study.run_study(story_corpus, out, engine=InlineEngine(), keep_tables=False)
    assert sorted(read) == ["s01.txt", "s03.html"]  # the two that lost their ids
    monkeypatch.undo()
    full = study.run_study(story_corpus, tmp_path / "full", engine=InlineEngine(), reuse=False)
    assert_same_tables(again, full, out, tmp_path / "full")


def test_an_added_article_recomputes_the_topicality_of_its_story_alone(story_corpus, tmp_path, monkeypatch):  # noqa: F811
    later = tmp_path / "later"
    later.mkdir()
    shutil.move(story_corpus / "s04.txt", later / "s04.txt")
    out = tmp_path / "kept-run"
    first = study.run_study(story_corpus, out, engine=InlineEngine())
    story_of = dict(zip(first["articles"]["source_id"], first["articles"]["story_id"]))
    shutil.move(later / "s04.txt", story_corpus / "s04.txt")
    seen = count_calls(monkeypatch, "topicality_rows")
    again = study.run_study(story_corpus, out, engine=InlineEngine())
    story = set(again["articles"].loc[again["articles"]["story_id"] == story_of["s02"], "source_id"])
    assert "s04" in story and len(story) < len(again["articles"]) - 1
    assert seen == [story]


def test_the_line_models_are_trained_once_per_code_version(story_corpus, tmp_path, monkeypatch):  # noqa: F811
    trained = []
    original = stages.line_models

    def recorded():
        trained.append(1)
        return original()

    monkeypatch.setattr(stages, "STAGES", tuple(
        dataclasses.replace(stage, models=recorded) if stage.models else stage for stage in stages.STAGES))
    monkeypatch.setattr(study, "STAGES", stages.STAGES)
    out = tmp_path / "tables"
    first = study.run_study(story_corpus, out, engine=InlineEngine())
    (story_corpus / "s05.txt").write_text((story_corpus / "s05.txt").read_text() + "\nA correction.\n")
    second = study.run_study(story_corpus, out, engine=InlineEngine())
    assert len(trained) == 1  # the second run read the models the first one kept
    assert not second["blocks"].equals(first["blocks"])  # and it did score the changed article
    (next((out / KEPT_DIR_NAME / "models").glob("*.pickle"))).write_bytes(b"damaged")
    (story_corpus / "s05.txt").write_text((story_corpus / "s05.txt").read_text() + "\nAnother.\n")
    study.run_study(story_corpus, out, engine=InlineEngine(), keep_tables=False)
    assert len(trained) == 2  # a damaged file is trained again
    monkeypatch.setattr(study, "code_fingerprint", lambda: "other code")
    study.run_study(story_corpus, out, engine=InlineEngine(), keep_tables=False)
    assert len(trained) == 3
    assert len(list((out / KEPT_DIR_NAME / "models").glob("*.pickle"))) == 1


def test_originals_are_found_once_a_foreign_article_is_added_to_an_english_corpus(tmp_path):
    """The anchors of English articles are read only when the corpus has a foreign one, so
    whether it has one is part of their kept rows' key: adding the German originals to a
    corpus of English reports finds the translations among them, as a full run does."""
    pairs = Path(__file__).parent / "data" / "translation_pairs" / "corpus"
    corpus, later = tmp_path / "corpus", tmp_path / "later"
    corpus.mkdir()
    later.mkdir()
    names = sorted(p.name for p in pairs.iterdir() if p.name.startswith(("13_", "de_13_")))
    for name in names:
        shutil.copy(pairs / name, (later if name.startswith("de_") else corpus) / name)
    sources = pd.read_csv(pairs / "sources.csv")
    sources[sources["file"].isin(names)].to_csv(corpus / "sources.csv", index=False)
    out = tmp_path / "tables"
    english = study.run_study(corpus, out, engine=InlineEngine())
    assert english["sources"]["translation_of"].isna().all()
    assert set(english["articles"]["language"]) == {"en"}
    for path in later.iterdir():
        shutil.move(path, corpus / path.name)
    added = study.run_study(corpus, out, engine=InlineEngine())
    full = study.run_study(corpus, tmp_path / "full", engine=InlineEngine(), reuse=False)
    found = added["sources"].dropna(subset=["translation_of"])
    assert len(found) >= 2 and found["translation_of"].str.startswith("de_13_").all()
    assert_same_tables(added, full, out, tmp_path / "full")


def test_articles_of_unknown_language_are_read_as_the_translation_rules_default(tmp_path):
    """One-line reports whose language is not detected (null in ``articles``, read back as
    NA) are studied with the rest, not a crash of the translation stages; the rules read
    them as English (their default for an unknown language), so they are scored."""
    lines = (Path(__file__).parent / "data" / "ecbplus" / "sentences.jsonl").read_text().splitlines()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sentences.jsonl").write_text("\n".join(lines[:60]) + "\n")
    tables = study.run_study(corpus, tmp_path / "out", engine=InlineEngine())
    articles = tables["articles"]
    unknown = set(articles.loc[articles["language"].isna(), "source_id"])
    assert unknown and len(unknown) < len(articles)
    sources = tables["sources"].set_index("source_id")
    assert sources.loc[sorted(unknown), "translation_score"].notna().all()


def test_equal_runs_are_the_rows_of_each_key_of_a_sorted_array():
    from analysis.runs import equal_runs

    assert equal_runs([]) == []
    assert equal_runs(["a"]) == [(0, 1)]
    assert equal_runs(pd.Series(["a", "a", "b", "c", "c"], dtype="string")) == [(0, 2), (2, 3), (3, 5)]
