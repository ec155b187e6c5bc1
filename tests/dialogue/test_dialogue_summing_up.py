"""Long messages that sum up their own answer, and doubt in words the classifier may miss
(both sides of each case)."""

from __future__ import annotations

import pytest

from bot.dialogue import reading
from bot.dialogue.values import value_in_clauses
from tests.dialogue.helpers import at

ASKED = {"rol": "ouder"}


@pytest.mark.parametrize(
    ("text", "question", "value"),
    [
        (
            "Ze heeft vorig jaar veel gemist door ziekte en haakt snel af in grote groepen, "
            "dus ja, begeleiding is echt nodig.",
            "begeleiding_nodig",
            "ja",
        ),
        (
            "Hij heeft geen bijbaan en ook geen uitkering, maar zijn oma helpt soms. "
            "Inkomen is dus niet geregeld.",
            "inkomen_geregeld",
            "nee",
        ),
    ],
)
def test_a_long_message_that_sums_up_records_its_sum(text: str, question: str, value: str) -> None:
    result = at(text, question, answered=ASKED)
    assert result.values.get(question) == value and result.confirm is None


def test_without_a_sum_a_long_mixed_message_is_not_recorded() -> None:
    text = (
        "Ze heeft vorig jaar veel gemist door ziekte en haakt snel af in grote groepen, "
        "maar op school gaat het nu goed en begeleiding is er al."
    )
    result = at(text, "begeleiding_nodig", answered=ASKED)
    assert "begeleiding_nodig" not in result.values


@pytest.mark.parametrize(
    ("clause", "sums"),
    [("dus ja", True), ("dat is dus niet geregeld", True), ("kortom: nee", True)],
)
def test_what_sums_up(clause: str, sums: bool) -> None:
    assert reading.concludes(clause) is sums
    assert not reading.concludes("hij gaat met de bus")


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("dat zou ik echt moeten navragen bij de school", "startkwalificatie"),
        ("dat durf ik nu nog niet te zeggen", "nazorg_nodig"),
        ("dat kan ik niet goed beoordelen", "arbeidsvermogen"),
        ("dat is echt lastig in te schatten", "arbeidsvermogen"),
        ("mogelijk, dat wordt nog onderzocht", "ondersteuningsbehoefte"),
    ],
)
def test_doubt_in_words_is_not_known(text: str, question: str) -> None:
    assert reading.read(text, question).act == reading.DOUBT
    assert at(text, question, "nlu_fallback", ASKED).values.get(question) == "weet_niet"


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("dat zeg ik je nu: hij heeft een diploma", "startkwalificatie"),
        ("ze kan goed werken, dat heb ik gezien", "arbeidsvermogen"),
        ("het is onderzocht: ze heeft extra hulp nodig", "ondersteuningsbehoefte"),
    ],
)
def test_plain_answers_near_those_words_are_no_doubt(text: str, question: str) -> None:
    assert reading.read(text, question).act != reading.DOUBT


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("moeder doet mee, vader niet", "ja"),
        ("Ik ben zijn vader en ik wil er graag bij zijn. Zijn moeder doet niet mee.", "ja"),
        ("vader en moeder doen allebei niet mee", "nee"),
        ("ouders doen niet mee", "nee"),
    ],
)
def test_one_parent_taking_part_is_a_yes(text: str, value: str) -> None:
    assert value_in_clauses("ouders_betrokken", text) == value


def test_yes_and_no_for_one_thing_stays_unclear() -> None:
    with pytest.raises(ValueError):
        value_in_clauses("vervoer_geregeld", "de heenreis is geregeld, de terugreis niet")


def test_what_works_better_is_the_way_a_young_person_learns() -> None:
    text = (
        "Met theorie uit een boek heeft ze het moeilijk, ze onthoudt het niet. "
        "Als ze het voorgedaan krijgt en zelf mag proberen gaat het veel beter."
    )
    assert value_in_clauses("leerstijl", text) == "doen"
    with pytest.raises(ValueError):  # both named, none better: asked, never guessed
        value_in_clauses("leerstijl", "soms uit boeken, soms in de praktijk, weet niet")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ze heeft geen begeleiding nodig, ze redt zich prima", "nee"),
        ("ze redt zich niet, dus ja begeleiding is nodig", "ja"),
        ("ja, ze redt zich nog niet zelf", "ja"),
    ],
)
def test_managing_alone_is_no_need_for_guidance(text: str, value: str) -> None:
    assert at(text, "begeleiding_nodig", answered=ASKED).values.get("begeleiding_nodig") == value
