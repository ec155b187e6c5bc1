"""Fixtures for the privacy tests: fresh databases on SQLite and (if reachable) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

PG_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)


def _pg_admin() -> sa.engine.Engine | None:
    engine = sa.create_engine(
        PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 2}
    )
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except Exception:
        engine.dispose()
        return None
    return engine


@pytest.fixture(scope="module")
def database_factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str], str]]:
    """``make(purpose)``: a URL of a new, empty database on the backend in ``request.param``."""
    backend = getattr(request, "param", "sqlite")
    created: list[str] = []
    admin = None
    if backend == "postgresql":
        admin = _pg_admin()
        if admin is None:
            pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}")
    folder: Path = tmp_path_factory.mktemp("privacy-db")

    def make(purpose: str) -> str:
        if admin is None:
            return f"sqlite:///{folder / f'{purpose}.db'}"
        name = f"privacy_{purpose}_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return str(sa.engine.make_url(PG_ADMIN_URL).set(database=name))

    yield make
    if admin is not None:
        with admin.connect() as connection:
            for name in created:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def dump_database(url: str) -> str:
    """Every value of every row of every table, as one text (to search for raw values)."""
    engine = sa.create_engine(url)
    try:
        metadata = sa.MetaData()
        metadata.reflect(bind=engine)
        parts: list[str] = []
        with engine.connect() as connection:
            for table in metadata.sorted_tables:
                for row in connection.execute(sa.select(table)):
                    parts.append(f"{table.name}: " + " | ".join(str(value) for value in row))
        return "\n".join(parts)
    finally:
        engine.dispose()
