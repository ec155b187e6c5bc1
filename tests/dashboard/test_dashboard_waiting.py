"""The waiting table's medians, p90s and office-hours split agree with a count made here.

On PostgreSQL the database computes them (office hours as SQL in the team's time zone); the
reference below works through every hand-over row in Python, so a wrong time zone, weekday,
closing day or percentile index shows up as a difference.
"""

from __future__ import annotations

import statistics

import pytest

from bot.dashboard.queries import PART_POINTS, read_figures
from bot.dashboard.queries_waiting import Stat, Waiting
from bot.knowledge.teams import load_teams
from tests.dashboard.conftest import Stores
from tests.dashboard.test_dashboard_queries import MARCH, YEAR, Reference


def _stat(found: list[tuple[str, float]]) -> Stat:
    values = sorted(max(0.0, v) for _, v in found)
    if not values:
        return Stat(0, None, None)
    high = values[min(len(values) - 1, len(values) * 9 // 10)]
    return Stat(len({c for c, _ in found}), statistics.median(values), high)


def _close(found: Stat, expected: Stat) -> None:
    assert found.conversations == expected.conversations
    for got, want in ((found.median, expected.median), (found.p90, expected.p90)):
        assert (got is None) == (want is None)
        if want is not None:
            assert got == pytest.approx(want, abs=1e-3)


def test_the_waiting_table_matches_a_count_made_from_the_rows(generated: Stores) -> None:
    teams = load_teams()
    for period in (YEAR, MARCH):
        figures = read_figures(period, None, generated.database_url, generated.tracker_store_url)
        ref = Reference(generated, period)
        groups: dict[str, list[object]] = {"binnen": [], "buiten": [], "alle": ref.handovers}
        for h in ref.handovers:
            mode = ref.mode[h.conversation_id]
            team = teams.teams.get(h.team or "") or teams.team_for(mode, h.decision_point)
            groups["binnen" if team.office_hours.is_open(h.created_at) else "buiten"].append(h)
        assert groups["binnen"] and groups["buiten"], "the year has both kinds"
        for name, rows in groups.items():
            waited = [
                (h.conversation_id, (h.taken_at - h.created_at).total_seconds())  # type: ignore[attr-defined]
                for h in rows
                if h.taken_at is not None  # type: ignore[attr-defined]
            ]
            decided = [
                (h.conversation_id, (h.decided_at - h.created_at).total_seconds())  # type: ignore[attr-defined]
                for h in rows
                if h.decided_at is not None  # type: ignore[attr-defined]
            ]
            row: Waiting = figures.waiting[name]
            assert row.conversations == len({h.conversation_id for h in rows})  # type: ignore[attr-defined]
            _close(row.to_taken, _stat(waited))
            _close(row.to_decision, _stat(decided))
        reached_any: dict[str, set[str]] = {}
        for h in ref.handovers:
            if h.decision_point in PART_POINTS:
                reached_any.setdefault(ref.mode[h.conversation_id], set()).add(h.conversation_id)
        assert dict(figures.reached_any) == {m: len(ids) for m, ids in reached_any.items()}
