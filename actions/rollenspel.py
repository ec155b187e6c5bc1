"""The rehearsal in practice mode: the case answers in character, the trainee leads.

``rollenspel_form`` asks one slot, ``rollenspel_einde``, again and again: a form receives
every message whatever intent the classifier hears, so each trainee message reaches
:class:`ValidateRollenspelForm`. Its ``extract_`` hook lets the case answer (and gives a
short tip); only 'klaar'/'feedback' or 'stop' fill the slot, which ends the form, and
:class:`ActionAfsluitenRollenspel` gives the feedback and the report.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.common import validating_user_turn
from bot.practice.cases import Case, role_cases
from bot.practice.cleanup import retention_hours
from bot.practice.control import control
from bot.practice.roleplay import play
from bot.practice.rubric import hints, score
from bot.practice.session import trainee_texts
from bot.practice.trainee_report import REPORT_QUESTION, build_report
from bot.store.repository import repository_scope

FORM = "rollenspel_form"
SLOT = "rollenspel_einde"
REPORT_PATH = "/oefenen/verslag"


def rehearsal_case(tracker: Tracker) -> Case | None:
    """The case being rehearsed (None when the chosen case has no role)."""
    return {case.key: case for case in role_cases()}.get(tracker.get_slot("casus") or "")


def case_name(case: Case) -> str:
    """Who the trainee talks to, for the help texts."""
    role = case.role
    if role and role.speaker == "ouder" and role.parent:
        return f"{role.parent}, de ouder van {case.naam}"
    if role and role.parent:
        return f"{case.naam} en {role.parent}"
    return case.naam


class ValidateRollenspelForm(FormValidationAction):
    """Every trainee message: a request to the assistant, or a question for the case."""

    def name(self) -> str:
        return f"validate_{FORM}"

    async def extract_rollenspel_einde(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not validating_user_turn(tracker, FORM):
            return {}  # the form is being activated; the case was just shown
        case = rehearsal_case(tracker)
        message = tracker.latest_message or {}
        text = str(message.get("text") or "")
        request = control(text, (message.get("intent") or {}).get("name"))
        if case is None or request == "stop":
            return {SLOT: "stop"}
        if request == "klaar":
            return {SLOT: "klaar"}
        # The slot stays empty, but it is set: Rasa's form rejects a turn that sets no slot,
        # and a rejected turn would leave the case for the core fallback.
        going_on = {SLOT: None}
        if request == "hulp":
            dispatcher.utter_message(response="utter_rollenspel_hulp", naam=case_name(case))
            return going_on
        if request == "mens":
            dispatcher.utter_message(
                response="utter_rollenspel_geen_medewerker", naam=case_name(case)
            )
            return going_on
        played = play(case, trainee_texts(tracker.events))
        if not played:
            dispatcher.utter_message(response="utter_rollenspel_hulp", naam=case_name(case))
            return going_on
        dispatcher.utter_message(text=played[-1].text)
        for tip in hints(case, played):
            dispatcher.utter_message(text=tip)
        return going_on

    async def validate_rollenspel_einde(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return {SLOT: value if value in ("klaar", "stop") else None}


class ActionAskRollenspelEinde(Action):
    """The form's question is the case's last answer, already said: nothing more to say."""

    def name(self) -> str:
        return "action_ask_rollenspel_einde"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return []


class ActionAfsluitenRollenspel(Action):
    """After 'klaar': the feedback per point and the report; after 'stop': just the end."""

    def name(self) -> str:
        return "action_afsluiten_rollenspel"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        case = rehearsal_case(tracker)
        ended = tracker.get_slot(SLOT)
        reset = [SlotSet(SLOT, None)]
        if ended != "klaar" or case is None:
            dispatcher.utter_message(response="utter_gestopt")
            return reset
        texts = trainee_texts(tracker.events)
        points = score(case, play(case, texts))
        report = build_report(case, texts, points)
        with repository_scope() as repository:
            repository.ensure_conversation(
                tracker.sender_id, mode="oefenen", role="professional", practice=True
            )
            repository.record_answer(
                tracker.sender_id, REPORT_QUESTION, report, answered_by="professional"
            )
        lines = [f"• {point.text}" for point in points]
        dispatcher.utter_message(response="utter_rollenspel_feedback")
        dispatcher.utter_message(text="\n".join(lines))
        link = f"{REPORT_PATH}/{tracker.sender_id}/{report['token']}"
        dispatcher.utter_message(
            response="utter_rollenspel_score",
            goed=report["score"]["goed"],
            alle=report["score"]["alle"],
            link=link,
            pdf=f"{link}.pdf",
            uren=f"{retention_hours():g}",
        )
        dispatcher.utter_message(response="utter_wat_nu")
        return reset
