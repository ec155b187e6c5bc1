"""The parts a conversation answered are kept on it as it is written, and filled by migration 0010.

The dashboard counts part coverage from ``conversations.answered_parts`` (one row per
conversation); these tests check that what the repository and the migration write agrees
with the answer rows, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bot.dashboard.period import make_period
from bot.dashboard.queries import read_figures
from bot.store.db import get_engine
from bot.store.migrate import downgrade, upgrade
from bot.store.repository import part_bit, repository_scope
from tests.dashboard.conftest import Stores

NOW_PERIOD = make_period(
    "schooljaar", dt.datetime.now(dt.timezone.utc).date(), ZoneInfo("Europe/Amsterdam")
)


def _all_bits(url: str) -> dict[str, int]:
    with get_engine(url).connect() as connection:
        query = sa.text("SELECT id, answered_parts FROM conversations")
        return {str(i): int(bits) for i, bits in connection.execute(query)}


def _bits(url: str, conversation_id: str) -> int:
    with get_engine(url).connect() as connection:
        return int(
            connection.execute(
                sa.text("SELECT answered_parts FROM conversations WHERE id = :id"),
                {"id": conversation_id},
            ).scalar_one()
        )


def test_storing_answers_marks_their_parts_and_the_dashboard_counts_them(
    generated: Stores,
) -> None:
    before = read_figures(NOW_PERIOD, None, generated.database_url)
    with repository_scope(generated.database_url) as repository:
        repository.ensure_conversation("web-delen", mode="advies", consent=True)
        repository.record_answer("web-delen", "herkomst", "vmbo", answered_by="jongere")
    with repository_scope(generated.database_url) as repository:
        repository.record_answer("web-delen", "leeftijd", 17, answered_by="jongere")
        repository.record_answer("web-delen", "warme_overdracht", True, answered_by="jongere")
        repository.record_answer("web-delen", "warme_overdracht", False, answered_by="jongere")
    assert _bits(generated.database_url, "web-delen") == part_bit("herkomst") | part_bit(
        "warme_overdracht"
    )
    after = read_figures(NOW_PERIOD, None, generated.database_url)
    grown = {key: n - before.parts[key] for key, n in after.parts.items() if n != before.parts[key]}
    assert grown == {(False, "advies", "voorkant"): 1, (False, "advies", "vervolg"): 1}


def test_the_migration_fills_the_parts_from_the_answers_already_stored(
    generated: Stores,
) -> None:
    url = generated.database_url
    written = _all_bits(url)
    assert any(written.values())
    downgrade(url, "0009_handover_label")
    upgrade(url)
    filled = _all_bits(url)
    assert filled == written
