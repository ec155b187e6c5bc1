"""First messages that tell the situation start the right part with the facts kept."""

from __future__ import annotations

import pytest

from bot.dialogue import pre_intake
from bot.dialogue.opening import read_opening, role_statement
from bot.dialogue.turn import UserTurn


def opening(text: str, **entities: str):
    found = tuple({"entity": k, "value": v} for k, v in entities.items())
    return read_opening(UserTurn(intent="advies_starten", text=text, entities=found))


def test_a_studentbegeleider_about_what_comes_after() -> None:
    result = opening(
        "Goedemorgen, ik ben studentbegeleider. Mijn student rondt binnenkort niveau 2 af en we "
        "willen het hebben over wat daarna komt."
    )
    assert result.role == "professional" and result.part == "vervolg"


def test_a_jobcoach_whose_client_gets_a_diploma() -> None:
    result = opening(
        "Goedemiddag, ik ben jobcoach. Mijn cliënt haalt over een paar maanden zijn diploma "
        "niveau 1 en we willen kijken wat daarna kan."
    )
    assert result.role == "professional" and result.part == "vervolg"


def test_a_young_person_leaving_school() -> None:
    result = opening("hoi ik wil wete welke mbo opleiding bij me past want ik ga van school af")
    assert result.role is None and result.part == "voorkant" and result.tells_situation


def test_facts_are_kept() -> None:
    result = opening(
        "ik ben mentor op het vso, mijn leerling van 17 jaar zoekt een opleiding", herkomst="vso"
    )
    assert result.role == "professional"
    assert result.facts["leeftijd"] == 17 and result.facts["herkomst"] == "vso"


def test_together_with_the_young_person() -> None:
    result = opening("ik ben mentor en zit hier samen met mijn leerling, welke route past?")
    assert result.role == "samen" and result.part == "voorkant"


def test_what_is_needed() -> None:
    assert opening("ik ben consulent, wat is er nodig zodat hij de opleiding haalt").part == (
        "realisatie"
    )


@pytest.mark.parametrize("text", ["hoi", "goedemorgen", "/begroeten", "hallo daar"])
def test_a_bare_greeting_tells_nothing(text: str) -> None:
    assert not opening(text).tells_situation


def test_compound_roles_and_an_age_without_jaar() -> None:
    result = opening(
        "goedemiddag, ik ben leerplichtconsulent bij de gemeente. ik heb een meisje van 16 dat "
        "al een half jaar thuiszit"
    )
    assert result.role == "professional" and result.facts["leeftijd"] == 16


def test_no_diploma_is_not_about_what_comes_after() -> None:
    result = opening("ik ben mentor, hij is 17 en heeft geen diploma gehaald, wat kan er")
    assert result.part is None and result.facts["leeftijd"] == 17
    assert opening("ik werk van 16 tot 18 uur").facts == {}


# --- 1 April: a plain no before the date is "not yet"; "too late" stays no ----------------


@pytest.mark.parametrize(
    ("text", "passed", "expected"),
    [
        ("nee", False, "nog_niet"),
        ("nee, ik ben nog nergens aangemeld", False, "nog_niet"),
        ("nee te laat", False, "nee"),
        ("nee, na 1 april", False, "nee"),
        ("nee", True, "nee"),
        ("ja", False, "ja"),
    ],
)
def test_april_answer(text: str, passed: bool, expected: str) -> None:
    value = "ja" if text == "ja" else "nee"
    assert pre_intake.april_answer(value, text, deadline_passed=passed) == expected


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("hallo ik ben haar moeder, ze is 15 en zit op het vso", "ouder"),
        ("Goedemiddag, mijn zoon gaat volgend jaar naar het mbo. Welke opleiding past?", "ouder"),
        ("ik ben de verzorger van een jongen van 17", "ouder"),
        ("hoi ik ben 16 en zit hier zelf", "jongere"),
        ("ik zoek een opleiding voor mezelf", "jongere"),
        ("hoi ik zit op het praktijkonderwijs en wil weten wat ik kan gaan doen", "jongere"),
        ("ik zit hier met mijn mentor", "samen"),
        ("hallo, samen met me jobcoach", "samen"),
        ("ik ben mentor op het vso, mijn leerling van 17 zoekt een opleiding", "professional"),
        ("ik werk van 16 tot 18 uur", None),
    ],
)
def test_who_talks_is_read_from_the_first_message(text: str, role: str | None) -> None:
    assert opening(text).role == role


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("nee hoor, ik ben de moeder", "ouder"),
        ("ik ben geen professional, ik ben zijn vader", "ouder"),
        ("sorry ik ben de jongere zelf", "jongere"),
        ("ik ben de mentor van deze leerling", "professional"),
        ("ik wil als jobcoach werken", None),
        ("mijn moeder helpt me", None),
        ("17", None),
    ],
)
def test_a_later_statement_of_who_one_is(text: str, role: str | None) -> None:
    assert role_statement(text) == role


def test_a_young_person_telling_their_age_is_kept() -> None:
    result = opening("hoi ik ben 16 en zit hier zelf, welke opleiding past bij mij")
    assert result.role == "jongere" and result.facts["leeftijd"] == 16
    assert result.part == "voorkant"


def test_a_question_about_a_pupil_tells_a_situation() -> None:
    assert opening("Hallo, ik heb een vraag over een leerling").tells_situation
    assert not opening("ik heb een vraag").tells_situation
