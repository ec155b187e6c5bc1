"""Reading answers from one user turn: buttons, intents, entities and free text."""

from __future__ import annotations

import pytest

from bot.dialogue.extraction import Extraction, extract
from bot.dialogue.turn import UserTurn
from bot.dialogue.values import startkwalificatie_in_text


def turn(text: str, intent: str = "informeren", **entities: object) -> UserTurn:
    found = []
    for name, value in entities.items():
        values = value if isinstance(value, list) else [value]
        found += [{"entity": name, "value": v} for v in values]
    return UserTurn(intent=intent, text=text, entities=tuple(found))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("kan ik iemand spreken?", "mens_spreken"),
        ("wat is een startkwalificatie?", "uitleg_vragen"),
        ("ik wil stoppen", "stoppen"),
        ("hoe werkt dit?", "hulp"),
        ("/EXTERNAL_besluit", "EXTERNAL_besluit"),
        ("/mens_spreken", "mens_spreken"),
        ("verwijder mijn gegevens", "gegevens_verwijderen"),
    ],
)
def test_interruptions_are_never_answers(text: str, intent: str) -> None:
    result = extract(turn(text, intent), "startkwalificatie", ["startkwalificatie"])
    assert result == Extraction(interrupted=True)


def test_button_value_answers_the_open_question() -> None:
    result = extract(turn('/informeren{"waarde": "vso"}', waarde="vso"), "herkomst", ["herkomst"])
    assert result.values == {"herkomst": "vso"} and result.error is None


@pytest.mark.parametrize(
    ("intent", "expected"), [("bevestigen", "ja"), ("ontkennen", "nee"), ("weet_niet", "weet_niet")]
)
def test_yes_no_intents_answer_a_choice_question(intent: str, expected: str) -> None:
    result = extract(turn("eh", intent), "startkwalificatie", ["startkwalificatie"])
    assert result.values == {"startkwalificatie": expected}


def test_no_for_a_multi_question_means_none() -> None:
    result = extract(turn("nee", "ontkennen"), "signalen", ["signalen"])
    assert result.values == {"signalen": ["geen"]}


def test_free_text_number_words() -> None:
    assert extract(turn("ze is zeventien"), "leeftijd", ["leeftijd"]).values == {"leeftijd": 17}


def test_unreadable_answer_gives_a_dutch_error_and_no_value() -> None:
    result = extract(turn("blauw", "nlu_fallback"), "leeftijd", ["leeftijd"])
    assert result.values == {}
    assert result.error and "leeftijd" in result.error.lower()


def test_a_description_fills_several_questions_at_once() -> None:
    text = (
        "Het gaat om een 17-jarige leerling van het vso zonder startkwalificatie, "
        "er loopt jeugdhulp"
    )
    result = extract(
        turn(text, herkomst="vso", signaal="jeugdhulp"),
        "herkomst",
        ["herkomst", "leeftijd", "startkwalificatie", "wensen", "signalen"],
    )
    assert result.values == {
        "herkomst": "vso",
        "leeftijd": 17,
        "startkwalificatie": "nee",
        "signalen": ["jeugdhulp"],
    }


def test_free_text_answer_is_kept_for_text_questions() -> None:
    result = extract(turn("Hij wil graag met auto's werken", "nlu_fallback"), "wensen", ["wensen"])
    assert result.values == {"wensen": "Hij wil graag met auto's werken"}


def test_prefill_does_not_overwrite_an_answered_question() -> None:
    result = extract(turn("mijn broer is 25 jaar", "informeren"), "wensen", ["wensen"])
    assert "leeftijd" not in result.values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zonder startkwalificatie", "nee"),
        ("ze heeft geen SK", "nee"),
        ("heeft al een startkwalificatie", "ja"),
        ("wat is een startkwalificatie", None),
    ],
)
def test_startkwalificatie_in_text(text: str, expected: str | None) -> None:
    assert startkwalificatie_in_text(text) == expected


def test_a_free_text_answer_is_not_taken_for_a_question_about_a_term() -> None:
    answer = extract(
        turn("het uwv in utrecht", "uitleg_vragen"), "verwijzer_naam", ["verwijzer_naam"]
    )
    assert answer.values == {"verwijzer_naam": "het uwv in utrecht"}
    question = extract(
        turn("wat is het uwv?", "uitleg_vragen"), "verwijzer_naam", ["verwijzer_naam"]
    )
    assert question.interrupted
    # For closed questions the intent decides, as before.
    assert extract(turn("uwv uitleg", "uitleg_vragen"), "herkomst", ["herkomst"]).interrupted
    # Asking for a human is always an interruption.
    assert extract(turn("een mens graag", "mens_spreken"), "wensen", ["wensen"]).interrupted


@pytest.mark.parametrize(
    "text",
    [
        "welke leerroute",
        "welke route",
        "Welke leerroute past",
        # Nothing is decided yet when the part is chosen: a young person asking which
        # opleiding fits chooses the first part, also with a question mark.
        "welke opleiding past bij mij",
        "welke opleiding ga ik doen",
    ],
)
def test_naming_a_part_is_an_answer_even_when_heard_as_asking_for_the_outcome(text: str) -> None:
    # The part choice's buttons read like questions ("Welke leerroute past"); typed without
    # a question mark, they choose the part instead of asking what came out.
    result = extract(turn(text, "uitkomst_vragen"), "deel", ["deel"])
    assert not result.interrupted
    assert result.values == {"deel": "voorkant"}


@pytest.mark.parametrize("intent", ["informeren", "advies_starten"])
def test_a_question_that_names_a_part_chooses_it(intent: str) -> None:
    # Heard as a question back, it was once passed on to a professional and the part
    # question came again; the part's buttons are questions, so this one is the choice.
    result = extract(turn("welke opleiding past bij mij?", intent), "deel", ["deel"])
    assert (result.values, result.replies, result.open_question) == (
        {"deel": "voorkant"},
        [],
        None,
    )


@pytest.mark.parametrize(
    "text", ["wat is eruit gekomen?", "welke route is het geworden?", "wat is er besloten?"]
)
def test_asking_for_the_outcome_at_the_part_choice_still_interrupts(text: str) -> None:
    assert extract(turn(text, "uitkomst_vragen"), "deel", ["deel"]).interrupted
