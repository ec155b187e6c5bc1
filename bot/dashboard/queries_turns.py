"""The dashboard's turn counts, read from Rasa's tracker store (another database than the store).

Only counts leave the database: per conversation its user turns, the misunderstood ones and
the caught ones, matched here to the period's real conversations.
"""

from __future__ import annotations

import functools
from typing import Protocol

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

from bot.dashboard.period import Period


class TurnCounts(Protocol):
    """The fields of the dashboard's figures this module fills."""

    turns: int
    misunderstood: int
    caught: int
    with_turns: int


# Rasa's intents for a message the classifier could not place, and the action that
# answers a message no rule covers (bot.dialogue, actions.conversation).
MISUNDERSTOOD_INTENTS = ("nlu_fallback", "buiten_bereik")
CAUGHT_ACTION = "action_opvangen_bericht"


@functools.lru_cache(maxsize=4)
def _tracker_engine(url: str) -> Engine:
    """One engine per tracker store, made on first use (never at import)."""
    return create_engine(url, future=True, pool_pre_ping=True)


_INTENTS = ", ".join(f"'{intent}'" for intent in MISUNDERSTOOD_INTENTS)
# The events a turn count reads: user messages and the caught-message action.
_COUNTED = f"(type_name = 'user' OR action_name = '{CAUGHT_ACTION}')"
# Rasa's SQL tracker store (its ``events`` table); only counts leave the database.
TURNS_SQL = text(
    "SELECT sender_id,"
    " SUM(CASE WHEN type_name = 'user' THEN 1 ELSE 0 END),"
    f" SUM(CASE WHEN type_name = 'user' AND intent_name IN ({_INTENTS}) THEN 1 ELSE 0 END),"
    f" SUM(CASE WHEN type_name = 'action' AND action_name = '{CAUGHT_ACTION}'"
    " THEN 1 ELSE 0 END)"
    f" FROM events WHERE timestamp >= :start AND {_COUNTED} GROUP BY sender_id"
)
# A partial index with every column the count reads: the count scans only this index (a
# third of the events, none of their JSON) instead of the whole table.
TURNS_INDEX = "ix_events_dashboard_turns"
TURNS_INDEX_SQL = (
    f"CREATE INDEX IF NOT EXISTS {TURNS_INDEX} ON events"
    f" (timestamp, sender_id, type_name, intent_name, action_name) WHERE {_COUNTED}"
)


def ensure_turns_index(engine: Engine) -> None:
    """Create the turn count's index on Rasa's ``events`` table, once (both databases).

    The tracker store is Rasa's database, outside the store's migrations: the tracker store
    class calls this when Rasa starts, and the generator after a bulk load.
    """
    if not inspect(engine).has_table("events"):
        return
    with engine.begin() as connection:
        connection.exec_driver_sql(TURNS_INDEX_SQL)


def read_turns(url: str, period: Period, real_ids: set[str], figures: TurnCounts) -> None:
    """User turns, misunderstood turns and caught turns of the period's real conversations."""
    engine = _tracker_engine(url)
    if not inspect(engine).has_table("events"):
        return
    start, _ = period.bounds()
    with engine.connect() as connection:
        for sender, turns, misunderstood, caught in connection.execute(
            TURNS_SQL, {"start": start.timestamp()}
        ):
            if sender not in real_ids or not turns:
                continue
            figures.with_turns += 1
            figures.turns += int(turns)
            figures.misunderstood += int(misunderstood or 0)
            figures.caught += int(caught or 0)
