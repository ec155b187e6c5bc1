"""The Redis side of :mod:`bot.web.state.shared`: live events, offered buttons and the queue bound.

Live events: a Lua script gives each event the next id of one counter, appends it to the
topic's short history (a list, trimmed to :data:`bot.web.state.pubsub.HISTORY`) and publishes it,
all in one step, so ids grow in the order every worker sees them. Each worker keeps one
pattern subscription and hands the events to its own streams; a stream that reconnects to
another worker (``Last-Event-ID``) gets what it missed from the shared history.

Why pub/sub and a list, not a stream per subscriber: one Redis connection per worker
instead of one blocking ``XREAD`` per open browser; the list is the replay.

Publishing is called from synchronous code (the casework service's live channel), so it
uses a short blocking call (well under a millisecond on loopback; bounded by a 2 s timeout
when Redis is away, and then the event is only logged as not delivered).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from bot.web.state.limit_state import ConversationQueue, TooMany, _Turn
from bot.web.state.live_memory import (
    HISTORY,
    KEEPALIVE_SECONDS,
    QUEUE_SIZE,
    TICK_SECONDS,
    Event,
    sse_frames,
)

log = logging.getLogger(__name__)

PREFIX = "advies:"
HISTORY_SECONDS = 24 * 3600
OFFERED_SECONDS = 24 * 3600
QUEUE_SECONDS = 120
TIMEOUT_SECONDS = 2.0

# KEYS: id counter, history list, channel. ARGV: first id, data (JSON), history size, ttl.
_PUBLISH = """
redis.call('SET', KEYS[1], ARGV[1], 'NX')
local id = redis.call('INCR', KEYS[1])
local frame = '{"id": ' .. id .. ', "data": ' .. ARGV[2] .. '}'
redis.call('RPUSH', KEYS[2], frame)
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('PUBLISH', KEYS[3], frame)
return id
"""


def _client(url: str) -> Any:
    from redis import Redis  # type: ignore[import-untyped]

    return Redis.from_url(
        url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
    )


def _async_client(url: str) -> Any:
    from redis.asyncio import Redis  # type: ignore[import-untyped]

    return Redis.from_url(
        url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
    )


def ping(url: str) -> bool:
    from redis.exceptions import RedisError  # type: ignore[import-untyped]

    try:
        return bool(_client(url).ping())
    except (RedisError, OSError):
        return False


def _event(frame: bytes | str) -> Event | None:
    try:
        data = json.loads(frame)
        return Event(int(data["id"]), data["data"])
    except (ValueError, KeyError, TypeError):
        return None


class RedisHub:
    """Live events shared by every web worker (see the module's docstring)."""

    def __init__(self, url: str, prefix: str = PREFIX + "live:") -> None:
        self.url = url
        self.prefix = prefix
        self.redis = _client(url)
        self._publish = self.redis.register_script(_PUBLISH)
        self._local: dict[str, set[asyncio.Queue[Event | None]]] = {}
        self._listener: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()
        self.closing = False

    def _keys(self, key: str) -> list[str]:
        return [self.prefix + "ids", self.prefix + "h:" + key, self.prefix + "c:" + key]

    def publish(self, key: str, data: dict[str, Any]) -> Event:
        from redis.exceptions import RedisError

        first = str(int(time.time() * 1000))  # ids keep growing when Redis starts empty
        try:
            number = self._publish(
                keys=self._keys(key), args=[first, json.dumps(data), HISTORY, HISTORY_SECONDS]
            )
        except (RedisError, OSError) as error:
            log.warning("Live event not delivered (Redis: %s)", type(error).__name__)
            return Event(0, data)
        return Event(int(number), data)

    def history(self, key: str, after: int | None) -> list[Event]:
        from redis.exceptions import RedisError

        if after is None:
            return []
        try:
            frames = self.redis.lrange(self.prefix + "h:" + key, 0, -1)
        except (RedisError, OSError):
            return []
        events = [event for event in map(_event, frames) if event is not None]
        return [event for event in events if event.id > after]

    def subscribers(self, key: str) -> int:
        """Streams of ``key`` open on this worker."""
        return len(self._local.get(key, ()))

    async def _listen(self) -> None:
        """One pattern subscription per worker; reconnects when Redis comes back."""
        from redis.exceptions import RedisError

        channel_prefix = self.prefix + "c:"
        while not self.closing:
            client = _async_client(self.url)
            pubsub = client.pubsub()
            try:
                await pubsub.psubscribe(channel_prefix + "*")
                self._listening.set()
                while not self.closing:
                    message = await pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=TICK_SECONDS
                    )
                    if message is None or message.get("type") != "pmessage":
                        continue
                    channel = message["channel"]
                    if isinstance(channel, bytes):
                        channel = channel.decode()
                    self._deliver(channel[len(channel_prefix) :], message["data"])
            except (RedisError, OSError) as error:
                self._listening.clear()
                log.warning("Live events: Redis away (%s); trying again", type(error).__name__)
                await asyncio.sleep(1.0)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.close()  # redis 4.6: close(); aclose() came in 5.0
                    await client.close()

    def _deliver(self, key: str, frame: bytes | str) -> None:
        queues = self._local.get(key)
        if not queues:
            return
        if b'"forget": true' in (frame if isinstance(frame, bytes) else frame.encode()):
            self._end(key)
            return
        event = _event(frame)
        if event is None:
            return
        for queue in list(queues):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:  # a stuck client: end its stream, it will reconnect
                queues.discard(queue)
                queue.get_nowait()
                queue.put_nowait(None)

    def _end(self, key: str) -> None:
        for queue in self._local.pop(key, set()):
            while not queue.empty():
                queue.get_nowait()
            queue.put_nowait(None)

    async def _ensure_listener(self) -> None:
        if self._listener is None or self._listener.done():
            self._listener = asyncio.create_task(self._listen())
        # Wait briefly for the subscription, so nothing published from now on is missed.
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._listening.wait(), timeout=TIMEOUT_SECONDS)

    async def subscribe(
        self, key: str, after: int | None = None, keepalive: float = KEEPALIVE_SECONDS
    ) -> AsyncIterator[str]:
        """SSE frames for ``key``: first the missed events after ``after``, then live ones."""
        queue: asyncio.Queue[Event | None] = asyncio.Queue(QUEUE_SIZE)
        self._local.setdefault(key, set()).add(queue)
        try:
            await self._ensure_listener()
            missed = await asyncio.to_thread(self.history, key, after)
            async for frame in sse_frames(queue, missed, self, keepalive, after):
                yield frame
        finally:
            queues = self._local.get(key)
            if queues is not None:
                queues.discard(queue)
                if not queues:
                    del self._local[key]

    def forget(self, key: str) -> None:
        """Erasure: drop the history and end the topic's streams on every worker."""
        from redis.exceptions import RedisError

        self._end(key)
        try:
            pipe = self.redis.pipeline()
            pipe.delete(self.prefix + "h:" + key)
            pipe.publish(self.prefix + "c:" + key, '{"forget": true}')
            pipe.execute()
        except (RedisError, OSError) as error:
            log.warning("Live history not erased (Redis: %s)", type(error).__name__)

    def close_all(self) -> None:
        """Let every stream end within a tick (server shutdown; safe from a signal handler)."""
        self.closing = True


