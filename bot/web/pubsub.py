"""In-process publish/subscribe for live delivery (server-sent events).

Why server-sent events and not a websocket: the browser only needs to *receive* while a
conversation is handed over (the professional's replies, "the assistant is back"); what the
young person types already goes over an ordinary ``POST``. SSE is plain HTTP, so it passes
proxies and school firewalls, the browser's ``EventSource`` reconnects on its own and sends
``Last-Event-ID`` so nothing is lost, and it needs no websocket library: uvicorn runs here
with ``--ws wsproto`` because Rasa pins websockets 10.

:class:`Hub` lives in the one web process (``make run``: uvicorn with one worker). Several
workers (``make run-cluster``) share :class:`bot.web.redis_state.RedisHub` instead, behind
the same interface; :func:`bot.web.shared.shared` picks one.

Each conversation keeps its last :data:`HISTORY` events with increasing ids, so a client
that reconnects (or reloads the page) with the id it saw last gets what it missed.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.knowledge.responses import text as response_text

if TYPE_CHECKING:
    from bot.web.shared import LiveHub

HISTORY = 50
MAX_CONVERSATIONS = 10_000
QUEUE_SIZE = 100
KEEPALIVE_SECONDS = 15.0
RETRY_MS = 2000
TICK_SECONDS = 1.0


@dataclass
class Event:
    id: int
    data: dict[str, Any]

    def encode(self) -> str:
        """One SSE frame: ``id``, ``event`` (the type) and one ``data`` line of JSON."""
        kind = str(self.data.get("type", "message"))
        return f"id: {self.id}\nevent: {kind}\ndata: {json.dumps(self.data)}\n\n"


@dataclass
class _Topic:
    history: deque[Event] = field(default_factory=lambda: deque(maxlen=HISTORY))
    queues: set[asyncio.Queue[Event | None]] = field(default_factory=set)


class Hub:
    """Topics keyed by conversation id; queues are created per subscriber."""

    def __init__(self) -> None:
        # Ids start at the clock (ms) so they keep growing across restarts of the service.
        self._ids = itertools.count(int(time.time() * 1000))
        self._topics: OrderedDict[str, _Topic] = OrderedDict()
        self.closing = False

    def _topic(self, key: str) -> _Topic:
        topic = self._topics.get(key)
        if topic is None:
            topic = self._topics[key] = _Topic()
            while len(self._topics) > MAX_CONVERSATIONS:
                oldest, old = next(iter(self._topics.items()))
                if old.queues:
                    break
                del self._topics[oldest]
        self._topics.move_to_end(key)
        return topic

    def publish(self, key: str, data: dict[str, Any]) -> Event:
        """Send ``data`` to every subscriber of ``key`` and keep it for late-comers."""
        event = Event(next(self._ids), data)
        topic = self._topic(key)
        topic.history.append(event)
        for queue in list(topic.queues):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:  # a stuck client: end its stream, it will reconnect
                topic.queues.discard(queue)
                queue.get_nowait()
                queue.put_nowait(None)
        return event

    def subscribers(self, key: str) -> int:
        topic = self._topics.get(key)
        return len(topic.queues) if topic else 0

    def history(self, key: str, after: int | None) -> list[Event]:
        topic = self._topics.get(key)
        if topic is None or after is None:
            return []
        return [event for event in topic.history if event.id > after]

    async def subscribe(
        self, key: str, after: int | None = None, keepalive: float = KEEPALIVE_SECONDS
    ) -> AsyncIterator[str]:
        """SSE frames for ``key``: first the missed events after ``after``, then live ones."""
        topic = self._topic(key)
        queue: asyncio.Queue[Event | None] = asyncio.Queue(QUEUE_SIZE)
        topic.queues.add(queue)
        try:
            yield f"retry: {RETRY_MS}\n\n"
            for missed in self.history(key, after):
                yield missed.encode()
            quiet = 0.0
            while not self.closing:
                try:
                    event = await asyncio.wait_for(queue.get(), timeout=TICK_SECONDS)
                except asyncio.TimeoutError:
                    quiet += TICK_SECONDS
                    if quiet >= keepalive:
                        quiet = 0.0
                        yield ": keep-alive\n\n"
                    continue
                quiet = 0.0
                if event is None:
                    return
                yield event.encode()
        finally:
            topic.queues.discard(queue)

    def forget(self, key: str) -> None:
        """Erasure: drop the topic's history and end its open streams (they get nothing more)."""
        topic = self._topics.pop(key, None)
        if topic is None:
            return
        topic.history.clear()
        for queue in list(topic.queues):
            while not queue.empty():
                queue.get_nowait()
            queue.put_nowait(None)
        topic.queues.clear()

    def close_all(self) -> None:
        """Let every stream end within a tick (server shutdown; safe from a signal handler)."""
        self.closing = True


def live_hub() -> LiveHub:
    """The hub of this worker's backend (memory or Redis, :mod:`bot.web.shared`)."""
    from bot.web.shared import shared

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


def publish_taken(conversation_id: str) -> None:
    live_hub().publish(conversation_id, _state("opgepakt"))


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
    """The assistant's words after a decision, then the state "the assistant is back"."""
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

    def taken(self, conversation_id: str) -> None:
        publish_taken(conversation_id)
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
