"""Each conversation's turns, counted as Rasa's tracker store writes them (``dashboard_turns``).

The dashboard shows how many turns the assistant did not understand or caught without a
rule. Counting them from Rasa's ``events`` table at every page view read three quarters of
a million events for a region's year (about 450 ms on PostgreSQL). Instead the tracker
store (:class:`bot.rasa.tracker_store.MaskingTrackerStore`) adds each turn's counts to one
row per conversation in the same transaction as the turn's events, with an atomic
``INSERT … ON CONFLICT … DO UPDATE SET turns = turns + …`` (SQLite and PostgreSQL), so
replicas that write at once never lose a count. The table lives beside ``events`` in
Rasa's database (``TRACKER_STORE_URL``), outside the store's migrations:
:func:`ensure_turn_counts` makes it when Rasa starts and fills it from the events already
there; an erasure deletes a conversation's row with its events. Only counts are kept.

Counted per conversation: user messages (``turns``), those whose intent is one of
:data:`MISUNDERSTOOD_INTENTS`, and runs of :data:`CAUGHT_ACTION`; ``last_at`` is the Unix
time of the newest counted event, so a period's read skips conversations idle since before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, inspect, text
from sqlalchemy.engine import Connection, Engine

# Rasa's intents for a message the classifier could not place, and the action that
# answers a message no rule covers (bot.dialogue, actions.conversation).
MISUNDERSTOOD_INTENTS = ("nlu_fallback", "buiten_bereik")
CAUGHT_ACTION = "action_opvangen_bericht"

TURNS_TABLE = "dashboard_turns"
turn_counts = Table(
    TURNS_TABLE,
    MetaData(),
    Column("sender_id", String(255), primary_key=True),
    Column("turns", Integer, nullable=False),
    Column("misunderstood", Integer, nullable=False),
    Column("caught", Integer, nullable=False),
    Column("last_at", Float, nullable=False, index=True),
)
# The partial index the dashboard read the events through before this table (dropped).
OLD_TURNS_INDEX = "ix_events_dashboard_turns"

_INTENTS = ", ".join(f"'{intent}'" for intent in MISUNDERSTOOD_INTENTS)
# The events a turn count reads: user messages and the caught-message action.
COUNTED = f"(type_name = 'user' OR action_name = '{CAUGHT_ACTION}')"
# Per conversation, counted from the events themselves (the fill, and the reference).
COUNT_EVENTS_SQL = (
    "SELECT sender_id,"
    " SUM(CASE WHEN type_name = 'user' THEN 1 ELSE 0 END),"
    f" SUM(CASE WHEN type_name = 'user' AND intent_name IN ({_INTENTS}) THEN 1 ELSE 0 END),"
    f" SUM(CASE WHEN type_name = 'action' AND action_name = '{CAUGHT_ACTION}'"
    " THEN 1 ELSE 0 END),"
    " COALESCE(MAX(timestamp), 0)"
    f" FROM events WHERE {COUNTED} GROUP BY sender_id"
)
_COLUMNS = "sender_id, turns, misunderstood, caught, last_at"
_ADD_SQL = text(
    f"INSERT INTO {TURNS_TABLE} ({_COLUMNS})"
    " VALUES (:sender_id, :turns, :misunderstood, :caught, :last_at)"
    " ON CONFLICT (sender_id) DO UPDATE SET"
    f" turns = {TURNS_TABLE}.turns + excluded.turns,"
    f" misunderstood = {TURNS_TABLE}.misunderstood + excluded.misunderstood,"
    f" caught = {TURNS_TABLE}.caught + excluded.caught,"
    f" last_at = CASE WHEN excluded.last_at > {TURNS_TABLE}.last_at"
    f" THEN excluded.last_at ELSE {TURNS_TABLE}.last_at END"
)
# Any constant: replicas that start at once make and fill the table one after the other.
_LOCK = 730_030


@dataclass
class TurnCount:
    """What some events of one conversation add to its row."""

    turns: int = 0
    misunderstood: int = 0
    caught: int = 0
    last_at: float = 0.0

    def add(self, type_name: str, intent: str | None, action: str | None, at: float | None) -> None:
        """Count one event (the fields Rasa's ``events`` table keeps)."""
        if type_name == "user":
            self.turns += 1
            self.misunderstood += intent in MISUNDERSTOOD_INTENTS
        elif type_name == "action" and action == CAUGHT_ACTION:
            self.caught += 1
        else:
            return
        self.last_at = max(self.last_at, at or 0.0)


def add_turn_counts(connection: Connection, counts: dict[str, TurnCount]) -> None:
    """Add ``counts`` to each conversation's row, in the caller's transaction."""
    rows = [
        {"sender_id": sender, **vars(count)}
        for sender, count in counts.items()
        if count.turns or count.caught
    ]
    if rows:
        connection.execute(_ADD_SQL, rows)


def ensure_turn_counts(engine: Engine) -> None:
    """Make ``dashboard_turns`` and fill it from the events, when it is not there yet.

    Called when Rasa starts (the tracker store class) and by the generator; on PostgreSQL
    under an advisory lock, so the first replica makes and fills it and the others find it.
    """
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
        has_events = inspect(connection).has_table("events")
        if has_events:
            connection.exec_driver_sql(f"DROP INDEX IF EXISTS {OLD_TURNS_INDEX}")
        if inspect(connection).has_table(TURNS_TABLE):
            return
        turn_counts.create(connection)
        if has_events:
            connection.exec_driver_sql(f"INSERT INTO {TURNS_TABLE} ({_COLUMNS}) {COUNT_EVENTS_SQL}")


def delete_turn_counts(connection: Connection, sender_ids: Iterable[str]) -> None:
    """Forget the counts of these conversations (with their events), when the table is there."""
    ids = list(sender_ids)
    if ids and inspect(connection).has_table(TURNS_TABLE):
        connection.execute(turn_counts.delete().where(turn_counts.c.sender_id.in_(ids)))
