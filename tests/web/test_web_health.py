"""``/health`` names each part and answers 503 when one is down."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from bot.web.app import create_app


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    # Ports where nothing listens: Rasa and the action server are down.
    monkeypatch.setenv("RASA_PORT", "9")
    monkeypatch.setenv("ACTION_PORT", "9")
    from bot.store import db

    db.reset_engines()


def test_health_is_503_and_names_the_parts_that_are_down(isolated: None) -> None:
    response = TestClient(create_app()).get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["parts"]["web"]["up"] is True
    assert body["parts"]["database"]["up"] is True
    assert body["parts"]["rasa"]["up"] is False
    assert body["parts"]["action_server"]["up"] is False
