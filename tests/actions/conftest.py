"""Fixtures for action tests: a migrated private database, the domain, and trackers.

Trackers are rebuilt from JSON files in ``tests/actions/trackers/`` (saved conversation
states) or from a few keyword arguments, and the actions run without any server.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

TRACKERS = Path(__file__).parent / "trackers"
DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"


@pytest.fixture
def database(sqlite_store: str) -> str:
    return sqlite_store


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def saved_tracker(name: str) -> Tracker:
    """A tracker saved as JSON (the shape Rasa sends to the action server)."""
    return Tracker.from_dict(json.loads((TRACKERS / f"{name}.json").read_text(encoding="utf-8")))


def user_event(
    text: str, intent: str, entities: list[dict[str, Any]] | None = None, ts: float = 1.0
) -> dict[str, Any]:
    parse = {
        "intent": {"name": intent, "confidence": 0.99},
        "entities": entities or [],
        "text": text,
    }
    return {"event": "user", "timestamp": ts, "text": text, "parse_data": parse}


def make_tracker(
    *,
    sender_id: str = "gesprek-1",
    slots: dict[str, Any] | None = None,
    text: str = "",
    intent: str = "informeren",
    entities: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    latest_action: str = "action_listen",
    after: list[dict[str, Any]] | None = None,
) -> Tracker:
    """A tracker whose latest message is ``text`` with ``intent`` and ``entities``."""
    latest = user_event(text, intent, entities, ts=99.0)
    history = [*(events or []), latest, *(after or [])]
    return Tracker(
        sender_id=sender_id,
        slots=dict(slots or {}),
        latest_message=latest["parse_data"],
        events=history,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name=latest_action,
    )


def rendered(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], slots: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The messages as the user reads them: responses from the domain filled in.

    Actions say their words with ``response=`` (the texts live in domain.yml); this picks
    the variant whose slot conditions hold, as Rasa does, and fills ``{placeholders}``.
    """
    slots = slots or {}
    shown: list[dict[str, Any]] = []
    for message in dispatcher.messages:
        name = message.get("response")
        if not name:
            shown.append({"text": message.get("text") or "", "buttons": message.get("buttons")})
            continue
        variants = domain["responses"][name]
        fitting = [
            v
            for v in variants
            if all(slots.get(c["name"]) == c["value"] for c in v.get("condition", ()))
        ]
        chosen = next((v for v in fitting if v.get("condition")), None) or next(
            v for v in fitting if not v.get("condition")
        )
        values = {**slots, **{k: v for k, v in message.items() if k not in ("response",)}}
        text = chosen["text"]
        for key, value in values.items():
            text = text.replace("{" + key + "}", str(value))
        shown.append({"text": text, "buttons": chosen.get("buttons") or message.get("buttons")})
    return shown


def said_text(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], slots: dict[str, Any] | None = None
) -> str:
    return "\n".join(m["text"] for m in rendered(dispatcher, domain, slots))
