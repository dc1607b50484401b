"""Boilerplate scoring on pages the tests write: rules at their edges, the API, the corpus."""

import numpy as np
import pandas as pd
from sklearn.base import clone

from analysis.boilerplate import KINDS, predict, predict_proba, score_blocks, score_document
from analysis.boilerplate.features import FEATURE_NAMES, document_features
from analysis.boilerplate.lexicon import LEXICON_MAX_WORDS
from analysis.boilerplate.model import LineFeatures, load_written_labels
from analysis.boilerplate.rules import SECTION_MIN_PROSE_BEFORE_DEFAULT, apply_rules
from analysis.scorecard import sources_table

PROSE = [
    "The harbour authority confirmed on Monday that the dredging contract had been awarded "
    "without a public tender, a decision that opposition councillors called unlawful.",
    "According to documents seen by reporters, the company that won the contract is owned by "
    "the brother-in-law of a council member who sits on the procurement committee.",
    "A spokesman for the company said it had complied with every rule that applied to the "
    "procurement and would publish the documents once the review was over.",
    "The regional auditor has now been asked to examine the award in full and is expected to "
    "report to the council before the end of the year, officials said.",
    "Residents of the harbour district, who have complained about noise from the works for "
    "months, said they welcomed the inquiry but doubted it would change anything.",
]
PAGE = [
    "Skip to content",
    "Home",
    "News",
    "Sport",
    "Harbour contract under review",
    "Share on Facebook",
    *PROSE[:3],
    "Read also: Ten recipes for a perfect summer barbecue",
    *PROSE[3:],
    "2 Comments",
    "Great article, I really enjoyed reading it, please visit my website for cheap watches and "
    "more great offers every single day.",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
]
NOISE = {0, 1, 2, 3, 5, 9, 12, 13, 14, 15}


def test_predict_flags_page_furniture_and_keeps_the_article():
    flags = predict(PAGE)
    assert isinstance(flags, np.ndarray) and flags.dtype == bool and flags.shape == (len(PAGE),)
    prose_rows = [i for i, line in enumerate(PAGE) if line in PROSE]
    assert not flags[prose_rows].any()
    assert flags[sorted(NOISE)].all()


def test_predict_on_no_lines_and_one_line():
    assert predict([]).shape == (0,)
    assert predict(["Share on Facebook"]).tolist() == [True]
    assert predict_proba([PROSE[0]]).shape == (1,)


def test_every_flag_has_a_kind_and_a_reason_and_kept_lines_have_none():
    scored = score_document(PAGE)
    flagged = scored[scored["is_boilerplate"]]
    assert set(flagged["boilerplate_kind"]) <= set(KINDS)
    assert flagged["boilerplate_reason"].str.len().gt(10).all()
    kept = scored[~scored["is_boilerplate"]]
    assert kept["boilerplate_kind"].isna().all() and kept["boilerplate_reason"].isna().all()
    kinds = dict(zip(PAGE, scored["boilerplate_kind"]))
    assert kinds["Share on Facebook"] == "share"
    assert kinds["Read also: Ten recipes for a perfect summer barbecue"] == "teaser"
    assert kinds[PAGE[13]] == "comments"  # the spam comment, in the comment section
    assert "'2 Comments'" in scored.loc[13, "boilerplate_reason"]
    assert "advertising" in scored.loc[13, "boilerplate_reason"]  # and it says what it sells
    assert (scored["boilerplate_score"].between(0, 1)).all()


def test_lexicon_rule_judges_short_lines_only():
    share = "Share on Facebook"
    long_line = share + " " + " ".join(["word"] * (LEXICON_MAX_WORDS - 3))
    longer = share + " " + " ".join(["word"] * (LEXICON_MAX_WORDS - 2))
    for line, fires in ((long_line, True), (longer, False)):
        lines = [line]
        rules = apply_rules(lines, document_features(lines))
        assert (rules.rule[0] == "lexicon") is fires, len(line.split())


def test_byline_lexicon_needs_a_capitalised_name():
    lines = ["By Jane Doe, Staff Writer", "by phone on the emergency line,"]
    rules = apply_rules(lines, document_features(lines))
    assert rules.kind == ["byline", None]


def test_no_break_spaces_do_not_hide_a_line_from_the_lexicons():
    lines = ["4\u00a0min. read", "(Image:\u00a0Reuters)"]
    rules = apply_rules(lines, document_features(lines))
    assert rules.kind == ["byline", None]  # captions are left to the classifier
    assert document_features(lines)[1, FEATURE_NAMES.index("lexicon_caption")] == 1


