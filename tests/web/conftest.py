"""Fixtures for the chat and inbox tests: a private database and a fake Rasa."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from starlette.testclient import TestClient

from bot.store.repository import repository_scope
from bot.web.app import create_app
from bot.web.chat import relay as chat
from bot.web.staff import case_actions as casework
from bot.web.state.shared import reset_shared, shared


class FakeRasa:
    """Answers like Rasa's REST channel; records what the service sent."""

    sent: ClassVar[list[tuple[str, str]]] = []
    replies: ClassVar[list[dict[str, Any]]] = []
    events_: ClassVar[list[dict[str, Any]]] = []
    professional: ClassVar[list[tuple[str, str]]] = []
    resume_replies: ClassVar[list[dict[str, Any]]] = []
    slots_set: ClassVar[list[tuple[str, dict[str, Any]]]] = []

    def __init__(self, settings: Any) -> None:
        pass

    async def send_message(self, conversation_id: str, text: str) -> list[dict[str, Any]]:
        self.sent.append((conversation_id, text))
        return list(self.replies)

    async def events(self, conversation_id: str) -> list[dict[str, Any]]:
        return list(self.events_)

    async def add_professional_message(self, conversation_id: str, text: str) -> None:
        self.professional.append((conversation_id, text))

    async def set_slots(self, conversation_id: str, slots: dict[str, Any]) -> None:
        self.slots_set.append((conversation_id, dict(slots)))

    async def add_bot_event(
        self, conversation_id: str, text: str, metadata: dict[str, str]
    ) -> None:
        self.events_.append({"event": "bot", "text": text, "metadata": metadata})

    async def resume(self, conversation_id: str) -> list[dict[str, Any]]:
        if self.resume_replies:
            return list(self.resume_replies)
        return [{"recipient_id": conversation_id, "text": "Fijn, we gaan verder."}]


@pytest.fixture
def web(sqlite_store, tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("BOT_API_TOKEN", "token")
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    FakeRasa.sent, FakeRasa.replies, FakeRasa.events_, FakeRasa.professional = [], [], [], []
    FakeRasa.resume_replies, FakeRasa.slots_set = [], []
    for module in (casework, chat):
        monkeypatch.setattr(module, "RasaClient", FakeRasa)
    monkeypatch.delenv("REDIS_URL", raising=False)
    reset_shared()  # every test starts with a fresh hub, offered buttons and counters
    with TestClient(create_app()) as client:
        client.hub = shared().hub  # type: ignore[attr-defined]
        client.rasa = FakeRasa  # type: ignore[attr-defined]
        yield client


def open_test_handover(conversation_id: str = "web-zaak", point: str = "leerroute") -> int:
    with repository_scope() as repository:
        repository.ensure_conversation(conversation_id, mode="advies", consent=True)
        repository.record_answer(conversation_id, "leeftijd", 17, answered_by="jongere")
        handover = repository.open_handover(
            conversation_id,
            point,
            "Leeftijd: 17.",
            [
                {
                    "partner": "mbo_school",
                    "reason": "omdat de intake bij het mbo ligt",
                    "rule_id": "r",
                }
            ],
        )
        return handover.id
