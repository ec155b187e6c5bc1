"""Rate limits for the public chat and the inbox login, and the per-conversation queue.

Each limit is ``count/seconds`` in an environment variable (a fixed window per key):

=======================================  ==========  ==========================================
variable                                 default     counts
=======================================  ==========  ==========================================
``BOT_LIMIT_MESSAGES_PER_CLIENT``        ``60/60``   chat messages from one client address
``BOT_LIMIT_MESSAGES_PER_CONVERSATION``  ``20/60``   chat messages to one conversation
``BOT_LIMIT_NEW_CONVERSATIONS``          ``10/600``  new conversations from one client address
``BOT_LIMIT_STREAMS_PER_CLIENT``         ``30/60``   live streams opened by one client address
``BOT_LIMIT_LOGINS_PER_CLIENT``          ``20/900``  login attempts from one client address
=======================================  ==========  ==========================================

The counters live in memory (one web worker) unless ``REDIS_URL`` is set; then in Redis, so
that several workers share them. Behind a reverse proxy the client address is read from the
header named in ``BOT_TRUSTED_PROXY_HEADER`` (e.g. ``X-Forwarded-For``: its last address, the
one the proxy added) and only when the direct peer is in ``BOT_TRUSTED_PROXIES`` (default
loopback); otherwise the header is ignored, so a client cannot pick its own address.

Messages to one conversation are handled one at a time, in the order they came
(:class:`ConversationQueue`); at most ``BOT_MAX_QUEUED`` (5) are in line, the one being
answered included; more get a 429 instead of waiting for Rasa's timeout.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.knowledge.responses import text as response_text

logger = logging.getLogger(__name__)

DEFAULTS = {
    "BOT_LIMIT_MESSAGES_PER_CLIENT": "60/60",
    "BOT_LIMIT_MESSAGES_PER_CONVERSATION": "20/60",
    "BOT_LIMIT_NEW_CONVERSATIONS": "10/600",
    "BOT_LIMIT_STREAMS_PER_CLIENT": "30/60",
    "BOT_LIMIT_LOGINS_PER_CLIENT": "20/900",
}
MAX_KEYS = 100_000
MAX_QUEUED = 5


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: float


def limit(name: str) -> Limit:
    """The limit in ``name`` (``count/seconds``); the default when it cannot be read."""
    for text in (os.environ.get(name, ""), DEFAULTS[name]):
        count, _, seconds = text.partition("/")
        try:
            parsed = Limit(int(count), float(seconds))
        except ValueError:
            continue
        if parsed.count > 0 and parsed.seconds > 0:
            return parsed
    raise ValueError(name)  # pragma: no cover - the defaults always parse


class Counters(Protocol):
    """Fixed-window counters: :meth:`hit` counts one and says the count and the window's end."""

    async def hit(self, key: str, seconds: float) -> tuple[int, float]: ...

    async def reset(self, key: str) -> None: ...


class MemoryCounters:
    """Counters of one process (the default); the oldest keys go first when there are many."""

    def __init__(self, max_keys: int = MAX_KEYS) -> None:
        self.max_keys = max_keys
        self._windows: OrderedDict[str, tuple[float, int]] = OrderedDict()

    async def hit(self, key: str, seconds: float) -> tuple[int, float]:
        now = time.monotonic()
        ends, count = self._windows.get(key, (0.0, 0))
        if ends <= now:
            ends, count = now + seconds, 0
        self._windows[key] = (ends, count + 1)
        self._windows.move_to_end(key)
        while len(self._windows) > self.max_keys:
            self._windows.popitem(last=False)
        return count + 1, ends - now

    async def reset(self, key: str) -> None:
        self._windows.pop(key, None)


