"""``/health`` names each part (with the API's token) and answers 503 when one is down."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from bot.web.app import create_app

TOKEN = {"Authorization": "Bearer token"}


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    # Ports where nothing listens: Rasa and the action server are down.
    monkeypatch.setenv("RASA_PORT", "9")
    monkeypatch.setenv("ACTION_PORT", "9")
    monkeypatch.setenv("BOT_API_TOKEN", "token")  # the parts are named only with a token
    from bot.store import db

    db.reset_engines()


def test_health_is_503_and_names_the_parts_that_are_down(isolated: None) -> None:
    response = TestClient(create_app()).get("/health", headers=TOKEN)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["parts"]["web"]["up"] is True
    assert body["parts"]["database"]["up"] is True
    assert body["parts"]["rasa"]["up"] is False
    assert body["parts"]["action_server"]["up"] is False


def test_health_says_when_the_shared_state_in_redis_is_away(
    isolated: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.web.state.shared import reset_shared

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:9/0")  # nothing listens there
    reset_shared()
    try:
        body = TestClient(create_app()).get("/health", headers=TOKEN).json()
    finally:
        monkeypatch.delenv("REDIS_URL")
        reset_shared()
    assert body["parts"]["live"] == {"up": False, "backend": "redis"}


def test_health_live_part_is_memory_by_default(isolated: None) -> None:
    body = TestClient(create_app()).get("/health", headers=TOKEN).json()
    assert body["parts"]["live"] == {"up": True, "backend": "memory"}
