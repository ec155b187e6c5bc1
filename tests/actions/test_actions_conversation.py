"""Steering actions: next part, stop, change an answer, misunderstandings, explanations."""

from __future__ import annotations

from rasa_sdk.events import ActiveLoop, ConversationPaused, SlotSet

from actions.conversation import (
    ActionKiezenVervolgstap,
    ActionNietBegrepen,
    ActionSessionStart,
    ActionStoppenGesprek,
    ActionWijzigenAntwoord,
)
from actions.privacy import ActionVerwijderenGegevens
from actions.uitleg import ActionUitleggenBegrip
from bot.store.repository import repository_scope
from tests.actions.conftest import make_tracker, rendered, said_text, user_event

CONSENTED = {
    "toestemming": "ja",
    "jonger_dan_16": "nee",
    "rol": "professional",
    "jongere_akkoord": "ja",  # from 16 the young person's own yes, through the professional
    "deel": "voorkant",
}


async def test_without_consent_the_conversation_stops(database, dispatcher, domain) -> None:
    events = await ActionKiezenVervolgstap().run(
        dispatcher, make_tracker(slots={"toestemming": "nee"}), domain
    )
    assert events == [SlotSet("volgende_stap", "gestopt")]
    assert "toestemming" in rendered(dispatcher, domain)[0]["text"]


async def test_first_part_is_introduced_and_earlier_facts_are_used(
    database, dispatcher, domain
) -> None:
    history = [
        user_event(
            "Ik wil advies over een leerling van 16 jaar van het pro",
            "advies_starten",
            [{"entity": "herkomst", "value": "pro"}],
        )
    ]
    tracker = make_tracker(slots=CONSENTED, events=history, text="/informeren", intent="informeren")
    events = await ActionKiezenVervolgstap().run(dispatcher, tracker, domain)
    assert SlotSet("volgende_stap", "voorkant") in events
    assert SlotSet("herkomst", "pro") in events and SlotSet("leeftijd", 16) in events
    assert rendered(dispatcher, domain)[0]["text"].startswith("Deel 1")


async def test_after_the_leerroute_decision_comes_realisatie(database, dispatcher, domain) -> None:
    with repository_scope() as repository:
        handover = repository.open_handover("gesprek-1", "leerroute", "samenvatting")
        repository.record_decision(handover.id, "certificaat", None, "mentor")
    events = await ActionKiezenVervolgstap().run(dispatcher, make_tracker(slots=CONSENTED), domain)
    assert events == [SlotSet("volgende_stap", "realisatie")]


async def test_stop_closes_the_form(dispatcher, domain) -> None:
    tracker = make_tracker(text="ik wil stoppen", intent="stoppen", active_loop="voorkant_form")
    events = await ActionStoppenGesprek().run(dispatcher, tracker, domain)
    assert ActiveLoop(None) in events and SlotSet("volgende_stap", "gestopt") in events
    [message] = rendered(dispatcher, domain)
    assert "wissen" in message["text"]
    assert {b["payload"] for b in message["buttons"]} == {
        "/advies_starten",
        "/mens_spreken",
        "/gegevens_verwijderen",
    }


async def test_gestopt_in_an_answer_is_no_wish_to_stop(dispatcher, domain) -> None:
    slots = {**CONSENTED, "modus": "advies", "volgende_stap": "afronden"}
    tracker = make_tracker(text="hij is gestopt met school", intent="stoppen", slots=slots)
    events = await ActionStoppenGesprek().run(dispatcher, tracker, domain)
    assert ActiveLoop(None) not in events
    assert "opnieuw beginnen" in said_text(dispatcher, domain, slots)


async def test_change_an_answer_clears_it_in_the_open_part(dispatcher, domain) -> None:
    tracker = make_tracker(
        text="de leeftijd klopt niet",
        intent="antwoord_wijzigen",
        slots={"herkomst": "vso", "leeftijd": 17},
        active_loop="voorkant_form",
    )
    assert await ActionWijzigenAntwoord().run(dispatcher, tracker, domain) == [
        SlotSet("leeftijd", None)
    ]


async def test_change_an_answer_asks_which_one(dispatcher, domain) -> None:
    tracker = make_tracker(
        text="ik vergiste me",
        intent="antwoord_wijzigen",
        slots={"herkomst": "vso", "leeftijd": 17},
        active_loop="voorkant_form",
    )
    assert await ActionWijzigenAntwoord().run(dispatcher, tracker, domain) == []
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert payloads == [
        '/antwoord_wijzigen{"waarde": "herkomst"}',
        '/antwoord_wijzigen{"waarde": "leeftijd"}',
    ]


async def test_second_misunderstanding_in_a_row_offers_a_human(dispatcher, domain) -> None:
    slots = {**CONSENTED, "modus": "advies"}
    once = make_tracker(text="asdf", intent="nlu_fallback", slots=slots)
    await ActionNietBegrepen().run(dispatcher, once, domain)
    assert not rendered(dispatcher, domain, slots)[0].get("buttons")
    twice = make_tracker(
        text="qwerty",
        intent="nlu_fallback",
        events=[user_event("asdf", "nlu_fallback")],
        slots=slots,
    )
    await ActionNietBegrepen().run(dispatcher, twice, domain)
    assert rendered(dispatcher, domain, slots)[1]["buttons"] == [
        {"title": "Ja, een medewerker", "payload": "/mens_spreken"}
    ]


async def test_an_unclear_first_message_offers_the_three_ways_to_begin(dispatcher, domain) -> None:
    tracker = make_tracker(text="blorp", intent="nlu_fallback")
    await ActionNietBegrepen().run(dispatcher, tracker, domain)
    [message] = rendered(dispatcher, domain)
    assert {b["payload"] for b in message["buttons"]} == {
        "/advies_starten",
        "/pre_intake_starten",
        "/oefenen_starten",
    }


async def test_terms_are_explained(dispatcher, domain) -> None:
    tracker = make_tracker(
        text="wat is BBL?", intent="uitleg_vragen", entities=[{"entity": "term", "value": "bbl"}]
    )
    await ActionUitleggenBegrip().run(dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].lower().startswith("bbl")
    unknown = make_tracker(text="wat betekent dat?", intent="uitleg_vragen")
    await ActionUitleggenBegrip().run(dispatcher, unknown, domain)
    assert dispatcher.messages[1]["buttons"]


async def test_new_session_keeps_a_pending_hand_over_paused(database, dispatcher, domain) -> None:
    with repository_scope() as repository:
        repository.open_handover("gesprek-1", "op_verzoek", "samenvatting")
    events = await ActionSessionStart().run(
        dispatcher, make_tracker(slots={"herkomst": "vso"}), domain
    )
    assert ConversationPaused() in events and SlotSet("herkomst", "vso") in events
    other = await ActionSessionStart().run(dispatcher, make_tracker(sender_id="ander"), domain)
    assert ConversationPaused() not in other


async def test_erasing_deletes_the_stored_conversation(database, dispatcher, domain) -> None:
    with repository_scope() as repository:
        repository.record_answer("gesprek-1", "leeftijd", 17, answered_by="professional")
    await ActionVerwijderenGegevens().run(dispatcher, make_tracker(), domain)
    with repository_scope() as repository:
        assert repository.answers("gesprek-1") == {}
