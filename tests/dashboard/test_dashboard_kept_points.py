"""Points reached and partners suggested and named are kept on write, and agree with the rows.

The dashboard counts the conversations that reached each decision point from
``conversations.reached_points`` (a bit per point, set when a hand-over opens), and the
conversations each partner was suggested in or named in a decision from
``dashboard_partners`` (per conversation and partner: its suggestion rows, and the
decisions that name it). The tests below recount both from the hand-overs, suggestions and
named partners themselves, after the generator, the repository (adding and removing) and
migration 0015, on SQLite and PostgreSQL; and SQLite and PostgreSQL give the same figures for
the same generated year.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.dashboard.period import make_period
from bot.dashboard.queries import read_figures
from bot.dashboard.queries_waiting import Waiting
from bot.store import db
from bot.store.dashboard_partners import COUNT_PARTNERS_SQL
from bot.store.db import get_engine
from bot.store.migrate import downgrade, upgrade
from bot.store.repository import point_bit, repository_scope
from bot.store.vocabulary import DECISION_POINTS, REACHED_POINTS
from tests.dashboard.conftest import NOW, Stores
from tests.dashboard.test_dashboard_queries import MARCH, YEAR
from tools.schooljaar_generator import generate

NOW_PERIOD = make_period(
    "schooljaar", dt.datetime.now(dt.timezone.utc).date(), ZoneInfo("Europe/Amsterdam")
)
MIGRATION = (
    Path(__file__).resolve().parents[2] / "bot/store/migrations/versions/0015_dashboard_kept.py"
)


def _kept_points(url: str) -> dict[str, int]:
    with get_engine(url).connect() as connection:
        rows = connection.execute(sa.text("SELECT id, reached_points FROM conversations"))
        return {str(i): int(bits) for i, bits in rows if bits}


def _points_of_handovers(url: str) -> dict[str, int]:
    """Each conversation's decision points, from its hand-overs, as bits (made here)."""
    found: dict[str, int] = {}
    with get_engine(url).connect() as connection:
        for conversation, point in connection.execute(
            sa.text("SELECT conversation_id, decision_point FROM handovers")
        ):
            found[str(conversation)] = found.get(str(conversation), 0) | (
                1 << REACHED_POINTS.index(point)
            )
    return found


def _kept_partners(url: str) -> dict[tuple[str, str], tuple[int, int]]:
    with get_engine(url).connect() as connection:
        rows = connection.execute(
            sa.text("SELECT conversation_id, partner, suggested, named FROM dashboard_partners")
        )
        return {(str(c), str(p)): (int(s), int(n)) for c, p, s, n in rows if s or n}


def _partners_of_rows(url: str) -> dict[tuple[str, str], tuple[int, int]]:
    """Per conversation and partner: suggestion rows, and decisions naming it (not leerroute)."""
    found: dict[tuple[str, str], tuple[int, int]] = {}
    with get_engine(url).connect() as connection:
        for conversation, partner in connection.execute(
            sa.text("SELECT conversation_id, partner FROM suggestions")
        ):
            suggested, named = found.get((str(conversation), str(partner)), (0, 0))
            found[(str(conversation), str(partner))] = (suggested + 1, named)
        for conversation, partner, point in connection.execute(
            sa.text(
                "SELECT h.conversation_id, d.partner, h.decision_point FROM decision_partners d"
                " JOIN handovers h ON h.id = d.handover_id"
            )
        ):
            if point != "leerroute":
                suggested, named = found.get((str(conversation), str(partner)), (0, 0))
                found[(str(conversation), str(partner))] = (suggested, named + 1)
    return found


def test_the_bits_are_the_decision_points_in_a_fixed_order() -> None:
    assert sorted(REACHED_POINTS) == sorted(DECISION_POINTS)
    written = dict(re.findall(r'"(\w+)": (\d+),', MIGRATION.read_text()))
    assert {point: int(bit) for point, bit in written.items()} == {
        point: point_bit(point) for point in REACHED_POINTS
    }
    assert point_bit("geen_beslispunt") == 0


def test_the_generated_year_keeps_its_points_and_partners(generated: Stores) -> None:
    url = generated.database_url
    assert _kept_points(url) == _points_of_handovers(url) != {}
    kept = _kept_partners(url)
    assert kept == _partners_of_rows(url)
    assert any(s for s, _ in kept.values()) and any(n for _, n in kept.values())


