"""The feedback question at the end of a conversation: ask once, never insist.

``action_vragen_feedback`` opens ``feedback_form`` after the end (not in practice, not
while a human has the conversation, not when this conversation was asked before). The
form asks whether the conversation helped and then for an optional comment. A user who
skips is thanked; a user who goes on (asks something, starts again, says goodbye) is
served as if the question had not been there (rules in data/rules/feedback.yml and
onderbrekingen.yml). Reading the answer lives in :mod:`bot.dialogue.feedback_reading`, storing it in
:mod:`bot.store.feedback_answers`.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.common import known_names, user_turn, validating_user_turn
from actions.conversation import respond_unplaced
from bot.dialogue import feedback_reading as feedback
from bot.privacy import mask
from bot.store.feedback_answers import may_ask_feedback, record_feedback
from bot.store.repository import repository_scope

FORM = "feedback_form"
ANSWER, COMMENT, END = "feedback_antwoord", "feedback_opmerking", "feedback_einde"
# How the form ended (slot feedback_einde), for action_afsluiten_feedback.
THANKED, SKIPPED, WENT_ON = "bedankt", "overgeslagen", "doorgegaan"
ERASE_QUESTION = "utter_vragen_verwijderen"


def _answers_erase_question(tracker: Tracker) -> bool:
    """The user answers "wil je echt alles wissen?": a rule handles that, not the form."""
    seen_user = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            seen_user = True
        elif seen_user and kind == "action" and event.get("name") != "action_listen":
            return bool(event.get("name") == ERASE_QUESTION)
    return False


def _store(tracker: Tracker, answer: str) -> None:
    with repository_scope() as repository:
        record_feedback(repository, tracker.sender_id, answer)


class ValidateFeedbackForm(FormValidationAction):
    """Reads the answer and the optional comment with the SDK's ``extract_`` hooks.

    A message that is neither is not forced into the form: an interruption or a new start
    sets nothing (the form is rejected and a rule serves it); anything else skips the
    question and ends the form with ``feedback_einde = doorgegaan``.
    """

    def name(self) -> str:
        return "validate_feedback_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """No comment is asked after a skip."""
        if tracker.get_slot(ANSWER) == feedback.SKIPPED:
            return [ANSWER]
        return list(domain_slots)

    def _turn_for(self, tracker: Tracker, slot: str) -> bool:
        return (
            tracker.get_slot("requested_slot") == slot
            and validating_user_turn(tracker, FORM)
            and not (
                _answers_erase_question(tracker)
                and user_turn(tracker).intent in ("bevestigen", "ontkennen")
            )
        )

    async def extract_feedback_antwoord(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The answer, or ``doorgegaan`` when the user went on (read in the validate hook)."""
        if not self._turn_for(tracker, ANSWER):
            return {}
        reading = feedback.read_answer(user_turn(tracker))
        if reading.kind == "interrupt":
            return {}
        return {ANSWER: WENT_ON if reading.kind == "goes_on" else reading.value}

    async def extract_feedback_opmerking(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not self._turn_for(tracker, COMMENT):
            return {}
        reading = feedback.read_comment(user_turn(tracker))
        if reading.kind == "interrupt":
            return {}
        return {COMMENT: WENT_ON if reading.kind == "goes_on" else reading.value}

    async def validate_feedback_antwoord(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Store the answer as soon as it is given (the comment may never come)."""
        if value == WENT_ON:
            _store(tracker, feedback.SKIPPED)
            return {ANSWER: feedback.SKIPPED, COMMENT: feedback.NO_COMMENT, END: WENT_ON}
        if value not in feedback.ANSWERS:
            return {ANSWER: None}
        _store(tracker, str(value))
        return {ANSWER: value, END: SKIPPED if value == feedback.SKIPPED else THANKED}

    async def validate_feedback_opmerking(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Add the comment to the stored answer; the slot keeps only the masked text."""
        if value == WENT_ON:
            return {COMMENT: feedback.NO_COMMENT, END: WENT_ON}
        answer = tracker.get_slot(ANSWER)
        if not isinstance(value, str) or value == feedback.NO_COMMENT or answer is None:
            return {COMMENT: value, END: THANKED}
        names = known_names(tracker)
        with repository_scope() as repository:
            record_feedback(repository, tracker.sender_id, str(answer), value, names)
        return {COMMENT: mask(value, names), END: THANKED}


class ActionVragenFeedback(Action):
    """At the end: open the feedback question, unless it should not be asked now."""

    def name(self) -> str:
        return "action_vragen_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("modus") == "oefenen":
            return []
        with repository_scope() as repository:
            if not may_ask_feedback(repository, tracker.sender_id):
                return []
        return [SlotSet(ANSWER, None), SlotSet(COMMENT, None), SlotSet(END, None), ActiveLoop(FORM)]


class ActionOverslaanFeedback(Action):
    """The user went on at the feedback question: keep it as skipped and close the form."""

    def name(self) -> str:
        return "action_overslaan_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events: list[EventType] = [ActiveLoop(None), SlotSet("requested_slot", None)]
        if tracker.get_slot(ANSWER) is None:
            _store(tracker, feedback.SKIPPED)
            events.append(SlotSet(ANSWER, feedback.SKIPPED))
        return events


class ActionAfsluitenFeedback(Action):
    """After the form: thank for an answer, accept a skip, or serve the message that went on."""

    def name(self) -> str:
        return "action_afsluiten_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        end, answer = tracker.get_slot(END), tracker.get_slot(ANSWER)
        if answer is not None and answer != feedback.SKIPPED:
            dispatcher.utter_message(response="utter_feedback_bedankt")
        elif end != WENT_ON:
            dispatcher.utter_message(response="utter_feedback_overgeslagen")
        if end == WENT_ON:
            return respond_unplaced(dispatcher, tracker)
        return []
