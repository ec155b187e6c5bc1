"""Role and age read from any message of the start block, both sides of each case."""

from __future__ import annotations

import pytest

from bot.dialogue.before_consent import age_said, age_values, read_start_turn
from bot.dialogue.turn import UserTurn

MOTHER = (
    "ik ben de moeder van Sanne, ze zit nu op het vso en ik wil graag weten wat ze na de "
    "zomer kan gaan doen"
)


def turn(text: str) -> UserTurn:
    return UserTurn(intent="informeren", text=text)


@pytest.mark.parametrize(
    ("text", "requested", "role"),
    [
        (MOTHER, "jonger_dan_16", "ouder"),
        ("ja hoor, ik ben zijn vader", "toestemming", "ouder"),
        ("Ik ben ouder of verzorger", "jonger_dan_16", "ouder"),
        ("nee hoor, ik ben ouder", "jonger_dan_16", None),  # older than 16, not a parent
        ("nee ik ben al ouder", "jonger_dan_16", None),
        ("nee, hij is 17, ik ben zijn mentor", "jonger_dan_16", "professional"),
        # an own age says the young person types, not whether alone: the role question asks
        ("ja ik ben 15", "jonger_dan_16", None),
        ("nee ik ben 17", "jonger_dan_16", None),
        ("nee ik ben 17 en zit hier zelf", "jonger_dan_16", "jongere"),
        ("neee ik ben 16, ik zit hier met mijn mentor", "jonger_dan_16", "samen"),
        # no role in the words
        ("ja, dat is goed", "toestemming", None),
        ("ja mijn moeder vindt het goed", "ouder_akkoord", None),
        ("ze is 15", "ouder_akkoord", None),
        # the role question itself reads its own answer
        ("ik ben haar moeder", "rol", None),
    ],
)
def test_the_role_is_read_before_consent(text: str, requested: str, role: str | None) -> None:
    assert read_start_turn(turn(text), requested, {}).role == role


def test_a_known_role_is_not_read_again() -> None:
    assert read_start_turn(turn(MOTHER), "jonger_dan_16", {"rol": "ouder"}).role is None


@pytest.mark.parametrize(
    ("text", "requested", "age", "under_16"),
    [
        ("ze is 15", "ouder_akkoord", 15, "ja"),
        ("nee wacht, ze is 16", "ouder_akkoord", 16, "nee"),
        ("hij is net 17 geworden", "toestemming", 17, "nee"),
        ("ik ben 15", "jonger_dan_16", 15, "ja"),
        ("15", "jonger_dan_16", 15, "ja"),
        ("ze wordt 16 in maart", "jonger_dan_16", None, "ja"),  # not 16 yet, no age to record
        # no age
        ("15", "toestemming", None, None),  # a lone number only where the age is asked
        ("ja", "ouder_akkoord", None, None),
        (MOTHER, "jonger_dan_16", None, None),
        ("nee", "ouder_akkoord", None, None),
        ("we beginnen om 16 uur", "toestemming", None, None),
    ],
)
def test_an_age_is_read_at_the_consent_questions(
    text: str, requested: str, age: int | None, under_16: str | None
) -> None:
    assert age_said(text, requested) == (age, under_16)


def test_an_age_sets_under_16_and_clears_the_consent_that_no_longer_fits() -> None:
    sixteen = read_start_turn(turn("nee wacht, ze is 16"), "ouder_akkoord", {})
    assert age_values(sixteen, {"jonger_dan_16": "ja", "ouder_akkoord": "nee"}) == {
        "leeftijd": 16,
        "jonger_dan_16": "nee",
        "ouder_akkoord": None,
    }
    fifteen = read_start_turn(turn("ze is 15"), "jongere_akkoord", {})
    assert age_values(fifteen, {"jonger_dan_16": "nee", "jongere_akkoord": "ja"}) == {
        "leeftijd": 15,
        "jonger_dan_16": "ja",
        "jongere_akkoord": None,
    }
    # The same answer again keeps the consent given.
    assert age_values(fifteen, {"jonger_dan_16": "ja", "ouder_akkoord": "ja"}) == {
        "leeftijd": 15,
        "jonger_dan_16": "ja",
    }


def test_facts_in_passing_are_kept_only_for_open_questions() -> None:
    entities = ({"entity": "herkomst", "value": "vso"},)
    said = UserTurn(intent="informeren", text=MOTHER, entities=entities)
    assert read_start_turn(said, "jonger_dan_16", {}).facts == {"herkomst": "vso"}
    assert read_start_turn(said, "jonger_dan_16", {"herkomst": "pro"}).facts == {}


@pytest.mark.parametrize(
    "text",
    ["Nee, 16 of ouder", "nee hij is ouder dan 16", "ja, onder de 16", "16+", "Ja, jonger dan 16"],
)
def test_the_boundary_of_16_is_no_age(text: str) -> None:
    # The simulator typed the button title "Nee, 16 of ouder" and 16 was recorded as the age.
    assert read_start_turn(turn(text), "jonger_dan_16", {}).age is None
