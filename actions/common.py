"""Small helpers shared by the actions: reading the tracker and the database scope."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.dialogue.turn import UserTurn
from bot.knowledge.model import SPEAKING_ROLES
from bot.privacy import names_from_events


def user_turn(tracker: Tracker) -> UserTurn:
    """The latest user message as the extraction logic needs it."""
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    entities = tuple(message.get("entities") or ())
    return UserTurn(intent=intent, text=message.get("text") or "", entities=entities)


def typed_text(tracker: Tracker) -> str | None:
    """The user's own words, or None when the message was a button payload."""
    text = (tracker.latest_message or {}).get("text") or ""
    return None if text.startswith("/") or not text.strip() else text


def user_events(tracker: Tracker) -> list[dict[str, Any]]:
    return [event for event in tracker.events if event.get("event") == "user"]


ROUND_STARTS = ("action_starten_gesprek", "action_starten_pre_intake", "action_starten_oefenen")


def user_events_this_round(tracker: Tracker) -> list[dict[str, Any]]:
    """User messages since the latest start of a conversation in this chat."""
    events: list[dict[str, Any]] = []
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") in ROUND_STARTS:
            break
        if event.get("event") == "user":
            events.append(event)
    return events[::-1]


def known_names(tracker: Tracker) -> list[str]:
    """Names the user mentioned anywhere in the conversation, to mask them everywhere.

    Earlier user texts come back from the masking tracker store already masked; the names
    given in them are then known through the keys kept in the events' metadata.
    """
    return names_from_events(user_events(tracker))


def request_key(tracker: Tracker, purpose: str) -> str:
    """Stable per triggering user message, so a retried action writes nothing twice."""
    events = user_events(tracker)
    stamp = events[-1].get("timestamp") if events else 0
    return f"{purpose}:{stamp}"


def answered_by(tracker: Tracker) -> str:
    """Who gave the answers: the role of whoever types, so the record says it."""
    role = tracker.get_slot("rol")
    return role if role in SPEAKING_ROLES else "professional"


def validating_user_turn(tracker: Tracker, form: str) -> bool:
    """True when a form validator is called for a new user message.

    Rasa hands the validator a temporary tracker that ends with the form's own action,
    so ``latest_action_name`` cannot tell. A user message right before that run means the
    message must be read; another action in between means the form is being activated.
    """
    seen_form = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user":
            return True
        if kind == "action":
            name = event.get("name")
            if name == form and not seen_form:
                seen_form = True
                continue
            return bool(name == "action_listen")
    return False
