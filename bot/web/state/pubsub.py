"""In-process publish/subscribe for live delivery (server-sent events).

Why server-sent events and not a websocket: the browser only needs to *receive* while a
conversation is handed over (the professional's replies, "the assistant is back"); what the
young person types already goes over an ordinary ``POST``. SSE is plain HTTP, so it passes
proxies and school firewalls, the browser's ``EventSource`` reconnects on its own and sends
``Last-Event-ID`` so nothing is lost, and it needs no websocket library: uvicorn runs here
with ``--ws wsproto`` because Rasa pins websockets 10.

:class:`Hub` lives in the one web process (``make run``: uvicorn with one worker). Several
workers (``make run-cluster``) share :class:`bot.web.state.redis_state.RedisHub` instead, behind
the same interface; :func:`bot.web.state.shared.shared` picks one.

Each conversation keeps its last :data:`HISTORY` events with increasing ids, so a client
that reconnects (or reloads the page) with the id it saw last gets what it missed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.knowledge.responses import text as response_text

if TYPE_CHECKING:
    from bot.web.state.shared import LiveHub

from bot.web.state.live_memory import (
    HISTORY as HISTORY,
)
from bot.web.state.live_memory import (
    KEEPALIVE_SECONDS as KEEPALIVE_SECONDS,
)
from bot.web.state.live_memory import (
    MAX_CONVERSATIONS as MAX_CONVERSATIONS,
)
from bot.web.state.live_memory import (
    QUEUE_SIZE as QUEUE_SIZE,
)
from bot.web.state.live_memory import (
    RETRY_MS as RETRY_MS,
)
from bot.web.state.live_memory import (
    TICK_SECONDS as TICK_SECONDS,
)
from bot.web.state.live_memory import (
    Event as Event,
)
from bot.web.state.live_memory import (
    Hub as Hub,
)


def live_hub() -> LiveHub:
    """The hub of this worker's backend (memory or Redis, :mod:`bot.web.state.shared`)."""
    from bot.web.state.shared import shared

    return shared().hub


def parse_after(value: str | None) -> int | None:
    """The ``Last-Event-ID`` header or ``after`` parameter as an int (None when absent/bad)."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


# -- what the web service publishes (one place, so the widget and the inbox agree) -----------

# The inbox list's topic; conversation ids never contain a colon, so it cannot clash.
INBOX_TOPIC = "medewerker:lijst"


def publish_inbox_changed(reason: str) -> None:
    """The list of hand-overs changed (new, taken, given back, decided): open inboxes reload it."""
    live_hub().publish(INBOX_TOPIC, {"type": "lijst", "reden": reason})


def _state(state: str) -> dict[str, Any]:
    """A state change for the widget, with its words from domain.yml (``utter_status_…``)."""
    return {"type": "state", "state": state, "text": response_text(f"utter_status_{state}")}


MAX_SHOWN_NAME = 40


def shown_name(name: str | None) -> str:
    """The name a professional chose to show in the chat, or a neutral "een medewerker"."""
    cleaned = " ".join((name or "").split())[:MAX_SHOWN_NAME]
    return cleaned or response_text("utter_mens_schrijft_naam_leeg")


def _notice(text: str) -> dict[str, Any]:
    """A line in the chat that says who writes now (AI Act art. 50: people know it is a program)."""
    return {"type": "message", "sender": "bot", "text": text, "buttons": []}


def publish_taken(conversation_id: str, name: str | None = None) -> None:
    """A person took the conversation: the state, then "a person writes now", with the name."""
    live_hub().publish(conversation_id, _state("opgepakt"))
    text = response_text("utter_mens_schrijft", naam=shown_name(name))
    live_hub().publish(conversation_id, _notice(text))


def handover_state(status: str) -> dict[str, Any]:
    """The widget's state while handed over: waiting for a professional, or taken."""
    state = "opgepakt" if status == "in_behandeling" else "overdracht"
    # Both say the conversation is handed over; "er nu voor je" is said once, when taken.
    return {"type": "state", "state": state, "text": response_text("utter_status_overdracht")}


def publish_released(conversation_id: str) -> None:
    """The professional gave the case back: the user waits for a colleague again."""
    live_hub().publish(conversation_id, handover_state("open"))


def publish_professional_reply(conversation_id: str, text: str) -> None:
    live_hub().publish(conversation_id, {"type": "message", "sender": "professional", "text": text})


def publish_resumed(conversation_id: str, messages: list[dict[str, Any]]) -> None:
    """ "The assistant writes again", its words after a decision, then the state.

    These words are the assistant's last answer now: their buttons are remembered as
    offered (in this worker's memory or in Redis), before the widget can show them.
    """
    from bot.web.state.shared import offered_payloads, shared

    shared().offered.remember_now(conversation_id, offered_payloads(messages))
    live_hub().publish(conversation_id, _notice(response_text("utter_assistent_schrijft")))
    for message in messages:
        if message.get("text") or message.get("buttons"):
            live_hub().publish(
                conversation_id,
                {
                    "type": "message",
                    "sender": "bot",
                    "text": message.get("text") or "",
                    "buttons": message.get("buttons") or [],
                },
            )
    live_hub().publish(conversation_id, _state("assistent"))


class HubChannel:
    """The casework service's live channel (:class:`bot.handover.casework.LiveChannel`)."""

    def taken(self, conversation_id: str, shown_name: str | None = None) -> None:
        publish_taken(conversation_id, shown_name)
        publish_inbox_changed("opgepakt")

    def released(self, conversation_id: str) -> None:
        publish_released(conversation_id)
        publish_inbox_changed("teruggegeven")

    def professional_reply(self, conversation_id: str, text: str) -> None:
        publish_professional_reply(conversation_id, text)

    def resumed(self, conversation_id: str, messages: list[dict[str, Any]]) -> None:
        publish_resumed(conversation_id, messages)
        publish_inbox_changed("besloten")

    def erased(self, conversation_id: str) -> None:
        live_hub().forget(conversation_id)
        publish_inbox_changed("gewist")
