"""The Redis side of the shared state, against the real Redis on loopback (two "workers").

Each test uses a prefix of its own, so runs never see each other's keys. Skipped, with the
reason, where no Redis answers (the project's default runs without one).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator

import pytest

from bot.web.http.limits import RedisCounters, TooMany
from bot.web.state.redis_state import RedisHub, RedisOffered, RedisQueue, ping

URL = "redis://127.0.0.1:6379/2"

pytestmark = pytest.mark.skipif(not ping(URL), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def prefix() -> Iterator[str]:
    name = f"test:{uuid.uuid4().hex[:8]}:"
    yield name
    from redis import Redis  # type: ignore[import-untyped]

    client = Redis.from_url(URL)
    for key in client.scan_iter(name + "*"):
        client.delete(key)


def _frames(chunks: list[str]) -> list[dict[str, object]]:
    return [
        json.loads(line[len("data: ") :])
        for chunk in chunks
        for line in chunk.splitlines()
        if line.startswith("data: ")
    ]


async def _read(stream, count: int, timeout: float = 5.0) -> list[str]:  # type: ignore[no-untyped-def]
    chunks: list[str] = []

    async def collect() -> None:
        async for chunk in stream:
            if chunk.startswith("id: "):
                chunks.append(chunk)
                if len(chunks) == count:
                    return

    await asyncio.wait_for(collect(), timeout)
    return chunks


async def test_an_event_published_on_one_worker_reaches_a_stream_on_the_other(prefix: str) -> None:
    one, two = RedisHub(URL, prefix), RedisHub(URL, prefix)
    stream = two.subscribe("web-abc", after=0)
    reader = asyncio.create_task(_read(stream, 2))
    await asyncio.sleep(0.3)  # the second worker's subscription is up
    first = one.publish("web-abc", {"type": "message", "n": 1})
    second = one.publish("web-abc", {"type": "message", "n": 2})
    chunks = await reader
    assert [frame["n"] for frame in _frames(chunks)] == [1, 2]
    assert second.id > first.id > 0
    one.close_all()
    two.close_all()


async def test_a_stream_that_reconnects_elsewhere_gets_what_it_missed(prefix: str) -> None:
    one, two = RedisHub(URL, prefix), RedisHub(URL, prefix)
    seen = one.publish("web-r", {"type": "message", "n": 1})
    for n in (2, 3):
        one.publish("web-r", {"type": "message", "n": n})
    chunks = await _read(two.subscribe("web-r", after=seen.id), 2)
    assert [frame["n"] for frame in _frames(chunks)] == [2, 3]
    assert two.history("web-r", None) == []  # no Last-Event-ID: nothing replayed
    one.close_all()
    two.close_all()


async def test_forget_drops_the_history_and_ends_streams_on_every_worker(prefix: str) -> None:
    one, two = RedisHub(URL, prefix), RedisHub(URL, prefix)
    one.publish("web-f", {"type": "message", "text": "06-12345678"})
    chunks: list[str] = []

    async def follow() -> None:
        async for chunk in two.subscribe("web-f", after=None):
            chunks.append(chunk)

    follower = asyncio.create_task(follow())
    await asyncio.sleep(0.3)
    one.forget("web-f")
    await asyncio.wait_for(follower, 5.0)  # the stream on the other worker ended
    assert one.history("web-f", 0) == [] and two.history("web-f", 0) == []
    one.close_all()
    two.close_all()


async def test_offered_buttons_are_shared(prefix: str) -> None:
    one, two = RedisOffered(URL, prefix), RedisOffered(URL, prefix)
    await one.remember("web-b", frozenset({"/ja", "/nee"}))
    assert await two.get("web-b") == frozenset({"/ja", "/nee"})
    await two.forget("web-b")
    assert await one.get("web-b") is None


async def test_rate_limit_counters_hold_across_workers(prefix: str) -> None:
    one, two = RedisCounters(URL, prefix), RedisCounters(URL, prefix)
    counts = [(await (one if n % 2 else two).hit("client", 60))[0] for n in range(4)]
    assert counts == [1, 2, 3, 4]


async def test_the_waiting_bound_holds_across_workers(
    prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_MAX_QUEUED", "2")
    one, two = RedisQueue(URL, prefix), RedisQueue(URL, prefix)
    release = asyncio.Event()

    async def hold(queue: RedisQueue) -> None:
        async with queue.turn("web-q"):
            await release.wait()

    holders = [asyncio.create_task(hold(one)), asyncio.create_task(hold(two))]
    await asyncio.sleep(0.2)
    with pytest.raises(TooMany):
        async with two.turn("web-q"):
            pass
    release.set()
    await asyncio.gather(*holders)
    async with one.turn("web-q"), two.turn("web-q"):  # the count went back down to 0
        pass


def test_ping_is_false_where_no_redis_listens() -> None:
    assert ping("redis://127.0.0.1:9/0") is False
