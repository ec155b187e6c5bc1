"""Fixtures for the store tests: migrated databases on SQLite and (if reachable) PostgreSQL.

Each backend is migrated once per test session with the real Alembic migrations; every
test then starts from empty tables. PostgreSQL runs in a schema of its own (the shared
``postgres`` fixture drops it at the end), so parallel runs and other projects on the same
server are not disturbed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from bot.store import Repository, get_engine
from bot.store.migrate import upgrade
from bot.store.models import Base


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated database per backend, shared by the tests of the session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.db'}"
    else:
        url = request.getfixturevalue("postgres").schema_url()
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
