"""Explain a term (uitleg_vragen) from the terms kept as data in bot/knowledge."""

from __future__ import annotations

from datetime import date

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import user_turn
from bot.dialogue.flow import conversation_state
from bot.dialogue.opening import read_opening
from bot.dialogue.turn import looks_like_question
from bot.knowledge import find_term, load_knowledge
from bot.knowledge.model import Term
from bot.knowledge.responses import text as response_text
from bot.knowledge.schooljaar import MONTHS

POPULAR_TERMS = ("startkwalificatie", "entree", "bbl", "bol", "praktijkverklaring", "jobcoach")


class ActionUitleggenBegrip(Action):
    """Find the term in the entities or the text, and explain it in plain words."""

    def name(self) -> str:
        return "action_uitleggen_begrip"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        turn = user_turn(tracker)
        if (
            conversation_state(tracker.slots, tracker.active_loop_name) == "nieuw"
            and not looks_like_question(turn.text)
            and read_opening(turn).tells_situation
        ):
            # "Ik ben jobcoach, mijn cliënt haalt zijn diploma niveau 1": a start, not a
            # question about the word diploma.
            return [FollowupAction("action_starten_gesprek")]
        candidates = [
            str(e.get("value"))
            for e in message.get("entities") or ()
            if e.get("entity") in ("term", "route", "waarde")
        ]
        candidates.append(message.get("text") or "")
        for candidate in candidates:
            term = find_term(candidate)
            if term is not None:
                dispatcher.utter_message(text=explained(term))
                return []
        terms = load_knowledge().terms
        buttons = [
            {"title": terms[key].title, "payload": f'/uitleg_vragen{{"waarde": "{key}"}}'}
            for key in POPULAR_TERMS
            if key in terms
        ]
        dispatcher.utter_message(response="utter_kies_begrip", buttons=buttons)
        return []


def explained(term: Term) -> str:
    """The explanation with its source and the date it was checked, on a line of its own."""
    checked = date.fromisoformat(term.checked)
    source = response_text(
        "utter_uitleg_bron",
        bron=term.source,
        datum=f"{checked.day} {MONTHS[checked.month - 1]} {checked.year}",
    )
    return f"{term.title}: {term.explanation}\n{source}"
