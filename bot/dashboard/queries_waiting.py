"""The dashboard's waiting table: how long people waited for a human, in and out of office hours.

A region's year has tens of thousands of hand-overs. On PostgreSQL the medians, p90s and
the office-hours split are computed by the database (office hours become one ``CASE``
branch per office, in the office's own time zone), so no hand-over row reaches Python.
SQLite has no time zones: there the rows are read and counted here, with the same results.
The points reached are kept on the conversations (``reached_points``, bot.dashboard.queries).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Float, Time, and_, case, cast, false, func, or_, select, tuple_
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from bot.knowledge.teams import OfficeHours, Teams, load_teams
from bot.store.vocabulary import DECISION_POINTS, MODES

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
    figures: Any,
) -> None:
    """Fill ``figures.waiting`` from the selected hand-overs."""
    wait = _seconds(connection, columns.taken_at, columns.created_at)
    decide = _seconds(connection, columns.decided_at, columns.created_at)
    if connection.dialect.name == "postgresql":
        _in_database(connection, joined, where, mode, columns, figures, wait, decide)
        return
    teams = load_teams()  # once: it resolves its folder on every call
    numbers: dict[str, int] = {}
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


def _offices(
    teams: Teams, team: Any, mode: ColumnElement[Any], point: Any
) -> list[tuple[OfficeHours, ColumnElement[Any]]]:
    """Each office (teams can share one) with the hand-overs it answers, as SQL.

    A hand-over's team decides, else the routing of its mode and decision point (the
    hand-overs stored before teams, or of a team no longer in teams.yml), as in ``_office``.
    Made from teams.yml alone, so the page needs no query for the keys.
    """
    offices: dict[int, tuple[OfficeHours, list[str], list[tuple[str, str]]]] = {}
    for key, found in teams.teams.items():
        offices.setdefault(id(found.office_hours), (found.office_hours, [], []))[1].append(key)
    for mode_value in MODES:
        for point_value in DECISION_POINTS:
            office = teams.team_for(mode_value, point_value).office_hours
            offices.setdefault(id(office), (office, [], []))[2].append((mode_value, point_value))
    routed = or_(team.is_(None), team.not_in(sorted(teams.teams)))
    return [
        (
            office,
            or_(
                team.in_(keys) if keys else false(),
                and_(routed, tuple_(mode, point).in_(pairs)) if pairs else false(),
            ),
        )
        for office, keys, pairs in offices.values()
    ]


def _opened_inside(office: OfficeHours, local: Any) -> ColumnElement[Any]:
    """Whether a hand-over was opened in ``office``'s hours, as SQL (``OfficeHours.is_open``).

    ``local``: the rows' day, ISO week day and time in the office's time zone, worked out
    once per row (``_local_parts``), so each opening period costs three comparisons.
    """
    day, weekday, moment = local
    periods = [
        and_(weekday == number + 1, moment >= period.start, moment < period.end)
        for number, found in office.week.items()
        for period in found
    ]
    opened: ColumnElement[Any] = or_(*periods) if periods else false()
    if office.closed:
        opened = and_(day.not_in(sorted(office.closed)), opened)
    return opened


def _local_parts(local: Any) -> list[ColumnElement[Any]]:
    """A local moment's day, ISO week day (1 = Monday) and time of day."""
    return [func.date(local), func.extract("isodow", local), cast(local, Time())]


# p90 as PostgreSQL's percentile_disc: the value at 1-based position ceil(f * n), which for
# this f is n * 9 // 10 + 1, the same index as p90() (f - 0.9 stays below 0.1 / n).
P90_FRACTION = 0.900000001


