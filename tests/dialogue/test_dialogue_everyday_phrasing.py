"""Everyday ways of answering that were read as something else (both sides of each rule).

A preference after "allebei", an exception before a "niets", a correction announced as
"mijn vorige antwoord verbeteren", a school left in one's own words, and a wish that is
no fact about where someone comes from.
"""

from __future__ import annotations

import pytest

from bot.dialogue import phrasing, reading
from bot.dialogue.extraction import Extraction, extract
from bot.dialogue.turn import UserTurn
from bot.dialogue.values import prefill_values

DECAAN = {
    "herkomst": "vmbo",
    "leeftijd": 18,
    "jonger_dan_16": "nee",
    "startkwalificatie": "nee",
    "wensen": "kinderopvang",
    "leerstijl": "school",
}


def turn(text: str, intent: str = "informeren", **entities: object) -> UserTurn:
    found = []
    for name, value in entities.items():
        values = value if isinstance(value, list) else [value]
        found += [{"entity": name, "value": v, "text": v} for v in values]
    return UserTurn(intent=intent, text=text, entities=tuple(found))


def read_at(
    text: str, requested: str, answered: dict[str, object] | None = None, **entities: object
) -> Extraction:
    return extract(turn(text, **entities), requested, [requested], answered or {})


# --- a preference among the options ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Allebei, maar liefst in de praktijk.", "doen"),
        ("op school gaat wel, maar het liefst leert hij door te doen", "doen"),
        ("in de praktijk lukt het, maar vooral op school", "school"),
    ],
)
def test_the_preferred_option_answers_a_choice(text: str, expected: str) -> None:
    assert read_at(text, "leerstijl").values == {"leerstijl": expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("allebei", "beide"), ("in de praktijk", "doen"), ("uit boeken, in de klas", "school")],
)
def test_an_answer_without_a_preference_is_read_as_before(text: str, expected: str) -> None:
    assert read_at(text, "leerstijl").values == {"leerstijl": expected}


def test_two_options_without_a_preference_stay_unclear() -> None:
    result = read_at("in de praktijk, op school", "leerstijl")
    assert result.values == {} and result.error


def test_what_counts_as_a_preference() -> None:
    assert phrasing.prefers("maar liefst in de praktijk")
    assert phrasing.prefers("ze leert het best door te doen")
    assert not phrasing.prefers("liefst niet op school")
    assert not phrasing.prefers("op school gaat het redelijk")


# --- an exception before a negation ------------------------------------------------------


def test_an_exception_is_said_and_the_rest_denied() -> None:
    assert reading.clauses("behalve de dyslexie niets bijzonders") == [
        ("de dyslexie", False),
        ("niets bijzonders", True),
    ]
    result = read_at("behalve de dyslexie niets bijzonders", "signalen")
    assert result.values == {"signalen": ["handicap_ziekte"]}
    result = read_at("niets behalve de dyslexie", "signalen")
    assert result.values == {"signalen": ["handicap_ziekte"]}


@pytest.mark.parametrize("text", ["niets bijzonders", "geen dyslexie, verder niets"])
def test_without_an_exception_nothing_plays(text: str) -> None:
    assert read_at(text, "signalen").values == {"signalen": ["geen"]}


# --- a correction announced in words -------------------------------------------------------


CORRECTION = (
    "Ik moet mijn vorige antwoord verbeteren: eigenlijk leert ze het best door te doen, "
    "in de praktijk. Op school lukt het haar minder."
)


def test_a_correction_of_the_previous_answer_changes_it() -> None:
    assert reading.read(CORRECTION).act == reading.CORRECTION
    result = read_at(CORRECTION, "ondersteuningsbehoefte", answered=DECAAN)
    assert result.values == {"leerstijl": "doen"} and result.corrected == "leerstijl"
    assert "ondersteuningsbehoefte" not in result.values  # the open question comes again


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("wat was mijn vorige antwoord?", reading.QUESTION_BACK),
        ("hij wil zijn Nederlands verbeteren", reading.ANSWER),
        ("het antwoord weet ik niet", reading.DOUBT),
    ],
)
def test_other_words_about_answers_are_no_correction(text: str, act: str) -> None:
    assert reading.read(text).act == act


# --- no school now, in one's own words -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["ik zit nergens meer op, ik ben vorig jaar gestopt", "zit nergens", "nergens op school"],
)
def test_being_nowhere_is_no_school(text: str) -> None:
    assert read_at(text, "herkomst").values == {"herkomst": "geen_school"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ze zat op het roc maar is gestopt en wil iets anders", "mbo"),
        ("hij zit op het vmbo", "vmbo"),
        ("op het vmbo, maar hij wil nergens anders heen", "vmbo"),
    ],
)
def test_a_school_that_is_named_still_counts(text: str, expected: str) -> None:
    assert read_at(text, "herkomst").values == {"herkomst": expected}


# --- a wish is no fact about the school -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("hallo ik wil mbo school. gemeente heeft gezegd ik moet aanmelden", "mbo school"),
        ("ze wil later graag terug naar de havo", "havo"),
    ],
)
def test_a_wish_for_a_school_is_not_where_someone_comes_from(text: str, entity: str) -> None:
    assert "herkomst" not in prefill_values(turn(text, herkomst=entity), ["herkomst"])
    assert phrasing.wanted_next("hallo ik wil ")
    assert not phrasing.wanted_next("ik wil advies over een leerling van het ")


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        (
            "Goedemorgen, ik ben decaan op een vmbo-school. Ik wil kijken welke leerroute past.",
            ["vmbo-school"],
            "vmbo",
        ),
        ("hij zit op het vmbo en wil naar het mbo", ["vmbo", "mbo"], "vmbo"),
        ("ze komt van de isk en wil naar de isk van het mbo", ["isk", "isk"], "isk"),
        ("Ik wil advies over een leerling van 16 jaar van het pro", ["pro"], "pro"),
    ],
)
def test_a_school_said_as_a_fact_is_still_read_in_passing(
    text: str, entities: list[str], expected: str
) -> None:
    found = prefill_values(turn(text, herkomst=entities), ["herkomst"])
    assert found == {"herkomst": expected}
