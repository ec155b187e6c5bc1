"""A generated school year on SQLite and on PostgreSQL (when it answers), shared per backend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from bot.store import db
from bot.store.migrate import upgrade
from tools.schooljaar_generator import generate

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Stores:
    database_url: str
    tracker_store_url: str


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Stores:
    """150 applicants' school year 2025–2026 (seed 3) in fresh stores (both on one backend)."""
    folder = tmp_path_factory.mktemp("dashboard")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'bot.db'}"
        tracker = f"sqlite:///{folder / 'tracker.db'}"
    else:
        server = request.getfixturevalue("postgres")
        url = server.schema_url()
        tracker = server.database_url("tracker")  # Rasa's own database, as in the cluster
    db.reset_engines()
    upgrade(url)
    generate(2026, 150, seed=3, database_url=url, tracker_store_url=tracker, now=NOW)
    return Stores(url, tracker)
