"""Item 1 of issue 11: no input gives a 5xx (bot/web/http/guard.py, bot/untrusted.py)."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from bot.accounts import create_account
from bot.rasa.channels import guard_text
from bot.web.app import create_app
from bot.web.chat import relay as chat
from bot.web.chat.rasa_client import _path
from bot.web.http.guard import BodyLimit, max_body_bytes, same_secret
from tests.web.conftest import open_test_handover
from tests.web.test_inbox import PASSWORD, login

AUTH = {"Authorization": "Bearer token"}
JSON = {"Content-Type": "application/json"}


def test_a_conversation_id_with_a_trailing_newline_is_refused(web) -> None:
    good = chat.new_conversation_id()
    response = web.post("/chat/api/message", json={"conversation_id": good + "\n", "text": "hoi"})
    assert response.status_code == 422 and web.rasa.sent == []
    assert web.get("/chat/api/stream", params={"conversation_id": good + "\n"}).status_code == 422
    # An id Rasa cannot have in a URL is quoted, never an uncaught InvalidURL.
    assert _path(good + "\n") == good + "%0A"


def test_a_stored_id_with_a_newline_does_not_break_the_api(web) -> None:
    handover_id = open_test_handover("web-" + "a" * 22 + "\n")
    body = web.get("/api/handovers", headers=AUTH).json()
    assert body["handovers"][0]["id"] == handover_id
    response = web.get("/api/conversations/web-" + "a" * 22 + "%0A", headers=AUTH)
    assert response.status_code == 200


def test_a_professional_can_help_a_conversation_whose_id_has_a_newline(
    web, rasa_on_loopback
) -> None:
    """The issue's 500s: the case page, the API's conversation and the reply call.

    With the real Rasa client, so the URLs built from the id are the ones that broke.
    """
    create_account("anna", PASSWORD, "Anna de Vries")
    conversation = "web-" + "b" * 22 + "\n"
    handover_id = open_test_handover(conversation, "op_verzoek")
    login(web)
    case_page = web.get(f"/medewerker/overdrachten/{handover_id}")
    assert case_page.status_code == 200 and "Leeftijd" in case_page.text
    quoted = quote(conversation, safe="")
    assert web.get(f"/api/conversations/{quoted}", headers=AUTH).status_code == 200
    assert web.post(f"/api/handovers/{handover_id}/take", json={}, headers=AUTH).status_code == 200
    reply = web.post(
        f"/api/handovers/{handover_id}/reply", json={"text": "Hoi, ik help je."}, headers=AUTH
    )
    assert reply.status_code == 201, reply.text
    # Rasa was asked with the newline quoted in the path, never an invalid URL.
    assert ("POST", f"/conversations/{quoted}/tracker/events") in rasa_on_loopback


def test_a_large_body_is_refused_before_it_is_read(web) -> None:
    big = b'{"text": "' + b"a" * 10_000_000 + b'"}'
    response = web.post("/chat/api/message", content=big, headers=JSON)
    assert response.status_code == 413 and response.json()["error"] == "body_too_large"

    def chunks():  # no Content-Length: counted while it arrives
        for _ in range(200):
            yield b"a" * 1000

    response = web.post("/chat/api/message", content=chunks(), headers=JSON)
    assert response.status_code == 413
    assert "content-security-policy" in response.headers
    assert web.rasa.sent == []


async def test_a_ten_megabyte_body_is_not_read_whole() -> None:
    """The issue saw a 10 MB body read whole: count what BodyLimit takes from the client."""
    taken, sent, reached = 0, [], []

    async def receive() -> dict:
        nonlocal taken
        taken += 1
        return {"type": "http.request", "body": b"a" * 10_000, "more_body": taken < 1000}

    async def send(message: dict) -> None:
        sent.append(message)

    async def app(scope, receive, send) -> None:
        reached.append(scope)

    scope = {"type": "http", "method": "POST", "path": "/chat/api/message", "headers": []}
    await BodyLimit(app)(scope, receive, send)
    assert sent[0]["status"] == 413 and reached == []
    assert taken * 10_000 <= max_body_bytes() + 10_000  # about 64 kB of the 10 MB
    print(f"\nbody limit: read {taken * 10_000} of 10000000 bytes before the 413")


def test_json_endpoints_want_json(web) -> None:
    plain = web.post(
        "/chat/api/message", content=b'{"text": "hoi"}', headers={"Content-Type": "text/plain"}
    )
    assert plain.status_code == 415 and plain.json()["error"] == "unsupported_media_type"
    form = web.post("/chat/api/message", data={"text": "hoi"})
    assert form.status_code == 415
    handover_id = open_test_handover()
    api_plain = web.post(
        f"/api/handovers/{handover_id}/take",
        content=b'{"professional": "anna"}',
        headers={**AUTH, "Content-Type": "text/plain"},
    )
    assert api_plain.status_code == 415
    assert web.rasa.sent == []


def test_deep_json_is_refused_without_recursion(web, monkeypatch) -> None:
    monkeypatch.setenv("BOT_MAX_BODY_BYTES", "300000")  # the 100,000 deep fits
    deep = "[" * 100_000 + "]" * 100_000
    response = web.post("/chat/api/message", content=deep.encode(), headers=JSON)
    assert response.status_code == 422
    nested = '{"text": "hoi", "x": ' + "[" * 21 + "]" * 21 + "}"
    assert web.post("/chat/api/message", content=nested.encode(), headers=JSON).status_code == 422
    # Brackets inside a string are text, not nesting.
    fine = json.dumps({"text": "[" * 50})
    assert web.post("/chat/api/message", content=fine.encode(), headers=JSON).status_code == 200


def test_lone_surrogates_are_refused_and_control_characters_dropped(web) -> None:
    raw = b'{"text": "hoi \\ud800 daar"}'
    response = web.post("/chat/api/message", content=raw, headers=JSON)
    assert response.status_code == 422 and response.json()["error"] == "invalid_text"
    assert web.post("/chat/api/message", content=b"\xff\xfe", headers=JSON).status_code == 422
    assert web.rasa.sent == []
    web.post("/chat/api/message", json={"text": "ha\x00l\x1blo\u200b daar\u202e"})
    assert web.rasa.sent[-1][1] == "hallo daar"


@pytest.mark.parametrize(
    "typed", ["／restart", "\u200b/restart", "∕restart", "⁄restart", "\ufeff/restart"]
)
def test_look_alike_slashes_are_treated_as_a_slash(web, typed: str) -> None:
    web.post("/chat/api/message", json={"text": typed})
    assert web.rasa.sent[-1][1] == "restart"  # exactly what "/restart" becomes
    assert guard_text(typed, {"/restart"}, paused=True) == "restart"
    assert guard_text(typed, set(), paused=False) == "restart"


def test_a_non_ascii_bearer_token_is_a_401(web) -> None:
    for value in ("Bearer tökén".encode("latin-1"), "Bearer ééé".encode()):
        response = web.get("/api/handovers", headers={"Authorization": value})
        assert response.status_code == 401
    assert same_secret("tökén", "tökén") and not same_secret("tökén", "token")
    assert not same_secret("", "")


def test_huge_hand_over_ids_are_not_found(web) -> None:
    for number in (str(2**63), str(2**64 + 1), "9" * 40, "-1", "0", "1e3", "+1"):
        for action in ("take", "release", "reply", "decision"):
            response = web.post(
                f"/api/handovers/{number}/{action}",
                json={"professional": "anna", "text": "hoi", "decision": "x"},
                headers=AUTH,
            )
            assert response.status_code == 404, (number, action, response.text)


def test_the_last_resort_answers_in_dutch_with_the_headers(web, monkeypatch) -> None:
    async def broken(self, statuses=(None,)):
        raise RuntimeError("kapot")

    monkeypatch.setattr("bot.handover.casework.Casework.handovers", broken)
    client = TestClient(create_app(), raise_server_exceptions=False)
    response = client.get("/api/handovers", headers=AUTH)
    assert response.status_code == 500
    assert response.json() == {
        "error": "internal_error",
        "message": "Er ging iets mis bij ons. Probeer het later opnieuw.",
    }
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "kapot" not in response.text
