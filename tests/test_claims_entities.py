"""Roles and quotes: extraction at the edges of each pattern, and contradictions in a story."""

from __future__ import annotations

import pytest

from analysis.claims import extract_quotes, extract_roles
from analysis.claims.roles import sector
from analysis.study import run_study


def roles(sentence: str) -> list[tuple[str, str, str, bool]]:
    return [(r.entity, r.role, r.category, r.explicit) for r in extract_roles(sentence)]


def test_apposition_gives_a_role_and_its_category():
    # categories are those data supports (issue #31: role_categories.txt)
    found = roles("The Oberfranken Watch, a regional advocacy group in Bavaria, "
                  "opened an inquiry.")
    assert found == [("Oberfranken Watch", "regional advocacy group",
                      "advocacy group", True)]


def test_role_before_a_name_and_kind_inside_a_name():
    assert roles("The claim was rejected by campaign director Jane Hollis.") == [
        ("Jane Hollis", "campaign director", "campaign director", True)]
    assert roles("The Lower Saxony Rights Group filed a complaint.") == [
        ("Lower Saxony Rights Group", "Lower Saxony Rights Group", "advocacy group", False)]


@pytest.mark.parametrize("sentence", [
    "Nevertheless, a notice sent to users said more.",               # sentence adverb
    "According to Tallis, the company took a closer look at the logs.",  # open clause, no role
    "Offices in Austria, Belgium, France, the Netherlands, Norway and Spain were told.",  # a list
    "According to Noyb, the company took a closer look at the email.",  # a clause to the end
    "In Brussels, the consumer group filed a new lawsuit on Monday, its lawyers said.",  # a place
    "Complaints went to Meta, the Irish Data Protection Commission, and Noyb.",  # a list of names
    "Yesterday, the company, a subsidiary, said nothing.",                  # a time, not a name
])
def test_clauses_and_lists_are_not_appositions(sentence):
    assert [r for r in extract_roles(sentence) if r.explicit] == []


def test_a_persons_role_is_not_an_organisation_kind():
    (role,) = extract_roles("Asked on Friday, Erik Sand, the director of the consumer centre, declined.")
    assert role.entity == "Erik Sand" and role.category == "director"
    assert sector(role.category) is None


def test_a_quote_ending_its_sentence_does_not_take_the_next_subject_as_speaker():
    (quote,) = extract_quotes('Meta said: "We are fully compliant with all European data rules." '
                              'Schrems said that was absurd.')
    assert quote.speaker == "Meta"
    (quote,) = extract_quotes('He said: "We will appeal this decision in every court available."')
    assert quote.speaker is None   # a pronoun names nobody another source could match


def test_names_of_two_kinds_are_two_entities():
    (group,) = extract_roles("The Hamburg Rights Group, an advocacy group, wrote to Meta.")
    (court,) = extract_roles("The Hamburg Court said it would look at the case.")
    assert group.name_category == "advocacy group"
    assert court.name_category == "court"
    assert group.key != court.key and set(group.key.split()) & set(court.key.split()) == {"hamburg"}


def test_quotes_with_speakers_in_either_order():
    block = ("“We will appeal this decision in every court available to us,” said Mara Quist. "
             "Quist later told reporters: “Nothing has changed for our customers this year.”")
    quotes = extract_quotes(block)
    assert [(q.speaker, q.speaker_key) for q in quotes] == [("Mara Quist", "mara quist"), ("Quist", "quist")]
    assert quotes[0].normalised == "we will appeal this decision in every court available to us"
    assert extract_quotes("It called the plan “absurd” and “a farce”.") == []   # scare quotes


ROLE_STORY = {
    "one.txt": (
        "Regulators in the west of the country are looking at how the app handles location data.\n\n"
        "The Westland Hollow Rights Group, a regional technology firm, has written to the company.\n\n"
        "“We will not accept that users are tracked without asking them first,” said Petra Lund.\n"
    ),
    "two.txt": (
        "A consumer body has challenged the way the navigation app collects location data.\n\n"
        "The Westland Hollow Rights Group sent the company a formal warning on Tuesday.\n\n"
        "“We will accept that users are tracked without asking them first,” said Petra Lund.\n"
    ),
    "three.txt": (
        "The maker of the navigation app says it complies with the law on location data.\n\n"
        "Its lawyers said the Westland Hollow Rights Group had misread the settings page.\n"
    ),
}


@pytest.fixture(scope="module")
def role_story(tmp_path_factory):
    root = tmp_path_factory.mktemp("roles")
    for name, text in ROLE_STORY.items():
        (root / name).write_text(text, encoding="utf-8")
    return run_study(root, root.parent / "out")


def test_a_role_of_another_sector_contradicts_and_names_stay_apart(role_story):
    table = role_story["contradictions"]
    roles = table[table["reason"].str.startswith("one entity")]
    reasons = dict(zip(zip(roles["source_a"], roles["source_b"]), roles["reason"]))
    assert set(reasons) == {("one", "two"), ("one", "three")}   # two and three agree
    assert "(company)" in reasons[("one", "two")]
    assert "(advocacy group)" in reasons[("one", "two")]
    assert set(roles["line_a"]) == {3}


def test_an_altered_quote_is_a_contradiction(role_story):
    table = role_story["contradictions"]
    altered = table[table["reason"].str.startswith("altered quote (negation")]
    assert list(zip(altered["source_a"], altered["source_b"])) == [("one", "two")]
    claims = role_story["claims"]
    quotes = claims[claims["kind"] == "quote"]
    assert set(quotes["status"]) == {"disputed"}  # one source each side: the study cannot tell
