"""The dashboard's hand-over figures: points reached and how long people waited for a human.

A region's year has tens of thousands of hand-overs. On PostgreSQL the medians, p90s and
the office-hours split are computed by the database (office hours become one ``CASE`` per
team, mode and point, in the team's own time zone), so no hand-over row reaches Python.
SQLite has no time zones: there the rows are read and counted here, with the same results.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Float, Integer, Time, and_, case, cast, false, func, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by, array_agg
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from bot.knowledge.teams import OfficeHours, Teams, load_teams

# Where the rows of the waiting table are kept in ``Figures.waiting``, in the table's order.
WAIT_GROUPS = ("binnen", "buiten", "alle")


class Stat(NamedTuple):
    """Median and p90 in seconds, and the conversations they are based on (for suppression)."""

    conversations: int
    median: float | None
    p90: float | None


class Waiting(NamedTuple):
    """One row of the waiting table."""

    conversations: int
    to_taken: Stat
    to_decision: Stat


class _Times(NamedTuple):
    """One hand-over's moments, without who or what (the SQLite path)."""

    conversation: int  # a number for this query only, to count conversations
    decision_point: str
    mode: str | None
    team: str | None
    created_at: dt.datetime
    wait_seconds: float | None  # until a professional took it
    decide_seconds: float | None  # until the decision


def p90(values: Sequence[float]) -> float:
    """The value nine in ten stay under (the same index on both databases)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))] if ordered else 0.0


def _stat(found: Sequence[tuple[int, float]]) -> Stat:
    values = [max(0.0, float(v)) for _, v in found]
    if not values:
        return Stat(0, None, None)
    return Stat(len({c for c, _ in found}), statistics.median(values), p90(values))


def _office(teams: Teams, team: str | None, mode: str | None, point: str) -> OfficeHours:
    return (teams.teams.get(team or "") or teams.team_for(mode, point)).office_hours


def read_handovers(
    connection: Connection,
    joined: Any,
    where: ColumnElement[Any],
    mode: ColumnElement[Any],
    columns: Any,
    part_points: tuple[str, ...],
    figures: Any,
) -> None:
    """Fill ``figures.reached``, ``reached_any`` and ``waiting`` from the selected hand-overs."""
    wait = _seconds(connection, columns.taken_at, columns.created_at)
    decide = _seconds(connection, columns.decided_at, columns.created_at)
    if connection.dialect.name == "postgresql":
        _in_database(connection, joined, where, mode, columns, part_points, figures, wait, decide)
        return
    teams = load_teams()  # once: it resolves its folder on every call
    numbers: dict[str, int] = {}
    reached: dict[tuple[str, str], set[int]] = {}
    reached_any: dict[str, set[int]] = {}
    times: list[_Times] = []
    selected = connection.execute(
        select(
            columns.conversation_id,
            columns.decision_point,
            mode,
            columns.team,
            columns.created_at,
            cast(wait, Float),
            cast(decide, Float),
        )
        .select_from(joined)
        .where(where)
    )
    for conversation_id, point, mode_value, team_key, created, waited, decided in selected:
        number = numbers.setdefault(str(conversation_id), len(numbers))
        reached.setdefault((str(mode_value), str(point)), set()).add(number)
        if point in part_points:
            reached_any.setdefault(str(mode_value), set()).add(number)
        times.append(
            _Times(
                number,
                str(point),
                str(mode_value),
                team_key,
                created,
                None if waited is None else float(waited),
                None if decided is None else float(decided),
            )
        )
    figures.reached.update({key: len(found) for key, found in reached.items()})
    figures.reached_any.update({key: len(found) for key, found in reached_any.items()})
    hours: dict[tuple[str | None, str | None, str], OfficeHours] = {}
    groups: dict[str, list[_Times]] = {"binnen": [], "buiten": [], "alle": times}
    for time in times:
        key = (time.team, time.mode, time.decision_point)
        office = hours.get(key) or hours.setdefault(key, _office(teams, *key))
        groups["binnen" if office.is_open(time.created_at) else "buiten"].append(time)
    for name, found in groups.items():
        figures.waiting[name] = Waiting(
            len({t.conversation for t in found}),
            _stat([(t.conversation, t.wait_seconds) for t in found if t.wait_seconds is not None]),
            _stat(
                [(t.conversation, t.decide_seconds) for t in found if t.decide_seconds is not None]
            ),
        )


def _seconds(connection: Connection, later: Any, earlier: Any) -> ColumnElement[Any]:
    """Seconds from ``earlier`` to ``later`` (None when either is missing), on either database."""
    if connection.dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def _opened_inside(office: OfficeHours, created: Any) -> ColumnElement[Any]:
    """Whether a hand-over was opened in ``office``'s hours, as SQL (``OfficeHours.is_open``)."""
    local = func.timezone(str(office.timezone), created)
    day, moment = func.date(local), cast(local, Time())
    weekday = cast(func.extract("isodow", local), Integer()) - 1  # 0 = Monday, like Python
    periods = [
        and_(weekday == number, moment >= period.start, moment < period.end)
        for number, found in office.week.items()
        for period in found
    ]
    opened: ColumnElement[Any] = or_(*periods) if periods else false()
    if office.closed:
        opened = and_(day.not_in(sorted(office.closed)), opened)
    return opened


