"""Tables written as they are done: the same tables as if every row were held in memory."""

import random

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis import store, study
from analysis.agreement.stage import compare_sources
from analysis.kept import KEPT_DIR_NAME
from analysis.claims import extract_claims
from analysis.engine import InlineEngine, LocalEngine
from analysis.schema import conform

from .test_engine import story_corpus  # noqa: F401  (a fixture)


def alignment_rows(source: str, n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "sentence_a": [f"{source}:1:{k % 3}" for k in range(n)],
        "sentence_b": [f"x:{k}" for k in range(n)],
        "source_a": source, "source_b": "x",
        "line_a": [n - k for k in range(n)], "line_b": 1,
        "text_a": [f"sentence {k} of {source}" for k in range(n)], "text_b": "the other",
        "char_cosine": 0.5, "similarity": [k / n for k in range(n)],
    })


def test_parts_added_in_any_order_merge_into_the_table_conform_would_give(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "PART_GROUP_ROWS", 3)  # parts read a few rows at a time
    frames = [alignment_rows(f"s{k:02d}", 1 + (k * 7) % 11) for k in range(30)]
    whole = conform(pd.concat(frames, ignore_index=True), "alignments")
    random.Random(0).shuffle(frames)
    table = store.PartedTable("alignments", tmp_path / "alignments.parquet", part_rows=25, group_rows=20)
    for frame in frames:
        table.add(frame)
    assert len(table._parts) > 3  # several sorted parts on disk before the merge
    assert table.close() == len(whole)
    merged = pd.read_parquet(tmp_path / "alignments.parquet")
    pd.testing.assert_frame_equal(merged, whole)
    groups = pq.ParquetFile(tmp_path / "alignments.parquet").metadata
    assert groups.num_row_groups > 1
    assert all(groups.row_group(i).num_rows <= 20 for i in range(groups.num_row_groups))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alignments.parquet"]  # parts removed


def test_a_key_heavier_than_a_group_stays_whole_and_no_rows_give_an_empty_table(tmp_path):
    table = store.PartedTable("alignments", tmp_path / "a.parquet", part_rows=4, group_rows=3)
    table.add(alignment_rows("big", 9))
    table.add(alignment_rows("small", 2))
    assert table.close() == 11
    sizes = [pq.ParquetFile(tmp_path / "a.parquet").metadata.row_group(i).num_rows for i in range(2)]
    assert sizes == [9, 2]
    empty = store.PartedTable("alignments", tmp_path / "b.parquet")
    assert empty.close() == 0
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "b.parquet"), conform(pd.DataFrame(), "alignments"))


def test_rows_of_one_key_in_two_frames_are_refused(tmp_path):
    table = store.PartedTable("alignments", tmp_path / "a.parquet", part_rows=1)
    table.add(alignment_rows("s1", 2))
    table.add(alignment_rows("s1", 1))
    with pytest.raises(ValueError, match="came in two frames"):
        table.close()


@pytest.mark.parametrize("engine", ["inline", "local"])
def test_streamed_study_writes_the_tables_of_the_in_memory_path(story_corpus, tmp_path,  # noqa: F811
                                                                 monkeypatch, engine):
    monkeypatch.setattr(store, "PART_ROWS_DEFAULT", 5)  # many parts and row groups
    monkeypatch.setattr(store, "GROUP_ROWS_DEFAULT", 7)
    out = tmp_path / "tables"
    with (InlineEngine() if engine == "inline" else
          LocalEngine(2, inline_max_articles=0, chunk_min_articles=1)) as running:
        manifest = study.run_study(story_corpus, out, engine=running, keep_tables=False)
    tables = study.read_tables(out)
    assert manifest["rows"] == {name: len(tables[name]) for name in sorted(study.TABLES)}
    assert sorted(path.name for path in out.iterdir()) == sorted(
        [f"{name}.parquet" for name in study.TABLES] + [study.MANIFEST_NAME, KEPT_DIR_NAME])  # no part left
    assert pq.ParquetFile(out / "alignments.parquet").metadata.num_row_groups > 1
    # the agreement stage again, every table held in memory
    articles = tables["articles"]
    claims = extract_claims(tables["sentences"], tables["blocks"], articles)
    held = compare_sources(tables["sentences"], tables["blocks"], claims, articles)
    assert len(held["alignments"]) > 20
    for name, frame in held.items():
        pd.testing.assert_frame_equal(conform(frame, name), tables[name])