def _in_database(
    connection: Connection,
    joined: Any,
    where: ColumnElement[Any],
    mode: ColumnElement[Any],
    columns: Any,
    figures: Any,
    wait: ColumnElement[Any],
    decide: ColumnElement[Any],
) -> None:
    """PostgreSQL: the same figures as grouped aggregates (three rows come back).

    The hand-overs are read once (a CTE). Each office's time zone is applied once per row
    (looking a zone up by name is the dearest part of a row), and its day, week day and time
    once from that. The conversations behind each figure
    are counted from one row per conversation and group (``GROUPING SETS``, hashed, where
    ``COUNT(DISTINCT)`` sorts every group); p90 is ``percentile_disc`` on the same order as
    the median's ``percentile_cont``, so both share one sort.
    """
    offices = _offices(load_teams(), columns.team, mode, columns.decision_point)
    zones = sorted({str(office.timezone) for office, _ in offices})
    # Each level OFFSET 0, so PostgreSQL keeps it a level of its own instead of writing its
    # expressions into every place the next level names them (a time zone per period).
    read = (
        select(
            # Conversations are compared byte by byte: their sorts and hashes take a fraction.
            columns.conversation_id.collate("C").label("conversation"),
            *[condition.label(f"office_{n}") for n, (_, condition) in enumerate(offices)],
            *[
                func.timezone(zone, columns.created_at).label(f"local_{z}")
                for z, zone in enumerate(zones)
            ],
            _not_below_zero(cast(wait, Float)).label("wait"),
            _not_below_zero(cast(decide, Float)).label("decide"),
        )
        .select_from(joined)
        .where(where)
        .offset(0)
        .subquery("handover_moments")
    )
    local = (
        select(
            read.c.conversation,
            *[read.c[f"office_{n}"] for n in range(len(offices))],
            *[
                part.label(f"local_{z}_{i}")
                for z in range(len(zones))
                for i, part in enumerate(_local_parts(read.c[f"local_{z}"]))
            ],
            read.c.wait,
            read.c.decide,
        )
        .offset(0)
        .subquery("handover_local")
    )

    def local_of(office: OfficeHours) -> list[Any]:
        z = zones.index(str(office.timezone))
        return [local.c[f"local_{z}_{i}"] for i in range(3)]

    opened: ColumnElement[Any] = false()
    if offices:
        opened = case(
            *[
                (local.c[f"office_{n}"], _opened_inside(office, local_of(office)))
                for n, (office, _) in enumerate(offices)
            ],
            else_=false(),
        )
    rows = select(local.c.conversation, opened.label("inside"), local.c.wait, local.c.decide).cte(
        "handover_times"
    )
    per = (
        select(
            func.grouping(rows.c.inside).label("all_rows"),
            rows.c.inside,
            func.bool_or(rows.c.wait.is_not(None)).label("waited"),
            func.bool_or(rows.c.decide.is_not(None)).label("decided"),
        )
        .group_by(
            func.grouping_sets(tuple_(rows.c.inside, rows.c.conversation), rows.c.conversation)
        )
        .subquery("per_conversation")
    )
    counts = (
        select(
            per.c.all_rows,
            per.c.inside,
            func.count().label("conversations"),
            func.count().filter(per.c.waited).label("waited"),
            func.count().filter(per.c.decided).label("decided"),
        )
        .group_by(per.c.all_rows, per.c.inside)
        .subquery("counts")
    )
    stats = (
        select(
            func.grouping(rows.c.inside).label("all_rows"),
            rows.c.inside,
            func.percentile_cont(0.5).within_group(rows.c.wait).label("wait_median"),
            func.percentile_disc(P90_FRACTION).within_group(rows.c.wait).label("wait_p90"),
            func.percentile_cont(0.5).within_group(rows.c.decide).label("decide_median"),
            func.percentile_disc(P90_FRACTION).within_group(rows.c.decide).label("decide_p90"),
        )
        .group_by(func.rollup(rows.c.inside))
        .subquery("stats")
    )
    grouped = select(
        counts.c.all_rows,
        counts.c.inside,
        counts.c.conversations,
        counts.c.waited,
        stats.c.wait_median,
        stats.c.wait_p90,
        counts.c.decided,
        stats.c.decide_median,
        stats.c.decide_p90,
    ).select_from(
        counts.join(
            stats,
            and_(
                counts.c.all_rows == stats.c.all_rows,
                counts.c.inside.is_not_distinct_from(stats.c.inside),
            ),
        )
    )
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
