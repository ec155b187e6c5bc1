"""Practice mode: choosing a case, no hand-over at a decision point, and feedback."""

from __future__ import annotations

from typing import Any

import yaml
from rasa_sdk.events import ActiveLoop, ConversationPaused

from actions.conversation import ActionKiezenVervolgstap
from actions.forms import ValidateOefenenForm, ValidateOefenenPartnersForm
from actions.handover import ActionOverdragen
from actions.oefenen import (
    ActionAskCasus,
    ActionGevenFeedback,
    ActionStartenOefenen,
    ActionTonenCasus,
)
from bot.store.repository import repository_scope
from tests.actions.conftest import DOMAIN_FILE, make_tracker, said_text

DOMAIN = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
PRACTICE = {"modus": "oefenen", "toestemming": "ja", "jonger_dan_16": "nee", "deel": "voorkant"}


def slot_values(events: list[Any]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def said(dispatcher) -> str:
    return said_text(dispatcher, DOMAIN, PRACTICE)


async def test_start_marks_the_conversation_as_practice(database, dispatcher, domain) -> None:
    events = await ActionStartenOefenen().run(dispatcher, make_tracker(), domain)
    assert slot_values(events)["modus"] == "oefenen"
    with repository_scope() as repository:
        conversation = repository.get_conversation("gesprek-1")
        assert conversation.practice is True and conversation.mode == "oefenen"


async def test_the_cases_are_offered_as_buttons(dispatcher, domain) -> None:
    await ActionAskCasus().run(dispatcher, make_tracker(), domain)
    [message] = dispatcher.messages
    assert len(message["buttons"]) >= 6
    assert "Daan (17)" in [b["title"] for b in message["buttons"]]


async def test_a_case_is_chosen_by_button_or_name(database, dispatcher, domain) -> None:
    for text, entities in [
        (
            '/informeren{"waarde": "isk_nieuwkomer"}',
            [{"entity": "waarde", "value": "isk_nieuwkomer"}],
        ),
        ("doe maar Yonas", []),
    ]:
        tracker = make_tracker(
            text=text,
            intent="informeren",
            entities=entities,
            slots={"modus": "oefenen", "requested_slot": "casus"},
            active_loop="oefenen_form",
        )
        events = await ValidateOefenenForm().run(dispatcher, tracker, domain)
        assert slot_values(events)["casus"] == "isk_nieuwkomer"


async def test_an_unknown_case_is_asked_again(database, dispatcher, domain) -> None:
    tracker = make_tracker(
        text="de leukste",
        intent="informeren",
        slots={"modus": "oefenen", "requested_slot": "casus"},
        active_loop="oefenen_form",
    )
    events = await ValidateOefenenForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["casus"] is None
    assert "Kies een knop" in said(dispatcher)


async def test_showing_the_case_implies_consent_and_starts_at_the_voorkant(
    dispatcher, domain
) -> None:
    tracker = make_tracker(slots={"modus": "oefenen", "casus": "pro_diploma_buiten_bereik"})
    events = await ActionTonenCasus().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["toestemming"] == "ja" and values["deel"] == "voorkant"
    assert "Daan" in said(dispatcher) and "praktijkonderwijs" in said(dispatcher)


def _after_voorkant() -> object:
    after = [
        {"event": "action", "name": "voorkant_form", "timestamp": 100.0},
        {"event": "active_loop", "name": None, "timestamp": 100.0},
    ]
    return make_tracker(
        text="nee", intent="ontkennen", slots=PRACTICE, after=after, latest_action="voorkant_form"
    )


async def test_decision_point_asks_for_partners_instead_of_a_hand_over(
    database, dispatcher, domain
) -> None:
    events = await ActionOverdragen().run(dispatcher, _after_voorkant(), domain)
    assert ConversationPaused() not in events
    assert ActiveLoop("oefenen_partners_form") in events
    assert slot_values(events)["oefen_beslispunt"] == "leerroute"
    with repository_scope() as repository:
        assert repository.list_handovers(include_practice=True) == []


async def test_asking_for_a_human_in_practice_continues_the_part(
    database, dispatcher, domain
) -> None:
    tracker = make_tracker(
        text="ik wil een mens", intent="mens_spreken", slots=PRACTICE, active_loop="voorkant_form"
    )
    events = await ActionOverdragen().run(dispatcher, tracker, domain)
    assert ActiveLoop("voorkant_form") in events and ConversationPaused() not in events
    assert "oefengesprek" in said(dispatcher)


async def test_partners_are_read_from_free_text(database, dispatcher, domain) -> None:
    tracker = make_tracker(
        text="gemeente en uwv",
        intent="informeren",
        slots={**PRACTICE, "requested_slot": "oefen_partners"},
        active_loop="oefenen_partners_form",
    )
    events = await ValidateOefenenPartnersForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["oefen_partners"] == ["gemeente", "uwv"]


async def test_feedback_names_a_missed_partner_and_marks_the_part_done(
    database, dispatcher, domain
) -> None:
    with repository_scope() as repository:
        repository.ensure_conversation("gesprek-1", mode="oefenen")
        for question, value in {"herkomst": "vso", "leeftijd": 17}.items():
            repository.record_answer("gesprek-1", question, value, answered_by="professional")
    slots = {
        **PRACTICE,
        "oefen_beslispunt": "leerroute",
        "oefen_partners": ["gemeente"],
        "geoefend": [],
    }
    events = await ActionGevenFeedback().run(dispatcher, make_tracker(slots=slots), domain)
    assert slot_values(events)["geoefend"] == ["leerroute"]
    text = said(dispatcher)
    assert "niet genoemd" in text and "Toeleverend onderwijs" in text
    next_events = await ActionKiezenVervolgstap().run(
        dispatcher, make_tracker(slots={**PRACTICE, "geoefend": ["leerroute"]}), domain
    )
    assert slot_values(next_events)["volgende_stap"] == "realisatie"


async def test_stopping_practice_says_it_will_be_erased(dispatcher, domain) -> None:
    from actions.conversation import ActionStoppenGesprek

    tracker = make_tracker(text="stop", intent="stoppen", slots=PRACTICE)
    await ActionStoppenGesprek().run(dispatcher, tracker, domain)
    text = said_text(dispatcher, domain, PRACTICE)
    assert "oefengesprek" in text and "medewerker" not in text