def test_a_section_header_keeps_its_own_kind():
    prose = [f"Paragraph {i} " + "of the article text goes on and on. " * 5 for i in range(10)]
    lines = prose + ["Comments", "Latest", "Another story entirely"]
    rules = apply_rules([line.strip() for line in lines], document_features([line.strip() for line in lines]))
    assert rules.kind[-3:] == ["comments", "teaser", "teaser"]
    assert rules.rule[-3:] == ["lexicon", "lexicon", "section"]


def test_written_labels_parse_into_pages_of_labelled_lines():
    written = load_written_labels()
    assert written["document"].nunique() >= 8
    assert set(written.columns) >= {"document", "domain", "text", "is_boilerplate"}
    assert written["is_boilerplate"].any() and (~written["is_boilerplate"]).any()
    assert not written["text"].str.startswith(("B ", "C ")).any()


def section_page(prose_before_header: int, total_prose: int = 10):
    prose = [f"Paragraph {i:02d} " + "of the article text goes on and on. " * 5 for i in range(total_prose)]
    lines = prose[:prose_before_header] + ["Comments"] + prose[prose_before_header:] + [
        "Thanks, very helpful."
    ]
    return lines, apply_rules(lines, document_features(lines))


def test_section_rule_starts_only_after_most_of_the_article():
    at_edge = round(SECTION_MIN_PROSE_BEFORE_DEFAULT * 10)
    lines, rules = section_page(at_edge)
    assert rules.rule[-1] == "section" and rules.kind[-1] == "comments"
    lines, rules = section_page(at_edge - 1)
    assert rules.rule[-1] is None  # a "Comments" link near the top of a page is not a section


def test_repeated_line_is_a_duplicate_and_its_first_copy_is_not():
    caption = "Workers repair the harbour wall after the storm."
    lines = [PROSE[0], caption, caption, PROSE[1]]
    scored = score_document(lines)
    assert scored.loc[2, "boilerplate_kind"] == "duplicate"
    assert scored.loc[2, "boilerplate_rule"] == "duplicate"
    assert scored.loc[1, "boilerplate_rule"] != "duplicate"


def blocks_frame(documents: dict[str, list[str]]) -> pd.DataFrame:
    rows = [
        {"source_id": source, "block_id": f"{source}:{i}", "block_no": i, "line_no": i,
         "text": text, "n_chars": len(text)}
        for source, lines in documents.items() for i, text in enumerate(lines, start=1)
    ]
    return pd.DataFrame(rows)


def test_line_shared_by_three_sources_is_site_template_but_not_by_two():
    template = "Harbour News Network"
    documents = {f"s{i}": [template if i < 3 else "Other header", *PROSE] for i in range(4)}
    scored = score_blocks(blocks_frame(documents))
    rows = scored[scored["text"] == template]
    assert len(rows) == 3 and rows["is_boilerplate"].all()
    assert set(rows["boilerplate_rule"]) <= {"template", "model", "lexicon"}
    two = {f"s{i}": [template if i < 2 else "Other header", *PROSE] for i in range(4)}
    rows = score_blocks(blocks_frame(two))
    assert not (rows.loc[rows["text"] == template, "boilerplate_rule"] == "template").any()


TEASERS = [
    "Celebrity chef opens a new restaurant with a view of the mountains in Switzerland",
    "Ten recipes for a perfect summer barbecue on the beach",
    "Why the price of coffee beans keeps rising this winter",
]


def test_a_list_of_off_topic_headlines_after_the_article_is_teasers_when_other_sources_exist():
    documents = {"a": PROSE + TEASERS, "b": PROSE[1:], "c": PROSE[:4]}
    scored = score_blocks(blocks_frame(documents))
    rows = scored[(scored["source_id"] == "a") & scored["text"].isin(TEASERS)]
    assert rows["is_boilerplate"].all() and rows["boilerplate_rule"].eq("off_topic").sum() >= 2
    assert set(rows.loc[rows["boilerplate_rule"] == "off_topic", "boilerplate_kind"]) == {"teaser"}
    assert (rows["topicality"] < 0.05).all()
    alone = score_blocks(blocks_frame({"a": PROSE + TEASERS}))
    assert alone["topicality"].isna().all()


def test_one_off_topic_line_a_sentence_a_quote_or_a_named_line_is_never_a_teaser():
    endings = {
        "one headline": TEASERS[:1],
        "sentences": [t + "." for t in TEASERS],
        "quotes": [f"“{t}”" for t in TEASERS],
        # a name the story's article text carries is not another story's
        "names": [t + " with Brandt" for t in TEASERS],
    }
    named = "The council's leader, Councillor Brandt, defended the award in a statement."
    for name, ending in endings.items():
        documents = {"a": PROSE + ending, "b": PROSE[1:] + [named], "c": PROSE[:4]}
        scored = score_blocks(blocks_frame(documents))
        assert not scored["boilerplate_rule"].eq("off_topic").any(), name


