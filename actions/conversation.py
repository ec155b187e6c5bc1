"""Actions that steer the conversation: the next part, stopping, changing an answer,
misunderstandings, and a session start that keeps a pending hand-over paused."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActionExecuted,
    ActiveLoop,
    ConversationPaused,
    EventType,
    SessionStarted,
    SlotSet,
)
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import user_events
from bot.dialogue.extraction import UserTurn, prefill_values
from bot.dialogue.flow import PART_INTRODUCTIONS, consent_problem, next_step
from bot.dialogue.questions import question_mentioned
from bot.store.repository import repository_scope

VOORKANT_QUESTIONS = ("herkomst", "leeftijd", "startkwalificatie", "signalen")


class ActionKiezenVervolgstap(Action):
    """After the start block or a decision: which part comes next (or stop / finish)."""

    def name(self) -> str:
        return "action_kiezen_vervolgstap"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        problem = consent_problem(tracker.slots)
        if problem:
            dispatcher.utter_message(text=problem)
            return [SlotSet("volgende_stap", "gestopt")]
        with repository_scope() as repository:
            handovers = repository.handovers(tracker.sender_id)
            decided = {h.decision_point for h in handovers if h.status == "afgerond"}
            mode = tracker.get_slot("modus")
            if mode == "oefenen":  # practice: a part is done when its feedback was given
                decided = set(tracker.get_slot("geoefend") or ())
            step = next_step(tracker.get_slot("deel"), decided)
            if mode == "pre_intake":  # the pre-intake is one part; after it we close
                step = "afronden"
            events: list[EventType] = [SlotSet("volgende_stap", step)]
            if step == "voorkant":
                events += self._prefill(tracker, repository)
        if step in PART_INTRODUCTIONS:
            dispatcher.utter_message(text=PART_INTRODUCTIONS[step])
        return events

    @staticmethod
    def _prefill(tracker: Tracker, repository: Any) -> list[EventType]:
        """Facts the user already gave in passing (e.g. in the first message)."""
        wanted = [q for q in VOORKANT_QUESTIONS if tracker.get_slot(q) is None]
        found: dict[str, Any] = {}
        for event in user_events(tracker):
            text = event.get("text") or ""
            if text.startswith("/"):
                continue
            parse = event.get("parse_data") or {}
            turn = UserTurn(
                intent=(parse.get("intent") or {}).get("name"),
                text=text,
                entities=tuple(parse.get("entities") or ()),
            )
            for question, value in prefill_values(turn, wanted).items():
                found.setdefault(question, value)
        for question, value in found.items():
            repository.record_answer(
                tracker.sender_id, question, value, text=None, answered_by="professional"
            )
        return [SlotSet(question, value) for question, value in found.items()]


class ActionStoppenGesprek(Action):
    """Stop now; what was said stays stored until the user asks to erase it."""

    def name(self) -> str:
        return "action_stoppen_gesprek"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("modus") == "oefenen":
            text = "Goed, we stoppen met oefenen. Ik wis het oefengesprek vanzelf."
        else:
            text = (
                "Goed, we stoppen. Wat je al hebt verteld, blijft bewaard voor de medewerker. "
                "Wil je dat alles gewist wordt? Typ dan: verwijder mijn gegevens."
            )
        dispatcher.utter_message(text=text)
        return [ActiveLoop(None), SlotSet("requested_slot", None)]


class ActionWijzigenAntwoord(Action):
    """Clear the answer the user wants to change, so the open part asks it again."""

    def name(self) -> str:
        return "action_wijzigen_antwoord"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        form = tracker.active_loop_name
        form_slots: list[str] = list(
            domain.get("forms", {}).get(form, {}).get("required_slots", [])
        )
        answered = [slot for slot in form_slots if tracker.get_slot(slot) is not None]
        message = tracker.latest_message or {}
        chosen = [
            e.get("value") for e in message.get("entities") or () if e.get("entity") == "waarde"
        ]
        question = chosen[0] if chosen else question_mentioned(message.get("text") or "", answered)
        if not form:
            dispatcher.utter_message(
                text=(
                    "Dit deel is al doorgegeven aan een medewerker. "
                    "Vertel de medewerker wat er anders moet."
                )
            )
            return []
        if question in answered:
            dispatcher.utter_message(text="Goed, ik vraag het nog een keer.")
            return [SlotSet(question, None)]
        if not answered:
            dispatcher.utter_message(text="Je hebt in dit deel nog niets beantwoord.")
            return []
        from bot.knowledge import load_knowledge

        questions = load_knowledge().questions
        buttons = [
            {"title": questions[slot].label, "payload": f'/antwoord_wijzigen{{"waarde": "{slot}"}}'}
            for slot in answered
            if slot in questions
        ]
        dispatcher.utter_message(text="Welk antwoord wil je veranderen?", buttons=buttons)
        return []


class ActionNietBegrepen(Action):
    """Say so plainly; after two misunderstandings in a row, offer a human."""

    def name(self) -> str:
        return "action_niet_begrepen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        in_a_row = 0
        for event in reversed(user_events(tracker)):
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent != "nlu_fallback":
                break
            in_a_row += 1
        if in_a_row >= 2:
            dispatcher.utter_message(
                text=(
                    "Het lukt me niet goed om je te begrijpen. Wil je een medewerker spreken? "
                    "Of typ je vraag nog een keer, in andere woorden."
                ),
                buttons=[{"title": "Ja, een medewerker", "payload": "/mens_spreken"}],
            )
            return [SlotSet("misverstanden", in_a_row)]
        dispatcher.utter_message(
            text="Sorry, dat begrijp ik niet. Kun je het anders zeggen? Typ 'help' voor uitleg."
        )
        return [SlotSet("misverstanden", in_a_row)]


class ActionSessionStart(Action):
    """A new session must not end a pause: re-pause while a hand-over is still open."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        events += [
            SlotSet(name, value)
            for name, value in tracker.slots.items()
            if value is not None and name != "requested_slot"
        ]
        with repository_scope() as repository:
            pending = repository.active_handover(tracker.sender_id)
        if pending is not None:
            events.append(ConversationPaused())
        events.append(ActionExecuted("action_listen"))
        return events
