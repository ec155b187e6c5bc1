"""Guided pre-intake for a referred applicant ("aan de poort")."""

from __future__ import annotations

import re
from datetime import date

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import user_events
from actions.conversation import new_round
from bot.dialogue import pre_intake
from bot.dialogue.consent import SPEAKS_FOR_SOMEONE
from bot.dialogue.opening import role_in
from bot.dialogue.turn import UserTurn
from bot.knowledge import load_knowledge
from bot.knowledge.schooljaar import aanmelddatum
from bot.knowledge.text import fold

# "zit hier met een meisje dat zich wil aanmelden": the applicant is at the keyboard too.
_APPLIES_HERE = re.compile(
    r"\b(?:zich|me|mij|zichzelf)\s+(?:wil\s+|komt\s+|gaat\s+)?aanmelden\b|\bwil\s+zich\b"
    r"|\bzit\s+hier\s+(?:samen\s+)?met\b|\bsamen\s+met\b|\bnaast\s+me\b"
)


class ActionStartenPreIntake(Action):
    """Greet the applicant and note what they said in passing (e.g. who referred them).

    Nothing is stored yet: the pre-intake form asks for consent first and stores these
    facts once consent is given.
    """

    def name(self) -> str:
        return "action_starten_pre_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        latest = user_events(tracker)[-1:]
        text = str(latest[0].get("text") or "") if latest else ""
        if (
            not text.startswith("/")
            and role_in(fold(text)) in SPEAKS_FOR_SOMEONE
            and not _APPLIES_HERE.search(fold(text))
        ):
            # "de school van mijn dochter stuurde mij deze link", "jobcoach van de gemeente
            # hier": a parent or professional is no applicant; they get the advice
            return [FollowupAction("action_starten_gesprek")]
        events = new_round(tracker)
        dispatcher.utter_message(response=pre_intake.WELCOME)
        turns = [
            UserTurn(
                intent=((e.get("parse_data") or {}).get("intent") or {}).get("name"),
                text=e.get("text") or "",
                entities=tuple((e.get("parse_data") or {}).get("entities") or ()),
            )
            for e in user_events(tracker)[-1:]
        ]
        fresh = bool(events)  # a new round: nothing from the earlier one counts
        wanted = [
            q for q in load_knowledge().prefill_questions if fresh or tracker.get_slot(q) is None
        ]
        facts = pre_intake.opening_facts(turns, wanted)
        started: list[EventType] = [
            *events,
            SlotSet("modus", "pre_intake"),
            *registration_date_slots(),
            *(SlotSet(q, v) for q, v in facts.items()),
        ]
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent != "pre_intake_starten":
            # Started for a sign-up the classifier could not place: no rule opens the form.
            started.append(FollowupAction("pre_intake_form"))
        return started


def registration_date_slots(on: date | None = None) -> list[EventType]:
    """The 1 April the question about registering names, and whether it passed (today)."""
    deadline = aanmelddatum(on)
    return [
        SlotSet("aanmeldjaar", deadline.deadline.year),
        SlotSet("aanmelddatum_voorbij", deadline.passed),
    ]
