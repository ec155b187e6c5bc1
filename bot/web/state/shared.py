"""Everything a web worker keeps per conversation, behind one interface: memory or Redis.

A web worker remembers, per conversation: the live events with their replay (the SSE hub),
the buttons the assistant just offered (the injection filter), the rate-limit counters and
the queue of messages waiting for their turn. With one worker (``make run``) all of it lives
in the process's memory. With several workers behind a load balancer (``make
run-cluster``) a conversation's next request may reach another worker, so the same four
things live in Redis instead: set ``REDIS_URL`` and every worker shares them.

:func:`shared` picks the implementation from the environment, once per setting.
"""

from __future__ import annotations

import asyncio
import os
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from bot.web.state.limit_state import ConversationQueue, Counters, MemoryCounters, RedisCounters
from bot.web.state.live_memory import Event, Hub

MAX_REMEMBERED = 10_000
OFFERED_SECONDS = 24 * 3600


class LiveHub(Protocol):
    """Live events per topic (a conversation id, or the inbox list), with a short replay."""

    closing: bool

    def publish(self, key: str, data: dict[str, Any]) -> Event: ...

    def history(self, key: str, after: int | None) -> list[Event]: ...

    def subscribe(
        self, key: str, after: int | None = None, keepalive: float = ...
    ) -> AsyncIterator[str]: ...

    def forget(self, key: str) -> None: ...

    def close_all(self) -> None: ...


class OfferedButtons(Protocol):
    """The payloads of the buttons in the assistant's last answer, per conversation.

    The last answer comes either from the relay (an answer to the user's message) or over
    the live stream (the assistant's words after a professional's decision). Both must be
    remembered, or the first button after a decision is refused as never offered.
    """

    async def remember(self, conversation_id: str, payloads: frozenset[str]) -> None: ...

    def remember_now(self, conversation_id: str, payloads: frozenset[str]) -> None:
        """:meth:`remember` for synchronous callers (the live channel publishes that way)."""
        ...

    async def get(self, conversation_id: str) -> frozenset[str] | None: ...

    async def forget(self, conversation_id: str) -> None: ...


class MemoryOffered:
    """One process's memory; the oldest conversations go first when there are many."""

    def __init__(self, limit: int = MAX_REMEMBERED) -> None:
        self.limit = limit
        self._offered: OrderedDict[str, frozenset[str]] = OrderedDict()

    async def remember(self, conversation_id: str, payloads: frozenset[str]) -> None:
        self.remember_now(conversation_id, payloads)

    def remember_now(self, conversation_id: str, payloads: frozenset[str]) -> None:
        self._offered[conversation_id] = payloads
        self._offered.move_to_end(conversation_id)
        while len(self._offered) > self.limit:
            self._offered.popitem(last=False)

    async def get(self, conversation_id: str) -> frozenset[str] | None:
        return self._offered.get(conversation_id)

    async def forget(self, conversation_id: str) -> None:
        self._offered.pop(conversation_id, None)


def offered_payloads(messages: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The button payloads in the assistant's messages (what may be pressed next)."""
    return frozenset(
        str(button["payload"]).strip()
        for message in messages
        for button in message.get("buttons") or ()
        if button.get("payload")
    )


@dataclass
class Shared:
    """The four per-conversation things of a web worker, from one backend."""

    backend: str  # "memory" or "redis"
    hub: LiveHub
    offered: OfferedButtons
    counters: Counters
    queue: ConversationQueue

    async def check(self) -> dict[str, object]:
        """For ``/health``: the backend, and whether Redis answers when it is used."""
        if self.backend == "memory":
            return {"up": True, "backend": "memory"}
        from bot.web.state.redis_state import ping

        return {"up": await asyncio.to_thread(ping, redis_url()), "backend": "redis"}


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "").strip()


def memory() -> Shared:
    return Shared("memory", Hub(), MemoryOffered(), MemoryCounters(), ConversationQueue())


def in_redis(url: str) -> Shared:
    from bot.web.state.redis_state import RedisHub, RedisOffered, RedisQueue

    return Shared("redis", RedisHub(url), RedisOffered(url), RedisCounters(url), RedisQueue(url))


_current: Shared | None = None
_current_url: str | None = None


def shared() -> Shared:
    """Redis when ``REDIS_URL`` is set, else this process's memory (made once per setting)."""
    global _current, _current_url
    url = redis_url()
    if _current is None or url != _current_url:
        if _current is not None:
            _current.hub.close_all()
        _current = in_redis(url) if url else memory()
        _current_url = url
    return _current


def reset_shared() -> None:
    """Forget everything (tests; a restart does the same for the memory backend)."""
    global _current, _current_url
    if _current is not None:
        _current.hub.close_all()
    _current, _current_url = None, None