class RedisOffered:
    """The buttons just offered, per conversation, for a day (any worker may get the click)."""

    def __init__(self, url: str, prefix: str = PREFIX + "offered:") -> None:
        self.url = url
        self.redis = _async_client(url)
        self._sync: Any = None  # made on first use: only the live channel needs it
        self.prefix = prefix

    def remember_now(self, conversation_id: str, payloads: frozenset[str]) -> None:
        """A short blocking write, as :meth:`RedisHub.publish` does (called from sync code)."""
        from redis.exceptions import RedisError

        if self._sync is None:
            self._sync = _client(self.url)
        try:
            self._sync.set(
                self.prefix + conversation_id, json.dumps(sorted(payloads)), ex=OFFERED_SECONDS
            )
        except (RedisError, OSError) as error:
            log.warning("Offered buttons not kept (Redis: %s)", type(error).__name__)

    async def remember(self, conversation_id: str, payloads: frozenset[str]) -> None:
        from redis.exceptions import RedisError

        try:
            await self.redis.set(
                self.prefix + conversation_id, json.dumps(sorted(payloads)), ex=OFFERED_SECONDS
            )
        except (RedisError, OSError) as error:
            log.warning("Offered buttons not kept (Redis: %s)", type(error).__name__)

    async def get(self, conversation_id: str) -> frozenset[str] | None:
        from redis.exceptions import RedisError

        try:
            stored = await self.redis.get(self.prefix + conversation_id)
        except (RedisError, OSError):
            return None  # the caller reads them from Rasa's tracker instead
        return None if stored is None else frozenset(json.loads(stored))

    async def forget(self, conversation_id: str) -> None:
        from redis.exceptions import RedisError

        with contextlib.suppress(RedisError, OSError):
            await self.redis.delete(self.prefix + conversation_id)


class RedisQueue(ConversationQueue):
    """The bound on waiting messages counted in Redis, so it holds across workers.

    The order within one worker is kept by the in-process lock of the base class; across
    workers Rasa's Redis lock store handles one message of a conversation at a time, in
    the order of arrival.
    """

    def __init__(self, url: str, prefix: str = PREFIX + "queue:") -> None:
        super().__init__()
        self.redis = _async_client(url)
        self.prefix = prefix

    def turn(self, key: str) -> _Turn:
        return _RedisTurn(self, key)


class _RedisTurn(_Turn):
    queue: RedisQueue

    async def __aenter__(self) -> None:
        from redis.exceptions import RedisError

        name = self.queue.prefix + self.key
        try:
            async with self.queue.redis.pipeline(transaction=True) as pipe:
                pipe.incr(name)
                pipe.expire(name, QUEUE_SECONDS)
                waiting, _ = await pipe.execute()
        except (RedisError, OSError):
            waiting = None  # Redis away: this worker's own bound still holds
        if waiting is not None and int(waiting) > self.queue.max_queued():
            await self._decrement()
            raise TooMany(2)
        try:
            await super().__aenter__()
        except BaseException:
            await self._decrement()
            raise

    async def __aexit__(self, *exc: object) -> None:
        await super().__aexit__(*exc)
        await self._decrement()

    async def _decrement(self) -> None:
        from redis.exceptions import RedisError

        with contextlib.suppress(RedisError, OSError):
            await self.queue.redis.decr(self.queue.prefix + self.key)
