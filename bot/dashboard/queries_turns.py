"""The dashboard's turn counts, read from Rasa's tracker store (another database than the store).

Only counts leave the database: per conversation its user turns, the misunderstood ones and
the caught ones, kept by the tracker store as turns are written (``dashboard_turns``,
:mod:`bot.store.tracker_turns`) and matched here to the period's real conversations.
"""

from __future__ import annotations

import functools
from typing import Protocol

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

from bot.dashboard.period import Period
from bot.store.tracker_turns import CAUGHT_ACTION as CAUGHT_ACTION
from bot.store.tracker_turns import COUNT_EVENTS_SQL, TURNS_TABLE
from bot.store.tracker_turns import MISUNDERSTOOD_INTENTS as MISUNDERSTOOD_INTENTS


class TurnCounts(Protocol):
    """The fields of the dashboard's figures this module fills."""

    turns: int
    misunderstood: int
    caught: int
    with_turns: int


@functools.lru_cache(maxsize=4)
def _tracker_engine(url: str) -> Engine:
    """One engine per tracker store, made on first use (never at import)."""
    return create_engine(url, future=True, pool_pre_ping=True)


# The kept counts of the conversations with a turn since the period's start.
TURNS_SQL = text(
    f"SELECT sender_id, turns, misunderstood, caught FROM {TURNS_TABLE} WHERE last_at >= :start"
)
# A tracker store Rasa has not run on since the counts were kept: count the events.
EVENTS_SQL = text(COUNT_EVENTS_SQL)


def read_turns(url: str, period: Period, real_ids: set[str], figures: TurnCounts) -> None:
    """User turns, misunderstood turns and caught turns of the period's real conversations."""
    engine = _tracker_engine(url)
    tables = inspect(engine)
    if tables.has_table(TURNS_TABLE):
        query, params = TURNS_SQL, {"start": period.bounds()[0].timestamp()}
    elif tables.has_table("events"):
        query, params = EVENTS_SQL, {}
    else:
        return
    with engine.connect() as connection:
        for sender, turns, misunderstood, caught, *_ in connection.execute(query, params):
            if sender not in real_ids or not turns:
                continue
            figures.with_turns += 1
            figures.turns += int(turns)
            figures.misunderstood += int(misunderstood or 0)
            figures.caught += int(caught or 0)
