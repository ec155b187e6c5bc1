"""Practice conversations are deleted after the retention time; real ones never."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.practice.cleanup import cleanup_practice, retention_hours, start_cleanup_thread
from bot.store.repository import repository_scope
from tests.conftest import run_module


@pytest.fixture
def database(sqlite_store: str) -> str:
    with repository_scope() as repository:
        repository.ensure_conversation("oefen-1", mode="oefenen")
        repository.record_answer("oefen-1", "leeftijd", 17, answered_by="professional")
        repository.ensure_conversation("echt-1", mode="advies", consent=True)
    return sqlite_store


def _ids() -> set[str]:
    with repository_scope() as repository:
        ids = set()
        for conversation_id in ("oefen-1", "echt-1"):
            try:
                repository.get_conversation(conversation_id)
                ids.add(conversation_id)
            except Exception:  # NotFound
                pass
        return ids


def test_retention_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRACTICE_RETENTION_HOURS", raising=False)
    assert retention_hours() == 24
    monkeypatch.setenv("PRACTICE_RETENTION_HOURS", "2.5")
    assert retention_hours() == 2.5
    monkeypatch.setenv("PRACTICE_RETENTION_HOURS", "veel")
    assert retention_hours() == 24


def test_young_practice_is_kept_and_old_practice_deleted(database: str) -> None:
    assert cleanup_practice(24) == 0
    assert _ids() == {"oefen-1", "echt-1"}
    later = datetime.now(timezone.utc) + timedelta(hours=25)
    assert cleanup_practice(24, now=later) == 1
    assert _ids() == {"echt-1"}  # a real conversation is never removed


def test_the_command_deletes_with_retention_zero(database: str, tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": database,
        "PRACTICE_RETENTION_HOURS": "0",
        "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "PATH": "/usr/bin:/bin",
    }
    result = run_module("bot.practice.cleanup", env)
    assert result.returncode == 0, result.stderr
    assert "1 practice conversation(s)" in result.stdout
    assert _ids() == {"echt-1"}


def test_the_background_thread_runs_the_cleanup_at_once(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRACTICE_RETENTION_HOURS", "0")
    stop = start_cleanup_thread(interval_seconds=3600)
    try:
        for _ in range(100):
            if _ids() == {"echt-1"}:
                break
            stop.wait(0.05)
    finally:
        stop.set()
    assert _ids() == {"echt-1"}


def test_old_practice_leaves_rasa_s_tracker_store_too(database: str, tmp_path: Path) -> None:
    import sqlalchemy as sa

    tracker_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    engine = sa.create_engine(tracker_url, future=True)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT)"))
        connection.execute(
            sa.text("INSERT INTO events (sender_id) VALUES ('oefen-1'), ('echt-1'), ('oefen-1')")
        )
    later = datetime.now(timezone.utc) + timedelta(hours=25)
    assert cleanup_practice(24, now=later, tracker_store_url=tracker_url) == 1
    with engine.connect() as connection:
        left = connection.execute(sa.text("SELECT sender_id FROM events")).scalars().all()
    engine.dispose()
    assert left == ["echt-1"]


def test_the_hourly_cleanup_also_applies_the_retention(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``make run``'s thread: with a retention of 0 days the abandoned real one goes too."""
    monkeypatch.setenv("PRACTICE_RETENTION_HOURS", "1000")
    monkeypatch.setenv("RETENTION_DAYS", "0")
    stop = start_cleanup_thread(interval_seconds=3600)
    try:
        for _ in range(100):
            if _ids() == {"oefen-1"}:
                break
            stop.wait(0.05)
    finally:
        stop.set()
    assert _ids() == {"oefen-1"}  # practice has its own, longer-running cleanup here
