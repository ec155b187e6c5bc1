"""Erasure everywhere: from the chat and from the API, no row of the conversation is left.

Both paths run on real databases (SQLite and PostgreSQL): the project's store, migrated
with Alembic, and Rasa's tracker store written by the project's MaskingTrackerStore. Then
every value of every row of every table of both is searched for the conversation's id.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    SlotSet,
    UserUttered,
)
from rasa_sdk.executor import CollectingDispatcher
from starlette.testclient import TestClient

from actions.privacy import ActionVerwijderenGegevens
from bot.rasa.tracker_store import MaskingTrackerStore
from bot.store import db
from bot.store.migrate import upgrade
from bot.store.repository import repository_scope
from bot.store.tracker_erasure import ERASE_ACTION
from bot.web.app import create_app
from tests.actions.conftest import make_tracker

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
GONE, KEPT = "gesprek-wissen-7f3a", "gesprek-blijft-91c2"

pytestmark = pytest.mark.parametrize("database_factory", ["sqlite", "postgresql"], indirect=True)


def _user(text: str, intent: str = "informeren") -> UserUttered:
    parse = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    return UserUttered(text, parse_data=parse)


def _fill(project_url: str, store: MaskingTrackerStore, conversation_id: str) -> None:
    """A conversation with a row in every table of both stores."""
    with repository_scope(project_url) as repository:
        repository.ensure_conversation(conversation_id, mode="advies", role="samen", consent=True)
        repository.record_answer(conversation_id, "leeftijd", 17, answered_by="samen")
        repository.record_answer(
            conversation_id,
            "wensen",
            "koken",
            text="Ik ben Noor, ik wil koken",
            answered_by="samen",
        )
        handover = repository.open_handover(
            conversation_id,
            "leerroute",
            "Leeftijd: 17.",
            [{"partner": "mbo_school", "reason": "intake bij het mbo", "rule_id": "r1"}],
        )
        repository.add_message(conversation_id, "jongere", "hoi", handover_id=handover.id)
        repository.record_audit("anna", "bekeken", "inbox", conversation_id, handover.id)

    async def chat() -> None:
        tracker = await store.get_or_create_tracker(conversation_id)
        tracker.update(_user("hoi ik ben Noor, bel 0612345678"))
        tracker.update(SlotSet("wensen", "Noor wil koken"))
        tracker.update(BotUttered("Dank je."))
        await store.save(tracker)

    asyncio.run(chat())


def rows_naming(url: str, conversation_id: str) -> list[str]:
    """Every row, in any table, with the conversation id in any of its values."""
    engine = sa.create_engine(url)
    try:
        metadata = sa.MetaData()
        metadata.reflect(bind=engine)
        found: list[str] = []
        with engine.connect() as connection:
            for table in metadata.sorted_tables:
                for row in connection.execute(sa.select(table)):
                    if any(conversation_id in str(value) for value in row):
                        found.append(f"{table.name}: {tuple(row)}")
        return found
    finally:
        engine.dispose()


def _erasures(url: str) -> list[tuple[str, str, str | None]]:
    with repository_scope(url) as repository:
        return [
            (row.actor, row.via, row.conversation_id)
            for row in repository.audit_events()
            if row.action == "gewist"
        ]


@pytest.fixture
def stores(database_factory, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """A migrated project database and a tracker database, both holding GONE and KEPT."""
    suffix = uuid.uuid4().hex[:8]  # the SQLite files of one module share a folder
    project_url = database_factory(f"project_{suffix}")
    tracker_url = database_factory(f"tracker_{suffix}")
    monkeypatch.setenv("DATABASE_URL", project_url)
    monkeypatch.setenv("TRACKER_STORE_URL", tracker_url)
    db.reset_engines()
    upgrade(project_url)
    store = MaskingTrackerStore(domain=DOMAIN, host=tracker_url)
    for conversation_id in (GONE, KEPT):
        _fill(project_url, store, conversation_id)
    assert rows_naming(project_url, GONE) and rows_naming(tracker_url, GONE)
    store.engine.dispose()
    yield project_url, tracker_url
    db.reset_engines()


def _both_stores_without_gone(project_url: str, tracker_url: str) -> None:
    assert rows_naming(project_url, GONE) == []
    assert rows_naming(tracker_url, GONE) == []
    # ... and nothing else went: the other conversation is whole in both stores.
    kept = rows_naming(project_url, KEPT)
    for table in ("conversations", "answers", "handovers", "suggestions", "messages", "audit"):
        assert any(row.startswith(table) for row in kept), table
    assert rows_naming(tracker_url, KEPT)


def test_erasure_from_the_chat_leaves_no_row_in_either_store(stores) -> None:
    project_url, tracker_url = stores
    store = MaskingTrackerStore(domain=DOMAIN, host=tracker_url)
    # The turn as Rasa runs it: the tracker read at the start of the turn ...
    tracker = asyncio.run(store.retrieve(GONE))
    assert tracker is not None
    tracker.update(_user("verwijder mijn gegevens", "gegevens_verwijderen"))
    tracker.update(ActionExecuted("utter_vragen_verwijderen"))
    tracker.update(_user("ja", "bevestigen"))
    # ... the action on the action server ...
    dispatcher = CollectingDispatcher()
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    events = asyncio.run(
        ActionVerwijderenGegevens().run(dispatcher, make_tracker(sender_id=GONE), domain)
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_gegevens_gewist"]
    assert rows_naming(project_url, GONE) == [] and rows_naming(tracker_url, GONE) == []
    # ... and Rasa writing the turn back from memory at its end: that must not undo it.
    tracker.update(ActionExecuted(ERASE_ACTION))
    tracker.update(BotUttered("Ik heb alles gewist."))
    tracker.update(ActiveLoop(None))
    tracker.update(AllSlotsReset())
    tracker.update(ActionExecuted("action_listen"))
    assert [e["event"] for e in events] == ["active_loop", "reset_slots"]
    asyncio.run(store.save(tracker))
    store.engine.dispose()

    _both_stores_without_gone(project_url, tracker_url)
    assert _erasures(project_url) == [("jongere", "chat", None)]


def test_erasure_from_the_api_leaves_no_row_in_either_store(stores, monkeypatch) -> None:
    project_url, tracker_url = stores
    monkeypatch.setenv("BOT_API_TOKEN", "token")
    monkeypatch.setenv("BOT_API_ACCOUNT", "lvs-koppeling")  # the token acts as this account
    auth = {"Authorization": "Bearer token"}
    with TestClient(create_app()) as client:
        response = client.delete(f"/api/conversations/{GONE}", headers=auth)
        assert response.status_code == 204
        assert client.delete(f"/api/conversations/{GONE}", headers=auth).status_code == 404

    _both_stores_without_gone(project_url, tracker_url)
    assert _erasures(project_url) == [("lvs-koppeling", "api", None)]


def test_a_later_turn_without_the_erase_action_is_written_as_usual(stores) -> None:
    """The store only skips the write for the erasing turn (else this test would be empty)."""
    _, tracker_url = stores
    store = MaskingTrackerStore(domain=DOMAIN, host=tracker_url)
    tracker = asyncio.run(store.retrieve(KEPT))
    assert tracker is not None
    before = len(rows_naming(tracker_url, KEPT))
    tracker.update(_user("wat doen jullie met mijn gegevens", "privacy_vraag"))
    tracker.update(ActionExecuted("action_tonen_gegevens"))
    asyncio.run(store.save(tracker))
    store.engine.dispose()
    assert len(rows_naming(tracker_url, KEPT)) == before + 2
