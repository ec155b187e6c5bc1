"""Practice mode: a professional rehearses the conversation with a fictional case."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import new_round
from actions.rollenspel import case_name
from bot.knowledge.responses import text as response_text
from bot.practice import compare_partners, feedback_text, load_cases
from bot.practice.cleanup import retention_hours
from bot.practice.roleplay import opening as play_opening
from bot.practice.trainee_feedback import consent_feedback
from bot.store.refusals import NotFound
from bot.store.repository import repository_scope


class ActionStartenOefenen(Action):
    """Mark the conversation as practice and explain what that means."""

    def name(self) -> str:
        return "action_starten_oefenen"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with repository_scope() as repository:
            try:
                real = not repository.get_conversation(tracker.sender_id).practice
            except NotFound:
                real = False
            if real:
                # Real answers must never become practice data (which is erased).
                dispatcher.utter_message(response="utter_oefenen_apart")
                return [FollowupAction("action_listen")]
        events = new_round(tracker)
        with repository_scope() as repository:
            repository.ensure_conversation(
                tracker.sender_id, mode="oefenen", role="professional", practice=True
            )
        dispatcher.utter_message(response="utter_oefenen_uitleg", uren=f"{retention_hours():g}")
        return [*events, SlotSet("modus", "oefenen"), SlotSet("geoefend", [])]


class ActionAskCasus(Action):
    """Ask which case to practise with; the cases come from data, so the buttons do too."""

    def name(self) -> str:
        return "action_ask_casus"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        cases = load_cases()
        lines = [response_text("utter_kies_casus")]
        lines += [f"{n}. {c.title}: {c.situatie.split('. ')[0]}." for n, c in enumerate(cases, 1)]
        buttons = [
            {"title": case.title, "payload": f'/informeren{{"waarde": "{case.key}"}}'}
            for case in cases
        ]
        dispatcher.utter_message(text="\n".join(lines), buttons=buttons)
        return []


class ActionTonenCasus(Action):
    """Show the chosen case; a case with a role starts the rehearsal, others the voorkant.

    The data is fictional, so the start block is skipped. In the rehearsal asking the case
    for consent is part of what the trainee practises (bot.practice.rubric).
    """

    def name(self) -> str:
        return "action_tonen_casus"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        cases = {case.key: case for case in load_cases()}
        case = cases[tracker.get_slot("casus")]
        if case.role is not None:
            # The rehearsal: the case itself speaks first (actions.rollenspel).
            dispatcher.utter_message(
                response="utter_rollenspel_start",
                naam=case.naam,
                leeftijd=case.leeftijd,
                vooraf=case.role.known,
                wie=case_name(case),
            )
            dispatcher.utter_message(text=play_opening(case))
        else:
            dispatcher.utter_message(
                response="utter_casus_tonen",
                naam=case.naam,
                leeftijd=case.leeftijd,
                situatie=case.situatie,
            )
        under_16 = case.leeftijd < 16
        return [
            SlotSet("toestemming", "ja"),
            SlotSet("jonger_dan_16", "ja" if under_16 else "nee"),
            *([SlotSet("ouder_akkoord", "ja")] if under_16 else []),
            # A fictional young person of 16+ knows and agrees (no real data).
            *([] if under_16 else [SlotSet("jongere_akkoord", "ja")]),
            SlotSet("rol", "professional"),
            SlotSet("deel", "voorkant"),
        ]


class ActionGevenFeedback(Action):
    """Compare the partners the professional chose with the rules, and reflect."""

    def name(self) -> str:
        return "action_geven_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        point = tracker.get_slot("oefen_beslispunt") or "leerroute"
        chosen = tracker.get_slot("oefen_partners") or []
        case = {c.key: c for c in load_cases()}.get(tracker.get_slot("casus") or "")
        with repository_scope() as repository:
            answers = repository.answers(tracker.sender_id)
        feedback = compare_partners(chosen, answers, point, case)
        said = [
            str(event.get("text") or "")
            for event in tracker.events
            if event.get("event") == "user" and not str(event.get("text") or "").startswith("/")
        ]
        consent = consent_feedback(case, chosen, said)
        text = feedback_text(feedback)
        dispatcher.utter_message(text=f"{consent}\n{text}" if consent else text)
        done = [*(tracker.get_slot("geoefend") or []), point]
        return [
            SlotSet("geoefend", done),
            SlotSet("oefen_partners", None),
            SlotSet("oefen_beslispunt", None),
        ]