def test_the_repository_keeps_points_and_suggestions_as_it_writes_and_removes_them(
    generated: Stores,
) -> None:
    url = generated.database_url
    before = read_figures(NOW_PERIOD, None, url)
    with repository_scope(url) as repository:
        repository.ensure_conversation("web-punten", mode="advies", consent=True)
        handover = repository.open_handover(
            "web-punten",
            "vervolg",
            "samenvatting",
            [
                {"partner": "uwv", "reason": "omdat", "rule_id": "r1"},
                {"partner": "uwv", "reason": "omdat", "rule_id": "r2"},
                {"partner": "gemeente", "reason": "omdat", "rule_id": "r3"},
            ],
        )
        repository.open_handover("web-punten", "op_verzoek", "samenvatting")
    assert _kept_points(url) == _points_of_handovers(url)
    assert _kept_partners(url) == _partners_of_rows(url)
    assert _kept_partners(url)[("web-punten", "uwv")] == (2, 0)
    grown = read_figures(NOW_PERIOD, None, url)
    assert grown.reached[("advies", "vervolg")] == before.reached[("advies", "vervolg")] + 1
    assert grown.reached[("advies", "op_verzoek")] == before.reached[("advies", "op_verzoek")] + 1
    assert grown.reached_any["advies"] == before.reached_any["advies"] + 1
    assert grown.suggested["uwv"] == before.suggested["uwv"] + 1  # a conversation, not a row
    assert grown.suggested["gemeente"] == before.suggested["gemeente"] + 1
    with repository_scope(url) as repository:  # a correction: one uwv rule and gemeente go
        repository.replace_suggestions(
            "web-punten",
            "vervolg",
            [{"partner": "uwv", "reason": "omdat", "rule_id": "r2"}],
            handover.id,
        )
    assert _kept_partners(url) == _partners_of_rows(url)
    after = read_figures(NOW_PERIOD, None, url)
    assert after.suggested["uwv"] == grown.suggested["uwv"]
    assert after.suggested["gemeente"] == before.suggested["gemeente"]
    with repository_scope(url) as repository:  # decisions: a route names no partner
        repository.take_handover(handover.id, "kim")
        repository.record_decision(handover.id, "Samen met UWV en gemeente.", None, "kim")
        route = repository.open_handover("web-punten", "leerroute", "samenvatting")
        repository.take_handover(route.id, "kim")
        repository.record_decision(route.id, "mbo_diploma", "ook uwv", "kim")
    assert _kept_partners(url) == _partners_of_rows(url)
    assert _kept_partners(url)[("web-punten", "uwv")] == (1, 1)
    decided = read_figures(NOW_PERIOD, None, url)
    assert decided.named["uwv"] == before.named["uwv"] + 1
    assert decided.named["gemeente"] == before.named["gemeente"] + 1
    assert decided.suggested["gemeente"] == before.suggested["gemeente"]


def test_migration_0015_fills_points_and_partners_from_the_rows_already_stored(
    generated: Stores,
) -> None:
    url = generated.database_url
    points, partners = _kept_points(url), _kept_partners(url)
    downgrade(url, "0014_decision_partners")
    assert "dashboard_partners" not in sa.inspect(get_engine(url)).get_table_names()
    upgrade(url)
    assert _kept_points(url) == points
    assert _kept_partners(url) == partners
    with get_engine(url).connect() as connection:  # the module's own recount agrees
        rows = connection.execute(sa.text(COUNT_PARTNERS_SQL))
        assert {(str(c), str(p)): (int(s), int(n)) for c, p, s, n in rows} == partners


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, postgres: object) -> tuple[Stores, Stores]:
    """The same generated year (120 applicants, seed 5) on SQLite and on PostgreSQL."""
    folder = tmp_path_factory.mktemp("both")
    lite = Stores(f"sqlite:///{folder / 'bot.db'}", f"sqlite:///{folder / 'tracker.db'}")
    server = postgres
    pg = Stores(server.schema_url(), server.database_url("both"))  # type: ignore[attr-defined]
    for stores in (lite, pg):
        db.reset_engines()
        upgrade(stores.database_url)
        generate(
            2026,
            120,
            seed=5,
            database_url=stores.database_url,
            tracker_store_url=stores.tracker_store_url,
            now=NOW,
        )
    return lite, pg


@pytest.mark.parametrize("team", [None, "loopbaan"])
def test_sqlite_and_postgresql_give_the_same_figures(
    both: tuple[Stores, Stores], team: str | None
) -> None:
    lite, pg = both
    for period in (YEAR, MARCH):
        figures_lite = read_figures(period, team, lite.database_url, lite.tracker_store_url)
        figures_pg = read_figures(period, team, pg.database_url, pg.tracker_store_url)
        waiting_lite, waiting_pg = figures_lite.waiting, figures_pg.waiting
        on_lite = {f.name: getattr(figures_lite, f.name) for f in dataclasses.fields(figures_lite)}
        on_pg = {f.name: getattr(figures_pg, f.name) for f in dataclasses.fields(figures_pg)}
        del on_lite["waiting"], on_pg["waiting"]
        assert on_lite == on_pg
        assert on_pg["reached"] and on_pg["suggested"] and on_pg["named"] and on_pg["totals"]
        assert waiting_lite.keys() == waiting_pg.keys()
        for name, row in waiting_lite.items():
            assert _numbers(row) == pytest.approx(_numbers(waiting_pg[name]), abs=1e-3), name


def _numbers(row: Waiting) -> list[float]:
    """A waiting row's numbers (no figure is None in a generated year)."""
    return [float(n) for n in (row.conversations, *row.to_taken, *row.to_decision) if n is not None]
