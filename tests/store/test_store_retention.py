"""Retention per state: closed and abandoned conversations go after N days, nothing else does.

Real SQLite databases for the project's store and Rasa's tracker store (written by the
project's MaskingTrackerStore); ages are set by moving the stored timestamps back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered

from bot.rasa.tracker_store import MaskingTrackerStore
from bot.store import get_engine, reset_engines
from bot.store.migrate import upgrade
from bot.store.models import Answer, Conversation, Handover, Message
from bot.store.repository import repository_scope
from bot.store.retention import RetentionPolicy, apply_retention, due, main

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
NOW = datetime.now(timezone.utc)


def _age(conversation_id: str, days: float, *, answers_days: float | None = None) -> None:
    """Move every recorded moment of the conversation ``days`` back."""
    then = NOW - timedelta(days=days)
    answered = NOW - timedelta(days=answers_days if answers_days is not None else days)
    with get_engine().begin() as connection:
        by_id = Conversation.id == conversation_id
        connection.execute(
            sa.update(Conversation).where(by_id).values(created_at=then, updated_at=then)
        )
        of = Handover.conversation_id == conversation_id
        connection.execute(
            sa.update(Handover)
            .where(of)
            .values(
                created_at=then,
                taken_at=sa.case((Handover.taken_at.is_(None), None), else_=then),
                decided_at=sa.case((Handover.decided_at.is_(None), None), else_=then),
            )
        )
        connection.execute(
            sa.update(Answer)
            .where(Answer.conversation_id == conversation_id)
            .values(answered_at=answered)
        )
        connection.execute(
            sa.update(Message)
            .where(Message.conversation_id == conversation_id)
            .values(created_at=then)
        )


def _conversation(conversation_id: str, state: str, days: float, **kwargs: float) -> None:
    with repository_scope() as repository:
        repository.ensure_conversation(
            conversation_id, mode="oefenen" if state == "oefenen" else "advies", consent=True
        )
        repository.record_answer(conversation_id, "leeftijd", 17, answered_by="professional")
        repository.add_message(conversation_id, "bot", "Welkom")
        if state in ("open", "in_behandeling", "afgerond"):
            handover = repository.open_handover(conversation_id, "leerroute", "Leeftijd: 17.")
            if state != "open":
                repository.take_handover(handover.id, "anna")
            if state == "afgerond":
                repository.record_decision(handover.id, "certificaat", None, "anna")
    _age(conversation_id, days, **kwargs)


def _chat(store: MaskingTrackerStore, tracker_url: str, conversation_id: str, days: float) -> None:
    async def say() -> None:
        tracker = await store.get_or_create_tracker(conversation_id)
        tracker.update(UserUttered("hoi"))
        await store.save(tracker)

    asyncio.run(say())
    engine = sa.create_engine(tracker_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE events SET timestamp = :t WHERE sender_id = :s"),
            {"t": (NOW - timedelta(days=days)).timestamp(), "s": conversation_id},
        )
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def project_url(request, sqlite_store: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The project's store on SQLite, or migrated in a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield sqlite_store
        return
    url = request.getfixturevalue("postgres").schema_url()
    monkeypatch.setenv("DATABASE_URL", url)
    reset_engines()
    upgrade(url)
    yield url
    reset_engines()


@pytest.fixture
def stores(project_url: str, tmp_path: Path) -> tuple[str, str]:
    tracker_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    store = MaskingTrackerStore(domain=DOMAIN, host=tracker_url)
    _conversation("open-oud", "open", 400)
    _conversation("behandeling-oud", "in_behandeling", 400)
    _conversation("afgerond-oud", "afgerond", 100)
    _conversation("afgerond-40", "afgerond", 40)
    _conversation("afgerond-recent", "afgerond", 10)
    _conversation("afgerond-oud-antwoord-recent", "afgerond", 100, answers_days=5)
    _conversation("verlaten-oud", "verlaten", 100)
    _conversation("verlaten-40", "verlaten", 40)
    _conversation("verlaten-oud-chat-recent", "verlaten", 100)
    _conversation("oefen-oud", "oefenen", 400)
    for conversation_id, days in [
        ("afgerond-oud", 100),
        ("verlaten-oud-chat-recent", 2),
        ("alleen-rasa-oud", 100),
        ("alleen-rasa-recent", 3),
        ("oefen-oud", 400),
    ]:
        _chat(store, tracker_url, conversation_id, days)
    store.engine.dispose()
    return project_url, tracker_url


def _left(project_url: str, tracker_url: str) -> tuple[set[str], set[str]]:
    with repository_scope(project_url) as repository:
        project = {c for c, _, _ in repository.conversation_activity()} | repository.practice_ids()
    engine = sa.create_engine(tracker_url)
    with engine.connect() as connection:
        tracker = set(
            connection.execute(sa.text("SELECT DISTINCT sender_id FROM events")).scalars()
        )
    engine.dispose()
    return project, tracker


def test_states_are_read_from_the_hand_overs(stores) -> None:
    with repository_scope() as repository:
        states = {c: state for c, state, _ in repository.conversation_activity()}
    assert states["open-oud"] == states["behandeling-oud"] == "open"
    assert states["afgerond-oud"] == "afgerond" and states["verlaten-oud"] == "verlaten"
    assert "oefen-oud" not in states


def test_retention_removes_what_is_due_and_nothing_else(stores) -> None:
    project_url, tracker_url = stores
    removed = apply_retention(RetentionPolicy(), now=NOW, tracker_store_url=tracker_url)
    assert sorted(removed) == ["afgerond-oud", "alleen-rasa-oud", "verlaten-oud"]
    project, tracker = _left(project_url, tracker_url)
    assert project == {
        "open-oud",
        "behandeling-oud",
        "afgerond-40",
        "afgerond-recent",
        "afgerond-oud-antwoord-recent",
        "verlaten-40",
        "verlaten-oud-chat-recent",
        "oefen-oud",
    }
    assert tracker == {"verlaten-oud-chat-recent", "alleen-rasa-recent", "oefen-oud"}
    with repository_scope() as repository:
        trail = [(r.actor, r.action, r.conversation_id) for r in repository.audit_events()]
    assert trail == [("bewaartermijn", "gewist", None)] * 3
    # A second run finds nothing more.
    assert apply_retention(RetentionPolicy(), now=NOW, tracker_store_url=tracker_url) == []


def test_each_state_has_its_own_days(stores) -> None:
    _, tracker_url = stores
    policy = RetentionPolicy(closed_days=30, abandoned_days=365)
    assert sorted(due(policy, now=NOW, tracker_store_url=tracker_url)) == [
        "afgerond-40",
        "afgerond-oud",
    ]
    policy = RetentionPolicy(closed_days=365, abandoned_days=30)
    assert sorted(due(policy, now=NOW, tracker_store_url=tracker_url)) == [
        "alleen-rasa-oud",
        "verlaten-40",
        "verlaten-oud",
    ]


def test_days_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RETENTION_DAYS", "RETENTION_CLOSED_DAYS", "RETENTION_ABANDONED_DAYS"):
        monkeypatch.delenv(name, raising=False)
    assert RetentionPolicy.from_environment() == RetentionPolicy(90, 90)
    monkeypatch.setenv("RETENTION_DAYS", "60")
    monkeypatch.setenv("RETENTION_ABANDONED_DAYS", "14")
    assert RetentionPolicy.from_environment() == RetentionPolicy(60, 14)
    monkeypatch.setenv("RETENTION_CLOSED_DAYS", "veel")
    assert RetentionPolicy.from_environment().closed_days == 60


def test_the_command_removes_and_says_how_many(stores, monkeypatch, capsys) -> None:
    _, tracker_url = stores
    monkeypatch.setenv("TRACKER_STORE_URL", tracker_url)
    monkeypatch.setenv("RETENTION_DAYS", "90")
    assert main(["--dry-run"]) == 0
    assert "3 conversation(s) due" in capsys.readouterr().out
    assert main([]) == 0
    assert "3 conversation(s) removed" in capsys.readouterr().out
