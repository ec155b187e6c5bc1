"""The user's privacy in the chat: erase everything (after confirming) and say what is kept."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.knowledge import load_knowledge
from bot.settings import get_settings
from bot.store.erasure import erase_conversation
from bot.store.inzage import stored_now
from bot.store.repository import repository_scope
from bot.store.tracker_erasure import ERASE_ACTION, ERASED


class ActionVerwijderenGegevens(Action):
    """Erase the conversation from the project's tables and Rasa's tracker, like the API does.

    The tracker store does not write this turn back (see :mod:`bot.store.tracker_erasure`).
    """

    def name(self) -> str:
        return ERASE_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        erase_conversation(
            tracker.sender_id,
            actor="jongere",
            via="chat",
            tracker_store_url=get_settings().tracker_store_url,
        )
        # The marker tells the widget to empty its screen and the tab's storage as well.
        dispatcher.utter_message(response="utter_gegevens_gewist", json_message={ERASED: True})
        return [ActiveLoop(None), AllSlotsReset()]


class ActionTonenGegevens(Action):
    """privacy_vraag: what is stored about the user now, then who sees it and how to erase it."""

    def name(self) -> str:
        return "action_tonen_gegevens"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        with repository_scope() as repository:
            kept = stored_now(repository, tracker.sender_id)
        if kept.nothing:
            dispatcher.utter_message(response="utter_gegevens_niets")
        if kept.questions:
            questions = load_knowledge().questions
            labels = [
                questions[key].label if key in questions else key.replace("_", " ")
                for key in kept.questions
            ]
            topics = ", ".join(label[:1].lower() + label[1:] for label in labels)
            dispatcher.utter_message(response="utter_gegevens_antwoorden", onderwerpen=topics)
        if kept.contact:
            dispatcher.utter_message(response="utter_gegevens_contact")
        if kept.handovers:
            dispatcher.utter_message(response="utter_gegevens_medewerker")
        dispatcher.utter_message(response="utter_privacy")
        return []
