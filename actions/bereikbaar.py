"""Asking how the school may reach a young person or parent alone (bot.dialogue.reach)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.dialogue import reach


class ActionAskBereikbaar(Action):
    """The question, or, after "Bellen of appen" or "Mailen", the line for the details."""

    def name(self) -> str:
        return "action_ask_bereikbaar"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response=reach.ask_response(tracker.slots))
        return []