def test_scores_are_deterministic():
    first = score_blocks(blocks_frame({"a": PAGE, "b": PROSE}))
    second = score_blocks(blocks_frame({"a": PAGE, "b": PROSE}))
    pd.testing.assert_frame_equal(first, second)


def test_boilerplate_share_is_weighted_by_characters():
    blocks = blocks_frame({"a": ["x" * 300, "y" * 100], "b": ["z" * 50]})
    blocks["is_boilerplate"] = [False, True, False]
    blocks["boilerplate_kind"] = [None, "share", None]
    articles = pd.DataFrame({"source_id": ["a", "b"]})
    no_artifacts = pd.DataFrame(columns=["source_id", "block_id", "line_no", "kind", "evidence", "weight"])
    no_claims = pd.DataFrame(columns=["claim_id", "source_id", "status"])
    no_copies = pd.DataFrame(columns=["source_a", "source_b", "n_copied", "copied_share"])
    sources = sources_table(articles, blocks, no_artifacts, no_claims, no_copies).set_index("source_id")
    assert sources.loc["a", "boilerplate_share"] == 0.25
    assert sources.loc["a", "boilerplate_share_share"] == 0.25
    assert sources.loc["b", "boilerplate_share"] == 0.0
    assert "no boilerplate found" in sources.loc["b", "summary"]
    assert "share buttons 25%" in sources.loc["a", "summary"]


def test_line_features_follow_scikit_learn_conventions():
    transformer = clone(LineFeatures())
    frame = pd.DataFrame({"document": ["d1"] * 3 + ["d2"] * 2, "text": PAGE[:3] + PROSE[:2]})
    matrix = transformer.fit(frame).transform(frame)
    assert matrix.shape == (5, len(FEATURE_NAMES))
    assert list(transformer.get_feature_names_out()) == list(FEATURE_NAMES)
    # documents are judged on their own: the second document's features ignore the first
    np.testing.assert_array_equal(matrix[3:], document_features(PROSE[:2]))


def test_a_sentence_next_to_the_prose_is_never_flagged_by_the_classifier_alone():
    from analysis.boilerplate.model import THRESHOLD_DEFAULT
    from analysis.boilerplate.rules import GUARD_MAX_SCORE, sentence_guard

    assert GUARD_MAX_SCORE == THRESHOLD_DEFAULT
    # real closing lines of ECB+ dev articles (tests/data/ecbplus) the classifier flagged
    closing = ["\u201cHe has always been good.", "That's what he does.\u201d",
               "It was followed by dozens of aftershocks."]
    edges = ["Go Colts", "Tremendous.", "Posted on December 23, 2012, 4:42 PM EDT.",
             "Read more at www.example.com/story today."]
    lines = PROSE[:3] + closing + edges
    guard = sentence_guard(lines, document_features(lines))
    assert guard[3:6].all() and not guard[6:].any()
    scored = score_document(lines)
    assert not scored["is_boilerplate"].iloc[3:6].any()
    # a rule still flags a guarded line: a repeat of an earlier sentence
    repeated = score_document(PROSE[:2] + [PROSE[0]])
    assert repeated["is_boilerplate"].iloc[2] and repeated["boilerplate_rule"].iloc[2] == "duplicate"


def test_a_comment_thread_after_the_article_is_a_comments_section_from_its_first_post():
    thread = [
        "v2787 says:",
        "It's a good thing we have no fans left to complain about any of this.",
        "Reply Like Report",
        "harbourwatcher says:",
        "Same story every year and nobody ever goes to jail for it, honestly.",
        "Reply Like Report",
    ]
    scored = score_document(PROSE + thread)
    tail = scored.iloc[len(PROSE):]
    assert tail["is_boilerplate"].all() and set(tail["boilerplate_kind"]) == {"comments"}
    assert not scored["is_boilerplate"].iloc[: len(PROSE)].any()
    # a reporter's line introducing a quote is not a user line
    quoted = score_document(PROSE[:3] + ["Councillor Brandt said:", PROSE[3]])
    assert not quoted["boilerplate_rule"].iloc[3:].isin(["lexicon", "section"]).any()


