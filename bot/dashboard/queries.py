"""The dashboard's figures, read as aggregates from the store (SQLAlchemy Core, SQLite, PostgreSQL).

A fixed handful of queries, none per row: counts grouped by what the page shows, each
filtered on the conversations of the period (and team). No text and no answer of a person
leaves this module; conversation ids are read only to match Rasa's turn counts (another
database) to the conversations of the period, and are dropped here. Practice
conversations are counted apart and never with real ones. An erased conversation is gone
from every table (cascade), so it leaves no trace in any figure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Text,
    and_,
    case,
    cast,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.elements import ColumnElement

from bot.dashboard.period import Period
from bot.dashboard.queries_turns import CAUGHT_ACTION as CAUGHT_ACTION
from bot.dashboard.queries_turns import MISUNDERSTOOD_INTENTS as MISUNDERSTOOD_INTENTS
from bot.dashboard.queries_turns import read_turns as _turns
from bot.dashboard.queries_waiting import Waiting, read_handovers
from bot.store.db import get_engine
from bot.store.models import (
    ANSWERED_PARTS,
    REACHED_POINTS,
    Answer,
    Conversation,
    DashboardPartner,
    Feedback,
    Handover,
)

GENERATED_PREFIX = "gen-"
# The decision points that end a part of the conversation (the others can come any time).
PART_POINTS = ("leerroute", "ondersteuning", "vervolg", "pre_intake")
# The parts whose coverage the dashboard shows (the start block is in every conversation).
PARTS = ANSWERED_PARTS
HUMAN_POINTS = ("op_verzoek", "niet_begrepen")
# The decision points kept on each conversation as bits (bot.store.vocabulary), and the
# bits of the points that end a part.
REACHED = REACHED_POINTS
PART_POINTS_MASK = sum(1 << REACHED.index(point) for point in PART_POINTS)

conversations = Conversation.__table__
answers = Answer.__table__
handovers = Handover.__table__
dashboard_partners = DashboardPartner.__table__
feedback = Feedback.__table__
routed = handovers.alias("routed")  # the hand-overs that decide a conversation's team


@dataclass
class Figures:
    """Unsuppressed counts for one period; :mod:`bot.dashboard.report` protects them."""

    # (practice, mode) -> bucket start -> conversations
    per_bucket: dict[tuple[bool, str], Counter[dt.date]] = field(default_factory=dict)
    totals: Counter[tuple[bool, str]] = field(default_factory=Counter)
    generated: int = 0
    parts: Counter[tuple[bool, str, str]] = field(default_factory=Counter)
    reached: Counter[tuple[str, str]] = field(default_factory=Counter)  # (mode, point)
    reached_any: Counter[str] = field(default_factory=Counter)  # mode -> conversations
    stopped: Counter[tuple[str, str | None]] = field(default_factory=Counter)  # (mode, last q)
    routes: Counter[tuple[str, str]] = field(default_factory=Counter)  # (route, herkomst)
    suggested: Counter[str] = field(default_factory=Counter)
    named: Counter[str] = field(default_factory=Counter)
    takes_over: Counter[str] = field(default_factory=Counter)
    waiting: dict[str, Waiting] = field(default_factory=dict)  # WAIT_GROUPS -> row
    feedback: Counter[str] = field(default_factory=Counter)
    turns: int = 0
    misunderstood: int = 0
    caught: int = 0
    with_turns: int = 0  # conversations with at least one turn in the tracker store


def _mode() -> ColumnElement[Any]:
    return func.coalesce(conversations.c.mode, literal("advies"))


def in_period(period: Period, team: str | None) -> ColumnElement[Any]:
    """The conversations of the period (started in it), and of ``team`` when one is chosen."""
    start, end = period.bounds()
    condition = and_(conversations.c.created_at >= start, conversations.c.created_at < end)
    if team:
        condition = and_(
            condition,
            # An alias, so the queries that read hand-overs themselves still correlate.
            exists().where(routed.c.conversation_id == conversations.c.id, routed.c.team == team),
        )
    return condition


def _value(column: Any) -> Any:
    """A JSON answer as text, so it can be grouped on either database."""
    return cast(column, Text)


def _decoded(raw: Any) -> Any:
    try:
        return json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return raw


def read_figures(
    period: Period,
    team: str | None = None,
    database_url: str | None = None,
    tracker_store_url: str | None = None,
) -> Figures:
    """Every figure of the dashboard for ``period`` (and ``team``).

    Five readers at once, each on its own connection and each filling its own fields: the
    conversations and then the tracker store's turn counts (another database), the
    hand-overs' waiting times, the stops and feedback, the routes, the suggested, named and
    taking-over partners. On a machine busy with other work each reader is a
    process of its own for the scheduler, so the page's share of the cores grows with them.
    """
    figures = Figures()
    engine = get_engine(database_url)
    groups: list[tuple[Callable[[Connection, Period, str | None, Figures], None], ...]] = [
        (_handovers,),
        (_stopped, _feedback),
        (_routes,),
        (_partners, _takes_over),
    ]
    with ThreadPoolExecutor(max_workers=len(groups)) as beside:
        jobs = [beside.submit(_read, engine, group, period, team, figures) for group in groups]
        with _reading(engine) as connection:
            real_ids = _conversations(connection, period, team, figures)
        if tracker_store_url:
            _turns(tracker_store_url, period, real_ids, figures)
        for job in jobs:
            job.result()
    return figures


@contextlib.contextmanager
def _reading(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # A region's year groups a few hundred thousand rows: with the default 4 MB
            # PostgreSQL sorts and hashes them on disk. Only for this read (SET LOCAL).
            connection.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        yield connection


def _read(
    engine: Engine,
    parts: tuple[Callable[[Connection, Period, str | None, Figures], None], ...],
    period: Period,
    team: str | None,
    figures: Figures,
) -> None:
    with _reading(engine) as connection:
        for part in parts:
            part(connection, period, team, figures)


def _conversations(
    connection: Connection, period: Period, team: str | None, figures: Figures
) -> set[str]:
    """Conversations per bucket, generated ones, the parts they answered and the decision
    points they reached, in one pass over the conversations (both kept on them as bits).

    PostgreSQL groups by the school's day itself (one row per day and mode); SQLite has no
    time zones, so there each conversation's moment is placed here. The real conversations'
    ids are returned for the tracker store's turn counts.
    """
    selected = in_period(period, team)
    real = {
        str(conversation_id)
        for (conversation_id,) in connection.execute(
            select(conversations.c.id).where(selected, conversations.c.practice.is_(False))
        )
    }
    parts = [_has_bit(conversations.c.answered_parts, 1 << bit) for bit in range(len(PARTS))]
    points = [_has_bit(conversations.c.reached_points, 1 << bit) for bit in range(len(REACHED))]
    any_part = _has_bit(conversations.c.reached_points, PART_POINTS_MASK)
    generated = func.sum(case((conversations.c.id.like(f"{GENERATED_PREFIX}%"), 1), else_=0))
    if connection.dialect.name == "postgresql":
        moment: ColumnElement[Any] = func.date(
            func.timezone(str(period.zone), conversations.c.created_at)
        )
    else:
        moment = conversations.c.created_at
    rows = connection.execute(
        select(
            conversations.c.practice,
            _mode(),
            moment,
            func.count(),
            generated,
            any_part,
            *points,
            *parts,
        )
        .where(selected)
        .group_by(conversations.c.practice, _mode(), moment)
    )
    for practice, mode, when, n, made, reached_part, *bits in rows:
        reached, answered = bits[: len(REACHED)], bits[len(REACHED) :]
        key = (bool(practice), str(mode))
        day = when if isinstance(when, dt.date) and not isinstance(when, dt.datetime) else None
        bucket = period.bucket_of_day(day) if day else period.bucket_of(when)
        figures.per_bucket.setdefault(key, Counter())[bucket] += int(n)
        figures.totals[key] += int(n)
        figures.generated += int(made or 0)
        for part, count in zip(ANSWERED_PARTS, answered, strict=True):
            if count and part in PARTS:
                figures.parts[(bool(practice), str(mode), part)] += int(count)
        if practice:  # the decision points are figures of real conversations only
            continue
        for point, count in zip(REACHED, reached, strict=True):
            if count:
                figures.reached[(str(mode), point)] += int(count)
        if reached_part:
            figures.reached_any[str(mode)] += int(reached_part)
    return real


def _has_bit(column: Any, mask: int) -> ColumnElement[Any]:
    """How many of the grouped conversations have one of ``mask``'s bits set in ``column``."""
    return func.sum(case((column.op("&")(mask) != 0, 1), else_=0))


