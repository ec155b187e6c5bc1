"""The feedback question at the end: asked once, read, stored, and never in the way."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import ActiveLoop

from actions.feedback import (
    ActionAfsluitenFeedback,
    ActionOverslaanFeedback,
    ActionVragenFeedback,
    ValidateFeedbackForm,
)
from bot.store.feedback_answers import feedback_of
from bot.store.repository import repository_scope
from tests.actions.conftest import make_tracker, said_text

END = {"modus": "advies", "toestemming": "ja", "volgende_stap": "afronden"}


def slot_values(events: list[Any]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def stored() -> tuple[str, str | None] | None:
    with repository_scope() as repository:
        row = feedback_of(repository, "gesprek-1")
        return None if row is None else (row.answer, row.comment)


@pytest.fixture
def conversation(database: str) -> str:
    with repository_scope() as repository:
        repository.ensure_conversation("gesprek-1", mode="advies", consent=True)
    return database


async def validate(domain: dict[str, Any], dispatcher: Any, requested: str, **kwargs: Any) -> Any:
    slots = {**END, "requested_slot": requested, **kwargs.pop("slots", {})}
    tracker = make_tracker(slots=slots, active_loop="feedback_form", **kwargs)
    return await ValidateFeedbackForm().run(dispatcher, tracker, domain)


async def test_the_question_opens_at_the_end_of_a_real_conversation(
    conversation, dispatcher, domain
) -> None:
    events = await ActionVragenFeedback().run(dispatcher, make_tracker(slots=END), domain)
    assert ActiveLoop("feedback_form") in events


async def test_not_asked_in_practice_twice_or_while_a_human_has_it(
    conversation, dispatcher, domain
) -> None:
    practice = make_tracker(slots={**END, "modus": "oefenen"})
    assert await ActionVragenFeedback().run(dispatcher, practice, domain) == []
    with repository_scope() as repository:
        repository.open_handover("gesprek-1", "op_verzoek", "Leeftijd: 17.")
    assert await ActionVragenFeedback().run(dispatcher, make_tracker(slots=END), domain) == []


async def test_not_asked_again_after_an_answer(conversation, dispatcher, domain) -> None:
    await validate(
        domain,
        dispatcher,
        "feedback_antwoord",
        text='/informeren{"waarde": "een_beetje"}',
        entities=[{"entity": "waarde", "value": "een_beetje"}],
    )
    assert stored() == ("een_beetje", None)
    assert await ActionVragenFeedback().run(dispatcher, make_tracker(slots=END), domain) == []


async def test_an_answer_is_stored_and_the_comment_follows_masked(
    conversation, dispatcher, domain
) -> None:
    events = await validate(domain, dispatcher, "feedback_antwoord", text="ja", intent="bevestigen")
    assert slot_values(events)["feedback_antwoord"] == "ja"
    assert "requested_slot" not in slot_values(events)  # Rasa asks the comment next
    assert stored() == ("ja", None)
    comment = "Heel fijn, mijn mentor Iris Smit had gelijk. Bel 0612345678"
    events = await validate(
        domain, dispatcher, "feedback_opmerking", text=comment, slots={"feedback_antwoord": "ja"}
    )
    slots = slot_values(events)
    assert slots["feedback_einde"] == "bedankt"
    answer, kept = stored() or ("", "")
    assert answer == "ja"
    for text in (kept or "", slots["feedback_opmerking"]):
        assert "Iris" not in text and "0612345678" not in text and "Heel fijn" in text


async def test_a_skip_asks_no_comment(conversation, dispatcher, domain) -> None:
    events = await validate(domain, dispatcher, "feedback_antwoord", text="sla maar over")
    slots = slot_values(events)
    assert slots["feedback_antwoord"] == "overgeslagen" and slots["requested_slot"] is None
    assert stored() == ("overgeslagen", None)


async def test_a_user_who_goes_on_ends_the_form_and_is_served(
    conversation, dispatcher, domain
) -> None:
    events = await validate(domain, dispatcher, "feedback_antwoord", text="en nu?")
    slots = slot_values(events)
    assert slots["feedback_einde"] == "doorgegaan"
    assert slots["feedback_antwoord"] == "overgeslagen"
    assert slots["feedback_opmerking"] == "geen"
    assert stored() == ("overgeslagen", None)
    after = {**END, **slots}
    await ActionAfsluitenFeedback().run(dispatcher, make_tracker(slots=after), domain)
    assert "Dit gesprek is klaar. Wat wil je nu doen?" in said_text(dispatcher, domain, after)


@pytest.mark.parametrize(
    ("text", "intent"),
    [("ik wil stoppen", "stoppen"), ("wat is een bbl?", "uitleg_vragen"), ("doei", "afscheid")],
)
async def test_an_interruption_sets_nothing_so_a_rule_serves_it(
    conversation, dispatcher, domain, text: str, intent: str
) -> None:
    events = await validate(domain, dispatcher, "feedback_antwoord", text=text, intent=intent)
    assert not {k for k in slot_values(events) if k != "requested_slot"}
    assert stored() is None


async def test_yes_to_the_erase_question_is_not_a_feedback_answer(
    conversation, dispatcher, domain
) -> None:
    asked = [{"event": "action", "name": "utter_vragen_verwijderen"}]
    events = await validate(
        domain, dispatcher, "feedback_antwoord", text="ja", intent="bevestigen", events=asked
    )
    assert not {k for k in slot_values(events) if k != "requested_slot"}


async def test_skipping_by_going_on_is_stored_once(conversation, dispatcher, domain) -> None:
    tracker = make_tracker(slots=END, active_loop="feedback_form")
    events = await ActionOverslaanFeedback().run(dispatcher, tracker, domain)
    assert ActiveLoop(None) in events
    assert stored() == ("overgeslagen", None)
    answered = make_tracker(slots={**END, "feedback_antwoord": "nee"})
    await ActionOverslaanFeedback().run(dispatcher, answered, domain)
    assert stored() == ("overgeslagen", None)


async def test_the_end_of_the_form_thanks_or_accepts(dispatcher, domain) -> None:
    thanked = {**END, "feedback_antwoord": "ja", "feedback_einde": "bedankt"}
    await ActionAfsluitenFeedback().run(dispatcher, make_tracker(slots=thanked), domain)
    skipped = {**END, "feedback_antwoord": "overgeslagen", "feedback_einde": "overgeslagen"}
    await ActionAfsluitenFeedback().run(dispatcher, make_tracker(slots=skipped), domain)
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_feedback_bedankt",
        "utter_feedback_overgeslagen",
    ]