def test_a_dateline_alone_on_its_line_is_article_metadata_and_a_sentence_with_a_date_is_not():
    from analysis.boilerplate import METADATA_KINDS
    from analysis.boilerplate.rules import datelines

    # datelines of ECB+ dev articles the classifier flagged as navigation or captions
    alone = ["Thu, 10 Nov 2011 02:45 PM", "Edited time: March 13, 2013 02:15", "7 July 2012",
             "Reuters Sep 18, 2013, 02.16PM IST", "Originally published 05/03/2013 at 10:20 AM EDT"]
    sentences = ["July 2012 was the hottest month on record.", "On March 13, 2013 the pope was elected.",
                 "7 July 2012 and beyond"]
    assert datelines(alone).all() and not datelines(sentences).any()
    scored = score_document(PROSE[:2] + alone)
    tail = scored.iloc[2:]
    assert tail["is_boilerplate"].all() and set(tail["boilerplate_rule"]) == {"lexicon"}
    assert set(tail["boilerplate_kind"]) <= set(METADATA_KINDS)
    assert tail["boilerplate_reason"].str.contains("dateline").all()


def test_the_guard_runs_through_short_sentences_and_keeps_sentences_with_dates():
    from analysis.boilerplate.rules import sentence_guard

    # 13_10ecb and 45_2ecbplus of the ECB+ dev articles: a short line broke the run, a date
    # ("November 8") disqualified the last sentence
    lines = PROSE[:3] + ["Burn baby, burn?", "Estimated damage is in the vicinity of $1 million.",
                         "He will be sentenced on November 8."]
    assert sentence_guard(lines, document_features(lines))[4:].all()
    # a line that is not sentence-shaped still ends the run
    cut = PROSE[:3] + ["Go Colts", "Estimated damage is in the vicinity of $1 million."]
    assert not sentence_guard(cut, document_features(cut))[4]


def test_the_headline_after_a_dateline_is_kept_when_the_title_was_guessed_from_the_dateline():
    from analysis.boilerplate import keep_headlines

    blocks = pd.DataFrame({
        "source_id": ["a"] * 3, "block_no": [1, 2, 3],
        "text": ["May 2, 2013, 1:12 PM", "Lawyer: Lindsay Lohan checks into rehab facility", PROSE[0]],
        "is_boilerplate": [True, True, False], "boilerplate_kind": ["byline", "navigation", None],
        "boilerplate_reason": ["a dateline", "short line", None], "boilerplate_rule": ["lexicon", "model", None],
    })
    articles = pd.DataFrame({"source_id": ["a"], "title": ["May 2, 2013, 1:12 PM"]})
    kept = keep_headlines(blocks, articles)
    assert kept["is_boilerplate"].tolist() == [True, False, False]
    assert kept["boilerplate_kind"].iloc[0] == "byline"


def _page_inputs(rows):
    """``page_inputs`` of one page from (n_words, page_main, page_section, link_share)."""
    return pd.DataFrame({
        "source_id": "p", "block_no": range(1, len(rows) + 1),
        "n_words": [r[0] for r in rows], "boilerplate_score": 0.0, "boilerplate_rule": None,
        "page_main": pd.array([r[1] for r in rows], dtype="boolean"),
        "page_section": [r[2] for r in rows], "link_share": [r[3] for r in rows],
    })


def test_main_text_prose_guard_sits_on_its_edges():
    from analysis.boilerplate.features import PROSE_MIN_WORDS
    from analysis.boilerplate.page import MAIN_TEXT_PROSE_MAX_LINK_SHARE, main_text_prose

    sentence = " ".join(["word"] * (PROSE_MIN_WORDS - 1)) + " end."
    short = " ".join(["word"] * (PROSE_MIN_WORDS - 2)) + " end."
    rows = [(PROSE_MIN_WORDS, True, None, 0.0), (PROSE_MIN_WORDS - 1, True, None, 0.0),
            (PROSE_MIN_WORDS, False, None, 0.0), (PROSE_MIN_WORDS, True, "promo", 0.0),
            (PROSE_MIN_WORDS, True, None, MAIN_TEXT_PROSE_MAX_LINK_SHARE),
            (PROSE_MIN_WORDS, True, None, 0.0)]
    texts = pd.Series([sentence, short, sentence, sentence, sentence, sentence[:-1]])
    assert main_text_prose(_page_inputs(rows), texts).tolist() == [
        True, False, False, False, False, False]


