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


# Values as written (issue 27): sentences from the ECB+ held-out coverage, and French and
# German wire copy (reworded)
def _typed(sentence, language=None):
    return [(v.kind, v.value, v.bound, v.text) for v in extract_values(sentence, REFERENCE, language)]


def test_a_headline_numeral_before_a_quake_noun_is_a_magnitude():
    (quake,) = extract_values("4.6 quake rattles Sonoma County")
    assert (quake.kind, quake.value, quake.unit, quake.measure) == ("number", "4.6", None, "magnitude")
    (quake,) = extract_values("7.3 earthquake jolts southern Iran")
    assert quake.measure == "magnitude"
    assert [v.measure for v in extract_values("A strong 6.1-magnitude earthquake struck Aceh")] == ["magnitude"]
    # in the plural it counts quakes; the measure is then read off the sentence
    assert _typed("3 earthquakes hit the island") == [("count", "3 earthquakes", "exact", "3 earthquakes")]


def test_the_claims_table_takes_the_measure_a_value_gives():
    texts = ["4.6 quake rattles Sonoma County"]
    frame = dict(source_id=["a"], block_id=["a:1"], line_no=[1], text=texts)
    claims = extract_claims(pd.DataFrame({**frame, "sentence_id": ["a:1:1"]}),
                            pd.DataFrame({**frame, "is_boilerplate": [False]}),
                            pd.DataFrame({"source_id": ["a"], "published": [None]}))
    values = claims[claims["kind"] != "statement"]
    assert values[["value", "value_text", "measure"]].values.tolist() == [["4.6", "4.6", "magnitude"]]


@pytest.mark.parametrize("sentence", [
    "The quake struck around 7 a.m. on Sunday", "He was home at 7pm", "by 7 o'clock",
    "at 7:21 AM", "at 4:00am", "Monday 5 August 2013 08.33 BST",
])
def test_clock_times_are_no_quantities(sentence):
    assert [v for v in extract_values(sentence, REFERENCE) if v.kind != "date"] == []


def test_a_decimal_with_two_places_is_no_clock():
    assert _typed("3.45 million users") == [("count", "3450000 users", "exact", "3.45 million users")]


@pytest.mark.parametrize("sentence,text,bound", [
    ("He served 4½ months in jail.", "4½ months", "exact"),
    ("He served 4 1/2 months in jail.", "4 1/2 months", "exact"),
    ("He served 41/2 months in jail.", "41/2 months", "exact"),       # "½" copied as "1/2"
    ("He served 4\ufffd months in jail.", "4\ufffd months", "approx"),  # a fraction lost in decoding
])
def test_fractions_and_their_garbled_forms_are_four_and_a_half(sentence, text, bound):
    assert _typed(sentence) == [("count", "4.5 months", bound, text)]


def test_a_glued_one_half_is_a_fraction_only_before_a_unit():
    assert [v.value for v in extract_values("on 11/2 he said", None)] == ["11", "2"]
    assert [v.value for v in extract_values("a ratio of 41/2", None)] == ["41", "2"]
    assert [v.value for v in extract_values("a 121/2-year-old boy", None)] == ["12.5"]


def test_a_lost_fraction_agrees_with_a_quarter_to_three_quarters_but_not_with_six():
    from analysis.agreement.compare import values_agree
    lost = ("count", "4.5 months", "approx")
    assert values_agree(*lost, "count", "4.5 months", "exact")
    assert values_agree(*lost, "count", "4.25 months", "exact")
    assert not values_agree(*lost, "count", "6 months", "exact")


@pytest.mark.parametrize("sentence,language,expected", [
    ("Le prix est de 1.500 €.", "fr", [("money", "1500 EUR", "exact", "1.500 €")]),
    ("Le bilan est de 1 500 morts.", "fr", [("count", "1500 morts", "exact", "1 500 morts")]),
    ("une hausse de 1,5 % en un an", "fr", [("percent", "1.5", "exact", "1,5 %")]),
    ("Die Strafe beträgt 1,2 Milliarden Euro.", "de", [("money", "1200000000 EUR", "exact", "1,2 Milliarden Euro")]),
    ("Es kostet 3 Mio. Euro.", "de", [("money", "3000000 EUR", "exact", "3 Mio. Euro")]),
    ("Der Preis liegt bei 1.500,50 Euro.", "de", [("money", "1500.5 EUR", "exact", "1.500,50 Euro")]),
    # English stays as it was: "1,500" is 1500, and "1.500" one and a half
    ("The price is 1,500 euros.", None, [("money", "1500 EUR", "exact", "1,500 euros")]),
    ("The price is 1.500 €.", "en", [("money", "1.5 EUR", "exact", "1.500 €")]),
])
def test_numbers_are_read_in_the_articles_language(sentence, language, expected):
    assert _typed(sentence, language) == expected


@pytest.mark.parametrize("sentence,language,expected", [
    ("ab dem 3. März 2024 gilt die Regel", "de", [("date", "2024-03-03", "exact", "3. März 2024")]),
    ("am 3. März starben zwölf Menschen", "de", [("date", "2024-03-03", "exact", "3. März")]),
    ("le 3 mars 2024, le séisme", "fr", [("date", "2024-03-03", "exact", "3 mars 2024")]),
    ("depuis le 1er mars", "fr", [("date", "2024-03-01", "exact", "1er mars")]),
    ("el 3 de marzo de 2024", "es", [("date", "2024-03-03", "exact", "3 de marzo de 2024")]),
    ("il 3 marzo 2024", "it", [("date", "2024-03-03", "exact", "3 marzo 2024")]),
    ("le 14/03/2013 à Paris", "fr", [("date", "2013-03-14", "exact", "14/03/2013")]),
    ("am 14.3.2013 in Berlin", "de", [("date", "2013-03-14", "exact", "14.3.2013")]),
])
def test_dates_are_read_in_the_articles_language(sentence, language, expected):
    assert _typed(sentence, language) == expected


def test_foreign_month_names_are_read_only_in_their_language():
    # "3 mars" in English is a count of planets, as before
    assert _typed("3 mars", None) == [("count", "3 mars", "exact", "3 mars")]


@pytest.mark.parametrize("sentence,expected", [
    ("Posted: 03/14/2013 06:37:46 AM PDT", "2013-03-14"),
    ("Posted 11/27/2005 7:21 AM", "2005-11-27"),
    ("Updated 27/11/2005", "2005-11-27"),   # the day first where the first is no month
    ("Released 2013-09-28 05:08:35 GMT", "2013-09-28"),
])
def test_numeric_dates_are_month_first_in_english(sentence, expected):
    assert [v.value for v in extract_values(sentence) if v.kind == "date"] == [expected]


@pytest.mark.parametrize("line", [
    "Posted: 03/14/2013 06:37:46 AM PDT", "December 15, 2008 at 1:00pm CST", "Posted 11/27/2005 7:21 AM",
    "April 12, 2013 | 4:00am", "Published time: March 12, 2013 02:03",
    "Posted September 26, 2013-3:47pm Updated September 27, 2013-6:56am",
])
def test_datelines_in_every_common_format(line):
    assert is_dateline(line)


def test_approximate_values_keep_their_own_value():
    from analysis.agreement.compare import values_agree
    (twenty,) = extract_values("about 20 miles north of Santa Rosa")
    (twenty_six,) = extract_values("about 26 miles north of Santa Rosa")
    assert twenty.bound == twenty_six.bound == "approx"
    assert twenty.text == "20 miles"
    assert not values_agree(twenty.kind, twenty.value, twenty.bound,
                            twenty_six.kind, twenty_six.value, twenty_six.bound)
