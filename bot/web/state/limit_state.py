"""Counters and the per-conversation queue behind the rate limits (see :mod:`bot.web.http.limits`).

A module of its own so that :mod:`bot.web.state.shared` can build them without importing the
checks that use its choice (no import cycle).
"""

from __future__ import annotations

import asyncio
import math
import os
import time
from collections import OrderedDict
from typing import Any, Protocol

MAX_KEYS = 100_000
MAX_QUEUED = 5


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


class TooMany(Exception):
    """Over a limit: wait ``retry_after`` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after:.0f} s")
        self.retry_after = max(1, math.ceil(retry_after))


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
