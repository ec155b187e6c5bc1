"""The form validators read answers from free text and buttons and record them."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import SlotSet

from actions.forms import ValidateRealisatieForm, ValidateStartForm, ValidateVoorkantForm
from bot.store.models import Conversation
from bot.store.repository import repository_scope
from tests.actions.conftest import make_tracker

CONSENTED = {
    "toestemming": "ja",
    "jonger_dan_16": "nee",
    "rol": "professional",
    "jongere_akkoord": "ja",  # from 16 the young person's own yes, through the professional
    "deel": "voorkant",
}


def slot_values(events: list[Any]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_consent_is_recorded_and_nothing_before_it(database, dispatcher, domain) -> None:
    tracker = make_tracker(
        text="ja hoor",
        intent="bevestigen",
        slots={"requested_slot": "toestemming"},
        active_loop="start_form",
    )
    events = await ValidateStartForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["toestemming"] == "ja"
    with repository_scope() as repository:
        # Consent is complete only once we know who decides (the age, from 16 the role).
        assert repository.answers("gesprek-1") == {}
        assert "gesprek-1" not in {c.id for c in repository.session.query(Conversation)}
    tracker = make_tracker(
        text="Ik ben de jongere",
        slots={"toestemming": "ja", "jonger_dan_16": "nee", "requested_slot": "rol"},
        active_loop="start_form",
    )
    await ValidateStartForm().run(dispatcher, tracker, domain)
    with repository_scope() as repository:
        conversation = repository.get_conversation("gesprek-1")
        assert conversation.consent is True and conversation.consent_by == "jongere"


async def test_no_consent_ends_the_start_block_without_storing(
    database, dispatcher, domain
) -> None:
    tracker = make_tracker(
        text="nee",
        intent="ontkennen",
        slots={"requested_slot": "toestemming"},
        active_loop="start_form",
    )
    events = await ValidateStartForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["toestemming"] == "nee"
    assert values["requested_slot"] is None  # the start block is done
    with repository_scope() as repository:
        assert repository.list_handovers() == []
        assert repository.answers("gesprek-1") == {}


async def test_under_16_asks_for_the_parent(database, dispatcher, domain) -> None:
    slots = {"toestemming": "ja", "requested_slot": "jonger_dan_16"}
    tracker = make_tracker(text="ja", intent="bevestigen", slots=slots, active_loop="start_form")
    events = await ValidateStartForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["requested_slot"] == "ouder_akkoord"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ja hoor dat is goed, ik heb het gezag samen met haar vader", "ja"),
        ("ja prima", None),  # the gezag question still comes
        ("ja, maar ik heb geen gezag", None),
    ],
)
async def test_a_parent_who_agrees_and_says_they_have_gezag_is_not_asked_again(
    database, dispatcher, domain, text: str, expected: str | None
) -> None:
    slots = {"rol": "ouder", "leeftijd": 15, "jonger_dan_16": "ja", "requested_slot": "toestemming"}
    tracker = make_tracker(text=text, intent="bevestigen", slots=slots, active_loop="start_form")
    events = await ValidateStartForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["toestemming"] == "ja"
    assert values.get("ouder_akkoord") == expected
    assert (values["requested_slot"] == "ouder_akkoord") is (expected is None)


async def test_description_fills_several_questions_and_is_stored(
    database, dispatcher, domain
) -> None:
    text = (
        "Een 17-jarige leerling van het vso zonder startkwalificatie, er loopt jeugdhulp. "
        "Ze heet Sanne."
    )
    entities = [{"entity": "herkomst", "value": "vso"}, {"entity": "signaal", "value": "jeugdhulp"}]
    tracker = make_tracker(
        text=text,
        entities=entities,
        slots={**CONSENTED, "requested_slot": "herkomst"},
        active_loop="voorkant_form",
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    values = slot_values(events)
    assert values["herkomst"] == "vso" and values["leeftijd"] == 17
    assert values["startkwalificatie"] == "nee" and values["signalen"] == ["jeugdhulp"]
    with repository_scope() as repository:
        assert repository.answers("gesprek-1") == {
            "herkomst": "vso",
            "leeftijd": 17,
            "startkwalificatie": "nee",
            "signalen": ["jeugdhulp"],
        }
        detail = repository.conversation_detail("gesprek-1")
    assert detail["answers"][0] == {"question": "herkomst", "value": "vso"}


async def test_free_text_answers_are_stored_masked(database, dispatcher, domain) -> None:
    text = "Sanne wil kapper worden, mail haar op sanne@voorbeeld.nl"
    history = [
        {
            "event": "user",
            "timestamp": 1.0,
            "text": "Ze heet Sanne",
            "parse_data": {"intent": {"name": "informeren"}},
        }
    ]
    tracker = make_tracker(
        text=text,
        events=history,
        slots={**CONSENTED, "requested_slot": "wensen"},
        active_loop="voorkant_form",
    )
    await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    with repository_scope() as repository:
        stored = repository.answers("gesprek-1")["wensen"]
    assert "Sanne" not in stored and "sanne@voorbeeld.nl" not in stored
    assert "kapper" in stored


async def test_unreadable_answer_is_asked_again_then_a_human_is_offered(
    database, dispatcher, domain
) -> None:
    slots = {**CONSENTED, "requested_slot": "leeftijd"}
    tracker = make_tracker(
        text="blauw", intent="nlu_fallback", slots=slots, active_loop="voorkant_form"
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["leeftijd"] is None
    assert slot_values(events)["misverstanden"] == 1
    assert "buttons" not in dispatcher.messages[0] or not dispatcher.messages[0]["buttons"]

    dispatcher.messages.clear()
    tracker = make_tracker(
        text="groen",
        intent="nlu_fallback",
        slots={**slots, "misverstanden": 1},
        active_loop="voorkant_form",
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["misverstanden"] == 2
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/mens_spreken"


async def test_interruption_is_not_an_answer(database, dispatcher, domain) -> None:
    tracker = make_tracker(
        text="wat is een startkwalificatie",
        intent="uitleg_vragen",
        slots={**CONSENTED, "requested_slot": "startkwalificatie"},
        active_loop="voorkant_form",
    )
    assert await ValidateVoorkantForm().run(dispatcher, tracker, domain) == []


@pytest.mark.parametrize(
    ("route", "age", "first", "asks_parents"),
    [("praktijkverklaring", 17, "bpv_plek", True), ("mbo_diploma", 19, "begeleiding_nodig", False)],
)
async def test_the_chosen_route_steers_realisatie(
    route, age, first, asks_parents, dispatcher, domain
) -> None:
    tracker = make_tracker(slots={"gekozen_route": route, "leeftijd": age})
    slots = await ValidateRealisatieForm().required_slots(
        ValidateRealisatieForm().domain_slots(domain), dispatcher, tracker, domain
    )
    assert slots[0] == first
    assert ("ouders_betrokken" in slots) is asks_parents


async def test_slot_events_are_rasa_events(database, dispatcher, domain) -> None:
    tracker = make_tracker(
        text="17", slots={**CONSENTED, "requested_slot": "leeftijd"}, active_loop="voorkant_form"
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    assert SlotSet("leeftijd", 17) in events


async def test_reads_the_turn_in_rasas_temporary_tracker(database, dispatcher, domain) -> None:
    """Rasa appends the form's own action before calling the validator."""
    tracker = make_tracker(
        text="ze is 17",
        slots={**CONSENTED, "requested_slot": "leeftijd"},
        active_loop="voorkant_form",
        after=[{"event": "action", "name": "voorkant_form"}],
        latest_action="voorkant_form",
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    assert slot_values(events)["leeftijd"] == 17


async def test_activation_does_not_read_an_old_message_again(database, dispatcher, domain) -> None:
    tracker = make_tracker(
        text="ze is 17",
        slots={**CONSENTED, "herkomst": "pro"},
        active_loop="voorkant_form",
        after=[
            {"event": "action", "name": "action_kiezen_vervolgstap"},
            {"event": "action", "name": "voorkant_form"},
        ],
        latest_action="voorkant_form",
    )
    events = await ValidateVoorkantForm().run(dispatcher, tracker, domain)
    assert slot_values(events) == {"requested_slot": "leeftijd"}
