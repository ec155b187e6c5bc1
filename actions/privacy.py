"""Erasing a user's data when they ask for it (gegevens_verwijderen, after confirming)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.store.repository import repository_scope


class ActionVerwijderenGegevens(Action):
    """Delete the conversation's answers, suggestions and hand-overs, and forget the slots."""

    def name(self) -> str:
        return "action_verwijderen_gegevens"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with repository_scope() as repository:
            repository.delete_conversation(tracker.sender_id)
        dispatcher.utter_message(response="utter_gegevens_gewist")
        return [ActiveLoop(None), AllSlotsReset()]
