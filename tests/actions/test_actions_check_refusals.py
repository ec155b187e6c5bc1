"""Saying "nee" again and again at the checks of one question offers a human.

Alternating "nee", a new value and "nee" is never "not understood", so the guard on
misunderstandings alone would never offer one.
"""

from __future__ import annotations

from typing import Any

from actions.forms import CONFIRM_SLOT, HANDOVER_OFFER, ValidateVoorkantForm
from bot.knowledge.responses import text as response_text
from tests.actions.conftest import make_tracker, user_event

SLOTS = {
    "toestemming": "ja",
    "jonger_dan_16": "nee",
    "rol": "ouder",
    "jongere_akkoord": "ja",
    "deel": "voorkant",
    "herkomst": "vso",
    "leeftijd": 17,
}
FIRST = {"vraag": "startkwalificatie", "waarde": "nee"}
SECOND = {"vraag": "startkwalificatie", "waarde": "ja"}


def slot(name: str, value: object) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def refused_once() -> list[dict[str, Any]]:
    """The first check of startkwalificatie, a "nee", the question again and a new value."""
    return [
        slot(CONFIRM_SLOT, FIRST),
        slot("requested_slot", CONFIRM_SLOT),
        user_event("nee", "ontkennen"),
        slot(CONFIRM_SLOT, None),
        slot("requested_slot", "startkwalificatie"),
        user_event("ze heeft denk ik wel een diploma", "bevestigen"),
        slot(CONFIRM_SLOT, SECOND),
        slot("requested_slot", CONFIRM_SLOT),
    ]


async def at_the_check(
    dispatcher: Any, domain: Any, text: str, history: list[Any], intent: str = "ontkennen"
) -> Any:
    tracker = make_tracker(
        text=text,
        intent=intent,
        slots={**SLOTS, CONFIRM_SLOT: history[-2]["value"], "requested_slot": CONFIRM_SLOT},
        events=history,
        active_loop="voorkant_form",
    )
    return await ValidateVoorkantForm().run(dispatcher, tracker, domain)


def offered(dispatcher: Any) -> bool:
    offer = response_text(HANDOVER_OFFER)
    return any(
        m.get("text") == offer and any(b["payload"] == "/mens_spreken" for b in m["buttons"])
        for m in dispatcher.messages
    )


async def test_the_second_no_at_the_same_question_offers_a_human(
    database, dispatcher, domain
) -> None:
    events = await at_the_check(dispatcher, domain, "nee", refused_once())
    assert offered(dispatcher)
    values = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert values[CONFIRM_SLOT] is None and values["requested_slot"] == "startkwalificatie"
    assert "startkwalificatie" not in values or values["startkwalificatie"] is None


async def test_the_first_no_only_asks_the_question_again(database, dispatcher, domain) -> None:
    await at_the_check(dispatcher, domain, "nee", refused_once()[:2])
    assert not offered(dispatcher)


async def test_a_value_recorded_in_between_starts_the_count_again(
    database, dispatcher, domain
) -> None:
    history = refused_once()
    # the answer recorded after the first check, then reopened: one check since
    history[4:4] = [slot("startkwalificatie", "nee"), slot("startkwalificatie", None)]
    await at_the_check(dispatcher, domain, "nee", history)
    assert not offered(dispatcher)


async def test_a_yes_at_the_second_check_offers_nothing(database, dispatcher, domain) -> None:
    await at_the_check(dispatcher, domain, "ja", refused_once(), "bevestigen")
    assert not offered(dispatcher)
