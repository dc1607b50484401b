"""Engines: the tables are the same in one process, on local workers and on a Dask cluster."""

import pandas as pd
import pytest

from analysis import cli, study
from analysis.engine import (
    InlineEngine, LocalEngine, chunk_bounds, imap_heaviest_first, split_by, weighted_chunks,
)

from .test_stories import HARBOUR, VOLCANO, retold

FURNITURE = ["Skip to content", "Share this article", "Subscribe to our newsletter"]


def article(sentences: list[str], k: int) -> str:
    lines = FURNITURE[: 1 + k % 3] + retold(sentences, k % len(sentences))
    # Artifacts stay within one story: a line that both stories carry word for word (a
    # translation notice) joins these five-sentence stories, whose own lines are all copies.
    if k % 4 == 1:
        lines.append("„Wir prüfen das“, sagte ein Sprecher. The bill came to 1.000 Euro.")
    if k % 4 == 2:
        lines.append("This article was automatically translated from German.")
    lines.append("Leave a comment")
    return "\n\n".join(lines) + "\n"


@pytest.fixture
def story_corpus(write_corpus):
    files = {}
    for k in range(14):
        sentences = HARBOUR if k % 2 else VOLCANO
        text = article(sentences, k)
        if k % 3 == 0:
            body = "".join(f"<p>{line}</p>\n" for line in text.split("\n\n"))
            files[f"s{k:02d}.html"] = f"<html><head><title>t{k}</title></head><body>{body}</body></html>"
        else:
            files[f"s{k:02d}.txt"] = text
    files["feed.jsonl"] = "\n".join(
        '{"id": "j%d", "text": "%s", "outlet": "Wire"}' % (k, " ".join(retold(HARBOUR, k)))
        for k in range(3)) + "\n"
    files["dup/s01.txt"] = article(HARBOUR, 1)  # a second s01: an error row
    files["broken.txt"] = b"\x00\x01binary"
    files["sources.csv"] = "file,outlet,language\ns02.txt,Eastmouth Daily,en\ns99.txt,Nobody,en\n"
    return write_corpus(files)


def assert_same_tables(first: dict, second: dict, first_dir, second_dir) -> None:
    for name in study.TABLES:
        pd.testing.assert_frame_equal(first[name], second[name])
        assert (first_dir / f"{name}.parquet").read_bytes() == (
            second_dir / f"{name}.parquet").read_bytes(), name


def test_chunks_hold_whole_sources_in_order():
    frame = pd.DataFrame({"source_id": list("ccaabbbd"), "n": range(8)})
    engine = LocalEngine(2, inline_max_articles=0, chunk_min_articles=1)
    bounds = chunk_bounds(sorted(frame["source_id"].unique()), engine)
    assert bounds == ["a", "b", "c", "d"]
    parts = split_by(frame, "source_id", bounds)
    assert [list(p["source_id"]) for p in parts] == [["a", "a"], ["b", "b", "b"], ["c", "c"], ["d"]]
    assert chunk_bounds(["a", "b"], InlineEngine()) == ["a"]
    assert chunk_bounds(["a", "b"], LocalEngine(2)) == ["a"]  # small corpora stay inline


def test_chunks_stop_growing_with_the_corpus_past_the_largest_chunk():
    engine = LocalEngine(2, inline_max_articles=0)  # 2 workers x 4 chunks, at most 1,000 articles
    keys = [f"s{k:06d}" for k in range(20_500)]
    bounds = chunk_bounds(keys, engine)
    starts = [keys.index(first) for first in bounds] + [len(keys)]
    sizes = [end - start for start, end in zip(starts[:-1], starts[1:])]
    assert len(bounds) == 21 and max(sizes) <= 1_000 and sum(sizes) == len(keys)
    assert len(chunk_bounds(keys[:4_000], engine)) == 8  # small corpora: a share for each of 8 chunks

    # stories: runs end at a share of the weight or at 1,000 articles, whichever comes first
    articles = [400] * 10 + [1_500] + [10] * 5
    chunks = weighted_chunks([1] * len(articles), engine, articles)
    assert [i for chunk in chunks for i in chunk] == list(range(len(articles)))
    assert all(sum(articles[i] for i in chunk) <= 1_000 for chunk in chunks if len(chunk) > 1)
    assert [10] in chunks  # larger than a chunk: alone
    assert weighted_chunks([1] * len(articles), engine) != chunks  # the weights alone: 8 shares


def test_stories_are_cut_into_runs_of_equal_weight_and_come_back_in_order():
    engine = LocalEngine(2, inline_max_articles=0)  # 2 workers x 4 chunks: shares of 100 / 8
    weights = [60, 1, 2, 3, 4, 5, 6, 7, 8, 4]
    chunks = weighted_chunks(weights, engine)
    assert [i for chunk in chunks for i in chunk] == list(range(10))  # consecutive, all kept
    assert chunks[0] == [0]  # heavier than a share: alone
    assert all(sum(weights[i] for i in chunk) <= 100 / 8 for chunk in chunks[1:])
    assert weighted_chunks(weights, InlineEngine()) == [list(range(10))]
    assert weighted_chunks([], engine) == []

    class Recording(InlineEngine):
        def imap(self, func, items, **kwargs):
            self.seen = list(items)
            return super().imap(func, items, **kwargs)

    recording = Recording()
    results = list(imap_heaviest_first(recording, sum, [[1], [5, 5], [3]], [1, 10, 3]))
    assert recording.seen == [[5, 5], [3], [1]]  # heaviest handed out first
    assert results == [(1, 10), (2, 3), (0, 1)]  # each with its position


def test_local_workers_give_the_tables_of_one_process(story_corpus, tmp_path):
    inline = study.run_study(story_corpus, tmp_path / "inline", engine=InlineEngine())
    assert inline["articles"]["story_id"].nunique() >= 2
    assert len(inline["errors"]) >= 3 and len(inline["artifacts"]) and len(inline["claims"])
    with LocalEngine(2, inline_max_articles=0, chunk_min_articles=1) as engine:
        local = study.run_study(story_corpus, tmp_path / "local", engine=engine)
    assert_same_tables(inline, local, tmp_path / "inline", tmp_path / "local")


def test_dask_cluster_of_two_workers_gives_the_tables_of_the_local_engine(story_corpus, tmp_path):
    from dask.distributed import LocalCluster

    from analysis.engine import DaskEngine

    with LocalEngine(2, inline_max_articles=0, chunk_min_articles=1) as engine:
        local = study.run_study(story_corpus, tmp_path / "local", engine=engine)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        with DaskEngine(cluster.scheduler_address, chunk_min_articles=1) as engine:
            assert engine.workers == 2
            distributed = study.run_study(story_corpus, tmp_path / "dask", engine=engine)
    assert_same_tables(local, distributed, tmp_path / "local", tmp_path / "dask")


def test_cli_takes_an_engine_and_refuses_a_scheduler_without_dask(story_corpus, tmp_path, capsys):
    out = tmp_path / "tables"
    assert cli.main(["run", "--corpus", str(story_corpus), "--out", str(out), "--quiet",
                     "--engine", "local", "--workers", "2"]) == cli.EXIT_OK
    assert (out / "articles.parquet").exists()
    with pytest.raises(SystemExit) as exit_:
        cli.main(["run", "--corpus", str(story_corpus), "--scheduler", "tcp://127.0.0.1:1"])
    assert exit_.value.code == cli.EXIT_USAGE
    assert "--scheduler needs --engine dask" in capsys.readouterr().err
