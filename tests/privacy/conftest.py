"""Fixtures for the privacy tests: fresh databases on SQLite and (if reachable) PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa


@pytest.fixture(scope="module")
def database_factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str]:
    """``make(purpose)``: a URL of a new, empty database on the backend in ``request.param``.

    PostgreSQL databases come from the shared ``postgres`` fixture, which drops them.
    """
    if getattr(request, "param", "sqlite") == "postgresql":
        postgres = request.getfixturevalue("postgres")
        return postgres.database_url  # type: ignore[no-any-return]
    folder: Path = tmp_path_factory.mktemp("privacy-db")
    return lambda purpose: f"sqlite:///{folder / f'{purpose}.db'}"


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