def _handovers(connection: Connection, period: Period, team: str | None, figures: Figures) -> None:
    """Hand-overs of real conversations: how long people waited."""
    read_handovers(
        connection,
        handovers.join(conversations, handovers.c.conversation_id == conversations.c.id),
        and_(in_period(period, team), conversations.c.practice.is_(False)),
        _mode(),
        handovers.c,
        figures,
    )


def _stopped(connection: Connection, period: Period, team: str | None, figures: Figures) -> None:
    """The last answered question of each real conversation that reached no part's end."""
    reached = conversations.c.reached_points.op("&")(PART_POINTS_MASK) != 0
    ranked = (
        select(
            _mode().label("mode"),
            answers.c.question.label("question"),
            func.row_number()
            .over(
                partition_by=answers.c.conversation_id,
                order_by=(answers.c.answered_at.desc(), answers.c.id.desc()),
            )
            .label("rank"),
        )
        .select_from(answers.join(conversations, answers.c.conversation_id == conversations.c.id))
        .where(in_period(period, team), conversations.c.practice.is_(False), ~reached)
        .subquery()
    )
    rows = connection.execute(
        select(ranked.c.mode, ranked.c.question, func.count())
        .where(ranked.c.rank == 1)
        .group_by(ranked.c.mode, ranked.c.question)
    )
    for mode, question, n in rows:
        figures.stopped[(str(mode), str(question))] += int(n)