def test_a_hole_in_the_main_text_is_one_between_kept_main_text_blocks():
    from analysis.boilerplate.page import main_text_holes

    rows = [(5, True, None, 0.0), (1, True, None, 1.0), (5, False, None, 0.0),
            (5, True, None, 0.0), (1, True, "teaser", 1.0), (5, True, None, 0.0),
            (1, True, None, 1.0)]
    flagged = np.array([False, True, False, False, True, False, True])
    # the bare link between two kept paragraphs is a hole (a block outside the main text
    # between does not count); one in a named section is not; the last one has no next
    assert main_text_holes(_page_inputs(rows), flagged).tolist() == [
        False, True, False, False, False, False, False]
    flagged[3] = True  # a flagged neighbour: no hole
    assert not main_text_holes(_page_inputs(rows), flagged)[1]


def test_the_page_model_does_not_flag_what_the_main_text_guards_hold():
    from analysis.boilerplate.page import PAGE_CONTENT_MIN_DEFAULT, revise_with_pages

    class AllBoilerplate:  # a page model that calls every block boilerplate
        def predict_proba(self, inputs):
            return np.column_stack([np.ones(len(inputs)), np.zeros(len(inputs))])

    texts = [PROSE[0], "http://example.org/item", PROSE[1], "Most read", PROSE[2]]
    blocks = pd.DataFrame({
        "source_id": "p", "block_no": range(1, 6), "text": texts,
        "page_main": pd.array([True, True, True, False, True], dtype="boolean"),
        "page_section": [None, None, None, "teaser", "promo"],
        "link_share": [0.0, 1.0, 0.0, 1.0, 0.0],
        "is_boilerplate": False, "boilerplate_score": 0.0, "boilerplate_kind": None,
        "boilerplate_reason": None, "boilerplate_rule": None,
    })
    revised = revise_with_pages(blocks, model=AllBoilerplate())
    # prose of the main text and the link between two kept paragraphs stay; the teaser and
    # the paragraph in a promo section (no guard holds it) are the page model's
    assert revised["is_boilerplate"].tolist() == [False, False, False, True, True]
    assert revised["boilerplate_rule"].tolist() == [None, None, None, "page", "page"]
    assert revised["boilerplate_score"].iloc[:3].tolist() == [1 - PAGE_CONTENT_MIN_DEFAULT] * 3


def test_a_document_of_empty_lines_is_judged_not_an_error():
    from analysis.boilerplate import predict, score_document

    assert len(predict([""])) == 1 and len(predict(["", ""])) == 2
    assert len(score_document(["", "   "])) == 2


def _dev_pages():
    """The dev pages' lines as vendored with the package (the line model's training data)."""
    from analysis.boilerplate.model import TRAINING_DATA, load_labelled_lines

    lines = load_labelled_lines(TRAINING_DATA)
    return [page["text"].tolist() for _, page in lines.groupby("document", sort=False)]


def test_many_documents_in_one_pass_equal_one_at_a_time():
    from analysis.boilerplate.document import documents_scores, line_scores, predict_many, score_many
    from analysis.boilerplate.features import Documents

    pages = _dev_pages()[:12]
    documents = [pages[0], ["Share on Facebook"], [""], [], pages[1][:3], *pages[2:], PAGE, [""], ["x"]]
    lines = [line for document in documents for line in document]
    parts = Documents.of([len(d) for d in documents])
    features, rules, scores = documents_scores(lines, parts)
    for document, f, s, start in zip(documents, parts.split(features), parts.split(scores), parts.starts):
        one_f, one_rules, one_s = line_scores(document)
        np.testing.assert_array_equal(f, one_f)
        np.testing.assert_array_equal(s, one_s)
        stop = start + len(document)
        assert rules.rule[start:stop] == one_rules.rule and rules.evidence[start:stop] == one_rules.evidence
        assert rules.kind[start:stop] == one_rules.kind
    for flags, document in zip(predict_many(documents), documents):
        np.testing.assert_array_equal(flags, predict(document))
    pd.testing.assert_frame_equal(
        score_many(documents), pd.concat([score_document(d) for d in documents], ignore_index=True),
        check_exact=True)


def test_window_means_without_exact_sums_are_taken_document_by_document():
    from analysis.boilerplate.features import CONTEXT_WINDOWS, Documents, _exact_sums, _window_means

    values = np.array([[1e-30], [3.0], [1e6], [0.1], [7.0]], dtype=np.float32)
    assert not _exact_sums(values) and _exact_sums(values[1:2])
    parts = Documents.of([2, 0, 3])
    together = _window_means(values, CONTEXT_WINDOWS, parts)
    alone = np.concatenate([_window_means(p, CONTEXT_WINDOWS, Documents.of([len(p)]))
                            for p in parts.split(values) if len(p)])
    np.testing.assert_array_equal(together, alone)
