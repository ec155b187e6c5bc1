"""Actions run on trackers saved from a real conversation (tests/actions/trackers/*.json).

``voorkant_klaar``: a mentor described a 17-year-old vso pupil without startkwalificatie
with jeugdhulp, and the voorkant part just finished. ``besluit_leerroute``: the same
conversation right after the professional's decision arrived (EXTERNAL_besluit).
"""

from __future__ import annotations

from rasa_sdk.events import ConversationPaused

from actions.conversation import ActionKiezenVervolgstap
from actions.handover import ActionOverdragen, ActionVerwerkenBesluit
from bot.store.repository import repository_scope
from tests.actions.conftest import saved_tracker

QUESTIONS = ("herkomst", "leeftijd", "startkwalificatie", "signalen", "wensen", "leerstijl")


def _store_answers_of(tracker) -> None:
    """What the validators had recorded during that conversation."""
    with repository_scope() as repository:
        repository.ensure_conversation(tracker.sender_id, mode="advies", consent=True)
        for question in QUESTIONS:
            value = tracker.get_slot(question)
            if value is not None:
                repository.record_answer(
                    tracker.sender_id, question, value, answered_by="professional"
                )


async def test_saved_voorkant_ends_in_the_leerroute_hand_over(database, dispatcher, domain) -> None:
    tracker = saved_tracker("voorkant_klaar")
    assert tracker.active_loop_name is None and tracker.get_slot("herkomst") == "vso"
    _store_answers_of(tracker)
    tracker.slots["nagekeken"] = "ja"  # the user confirmed the review (actions/review.py)
    events = await ActionOverdragen().run(dispatcher, tracker, domain)
    assert ConversationPaused() in events
    with repository_scope() as repository:
        [handover] = repository.list_handovers(status="open")
        partners = {s.partner for s in handover.suggestions}
    assert handover.decision_point == "leerroute"
    assert {"toeleverend_onderwijs", "mbo_school", "begeleidingsinstantie"} <= partners


async def test_saved_decision_continues_with_realisatie(database, dispatcher, domain) -> None:
    tracker = saved_tracker("besluit_leerroute")
    assert tracker.latest_message["intent"]["name"] == "EXTERNAL_besluit"
    _store_answers_of(tracker)
    with repository_scope() as repository:
        handover = repository.open_handover(tracker.sender_id, "leerroute", "samenvatting")
        repository.record_decision(handover.id, "mbo_diploma", None, "intaker")
    events = await ActionVerwerkenBesluit().run(dispatcher, tracker, domain)
    assert events[0]["name"] == "gekozen_route" and events[0]["value"] == "mbo_diploma"
    next_events = await ActionKiezenVervolgstap().run(dispatcher, tracker, domain)
    assert next_events[0]["value"] == "realisatie"
    assert (
        "Mbo-diploma" in dispatcher.messages[0]["text"]
        or "diploma" in dispatcher.messages[0]["text"]
    )
