"""Story clustering: articles that re-tell one story come out as one story, others apart."""

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix

from analysis.stories import (
    add_story_ids, candidate_pairs, cluster_stories, link_communities, pair_similarity,
    story_vectors,
)

HARBOUR = [
    "The port authority of Eastmouth awarded a dredging contract worth 12 million pounds.",
    "The company that won the dredging contract is owned by a council member.",
    "Regulators opened an inquiry into the harbour contract on Tuesday.",
    "The council said it would cooperate fully with the harbour inquiry.",
    "Dredging of the Eastmouth channel was due to start in the spring.",
]
VOLCANO = [
    "A volcano on the island of Karsa erupted overnight, sending ash nine kilometres high.",
    "Flights to the island were cancelled as the ash cloud drifted south.",
    "Geologists had warned of rising magma pressure under the crater for weeks.",
    "Villagers living on the volcano's slopes were evacuated by ferry.",
    "The eruption was the strongest on Karsa since records began.",
]


def blocks_of(articles: dict[str, list[str]], boilerplate: dict[str, list[str]] | None = None):
    rows = []
    for source, lines in articles.items():
        extra = (boilerplate or {}).get(source, [])
        for n, (text, flag) in enumerate(
                [(t, False) for t in lines] + [(t, True) for t in extra], start=1):
            rows.append({"source_id": source, "block_no": n, "text": text, "is_boilerplate": flag})
    return pd.DataFrame(rows)


def retold(sentences: list[str], drop: int) -> list[str]:
    """One source's telling: the story without one sentence, in another order."""
    kept = [s for i, s in enumerate(sentences) if i != drop]
    return kept[drop:] + kept[:drop]


def stories_of(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["source_id"], frame["story_id"]))


def test_two_different_stories_come_out_as_two():
    articles = {}
    for k in range(4):  # interleaved ids, so corpus order does not give the stories away
        articles[f"{2 * k:02d}"] = retold(HARBOUR, k)
        articles[f"{2 * k + 1:02d}"] = retold(VOLCANO, k)
    stories = stories_of(cluster_stories(blocks_of(articles)))
    harbour = {stories[f"{2 * k:02d}"] for k in range(4)}
    volcano = {stories[f"{2 * k + 1:02d}"] for k in range(4)}
    assert len(harbour) == 1 and len(volcano) == 1 and harbour != volcano
    assert stories["00"] == "story-00" and stories["01"] == "story-01"  # named by their first source