def _routes(connection: Connection, period: Period, team: str | None, figures: Figures) -> None:
    origin = answers.alias("herkomst")
    rows = connection.execute(
        select(
            handovers.c.decision,
            _value(origin.c.value),
            func.count(distinct(handovers.c.conversation_id)),
        )
        .select_from(
            handovers.join(
                conversations, handovers.c.conversation_id == conversations.c.id
            ).outerjoin(
                origin,
                and_(
                    origin.c.conversation_id == handovers.c.conversation_id,
                    origin.c.question == "herkomst",
                ),
            )
        )
        .where(
            in_period(period, team),
            conversations.c.practice.is_(False),
            handovers.c.decision_point == "leerroute",
            handovers.c.decision.is_not(None),
        )
        .group_by(handovers.c.decision, _value(origin.c.value))
    )
    for route, raw, n in rows:
        figures.routes[(str(route), str(_decoded(raw) or "onbekend"))] += int(n)


def _real(period: Period, team: str | None) -> ColumnElement[Any]:
    return and_(in_period(period, team), conversations.c.practice.is_(False))


def _counted(connection: Connection, key: Any, joined: Any, *where: Any) -> list[tuple[Any, int]]:
    """Rows per ``key``, where each conversation has one row per key (no DISTINCT needed)."""
    return [
        (found, int(n))
        for found, n in connection.execute(
            select(key, func.count()).select_from(joined).where(*where).group_by(key)
        )
    ]


def _partners(connection: Connection, period: Period, team: str | None, figures: Figures) -> None:
    """Per partner the conversations it was suggested in and those whose decisions name it,
    kept per conversation and partner (bot.store.dashboard_partners): rows, no DISTINCT."""
    kept = dashboard_partners
    rows = connection.execute(
        select(
            kept.c.partner,
            func.count().filter(kept.c.suggested > 0),
            func.count().filter(kept.c.named > 0),
        )
        .select_from(kept.join(conversations, kept.c.conversation_id == conversations.c.id))
        .where(_real(period, team), or_(kept.c.suggested > 0, kept.c.named > 0))
        .group_by(kept.c.partner)
    )
    for partner, suggested, named in rows:
        if suggested:
            figures.suggested[str(partner)] += int(suggested)
        if named:
            figures.named[str(partner)] += int(named)


def _takes_over(connection: Connection, period: Period, team: str | None, figures: Figures) -> None:
    # One answer per conversation and question (uq_answers_question).
    for raw, n in _counted(
        connection,
        _value(answers.c.value),
        answers.join(conversations, answers.c.conversation_id == conversations.c.id),
        _real(period, team),
        answers.c.question == "overnemende_partner",
    ):
        value = _decoded(raw)
        if isinstance(value, str):
            figures.takes_over[value] += n


def _feedback(connection: Connection, period: Period, team: str | None, figures: Figures) -> None:
    # One feedback row per conversation (unique conversation_id).
    for answer, n in _counted(
        connection,
        feedback.c.answer,
        feedback.join(conversations, feedback.c.conversation_id == conversations.c.id),
        in_period(period, team),
        conversations.c.practice.is_(False),
    ):
        figures.feedback[str(answer)] += n
