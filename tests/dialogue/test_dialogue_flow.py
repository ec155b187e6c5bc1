"""The order of the parts, and stopping without consent."""

from __future__ import annotations

import pytest

from bot.dialogue.flow import (
    STOP_WITHOUT_CONSENT,
    STOP_WITHOUT_PARENT,
    STOP_WITHOUT_YOUNG_PERSON,
    asks_for_a_new_start,
    consent_problem,
    next_step,
)
from bot.dialogue.questions import question_mentioned


def test_parts_follow_each_other_from_the_chosen_start() -> None:
    assert next_step("voorkant", set()) == "voorkant"
    assert next_step("voorkant", {"leerroute"}) == "realisatie"
    assert next_step("voorkant", {"leerroute", "ondersteuning"}) == "vervolg"
    assert next_step("voorkant", {"leerroute", "ondersteuning", "vervolg"}) == "afronden"
    assert next_step("vervolg", set()) == "vervolg"
    assert next_step("vervolg", {"vervolg"}) == "afronden"
    assert next_step(None, set()) == "voorkant"


def test_hand_overs_on_request_do_not_skip_a_part() -> None:
    assert next_step("realisatie", {"op_verzoek", "niet_begrepen"}) == "realisatie"


def test_consent_is_required_and_a_parent_under_16() -> None:
    assert consent_problem({"toestemming": "nee"}) == STOP_WITHOUT_CONSENT
    assert consent_problem({}) == STOP_WITHOUT_CONSENT
    assert (
        consent_problem({"toestemming": "ja", "jonger_dan_16": "ja", "ouder_akkoord": "nee"})
        == STOP_WITHOUT_PARENT
    )
    assert (
        consent_problem({"toestemming": "ja", "jonger_dan_16": "ja", "ouder_akkoord": "ja"}) is None
    )
    assert consent_problem({"toestemming": "ja", "jonger_dan_16": "nee"}) is None


def test_from_16_a_parent_or_professional_needs_the_young_persons_yes() -> None:
    base = {"toestemming": "ja", "jonger_dan_16": "nee"}
    for role in ("ouder", "professional"):
        assert consent_problem({**base, "rol": role}) == STOP_WITHOUT_YOUNG_PERSON
        assert (
            consent_problem({**base, "rol": role, "jongere_akkoord": "nee"})
            == STOP_WITHOUT_YOUNG_PERSON
        )
        assert consent_problem({**base, "rol": role, "jongere_akkoord": "ja"}) is None
    for role in ("jongere", "samen"):
        assert consent_problem({**base, "rol": role}) is None  # the young person types
    # Under 16 the parent decides; the young person's own yes is not asked.
    under = {"toestemming": "ja", "jonger_dan_16": "ja", "ouder_akkoord": "ja", "rol": "ouder"}
    assert consent_problem(under) is None


@pytest.mark.parametrize(
    ("text", "new"),
    [
        ("/advies_starten", True),
        ("opnieuw beginnen", True),
        ("ik wil graag opnieuw beginnen", True),
        ("kunnen we een nieuw gesprek starten", True),
        ("begin maar opnieuw", True),
        ("ik wil een adviesgesprek beginnen", True),  # after practice: the real thing
        ("start een echt gesprek", True),
        ("wat moet ik nu doen", False),
        ("hallo?? ik zie niks", False),
        ("hallo", False),
        ("nee niet opnieuw!!", False),
        ("ik wil het opnieuw invullen", False),
    ],
)
def test_only_a_button_or_clear_words_start_a_new_round(text: str, new: bool) -> None:
    assert asks_for_a_new_start(text) is new


def test_question_mentioned() -> None:
    answered = ["herkomst", "leeftijd", "startkwalificatie"]
    assert question_mentioned("de leeftijd klopt niet", answered) == "leeftijd"
    assert question_mentioned("ik wil de school veranderen", answered) == "herkomst"
    assert question_mentioned("iets anders", answered) is None
    assert question_mentioned("de leeftijd klopt niet", ["herkomst"]) is None
