"""Item 2 of issue 11: rate limits, 429 + Retry-After + Dutch words, the conversation queue."""

from __future__ import annotations

import asyncio
import secrets

import httpx
import pytest

from bot.web.chat import relay as chat
from bot.web.http import limits
from tests.figures import report
from tests.security.conftest import FakeRasa
from tests.web.test_inbox import csrf_of

HELD: list[str] = []


def _start(web) -> dict:
    response = web.post("/chat/api/message", json={"text": "hoi"})
    assert response.status_code == 200, response.text
    return response.json()


def _say(web, started: dict, text: str = "ja", headers=None):
    body = {"conversation_id": started["conversation_id"], "token": started["token"], "text": text}
    return web.post("/chat/api/message", json=body, headers=headers or {})


def _is_429(response) -> None:
    assert response.status_code == 429, response.text
    assert int(response.headers["retry-after"]) >= 1
    assert "Wacht" in response.json()["message"] and "opnieuw" in response.json()["message"]


def test_a_burst_to_one_conversation_is_limited(web) -> None:
    started = _start(web)
    answers = [_say(web, started, f"bericht {n}").status_code for n in range(45)]
    assert answers.count(200) == 19 and answers.count(429) == 26  # 20 per minute, the first too
    _is_429(_say(web, started))
    HELD.append(f"per conversation: {answers.count(429)} of 45 refused")
    # Another conversation of the same client still works.
    assert _say(web, _start(web)).status_code == 200


def test_per_client_new_conversations_and_streams(web, monkeypatch) -> None:
    monkeypatch.setenv("BOT_LIMIT_MESSAGES_PER_CLIENT", "5/60")
    codes = [web.post("/chat/api/message", json={"text": "hoi"}).status_code for _ in range(7)]
    assert codes == [200] * 5 + [429] * 2
    _is_429(web.post("/chat/api/message", json={"text": "hoi"}))
    limits.reset_counters()
    monkeypatch.delenv("BOT_LIMIT_MESSAGES_PER_CLIENT")
    codes = [web.post("/chat/api/message", json={"text": "hoi"}).status_code for _ in range(12)]
    assert codes == [200] * 10 + [429] * 2  # BOT_LIMIT_NEW_CONVERSATIONS: 10 per 10 minutes
    monkeypatch.setenv("BOT_LIMIT_STREAMS_PER_CLIENT", "2/60")
    conversation = chat.new_conversation_id()
    params = {"conversation_id": conversation, "token": chat.chat_token(conversation)}
    web.hub.closing = True
    statuses = []
    for _ in range(3):
        with web.stream("GET", "/chat/api/stream", params=params) as response:
            statuses.append(response.status_code)
    assert statuses == [200, 200, 429]
    HELD.append("per client: messages 5/60, new conversations 10/600, streams 2/60")


def test_the_client_address_comes_from_a_trusted_proxy_only(web, monkeypatch) -> None:
    monkeypatch.setenv("BOT_LIMIT_MESSAGES_PER_CLIENT", "2/60")
    monkeypatch.setenv("BOT_TRUSTED_PROXY_HEADER", "X-Forwarded-For")
    for address in ("10.0.0.1", "10.0.0.2"):
        headers = {"X-Forwarded-For": f"1.2.3.4, {address}"}
        codes = [
            web.post("/chat/api/message", json={"text": "x"}, headers=headers).status_code
            for _ in range(3)
        ]
        # The peer ("testclient") is not a trusted proxy: the header is ignored.
        assert codes[-1] == 429
    limits.reset_counters()
    monkeypatch.setenv("BOT_TRUSTED_PROXIES", "testclient")
    for address in ("10.0.0.1", "10.0.0.2"):
        headers = {"X-Forwarded-For": f"1.2.3.4, {address}"}
        codes = [
            web.post("/chat/api/message", json={"text": "x"}, headers=headers).status_code
            for _ in range(3)
        ]
        assert codes == [200, 200, 429], address  # one counter per forwarded address


def test_login_attempts_per_client_are_limited(web, monkeypatch) -> None:
    monkeypatch.setenv("BOT_LIMIT_LOGINS_PER_CLIENT", "3/900")
    monkeypatch.setenv("BOT_LOGIN_BACKOFF", "0.001")
    codes = []
    for n in range(5):
        token = csrf_of(web.get("/medewerker/inloggen").text)
        response = web.post(
            "/medewerker/inloggen",
            data={"csrf": token, "gebruikersnaam": f"niemand{n}", "wachtwoord": "x" * 12},
        )
        codes.append(response.status_code)
    assert codes == [401, 401, 401, 429, 429]
    assert (
        int(response.headers["retry-after"]) > 800
        and "Probeer het over 15 minuten" in response.text
    )
    HELD.append("logins per client: 3/900")


async def test_messages_to_one_conversation_are_handled_in_order(web, monkeypatch) -> None:
    started = _start(web)
    active, order, most = 0, [], 0

    async def slow(self, conversation_id: str, text: str):
        nonlocal active, most
        active += 1
        most = max(most, active)
        order.append(text)
        await asyncio.sleep(0.05)
        active -= 1
        return [{"text": f"antwoord op {text}"}]

    monkeypatch.setattr(FakeRasa, "send_message", slow)
    transport = httpx.ASGITransport(app=web.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:

        async def say(n: int) -> int:
            body = {**started, "text": f"b{n}"}
            body.pop("messages"), body.pop("handover")
            await asyncio.sleep(n * 0.001)  # they arrive in this order
            return (await client.post("/chat/api/message", json=body)).status_code

        codes = await asyncio.gather(*(say(n) for n in range(8)))
    assert most == 1  # never two at once for one conversation
    assert codes.count(200) == 5 and codes.count(429) == 3  # at most 5 in line
    assert order == sorted(order, key=lambda text: int(text[1:]))
    HELD.append(f"queue: 1 at a time, {codes.count(429)} of 8 refused beyond 5 in line")


async def test_redis_counters_are_shared_by_workers() -> None:
    url = "redis://127.0.0.1:6379/0"
    prefix = f"test-{secrets.token_hex(4)}:"
    first, second = limits.RedisCounters(url, prefix), limits.RedisCounters(url, prefix)
    try:
        await first.redis.ping()
    except Exception:
        pytest.skip("no Redis on 127.0.0.1:6379")
    assert (await first.hit("k", 60))[0] == 1
    count, remaining = await second.hit("k", 60)
    assert count == 2 and 0 < remaining <= 60
    await first.reset("k")
    assert (await second.hit("k", 60))[0] == 1
    await first.reset("k")
    HELD.append("redis: two workers share one count")


def test_print_the_limits_that_held() -> None:
    report("limits that held: " + "; ".join(HELD))
