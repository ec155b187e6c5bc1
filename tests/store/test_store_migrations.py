"""The Alembic migrations build exactly the schema of the models, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot.store import get_engine, reset_engines
from bot.store.migrate import (
    alembic_config,
    current_revision,
    downgrade,
    head_revision,
    main,
    upgrade,
)
from bot.store.models import Base
from tests.conftest import run_module

REPO_ROOT = Path(__file__).resolve().parents[2]
TABLES = {
    "conversations",
    "answers",
    "suggestions",
    "handovers",
    "messages",
    "professionals",
    "audit_events",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request, tmp_path):
    """An empty database (never migrated)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
    else:
        yield request.getfixturevalue("postgres").schema_url()
    reset_engines()


def _tables(url: str) -> set[str]:
    return set(sa.inspect(get_engine(url)).get_table_names())


def test_upgrade_creates_all_tables_and_is_repeatable(fresh_url):
    assert current_revision(fresh_url) is None
    assert upgrade(fresh_url) == (None, head_revision())
    assert _tables(fresh_url) >= TABLES
    assert upgrade(fresh_url) == (head_revision(), head_revision())


def test_migrations_match_the_models(fresh_url):
    upgrade(fresh_url)
    with get_engine(fresh_url).connect() as connection:
        # sqlite_sequence is SQLite's own record of AUTOINCREMENT ids (migration 0007).
        opts = {
            "compare_type": True,
            "include_name": lambda name, kind, _: (
                not (kind == "table" and name == "sqlite_sequence")
            ),
        }
        context = MigrationContext.configure(connection, opts=opts)
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_alembic_check_ignores_tables_of_others(fresh_url):
    upgrade(fresh_url)
    with get_engine(fresh_url).begin() as connection:
        connection.execute(sa.text("CREATE TABLE events (id INTEGER PRIMARY KEY)"))
    command.check(alembic_config(fresh_url))  # raises when models and schema differ


def test_downgrade_to_base_and_up_again(fresh_url):
    upgrade(fresh_url)
    downgrade(fresh_url, "base")
    assert not (TABLES & _tables(fresh_url))
    assert current_revision(fresh_url) is None
    upgrade(fresh_url)
    assert _tables(fresh_url) >= TABLES


def test_main_prints_what_it_did(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["--url", url]) == 0
    assert (
        f"upgraded from an empty database to revision {head_revision()}" in capsys.readouterr().out
    )
    main(["--url", url])
    assert "nothing to do" in capsys.readouterr().out
    reset_engines()


def test_module_entry_point_and_alembic_cli_use_database_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'sub' / 'env.db'}"
    env = {**os.environ, "DATABASE_URL": url}
    result = run_module("bot.store.migrate", env, check=True)
    assert "upgraded" in result.stdout
    alembic = Path(sys.executable).with_name("alembic")
    result = subprocess.run(
        [str(alembic), "-c", str(REPO_ROOT / "alembic.ini"), "current"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert head_revision() in result.stdout
