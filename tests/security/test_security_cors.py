"""Item 7 of issue 11: CORS for /chat/* from the allow-list only, without credentials."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from bot.web.app import create_app

PORTAL = "http://127.0.0.1:8123"


@pytest.fixture
def portal_client(web, monkeypatch) -> TestClient:
    monkeypatch.setenv("BOT_ALLOWED_ORIGINS", f"{PORTAL}, https://portaal.school.nl")
    return TestClient(create_app())


def test_a_listed_portal_gets_its_preflight_and_answers(portal_client) -> None:
    preflight = portal_client.options(
        "/chat/api/message",
        headers={
            "Origin": PORTAL,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == PORTAL
    assert "access-control-allow-credentials" not in preflight.headers
    answer = portal_client.post(
        "/chat/api/message", json={"text": "hoi"}, headers={"Origin": PORTAL}
    )
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == PORTAL
    assert "access-control-allow-credentials" not in answer.headers


def test_an_origin_not_on_the_list_is_refused(portal_client, web) -> None:
    for path, method in (("/chat/api/message", "POST"), ("/chat/api/stream", "GET")):
        response = portal_client.request(method, path, headers={"Origin": "https://kwaad.example"})
        assert response.status_code == 403 and response.json()["error"] == "origin_not_allowed"
        assert "access-control-allow-origin" not in response.headers
    preflight = portal_client.options(
        "/chat/api/message",
        headers={"Origin": "https://kwaad.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 403
    assert web.rasa.sent == []


def test_same_origin_and_no_origin_work_without_a_list(web) -> None:
    assert web.post("/chat/api/message", json={"text": "hoi"}).status_code == 200
    own = web.post(
        "/chat/api/message", json={"text": "hoi"}, headers={"Origin": "http://testserver"}
    )
    assert own.status_code == 200
    assert (
        web.post("/chat/api/message", json={"text": "hoi"}, headers={"Origin": PORTAL}).status_code
        == 403
    )
    # The API is not for browsers on other sites: no CORS headers there.
    api = web.get("/api/handovers", headers={"Origin": PORTAL, "Authorization": "Bearer token"})
    assert "access-control-allow-origin" not in api.headers
