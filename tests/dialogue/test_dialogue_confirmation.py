"""The reply to "Klopt dat?" read without Rasa (bot/dialogue/confirmation.py)."""

from __future__ import annotations

from typing import Any

from bot.dialogue import confirmation
from bot.dialogue.extraction import Extraction, extract
from bot.dialogue.passing import CHECKED
from bot.dialogue.turn import UserTurn

PENDING = {"vraag": "startkwalificatie", "waarde": "nee"}


def reader(
    turn: UserTurn,
    question: str | None,
    open_questions: list[str],
    answered: dict[str, Any],
) -> Extraction:
    return extract(turn, question, open_questions, answered)


def reply(text: str, intent: str = "informeren") -> Extraction:
    turn = UserTurn(intent, text)
    return confirmation.read_reply(turn, PENDING, ["startkwalificatie"], {}, reader)


def test_a_yes_records_the_held_back_value() -> None:
    assert reply("ja klopt", "bevestigen").values == {"startkwalificatie": "nee", CHECKED: None}


def test_a_no_records_nothing_and_closes_the_check() -> None:
    assert reply("nee", "ontkennen").values == {CHECKED: None}


def test_a_skipped_check_is_asked_once_more() -> None:
    result = reply("Ze is gek op dieren. Misschien iets met dieren verzorgen?")
    assert "startkwalificatie" not in result.values
    assert result.values[CHECKED] == {"nogmaals": True} and result.confirm is not None


def test_only_a_short_no_is_a_refusal() -> None:
    assert confirmation.refused(UserTurn("ontkennen", "nee"))
    assert confirmation.refused(UserTurn("ontkennen", "nee klopt niet"))
    assert not confirmation.refused(UserTurn("ontkennen", "nee, ze heeft wel een havo diploma"))
    assert not confirmation.refused(UserTurn("bevestigen", "ja"))


def slot(name: str, value: object) -> dict[str, object]:
    return {"event": "slot", "name": name, "value": value}


def test_checks_are_counted_per_question_since_its_last_value() -> None:
    events = [
        slot(CHECKED, PENDING),
        slot(CHECKED, None),
        slot(CHECKED, {**PENDING, "nogmaals": True}),  # the same check asked once more
        slot(CHECKED, {"vraag": "leerstijl", "waarde": "doen"}),
        slot(CHECKED, {"vraag": "startkwalificatie", "waarde": "ja"}),
    ]
    assert confirmation.checks_asked(events, "startkwalificatie") == 2
    assert confirmation.checks_asked(events, "leerstijl") == 1
    recorded = [*events, slot("startkwalificatie", "ja"), slot(CHECKED, PENDING)]
    assert confirmation.checks_asked(recorded, "startkwalificatie") == 1
