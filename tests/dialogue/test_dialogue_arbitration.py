"""The open question against the classifier: both sides of each case, as people type."""

from __future__ import annotations

import pytest

from bot.dialogue.arbitration import (
    is_conversation_request,
    is_not_an_answer,
    leading_yes_no,
    says_dont_know,
    says_skip,
)
from bot.dialogue.extraction import Extraction, extract
from bot.dialogue.turn import UserTurn


def turn(text: str, intent: str = "informeren") -> UserTurn:
    return UserTurn(intent=intent, text=text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nee, ik ben gestopt op het vmbo", "nee"),
        ("ja maar alleen 's ochtends", "ja"),
        ("jaa", "ja"),
        ("neee", "nee"),
        ("nope", "nee"),
        ("jawel hoor", "ja"),
        ("klopt", "ja"),
        ("klopt niet", "nee"),
        ("ja nee", "nee"),
        ("ok ok", "ja"),
        ("Nee.", "nee"),
        ("ok, wat is dat?", None),
        ("ze is zeventien", None),
        ("neem contact op met school", None),
        ("jammer genoeg niet", None),
    ],
)
def test_a_leading_yes_or_no(text: str, expected: str | None) -> None:
    assert leading_yes_no(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "weet ik niet",
        "weet ik nie",
        "kweenie",
        "idk",
        "geen idee",
        "ik weet het niet echt",
        "k weet nie",
        "Geen flauw idee",
        "weet ik nog niet",
    ],
)
def test_not_knowing_as_people_write_it(text: str) -> None:
    assert says_dont_know(text)


@pytest.mark.parametrize("text", ["ik weet wel wat ze wil", "zorg", "17", "iets met dieren"])
def test_answers_are_not_not_knowing(text: str) -> None:
    assert not says_dont_know(text)


def test_skips() -> None:
    assert says_skip("sla maar over") and says_skip("zeg ik liever niet")
    assert not says_skip("ze slaat vaak lessen over")


@pytest.mark.parametrize("text", ["hallo?", "hoi", "ben je er nog?", "?", "..."])
def test_calls_to_the_assistant_are_no_answer(text: str) -> None:
    assert is_not_an_answer(text)


@pytest.mark.parametrize("text", ["iets met dieren", "hallo zeggen tegen klanten in de winkel"])
def test_real_answers_are_answers(text: str) -> None:
    assert not is_not_an_answer(text)


@pytest.mark.parametrize(
    ("intent", "text", "expected"),
    [
        ("stoppen", "ik wil stoppen", True),
        ("stoppen", "stop maar", True),
        ("stoppen", "laat maar zitten", True),
        ("stoppen", "kunnen we hier stoppen?", True),
        ("stoppen", "/stoppen", True),
        ("stoppen", "nee, ik ben gestopt op het vmbo", False),
        ("stoppen", "ze wil stoppen met haar opleiding", False),
        ("stoppen", "hij is vorig jaar gestopt met school", False),
        ("mens_spreken", "kan ik iemand spreken", True),
        ("mens_spreken", "ik wil met een echt mens praten", True),
        ("mens_spreken", "medewerker", True),
        ("mens_spreken", "kan ik eerst even met een medewerker overleggen?", True),
        ("mens_spreken", "hij is een echt mensen-mens", False),
        ("mens_spreken", "ze werkt graag met mensen", False),
        ("gegevens_verwijderen", "verwijder mijn gegevens", True),
        ("gegevens_verwijderen", "wis alles", True),
        ("gegevens_verwijderen", "ze heeft haar oude werk gewist uit haar cv", False),
    ],
)
def test_requests_about_the_conversation(intent: str, text: str, expected: bool) -> None:
    assert is_conversation_request(intent, text) is expected


def test_nee_gestopt_at_a_yes_no_question_is_the_answer() -> None:
    result = extract(
        turn("nee, ik ben gestopt op het vmbo", "stoppen"),
        "startkwalificatie",
        ["startkwalificatie"],
    )
    assert result.values["startkwalificatie"] == "nee" and not result.interrupted


def test_a_real_stop_at_a_yes_no_question_interrupts() -> None:
    result = extract(turn("ik wil stoppen", "stoppen"), "startkwalificatie", ["startkwalificatie"])
    assert result == Extraction(interrupted=True)


def test_ja_maar_is_ja() -> None:
    result = extract(turn("ja maar alleen 's ochtends"), "vervoer_geregeld", ["vervoer_geregeld"])
    assert result.values == {"vervoer_geregeld": "ja"}


@pytest.mark.parametrize(
    "question",
    [
        "leeftijd",
        "herkomst",
        "wensen",
        "signalen",
        "startkwalificatie",
        "vervoer_geregeld",
        "betrokken_partners",
        "afspraken",
        "verwijzer_naam",
        "aangemeld_voor_1_april",
        "contact",
    ],
)
def test_weet_ik_niet_answers_every_kind_of_question(question: str) -> None:
    result = extract(turn("weet ik niet", "weet_niet"), question, [question])
    assert result.values[question] == "weet_niet" and result.error is None


def test_a_skip_is_recorded_as_such() -> None:
    result = extract(turn("sla maar over"), "wensen", ["wensen"])
    assert result.values == {"wensen": "overgeslagen"}


@pytest.mark.parametrize("text", ["weet ik niet", "wat doen jullie ermee?", "kweenie"])
def test_consent_is_never_assumed_or_refused_by_not_knowing(text: str) -> None:
    result = extract(turn(text, "weet_niet"), "toestemming", ["toestemming"])
    assert "toestemming" not in result.values and result.error and "uit" in result.error


@pytest.mark.parametrize("text", ["nee", "nee hoor", "liever niet"])
def test_only_a_clear_no_refuses_consent(text: str) -> None:
    result = extract(turn(text, "ontkennen"), "toestemming", ["toestemming"])
    assert result.values == {"toestemming": "nee"}


def test_not_knowing_the_age_under_16_is_the_safe_side() -> None:
    result = extract(turn("geen idee", "weet_niet"), "jonger_dan_16", ["jonger_dan_16"])
    assert result.values == {"jonger_dan_16": "ja"} and result.note


def test_hallo_is_not_what_someone_wants_to_learn() -> None:
    result = extract(turn("hallo?", "begroeten"), "wensen", ["wensen"])
    assert "wensen" not in result.values and result.error


def test_a_long_answer_with_niet_weten_in_it_stays_an_answer() -> None:
    text = "ze weet het nog niet precies maar iets met dieren of in de zorg lijkt haar leuk"
    result = extract(turn(text), "wensen", ["wensen"])
    assert result.values["wensen"].startswith("ze weet het nog niet")