def _in_database(
    connection: Connection,
    joined: Any,
    where: ColumnElement[Any],
    mode: ColumnElement[Any],
    columns: Any,
    part_points: tuple[str, ...],
    figures: Any,
    wait: ColumnElement[Any],
    decide: ColumnElement[Any],
) -> None:
    """PostgreSQL: the same figures as grouped aggregates (a few rows come back)."""
    # Conversations are counted by id; compared byte by byte, their sorts take a fraction.
    conversation, point = columns.conversation_id, columns.decision_point
    # Each conversation once per mode and point (hashed, no sort), then counted.
    pairs = (
        select(
            conversation.collate("C").label("conversation"),
            mode.label("mode"),
            point.label("point"),
        )
        .select_from(joined)
        .where(where)
        .distinct()
        .subquery()
    )
    for no_mode, no_point, mode_value, point_value, count, any_part in connection.execute(
        select(
            func.grouping(pairs.c.mode),
            func.grouping(pairs.c.point),
            pairs.c.mode,
            pairs.c.point,
            func.count(),
            func.count(pairs.c.conversation.distinct()).filter(pairs.c.point.in_(part_points)),
        ).group_by(func.rollup(pairs.c.mode, pairs.c.point))
    ):
        if no_mode:
            continue
        if no_point:
            figures.reached_any[str(mode_value)] = int(any_part)
        else:
            figures.reached[(str(mode_value), str(point_value))] = int(count)
    teams = load_teams()
    keys = connection.execute(
        select(columns.team, mode, point).select_from(joined).where(where).distinct()
    ).all()
    # One CASE branch per office (teams share them), listing the team, mode and point keys.
    offices: dict[int, tuple[OfficeHours, list[ColumnElement[Any]]]] = {}
    for team, mode_value, point_value in keys:
        office = _office(teams, team, mode_value, point_value)
        offices.setdefault(id(office), (office, []))[1].append(
            and_(
                columns.team.is_(None) if team is None else columns.team == team,
                mode.is_(None) if mode_value is None else mode == mode_value,
                point == point_value,
            )
        )
    opened: ColumnElement[Any] = false()
    if offices:
        opened = case(
            *[
                (or_(*found), _opened_inside(office, columns.created_at))
                for office, found in offices.values()
            ],
            else_=false(),
        )
    rows = (
        select(
            conversation.collate("C").label("conversation"),
            opened.label("inside"),
            _not_below_zero(cast(wait, Float)).label("wait"),
            _not_below_zero(cast(decide, Float)).label("decide"),
        )
        .select_from(joined)
        .where(where)
        .subquery()
    )

    def stat(value: Any) -> list[Any]:
        known = value.is_not(None)
        return [
            func.count(rows.c.conversation.distinct()).filter(known),
            func.percentile_cont(0.5).within_group(value),
            # The same index as p90(): ordered[min(n - 1, n * 9 // 10)], 1-based here.
            array_agg(aggregate_order_by(value, value.asc())).filter(known)[
                func.least(func.count(value), func.count(value) * 9 / 10 + 1)
            ],
        ]

    grouped = select(
        func.grouping(rows.c.inside),
        rows.c.inside,
        func.count(rows.c.conversation.distinct()),
        *stat(rows.c.wait),
        *stat(rows.c.decide),
    ).group_by(func.rollup(rows.c.inside))
    for all_rows, inside, count, *numbers in connection.execute(grouped):
        name = "alle" if all_rows else ("binnen" if inside else "buiten")
        figures.waiting[name] = Waiting(int(count), _db_stat(*numbers[:3]), _db_stat(*numbers[3:]))
    for name in WAIT_GROUPS:
        figures.waiting.setdefault(name, Waiting(0, Stat(0, None, None), Stat(0, None, None)))


def _not_below_zero(seconds: ColumnElement[Any]) -> ColumnElement[Any]:
    """``max(0, seconds)`` that stays NULL (PostgreSQL's GREATEST would turn NULL into 0)."""
    return case((seconds < 0, 0.0), else_=seconds)


def _db_stat(count: Any, median: Any, high: Any) -> Stat:
    if not count:
        return Stat(0, None, None)
    return Stat(int(count), float(median), float(high))
