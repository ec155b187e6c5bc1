"""Engine, settings and session scope of bot.store.db (SQLite only: the pragmas are SQLite's)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.store import db
from bot.store.db import database_url, get_engine, reset_engines, session_scope
from bot.store.migrate import upgrade
from bot.store.models import Conversation
from bot.store.types import UTCDateTime

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_engines():
    reset_engines()
    yield
    reset_engines()


def test_default_url_is_sqlite_file_in_repo_var(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url() == f"sqlite:///{REPO_ROOT / 'var' / 'bot.db'}"


def test_env_var_and_argument_override_default(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/from-env.db")
    assert database_url() == "sqlite:////tmp/from-env.db"
    assert database_url("sqlite:////tmp/explicit.db") == "sqlite:////tmp/explicit.db"


def test_import_opens_nothing_and_creates_no_directory(tmp_path):
    target = tmp_path / "not-yet" / "bot.db"
    code = (
        "import bot.store, bot.store.repository, bot.store.migrate, bot.privacy\n"
        "from bot.store import db\n"
        "assert db._engines == {} and db._sessionmakers == {}\n"
    )
    env = {"DATABASE_URL": f"sqlite:///{target}", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT, env=env)
    assert not target.parent.exists()


def test_engine_is_lazy_cached_per_url_and_creates_directory(tmp_path):
    url = f"sqlite:///{tmp_path / 'a' / 'b' / 'bot.db'}"
    assert not (tmp_path / "a").exists()
    engine = get_engine(url)
    assert (tmp_path / "a" / "b").is_dir()
    assert get_engine(url) is engine
    assert get_engine(f"sqlite:///{tmp_path / 'other.db'}") is not engine
    reset_engines()
    assert db._engines == {}
    assert get_engine(url) is not engine


def test_sqlite_pragmas_foreign_keys_and_wal(tmp_path):
    with get_engine(f"sqlite:///{tmp_path / 'p.db'}").connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_session_scope_commits_and_rolls_back(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    upgrade(url)
    with session_scope(url) as session:
        session.add(Conversation(id="c-ok"))
    with pytest.raises(RuntimeError), session_scope(url) as session:
        session.add(Conversation(id="c-fail"))
        session.flush()
        raise RuntimeError("boom")
    with session_scope(url) as session:
        ids = session.execute(sa.select(Conversation.id)).scalars().all()
    assert ids == ["c-ok"]


def test_objects_stay_readable_after_the_scope(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    upgrade(url)
    with session_scope(url) as session:
        conversation = Conversation(id="c1", mode="advies")
        session.add(conversation)
    assert conversation.mode == "advies"
    assert conversation.created_at.tzinfo is not None


def test_utc_datetime_refuses_naive_and_returns_aware_utc(tmp_path):
    url = f"sqlite:///{tmp_path / 't.db'}"
    table = sa.Table("t", sa.MetaData(), sa.Column("at", UTCDateTime))
    engine = get_engine(url)
    table.create(engine)
    amsterdam = timezone(timedelta(hours=2))
    with engine.begin() as connection:
        connection.execute(table.insert(), {"at": datetime(2025, 6, 1, 14, 0, tzinfo=amsterdam)})
        stored = connection.execute(sa.select(table.c.at)).scalar_one()
        with pytest.raises(sa.exc.StatementError):
            connection.execute(table.insert(), {"at": datetime(2025, 6, 1, 12, 0)})
    assert stored == datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
    assert stored.tzinfo == timezone.utc
