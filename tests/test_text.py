from analysis.text import (
    detect_language,
    is_hard_wrapped,
    split_lines,
    split_sentences,
    text_to_blocks,
)


def test_lines_split_on_every_newline_convention():
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]


def test_blocks_keep_the_line_number_of_the_raw_file():
    blocks = text_to_blocks("\nFirst line\n\n\nSecond   line\twith  space\r\nThird\n")
    assert [(b.line_no, b.text) for b in blocks] == [
        (2, "First line"),
        (5, "Second line with space"),
        (6, "Third"),
    ]


def test_duplicated_adjacent_lines_stay_two_blocks():
    blocks = text_to_blocks("A caption repeated.\nA caption repeated.\n")
    assert [b.line_no for b in blocks] == [1, 2]


WRAPPED = (
    "The harbour authority confirmed on Monday that the dredging contract had been\n"
    "awarded without a public tender, a decision that opposition councillors called\n"
    "unlawful and that the regional auditor has now been asked to examine in full.\n"
    "\n"
    "A spokesman for the company said it had complied with every rule that applied\n"
    "to the procurement and would publish the documents once the review is over.\n"
)


def test_hard_wrapped_paragraphs_become_one_block_at_their_first_line():
    blocks = text_to_blocks(WRAPPED)
    assert [(b.line_no, b.n_lines) for b in blocks] == [(1, 3), (5, 2)]
    assert blocks[0].text.startswith("The harbour authority")
    assert "had been awarded" in blocks[0].text


def test_scraped_short_lines_are_not_taken_for_wrapped_text():
    lines = ["Home", "News", "Share this post", "A very long paragraph " * 6, "Comments"]
    assert not is_hard_wrapped(lines)
    assert len(text_to_blocks("\n".join(lines))) == 5


def test_wrapping_needs_lines_wider_than_the_limit_to_be_ruled_out():
    wide = ["x" * 101, "y" * 101, "z" * 101, "w" * 101]
    assert not is_hard_wrapped(wide)
    assert is_hard_wrapped([line[:100] for line in wide])


def test_mojibake_is_repaired_and_the_original_kept():
    (block,) = text_to_blocks("The group said â€œno consentâ€\x9d was asked.")
    assert block.text == "The group said “no consent” was asked."
    assert block.text_before_repair is not None and "â€œ" in block.text_before_repair


def test_foreign_quotes_and_non_breaking_spaces_are_not_touched():
    line = "Er sagte „Nein“ zu 1\u00a0000 Euro und « non » aussi."
    (block,) = text_to_blocks(line)
    assert block.text == line
    assert block.text_before_repair is None


def test_sentences_respect_abbreviations_and_quotes():
    text = (
        'Meta Platforms Ireland Ltd. was named. "We disagree," said Dr. Jane Roe of the U.S. '
        "office. It costs 4.5 million euros."
    )
    sentences = [s for _, _, s in split_sentences(text)]
    assert sentences == [
        "Meta Platforms Ireland Ltd. was named.",
        '"We disagree," said Dr. Jane Roe of the U.S. office.',
        "It costs 4.5 million euros.",
    ]


def test_sentence_offsets_point_into_the_block():
    text = "First sentence here. Second one follows!  Third?"
    for start, end, sentence in split_sentences(text):
        assert text[start:end] == sentence


def test_language_of_english_and_german_text():
    assert detect_language("The council said on Tuesday that it would cooperate with the inquiry.")[0] == "en"
    assert detect_language("Die Verbraucherzentrale hat Meta abgemahnt und fordert eine Unterlassung.")[0] == "de"


def test_language_of_too_short_text_is_unknown():
    assert detect_language("Share this") == (None, 0.0)
