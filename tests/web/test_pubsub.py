"""The in-process publish/subscribe hub behind the SSE streams."""

from __future__ import annotations

import asyncio
import json

from bot.web.state.pubsub import Hub, parse_after


async def _next(frames, timeout: float = 2.0) -> str:
    return await asyncio.wait_for(frames.__anext__(), timeout)


async def test_subscribers_receive_what_is_published_for_their_conversation() -> None:
    hub = Hub()
    mine, other = hub.subscribe("web-a"), hub.subscribe("web-b")
    assert (await _next(mine)).startswith("retry:")
    assert (await _next(other)).startswith("retry:")
    hub.publish("web-a", {"type": "message", "sender": "professional", "text": "Hoi"})
    frame = await _next(mine)
    lines = dict(line.split(": ", 1) for line in frame.strip().split("\n"))
    assert lines["event"] == "message" and json.loads(lines["data"])["text"] == "Hoi"
    pending = asyncio.ensure_future(_next(other, timeout=0.3))
    try:
        await pending
        raise AssertionError("the other conversation got a message")
    except asyncio.TimeoutError:
        pass
    await mine.aclose()
    assert hub.subscribers("web-a") == 0


async def test_ids_grow_and_history_replays_after_an_id() -> None:
    hub = Hub()
    first = hub.publish("web-a", {"type": "state", "state": "overdracht"})
    second = hub.publish("web-a", {"type": "state", "state": "opgepakt"})
    assert second.id > first.id
    assert [e.data["state"] for e in hub.history("web-a", first.id)] == ["opgepakt"]
    assert hub.history("web-a", None) == []
    frames = hub.subscribe("web-a", after=first.id)
    await _next(frames)
    assert '"opgepakt"' in await _next(frames)
    await frames.aclose()


async def test_keepalive_and_close_all_end_the_stream() -> None:
    hub = Hub()
    frames = hub.subscribe("web-a", keepalive=1.0)
    await _next(frames)
    assert (await _next(frames, timeout=3)).startswith(": keep-alive")
    hub.close_all()
    try:
        await _next(frames, timeout=3)
        raise AssertionError("the stream did not end")
    except StopAsyncIteration:
        pass


def test_parse_after() -> None:
    assert parse_after("12") == 12 and parse_after("") is None and parse_after("x") is None


def test_an_erased_conversation_leaves_nothing_for_late_comers() -> None:
    hub = Hub()
    first = hub.publish("web-a", {"type": "message", "text": "[naam] wil koken"})
    hub.publish("web-a", {"type": "message", "text": "nog iets"})
    hub.publish("web-b", {"type": "message", "text": "ander gesprek"})
    hub.forget("web-a")
    assert hub.history("web-a", first.id - 1) == []
    assert len(hub.history("web-b", first.id - 1)) == 1
