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


# What a value measures and for what scope (sentences from real wire copy, reworded)
from analysis.claims.measures import measure_of, scope_of  # noqa: E402
from analysis.claims.values import is_dateline  # noqa: E402


def _measured(sentence):
    return [(v.value, measure_of(sentence, v.start, v.end), scope_of(sentence, v.start, v.end))
            for v in extract_values(sentence)]


def test_each_value_takes_the_measure_of_its_own_clause():
    assert _measured("Five people died and seven were injured in the quake.") == [
        ("5 people", "died", ""), ("7", "injured", "")]
    assert _measured("The quake flattened buildings, killing at least five people and injuring dozens.") == [
        ("5 people", "died", "")]
    assert [m for _, m, _ in _measured("A magnitude-6.1 earthquake struck at a depth of 10 kilometers.")] == [
        "magnitude", "depth"]


def test_scope_keeps_places_years_and_spans_apart():
    province = _measured("In 2004 a tsunami killed 170,000 people in the province.")
    ocean = _measured("The 2004 tsunami killed about 230,000 people around the Indian Ocean.")
    assert province[-1][2] == "2004 | in the province" and ocean[-1][2] == "2004 | indian ocean"
    assert _measured("He had been arrested three times since October.")[0][2] == "since october"


def test_lengths_are_kilometres_and_a_bracketed_conversion_is_one_value():
    values = extract_values("The quake struck at a depth of 10 kilometres (6.2 miles), 34 miles west of Bireun.")
    assert [(v.value, v.bound) for v in values] == [("10 km", "exact"), ("54.718 km", "approx")]
    money = extract_values("The club was fined $US1 million ($1.52 million) on Monday.")
    assert [(v.kind, v.value) for v in money] == [("money", "1000000 USD")]


def test_clocks_model_numbers_ordinals_and_scores_are_no_quantities():
    assert [v.value for v in extract_values("Police seized six AK-47 rifles at 07:37 a.m.")] == ["6 ak-47 rifles"]
    assert extract_values("He got his 11th point for the 76ers.") == []
    assert [(v.value, v.bound) for v in extract_values("The Colts beat the Jaguars, 31-24.")] == [
        ("31", "exact"), ("24", "exact")]
    assert [v.bound for v in extract_values("between 10 and 20 users")] == ["min", "max"]


def test_datelines_and_bylines_are_no_claims():
    assert is_dateline("Monday, Sep 10, 2012 | Updated 9:01 AM EDT")
    assert is_dateline("26 September 2013, 10:00 (GMT+05:00)")
    assert is_dateline("Friday, Sep 10, 2010 | By John Smith")
    assert not is_dateline("The court ruled on June 26.")
    assert not is_dateline("Deaths rose on June 3")


def test_plain_statements_are_claims_and_questions_and_fragments_are_not():
    texts = ["Meta relies on legitimate interest to process the data.", "Is that legal?", "Read more here"]
    blocks = pd.DataFrame({"block_id": ["a:1", "a:2", "a:3"], "source_id": ["a"] * 3, "line_no": [1, 2, 3],
                           "is_boilerplate": [False] * 3, "text": texts})
    sentences = pd.DataFrame({"sentence_id": ["a:1:1", "a:2:1", "a:3:1"], "source_id": ["a"] * 3,
                              "block_id": ["a:1", "a:2", "a:3"], "line_no": [1, 2, 3], "text": texts})
    claims = extract_claims(sentences, blocks, pd.DataFrame({"source_id": ["a"], "published": [None]}))
    assert claims[["claim_id", "kind"]].values.tolist() == [["a:1:1:s", "statement"]]