class RedisCounters:
    """Counters in Redis (``INCR`` + ``EXPIRE``), shared by every web worker."""

    def __init__(self, url: str, prefix: str = "advies:limit:") -> None:
        from redis.asyncio import Redis  # type: ignore[import-untyped]

        self.redis: Any = Redis.from_url(url)
        self.prefix = prefix

    async def hit(self, key: str, seconds: float) -> tuple[int, float]:
        from redis.exceptions import RedisError  # type: ignore[import-untyped]

        name = self.prefix + key
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.set(name, 0, px=max(1, int(seconds * 1000)), nx=True)  # a new window
                pipe.incr(name)
                pipe.pttl(name)
                _, count, ttl = await pipe.execute()
        except RedisError as error:
            raise OSError(f"Redis: {type(error).__name__}") from error
        return int(count), max(int(ttl), 0) / 1000

    async def reset(self, key: str) -> None:
        await self.redis.delete(self.prefix + key)


def counters() -> Counters:
    """Redis when ``REDIS_URL`` is set, else memory (:func:`bot.web.shared.shared`)."""
    from bot.web.shared import shared

    return shared().counters


def reset_counters() -> None:
    """Forget every count (tests; a restart does the same for the memory counters)."""
    from bot.web.shared import shared

    current = shared()
    if current.backend == "memory":
        current.counters = MemoryCounters()


class TooMany(Exception):
    """Over a limit: wait ``retry_after`` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after:.0f} s")
        self.retry_after = max(1, math.ceil(retry_after))


async def check(name: str, key: str) -> None:
    """Count one for ``key`` under the limit ``name``; :class:`TooMany` when over it."""
    rule = limit(name)
    try:
        count, remaining = await counters().hit(f"{name}:{key}", rule.seconds)
    except OSError as error:  # Redis away: no limit rather than no chat
        logger.warning("Rate limit %s not checked: %s", name, error)
        return
    if count > rule.count:
        raise TooMany(remaining)


def seconds_text(seconds: int) -> str:
    if seconds < 60:
        return "1 seconde" if seconds == 1 else f"{seconds} seconden"
    minutes = math.ceil(seconds / 60)
    return "1 minuut" if minutes == 1 else f"{minutes} minuten"


def too_many_response(problem: TooMany) -> JSONResponse:
    """429 with ``Retry-After`` and the Dutch words the widget shows."""
    wait = seconds_text(problem.retry_after)
    return JSONResponse(
        {
            "error": "too_many_requests",
            "message": response_text("utter_chat_te_snel", wacht=wait),
            "retry_after": problem.retry_after,
        },
        status_code=429,
        headers={"Retry-After": str(problem.retry_after)},
    )


def client_address(request: Request) -> str:
    """The client's address; a proxy's header only when the peer is a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    header = os.environ.get("BOT_TRUSTED_PROXY_HEADER", "").strip()
    if not header:
        return peer
    trusted = os.environ.get("BOT_TRUSTED_PROXIES", "127.0.0.1 ::1").replace(",", " ").split()
    if peer not in trusted:
        return peer
    forwarded = [part.strip() for part in request.headers.get(header, "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-1][:64] if forwarded else peer


class ConversationQueue:
    """One message at a time per conversation, in arrival order; a bounded number waiting."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._waiting: dict[str, int] = {}

    def max_queued(self) -> int:
        try:
            return max(1, int(os.environ.get("BOT_MAX_QUEUED", "") or MAX_QUEUED))
        except ValueError:
            return MAX_QUEUED

    def turn(self, key: str) -> _Turn:
        """``async with queue.turn(id):`` waits for the earlier messages of ``id``."""
        if self._waiting.get(key, 0) >= self.max_queued():
            raise TooMany(2)
        return _Turn(self, key)


class _Turn:
    def __init__(self, queue: ConversationQueue, key: str) -> None:
        self.queue = queue
        self.key = key

    async def __aenter__(self) -> None:
        queue, key = self.queue, self.key
        queue._waiting[key] = queue._waiting.get(key, 0) + 1
        lock = queue._locks.setdefault(key, asyncio.Lock())
        try:
            await lock.acquire()
        except BaseException:
            self._leave()
            raise

    async def __aexit__(self, *exc: object) -> None:
        self.queue._locks[self.key].release()
        self._leave()

    def _leave(self) -> None:
        queue, key = self.queue, self.key
        queue._waiting[key] -= 1
        if queue._waiting[key] <= 0:
            del queue._waiting[key]
            lock = queue._locks.get(key)
            if lock is not None and not lock.locked():
                del queue._locks[key]
