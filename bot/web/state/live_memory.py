"""The live-event hub of one web process, in memory (see :mod:`bot.web.state.pubsub`).

A module of its own so that :mod:`bot.web.state.shared` can choose between it and the Redis hub
without importing the publishing functions that use the choice.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

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
            async for frame in sse_frames(queue, self.history(key, after), self, keepalive):
                yield frame
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


class _Closing(Protocol):
    closing: bool


async def sse_frames(
    queue: asyncio.Queue[Event | None],
    missed: list[Event],
    hub: _Closing,
    keepalive: float,
    after: int | None = None,
) -> AsyncIterator[str]:
    """One stream's frames: the retry hint, the missed events, then live ones from ``queue``.

    Both hubs (this one and :class:`bot.web.state.redis_state.RedisHub`) stream this way. An event
    already replayed is skipped when it also arrives live; ``None`` in the queue ends the
    stream, and so does ``hub.closing`` within a tick; a quiet stream gets a keep-alive.
    """
    yield f"retry: {RETRY_MS}\n\n"
    last = after or 0
    for replayed in missed:
        yield replayed.encode()
        last = replayed.id
    quiet = 0.0
    while not hub.closing:
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
        if event.id <= last:  # also in the history just replayed
            continue
        last = event.id
        yield event.encode()
