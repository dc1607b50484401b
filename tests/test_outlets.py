"""Outlets: an outlet's articles pooled across stories."""

import pandas as pd

from analysis.outlets import outlet_of, outlets_table
from analysis.study import run_study

from .test_stories import HARBOUR, VOLCANO, retold


def sources_frame(rows: dict[str, tuple]) -> pd.DataFrame:
    columns = ["n_claims", "n_corroborated", "n_contradicted", "n_chars", "n_boilerplate_chars",
               "translation_score", "machine_translated"]
    return pd.DataFrame([(source, *values) for source, values in rows.items()],
                        columns=["source_id", *columns])


def test_outlet_is_the_name_given_else_the_host_of_the_url():
    articles = pd.DataFrame({
        "source_id": list("abcde"),
        "outlet": ["  Eastmouth   Daily ", None, None, "", None],
        "url": ["https://other.example/x", "https://www.harbour-news.example/a?b=1",
                "not a url", "http://[broken", None],
    })
    found = outlet_of(articles)
    assert found[:2].tolist() == ["Eastmouth Daily", "harbour-news.example"]
    assert found[2:].isna().all()


def test_outlet_pools_claims_characters_and_translation_over_its_articles():
    articles = pd.DataFrame({"source_id": ["a", "b", "c", "d"],
                             "outlet": ["Daily", "Daily", "Weekly", None],
                             "story_id": ["s1", "s2", "s1", "s1"]})
    sources = sources_frame({
        "a": (5, 3, 0, 1000, 100, 0.0, False),
        "b": (4, 2, 1, 500, 400, 0.5, True),
        "c": (3, 3, 0, 100, 0, 1.0, True),
        "d": (9, 9, 0, 100, 0, 0.0, False),  # no outlet: pooled with nobody
    })
    outlets = outlets_table(articles, sources).set_index("outlet")
    assert list(outlets.index) == ["Daily", "Weekly"]
    daily = outlets.loc["Daily"]
    assert (daily["n_articles"], daily["n_stories"], daily["n_claims"]) == (2, 2, 9)
    assert (daily["n_corroborated"], daily["n_contradicted"]) == (5, 1)
    # the sources' formula on the sums: (0.9 x 2 + 5) / (0.9 x 2 + 5 + 0.1 x 2 + 3 x 1)
    assert daily["consistency_score"] == 0.68
    assert daily["boilerplate_share"] == round(500 / 1500, 4)  # by characters, not by article
    assert daily["translation_score"] == 0.25 and daily["machine_translated_share"] == 0.5
    assert daily["source_ids"] == "a b"
    assert daily["reliability_low"] < daily["reliability"] < daily["reliability_high"]


def test_pooled_evidence_narrows_the_interval():
    one = outlets_table(pd.DataFrame({"source_id": ["a"], "outlet": ["X"], "story_id": ["s1"]}),
                        sources_frame({"a": (4, 3, 1, 100, 0, 0.0, False)}))
    many = outlets_table(
        pd.DataFrame({"source_id": list("abcd"), "outlet": ["X"] * 4, "story_id": ["s1", "s2", "s3", "s4"]}),
        sources_frame({k: (4, 3, 1, 100, 0, 0.0, False) for k in "abcd"}))
    width = lambda t: float(t["consistency_high"].iloc[0] - t["consistency_low"].iloc[0])  # noqa: E731
    assert width(many) < width(one)


def test_no_outlet_named_gives_an_empty_table_with_the_schema():
    outlets = outlets_table(pd.DataFrame({"source_id": ["a"], "story_id": ["s1"]}),
                            sources_frame({"a": (1, 0, 0, 10, 0, 0.0, False)}))
    assert outlets.empty and "reliability_high" in outlets.columns


def test_study_writes_outlets_across_stories(write_corpus, tmp_path):
    files = {}
    for k in range(6):
        files[f"h{k}.txt"] = "\n\n".join(retold(HARBOUR, k % 5)) + "\n"
        files[f"v{k}.txt"] = "\n\n".join(retold(VOLCANO, k % 5)) + "\n"
    files["sources.csv"] = "file,outlet\nh0.txt,Coast Post\nv0.txt,Coast Post\nh1.txt,Inland Herald\n"
    tables = run_study(write_corpus(files), tmp_path / "out")
    outlets = pd.read_parquet(tmp_path / "out" / "outlets.parquet").set_index("outlet")
    assert list(outlets.index) == ["Coast Post", "Inland Herald"]
    post = outlets.loc["Coast Post"]
    assert post["n_articles"] == 2 and post["n_stories"] == 2 and post["source_ids"] == "h0 v0"
    sources = tables["sources"].set_index("source_id")
    assert post["n_claims"] == sources.loc[["h0", "v0"], "n_claims"].sum()
    assert post["n_corroborated"] == sources.loc[["h0", "v0"], "n_corroborated"].sum()
