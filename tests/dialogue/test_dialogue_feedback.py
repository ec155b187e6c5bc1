"""Reading the answer to the feedback question: an answer, a skip, or the user going on."""

from __future__ import annotations

import pytest

from bot.dialogue.feedback_reading import MAX_COMMENT, NO_COMMENT, read_answer, read_comment
from bot.dialogue.turn import UserTurn


def turn(text: str, intent: str = "informeren", waarde: str | None = None) -> UserTurn:
    entities = ({"entity": "waarde", "value": waarde},) if waarde else ()
    return UserTurn(intent=intent, text=text, entities=entities)


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("ja", "bevestigen", "ja"),
        ("jazeker, heel fijn", "bevestigen", "ja"),
        ("super", "informeren", "ja"),
        ("een beetje", "informeren", "een_beetje"),
        ("ja, een beetje", "bevestigen", "een_beetje"),
        ("gaat wel", "nlu_fallback", "een_beetje"),
        ("nee", "ontkennen", "nee"),
        ("niet echt", "ontkennen", "nee"),
        ("helemaal niet", "informeren", "nee"),
        ("sla maar over", "informeren", "overgeslagen"),
        ("weet ik niet", "weet_niet", "overgeslagen"),
        ("klopt", "bevestigen", "ja"),
    ],
)
def test_typed_answers_are_read(text: str, intent: str, expected: str) -> None:
    reading = read_answer(turn(text, intent))
    assert (reading.kind, reading.value) == ("answer", expected)


@pytest.mark.parametrize("value", ["ja", "een_beetje", "nee", "overgeslagen"])
def test_each_button_is_its_answer(value: str) -> None:
    reading = read_answer(turn(f'/informeren{{"waarde": "{value}"}}', waarde=value))
    assert (reading.kind, reading.value) == ("answer", value)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ik wil stoppen", "stoppen"),
        ("nee, ik wil stoppen", "stoppen"),
        ("kan ik iemand spreken", "mens_spreken"),
        ("verwijder mijn gegevens", "gegevens_verwijderen"),
        ("wat is een bbl?", "uitleg_vragen"),
        ("opnieuw beginnen", "advies_starten"),
        ("/advies_starten", "advies_starten"),
        ("doei", "afscheid"),
        ("bedankt!", "bedanken"),
        ("hoi", "begroeten"),
    ],
)
def test_a_request_or_a_new_start_is_not_an_answer(text: str, intent: str) -> None:
    assert read_answer(turn(text, intent)).kind == "interrupt"


@pytest.mark.parametrize(
    ("text", "intent"),
    [("en nu?", "informeren"), ("ok en nu?", "informeren"), ("asdf", "nlu_fallback")],
)
def test_anything_else_goes_on(text: str, intent: str) -> None:
    assert read_answer(turn(text, intent)).kind == "goes_on"


def test_a_word_that_only_sounds_like_stop_is_an_answer() -> None:
    # "gestopt" in an answer is not a wish to stop (bot.dialogue.arbitration)
    reading = read_answer(turn("nee, ik ben nog steeds gestopt met school", "stoppen"))
    assert (reading.kind, reading.value) == ("answer", "nee")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("nee", "ontkennen"),
        ("nee hoor", "ontkennen"),
        ("niks", "informeren"),
        ("nee dank je", "ontkennen"),
        ('/informeren{"waarde": "geen"}', "informeren"),
    ],
)
def test_no_comment(text: str, intent: str) -> None:
    waarde = "geen" if text.startswith("/") else None
    reading = read_comment(turn(text, intent, waarde))
    assert (reading.kind, reading.value) == ("answer", NO_COMMENT)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("de vragen waren duidelijk, maar wel veel", "informeren"),
        ("de uitleg over de bbl was fijn", "uitleg_vragen"),
        ("dank je wel, het was echt heel fijn zo", "bedanken"),
    ],
)
def test_a_comment_is_kept_as_typed(text: str, intent: str) -> None:
    reading = read_comment(turn(text, intent))
    assert (reading.kind, reading.value) == ("answer", text)


def test_a_long_comment_is_cut() -> None:
    reading = read_comment(turn("lang " * 400))
    assert reading.value is not None and len(reading.value) == MAX_COMMENT


@pytest.mark.parametrize(
    ("text", "intent", "kind"),
    [
        ("wat is een bbl?", "uitleg_vragen", "interrupt"),
        ("ik wil stoppen", "stoppen", "interrupt"),
        ("opnieuw beginnen", "advies_starten", "interrupt"),
        ("hallo?", "begroeten", "goes_on"),
    ],
)
def test_at_the_comment_a_request_is_not_a_comment(text: str, intent: str, kind: str) -> None:
    assert read_comment(turn(text, intent)).kind == kind
