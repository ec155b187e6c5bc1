"""The review before a hand-over: what will be passed on, changed line by line or confirmed."""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import ActiveLoop, ConversationPaused, SlotSet

from actions import review
from actions.handover import ActionOverdragen
from actions.review import ActionAskNagekeken, ValidateNakijkenForm, read_review
from bot.dialogue.turn import UserTurn
from bot.store.repository import repository_scope
from tests.actions.conftest import make_tracker, user_event

VSO_17 = {"herkomst": "vso", "leeftijd": 17, "startkwalificatie": "nee", "wensen": "kapper"}
SHOWN = ["herkomst", "leeftijd", "startkwalificatie", "wensen"]


def _answers(conversation_id: str = "gesprek-1", mode: str = "advies") -> None:
    with repository_scope() as repository:
        repository.ensure_conversation(conversation_id, mode=mode, consent=True)
        for question, value in VSO_17.items():
            repository.record_answer(
                conversation_id, question, value, text=f"{value}", answered_by="jongere"
            )


def _after(form: str, slots: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    after = [
        {"event": "action", "name": form, "timestamp": 100.0},
        {"event": "active_loop", "name": None, "timestamp": 100.0},
    ]
    return make_tracker(
        text="ja", intent="bevestigen", after=after, latest_action=form, slots=slots, **kwargs
    )


async def test_the_end_of_a_part_opens_the_review_not_the_hand_over(
    database, dispatcher, domain
) -> None:
    _answers()
    events = await ActionOverdragen().run(dispatcher, _after("voorkant_form"), domain)
    assert ActiveLoop("nakijken_form") in events
    assert SlotSet("nakijken_beslispunt", "leerroute") in events
    assert ConversationPaused() not in events
    with repository_scope() as repository:
        assert repository.handovers("gesprek-1") == []


async def test_the_review_shows_every_line_with_a_button_and_a_confirmation(
    database, dispatcher, domain
) -> None:
    _answers()
    tracker = make_tracker(slots={"nakijken_beslispunt": "leerroute"}, active_loop="nakijken_form")
    await ActionAskNagekeken().run(dispatcher, tracker, domain)
    [message] = dispatcher.messages
    assert message["text"].startswith("Dit geef ik door aan de medewerker:")
    assert "• Leeftijd: 17." in message["text"]
    payloads = [button["payload"] for button in message["buttons"]]
    assert '/antwoord_wijzigen{"waarde": "leeftijd"}' in payloads
    assert payloads[-1] == "/bevestigen"
    assert len(payloads) == len(VSO_17) + 1


async def test_a_confirmed_review_hands_over_with_the_lines_confirmed(
    database, dispatcher, domain
) -> None:
    _answers()
    tracker = _after(review.FORM, slots={"nagekeken": "ja", "nakijken_beslispunt": "leerroute"})
    events = await ActionOverdragen().run(dispatcher, tracker, domain)
    assert ConversationPaused() in events and SlotSet("nagekeken", None) in events
    with repository_scope() as repository:
        [handover] = repository.list_handovers(status="open")
        assert handover.decision_point == "leerroute"
        assert "Nagekeken: de gebruiker heeft deze antwoorden bevestigd." in handover.summary
        record = repository.case_record("gesprek-1")["record"]
        assert all(answer["confirmed"] for answer in record)


async def test_a_line_to_change_is_asked_again_in_its_part(database, dispatcher, domain) -> None:
    _answers()
    tracker = _after(
        review.FORM,
        slots={"nagekeken": "wijzigen:leeftijd", "nakijken_beslispunt": "leerroute"},
    )
    events = await ActionOverdragen().run(dispatcher, tracker, domain)
    assert SlotSet("leeftijd", None) in events and ActiveLoop("voorkant_form") in events
    assert SlotSet("nagekeken", None) in events
    assert [m.get("response") for m in dispatcher.messages] == ["utter_wijzigen_opnieuw"]
    with repository_scope() as repository:
        assert repository.handovers("gesprek-1") == []


async def test_practice_and_a_request_for_a_human_have_no_review(
    database, dispatcher, domain
) -> None:
    _answers("oefen-1", mode="oefenen")
    practice = _after("voorkant_form", slots={"modus": "oefenen"}, sender_id="oefen-1")
    events = await ActionOverdragen().run(dispatcher, practice, domain)
    assert ActiveLoop("oefenen_partners_form") in events
    assert ActiveLoop("nakijken_form") not in events
    _answers("gesprek-2")
    human = make_tracker(text="ik wil een mens", intent="mens_spreken", sender_id="gesprek-2")
    events = await ActionOverdragen().run(dispatcher, human, domain)
    assert ConversationPaused() in events
    with repository_scope() as repository:
        [handover] = repository.handovers("gesprek-2")
        assert handover.decision_point == "op_verzoek"
        assert "Niet nagekeken" in handover.summary


def test_reading_the_answer_to_the_review() -> None:
    def read(text: str, intent: str, entities: tuple[dict[str, Any], ...] = ()) -> str | None:
        return read_review(UserTurn(intent=intent, text=text, entities=entities), SHOWN)

    assert read("/bevestigen", "bevestigen") == "ja"
    assert read("ja klopt", "bevestigen") == "ja"
    button = ({"entity": "waarde", "value": "leeftijd"},)
    assert read('/antwoord_wijzigen{"waarde": "leeftijd"}', "antwoord_wijzigen", button) == (
        "wijzigen:leeftijd"
    )
    assert read("de leeftijd klopt niet", "ontkennen") == "wijzigen:leeftijd"
    assert read("ja maar de leeftijd klopt niet", "bevestigen") == "wijzigen:leeftijd"
    assert read("nee", "ontkennen") == "?"
    assert read("leeftijd is 18", "informeren") == "wijzigen:leeftijd"
    assert read("ik wil nog iets kwijt", "informeren") == "?"
    assert read("ik wil een medewerker", "mens_spreken") == "overslaan"
    assert read("wat betekent startkwalificatie", "uitleg_vragen") is None
    assert read("stop", "stoppen") is None
    # A button of a line that cannot be asked again here is not a change.
    consent = ({"entity": "waarde", "value": "toestemming"},)
    assert read("/antwoord_wijzigen", "antwoord_wijzigen", consent) == "?"


async def test_the_form_asks_again_when_no_line_is_named(dispatcher, domain) -> None:
    validator = ValidateNakijkenForm()
    tracker = make_tracker(
        text="nee",
        intent="ontkennen",
        slots={"requested_slot": "nagekeken", "nakijken_beslispunt": "leerroute"},
        active_loop="nakijken_form",
        events=[user_event("x", "informeren", ts=1.0)],
        after=[{"event": "action", "name": "nakijken_form", "timestamp": 100.0}],
    )
    extracted = await validator.extract_nagekeken(dispatcher, tracker, domain)
    assert extracted == {"nagekeken": "?"}
    validated = await validator.validate_nagekeken("?", dispatcher, tracker, domain)
    assert validated == {"nagekeken": None}
    assert dispatcher.messages[-1]["response"] == "utter_nakijken_welke"