def test_a_story_keeps_its_name_when_articles_are_added():
    articles = {f"{k:02d}": retold(HARBOUR if k % 2 else VOLCANO, k // 2) for k in range(2, 10)}
    before = stories_of(cluster_stories(blocks_of(articles)))
    articles["01"] = retold(HARBOUR, 4)  # joins the harbour story, first of all its sources
    articles["10"] = retold(VOLCANO, 4)  # joins the volcano story, last
    after = stories_of(cluster_stories(blocks_of(articles)))
    assert {after[k] for k in before if int(k) % 2 == 0} == {before["02"]} == {after["10"]}
    assert before["03"] == "story-03" and after["03"] == after["01"] == "story-01"


def test_one_story_stays_one():
    articles = {f"s{k}": retold(HARBOUR, k) for k in range(5)}
    assert set(stories_of(cluster_stories(blocks_of(articles))).values()) == {"story-s0"}


def test_copies_that_share_little_are_joined_through_the_copies_between_them():
    # a and c share one sentence of five; b shares three with each: one story by linkage
    articles = {"a": HARBOUR[:3], "b": HARBOUR[1:4] + HARBOUR[4:], "c": HARBOUR[2:]}
    assert len(set(stories_of(cluster_stories(blocks_of(articles))).values())) == 1


def test_shared_boilerplate_does_not_join_stories():
    furniture = ["Subscribe to our newsletter for the latest headlines from Eastmouth Daily",
                 "Read more: cookie policy, privacy policy and terms of use of Eastmouth Daily",
                 "Eastmouth Daily is the newspaper of the Eastmouth coast since 1887."]
    articles = {"a": HARBOUR, "b": VOLCANO, "c": retold(VOLCANO, 2)}
    flagged = blocks_of(articles, {k: furniture for k in articles})
    stories = stories_of(cluster_stories(flagged))
    assert stories["a"] != stories["b"] == stories["c"]
    # kept as article text by mistake, stock lines count 1/3 each (three sources carry them)
    kept = flagged.assign(is_boilerplate=False)
    stories = stories_of(cluster_stories(kept))
    assert stories["a"] != stories["b"] == stories["c"]
    weighted = story_vectors(kept, pd.Index(["a", "b"]))
    unweighted = story_vectors(kept.assign(text=kept["text"] + " " + kept["source_id"]),
                               pd.Index(["a", "b"]))  # the same lines, made unique
    pair = np.array([[0, 1]])
    assert pair_similarity(weighted, pair)[0] < pair_similarity(unweighted, pair)[0]


def test_word_for_word_copies_are_one_story():
    articles = {"a": HARBOUR, "b": HARBOUR, "c": VOLCANO}
    stories = stories_of(cluster_stories(blocks_of(articles)))
    assert stories["a"] == stories["b"] != stories["c"]


def test_threshold_edge_decides_the_link():
    articles = {"a": HARBOUR, "b": HARBOUR[:2] + VOLCANO[:3]}
    frame = blocks_of(articles)
    vectors = story_vectors(frame, pd.Index(["a", "b"]))
    similarity = pair_similarity(vectors, np.array([[0, 1]]))[0]
    for merge in ({"merge_max_size": 0},  # the link alone
                  {"merge_similarity": similarity + 1e-3}):
        joined = stories_of(cluster_stories(frame, min_similarity=similarity - 1e-3, **merge))
        apart = stories_of(cluster_stories(frame, min_similarity=similarity + 1e-3, **merge))
        assert joined["a"] == joined["b"] and apart["a"] != apart["b"]
    # two lone articles: the merge of small stories has the same edge
    joined = stories_of(cluster_stories(frame, min_similarity=1.0, merge_similarity=similarity - 1e-3))
    assert joined["a"] == joined["b"]


def test_candidate_pairs_grow_linearly_not_with_all_pairs():
    n = 2_000  # every article shares one term: all pairs would be ~2 million
    vectors = csr_matrix(np.ones((n, 1)))
    pairs = candidate_pairs(vectors, top_terms=5, window=3, passes=1)
    assert len(pairs) == 3 * n - 6
    assert (pairs[:, 0] < pairs[:, 1]).all()
    # four orders of one term's list: all rows share their MinHash, so one order, same pairs
    assert np.array_equal(candidate_pairs(vectors, top_terms=5, window=3, passes=4), pairs)


def test_articles_without_content_words_are_stories_of_their_own():
    articles = {"a": HARBOUR, "b": HARBOUR[1:], "c": ["123", "the of and"]}
    stories = stories_of(cluster_stories(blocks_of(articles)))
    assert stories["a"] == stories["b"] != stories["c"]


def test_add_story_ids_adds_a_column_and_keeps_rows():
    articles = pd.DataFrame({"source_id": ["b", "a"], "title": ["B", "A"]})
    out = add_story_ids(articles, blocks_of({"a": HARBOUR, "b": VOLCANO}))
    assert list(out["source_id"]) == ["b", "a"] and list(out["story_id"]) == ["story-b", "story-a"]


def test_empty_corpus_gives_no_stories():
    empty = pd.DataFrame({"source_id": [], "block_no": [], "text": []})
    assert cluster_stories(empty).empty



def test_background_keeps_the_words_of_a_one_story_corpus_heavy():
    frame = blocks_of({"a": HARBOUR, "b": retold(HARBOUR, 1)})
    sources = pd.Index(["a", "b"])
    alone = story_vectors(frame, sources, background=())
    background = tuple(" ".join(VOLCANO[k:]) for k in range(3))
    with_background = story_vectors(frame, sources, background=background)
    pair = np.array([[0, 1]])
    assert pair_similarity(with_background, pair)[0] > pair_similarity(alone, pair)[0]


def test_topicality_compares_a_source_with_its_own_story_only():
    from analysis.boilerplate import score_across_sources, score_documents

    blocks = score_documents(blocks_of({"a": HARBOUR, "b": retold(HARBOUR, 1), "c": VOLCANO})
                             .drop(columns="is_boilerplate"))
    stories = cluster_stories(blocks)
    one_story = score_across_sources(blocks)
    by_story = score_across_sources(blocks, stories)
    alone = by_story["source_id"] == "c"
    assert one_story.loc[alone, "topicality"].notna().all()
    assert by_story.loc[alone, "topicality"].isna().all()  # the only source of its story
    assert (by_story.loc[~alone, "topicality"] >= one_story.loc[~alone, "topicality"]).all()


# Chaining: single linkage joins two stories through one link; the clustering must not.
MINISTER = "Prime minister Adaeze Okonkwo-Lindqvist flew to Brandholm by helicopter on Sunday."


def tellings(sentences: list[str], n: int) -> list[list[str]]:
    """``n`` sources telling one story: each leaves one sentence out and starts elsewhere."""
    out = []
    for k in range(n):
        kept = [s for i, s in enumerate(sentences) if i != k % len(sentences)]
        start = (k // len(sentences)) % len(kept)
        out.append(kept[start:] + kept[:start])
    return out


def two_stories(n: int) -> dict[str, list[str]]:
    articles = {f"h{k:02d}": t for k, t in enumerate(tellings(HARBOUR, n))}
    articles.update({f"v{k:02d}": t for k, t in enumerate(tellings(VOLCANO, n))})
    return articles


def test_an_article_that_mixes_two_stories_does_not_join_them():
    articles = two_stories(12)
    articles["mix"] = HARBOUR[:3] + VOLCANO[:3]  # a round-up: half of each story
    frame = blocks_of(articles)
    sources = pd.Index(sorted(articles))
    vectors = story_vectors(frame, sources)
    mix = sources.get_loc("mix")
    others = np.array([[mix, j] for j in range(len(sources)) if j != mix])
    similarity = pair_similarity(vectors, others)
    assert similarity.min() > 0.4  # linked to every source of both stories
    chained = stories_of(cluster_stories(frame, resolution=0.0))  # single linkage
    assert len(set(chained.values())) == 1
    stories = stories_of(cluster_stories(frame))
    harbour = {stories[s] for s in articles if s.startswith("h")}
    volcano = {stories[s] for s in articles if s.startswith("v")}
    assert len(harbour) == 1 and len(volcano) == 1 and harbour != volcano
    assert stories["mix"] in harbour | volcano


def test_a_sentence_that_some_sources_of_two_stories_share_does_not_join_them():
    articles = two_stories(10)
    for source in ("h00", "h01", "v00", "v01"):  # a background line some outlets add
        articles[source] = articles[source][:-1] + [articles[source][-1] + " " + MINISTER]
    frame = blocks_of(articles)
    sources = pd.Index(sorted(articles))
    vectors = story_vectors(frame, sources)
    across = pair_similarity(vectors, np.array([[sources.get_loc("h00"), sources.get_loc("v00")]]))
    assert across[0] >= 0.25  # a link: single linkage would join the two stories
    assert len(set(stories_of(cluster_stories(frame, resolution=0.0)).values())) == 1
    stories = stories_of(cluster_stories(frame))
    assert len({stories[s] for s in articles if s.startswith("h")}) == 1
    assert len({stories[s] for s in articles if s.startswith("v")}) == 1
    assert stories["h00"] != stories["v00"]


def test_many_loose_tellings_of_one_story_stay_one():
    # 30 sources, each telling 3 to 5 of 10 sentences in its own order: pairs share 0 to 5
    sentences = HARBOUR + VOLCANO  # one long story, for this test
    rng = np.random.default_rng(0)
    articles = {}
    for k in range(30):
        kept = rng.choice(len(sentences), size=rng.integers(3, 6), replace=False)
        articles[f"s{k:02d}"] = [sentences[i] for i in kept]
    stories = stories_of(cluster_stories(blocks_of(articles)))
    assert set(stories.values()) == {"story-s00"}


def test_two_cliques_join_exactly_when_the_link_between_them_outweighs_the_resolution():
    # CPM: two groups of 3 (links of weight 1 inside) with one link of weight 0.45 between
    # them join when 0.45 > resolution x 3 x 3, i.e. below a resolution of 0.05
    inside = [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5)]
    pairs = np.array(inside + [(2, 3)])
    weights = np.array([1.0] * 6 + [0.45])
    joined = link_communities(6, pairs, weights, resolution=0.049, random_state=0)
    apart = link_communities(6, pairs, weights, resolution=0.051, random_state=0)
    assert len(set(joined)) == 1
    assert len(set(apart)) == 2 and apart[0] == apart[2] != apart[3] == apart[5]


def test_stories_are_the_same_every_run_and_whatever_the_row_order():
    import random

    articles = two_stories(8)
    articles["mix"] = HARBOUR[:3] + VOLCANO[:3]
    frame = blocks_of(articles)
    random.seed(1)
    first = cluster_stories(frame)
    random.seed(2)
    shuffled = frame.sample(frac=1.0, random_state=3)
    for _ in range(3):
        pd.testing.assert_frame_equal(cluster_stories(shuffled), first)
    assert random.random() == random.Random(2).random()  # the global generator is untouched


def test_a_small_story_joins_the_larger_story_whose_centroid_is_close():
    from analysis.stories import merge_small_stories

    # three articles of one story, each sharing two of three terms (pair cosines 0.5), and a
    # brief with all three and a word of its own: 0.41 to each article, 0.5 to their centroid
    rows = np.array([[1, 1, 0, 0, 0], [0, 1, 1, 0, 0], [1, 0, 1, 0, 0],
                     [1, 1, 1, 3, 0], [0, 0, 1, 0, 3]], dtype=float)
    vectors = csr_matrix(rows / np.linalg.norm(rows, axis=1, keepdims=True))
    pairs = np.array([[i, j] for i in range(5) for j in range(i + 1, 5)])
    assert pair_similarity(vectors, pairs[(pairs[:, 0] < 3) & (pairs[:, 1] == 3)]).max() < 0.45
    labels = np.array([0, 0, 0, 1, 2])
    merged = merge_small_stories(vectors, labels, pairs, max_size=1, min_similarity=0.45)
    assert merged[3] == merged[0] and merged[4] != merged[0]  # the last one is too far (0.27)
    # a story larger than max_size does not join, and without candidate pairs nothing does
    assert len(set(merge_small_stories(vectors, np.array([0, 0, 0, 1, 1]), pairs,
                                       max_size=1, min_similarity=0.45))) == 2
    assert np.array_equal(merge_small_stories(vectors, labels, pairs[:0], max_size=1,
                                              min_similarity=0.45), labels)
