"""Typed values of claims at their edges: words and digits alike, bounds kept, dates resolved."""

from datetime import date

import pandas as pd
import pytest

from analysis.claims import extract_claims, extract_values

REFERENCE = date(2024, 6, 6)


def values(sentence, reference=REFERENCE):
    return [(v.kind, v.value, v.bound) for v in extract_values(sentence, reference)]


def test_eleven_and_11_normalise_alike():
    assert values("They filed complaints in eleven countries.") == [("count", "11 countries", "exact")]
    assert values("They filed complaints in 11 countries.") == [("count", "11 countries", "exact")]


@pytest.mark.parametrize("sentence,expected", [
    ("more than 400 million users", [("count", "400000000 users", "min")]),
    ("400 million users", [("count", "400000000 users", "exact")]),
    ("four hundred million users", [("count", "400000000 users", "exact")]),
    ("around 4 billion people", [("count", "4000000000 people", "approx")]),
    ("fines of up to 4% of turnover", [("percent", "4", "max")]),
    ("a payout of €500 each", [("money", "500 EUR", "exact")]),
    ("a fine of 1,2 billion euros", [("money", "1200000000 EUR", "exact")]),
    ("1,200 new street lights", [("count", "1200 new street lights", "exact")]),
    ("one of the best and millions of users", []),
    ("11 data protection authorities", [("count", "11 data protection authorities", "exact")]),
])
def test_numbers_money_percent_and_counts(sentence, expected):
    assert values(sentence) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("Meta has until June 19, 2024, to respond.", "2024-06-19"),
    ("The rules take effect on June 26.", "2024-06-26"),  # the year nearest the article
    ("In a blog post from December 28, it said", "2023-12-28"),
    ("The court ruled on this in 2021.", "2021"),
    ("The company said last month that", "2024-05"),
    ("issued a statement on Thursday", "2024-06-06"),
    ("Back in April, Meta claimed", "2024-04"),
])
def test_dates_at_the_precision_given(sentence, expected):
    dated = [v for v in extract_values(sentence, REFERENCE) if v.kind == "date"]
    assert [v.value for v in dated] == [expected]


def test_last_month_in_january_is_december_of_the_year_before():
    dated = [v for v in extract_values("The company said last month that", date(2024, 1, 10)) if v.kind == "date"]
    assert [v.value for v in dated] == ["2023-12"]


def test_without_a_reference_date_no_year_is_invented_and_relative_dates_are_skipped():
    assert values("The rules take effect on June 26.", None) == [("date", "--06-26", "exact")]
    assert values("The company said last month that", None) == []


def test_may_the_verb_is_not_a_month():
    assert values("Meta may still use some information.") == []


def test_claims_come_from_article_text_only():
    texts = ["The group filed 11 complaints on June 26.",
             "Read 5 comments, said Jo Hart, a site editor: \"this quote is in boilerplate\"."]
    blocks = pd.DataFrame({
        "block_id": ["a:1", "a:2"], "source_id": ["a", "a"], "line_no": [1, 3],
        "is_boilerplate": [False, True], "text": texts,
    })
    sentences = pd.DataFrame({
        "sentence_id": ["a:1:1", "a:2:1"], "source_id": ["a", "a"], "block_id": ["a:1", "a:2"],
        "line_no": [1, 3], "text": texts,
    })
    articles = pd.DataFrame({"source_id": ["a"], "published": ["2024-06-06"]})
    claims = extract_claims(sentences, blocks, articles)
    assert claims[["claim_id", "kind", "value"]].fillna("").values.tolist() == [
        ["a:1:1:s", "statement", ""],   # a statement has no value: the sentence is its text
        ["a:1:1:1", "count", "11 complaints"], ["a:1:1:2", "date", "2024-06-26"],
    ]
