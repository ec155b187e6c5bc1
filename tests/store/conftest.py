"""Fixtures for the store tests: migrated databases on SQLite and (if reachable) PostgreSQL.

Each backend is migrated once per test session with the real Alembic migrations; every
test then starts from empty tables. PostgreSQL runs in a schema of its own (dropped at
the end), so parallel runs and other projects on the same server are not disturbed.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from bot.store import Repository, get_engine, reset_engines
from bot.store.migrate import upgrade
from bot.store.models import Base

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")


def _pg_admin_engine() -> sa.engine.Engine | None:
    """An engine on the test server, or None when it does not answer within 2 s."""
    engine = sa.create_engine(PG_URL, future=True, connect_args={"connect_timeout": 2})
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except Exception:
        engine.dispose()
        return None
    return engine


@pytest.fixture(scope="session")
def pg_schema_url() -> Iterator[Callable[[], str]]:
    """Factory: a fresh PostgreSQL schema, as a URL whose search_path points at it."""
    admin = _pg_admin_engine()
    if admin is None:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    created: list[str] = []

    def make() -> str:
        schema = f"store_test_{uuid.uuid4().hex[:12]}"
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        created.append(schema)
        separator = "&" if "?" in PG_URL else "?"
        return f"{PG_URL}{separator}options={quote(f'-csearch_path={schema}')}"

    yield make
    reset_engines()
    with admin.begin() as connection:
        for schema in created:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated database per backend, shared by the tests of the session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.db'}"
    else:
        url = request.getfixturevalue("pg_schema_url")()
    upgrade(url)
    return url


@pytest.fixture()
def clean_db(db_url: str) -> str:
    """The migrated database with all store tables emptied."""
    with get_engine(db_url).begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    return db_url


@pytest.fixture()
def session(clean_db: str) -> Iterator[sa.orm.Session]:
    """A plain session on the clean database (tests commit when they need to)."""
    from bot.store.db import get_sessionmaker

    session = get_sessionmaker(clean_db)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


@pytest.fixture()
def repo(session: sa.orm.Session) -> Repository:
    """A repository on the test session."""
    return Repository(session)
