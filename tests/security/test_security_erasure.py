"""Item 5 of issue 11: erasure means gone, and a chat belongs to the browser that started it."""

from __future__ import annotations

import asyncio

from bot.web.chat import relay as chat
from bot.web.state.pubsub import Hub, publish_professional_reply
from tests.web.conftest import open_test_handover

AUTH = {"Authorization": "Bearer token"}


def _stream_body(web, conversation: str, after: str = "0") -> str:
    web.hub.closing = True  # the stream ends after replaying its history
    url = "/chat/api/stream"
    params = {
        "conversation_id": conversation,
        "token": chat.chat_token(conversation),
        "after": after,
    }
    with web.stream("GET", url, params=params) as response:
        assert response.status_code == 200
        return "".join(response.iter_text())


def test_after_delete_the_stream_replays_nothing(web) -> None:
    conversation = chat.new_conversation_id()
    open_test_handover(conversation, "op_verzoek")
    publish_professional_reply(conversation, "Bel me op 0612345678, groet Anna")
    assert "0612345678" in _stream_body(web, conversation)
    web.hub.closing = False
    assert web.delete(f"/api/conversations/{conversation}", headers=AUTH).status_code == 204
    body = _stream_body(web, conversation)
    assert "0612345678" not in body and "event:" not in body
    assert web.hub.history(conversation, 0) == []


async def test_erasing_ends_the_open_streams() -> None:
    hub = Hub()
    hub.publish("web-x", {"type": "message", "text": "eerste"})
    frames = hub.subscribe("web-x", after=0, keepalive=60)
    assert (await frames.__anext__()).startswith("retry:")
    assert "eerste" in await frames.__anext__()
    hub.forget("web-x")
    rest = [frame async for frame in _within(frames, 3.0)]
    assert rest == [] and hub.subscribers("web-x") == 0


async def _within(frames, seconds: float):
    async def drain() -> list[str]:
        return [frame async for frame in frames]

    for frame in await asyncio.wait_for(drain(), seconds):
        yield frame


def test_an_id_the_client_made_up_is_refused(web) -> None:
    made_up = chat.new_conversation_id()
    response = web.post("/chat/api/message", json={"conversation_id": made_up, "text": "hoi"})
    assert response.status_code == 403 and response.json()["error"] == "not_your_conversation"
    assert web.rasa.sent == []


def test_only_the_browser_with_the_token_continues_the_chat(web) -> None:
    first = web.post("/chat/api/message", json={"text": "hoi"}).json()
    conversation, token = first["conversation_id"], first["token"]
    other = web.post("/chat/api/message", json={"text": "hoi"}).json()
    for wrong in (None, "", other["token"], token + "x", "ö" * 43):
        body = {"conversation_id": conversation, "token": wrong, "text": "wie ben jij?"}
        assert web.post("/chat/api/message", json=body).status_code == 403
        params = {"conversation_id": conversation}
        if wrong is not None:
            params["token"] = wrong
        assert web.get("/chat/api/stream", params=params).status_code == 403
    body = {"conversation_id": conversation, "token": token, "text": "verder"}
    assert web.post("/chat/api/message", json=body).status_code == 200
    assert [text for _, text in web.rasa.sent] == ["hoi", "hoi", "verder"]
