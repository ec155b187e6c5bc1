"""Erasing a conversation's events from Rasa's tracker store (and reading when each was last used).

Rasa's HTTP API has no delete, so the project removes the rows itself, from the same
database Rasa writes to (TRACKER_STORE_URL; the ``events`` table of Rasa's SQL store). Used
by the erasure (:mod:`bot.store.erasure`), the retention and the practice cleanup.

Rasa keeps the running conversation in memory and writes it back at the end of the turn,
so an erasure asked for *in* the chat would be undone by that write: the tracker store
(:class:`bot.rasa.tracker_store.MaskingTrackerStore`) therefore erases instead of writing
when a turn ran :data:`ERASE_ACTION`.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import create_engine, inspect, text

from bot.store.tracker_turns import delete_turn_counts

# The custom action that erases the user's data when they ask for it in the chat.
ERASE_ACTION = "action_verwijderen_gegevens"
# Key of the custom message the erase action sends, so a chat client can forget too.
ERASED = "gewist"


def erase_tracker_conversations(
    tracker_store_url: str, conversation_ids: Iterable[str]
) -> set[str]:
    """Delete every stored event of these conversations; returns the ids that had events."""
    ids = list(conversation_ids)
    if not ids:
        return set()
    engine = create_engine(tracker_store_url, future=True)
    try:
        if not inspect(engine).has_table("events"):
            return set()
        erased: set[str] = set()
        with engine.begin() as connection:
            for conversation_id in ids:
                result = connection.execute(
                    text("DELETE FROM events WHERE sender_id = :sender_id"),
                    {"sender_id": conversation_id},
                )
                if result.rowcount:
                    erased.add(conversation_id)
            delete_turn_counts(connection, ids)
        return erased
    finally:
        engine.dispose()


def erase_tracker_events(tracker_store_url: str, conversation_ids: Iterable[str]) -> int:
    """Delete every stored event of these conversations; returns how many conversations had some."""
    return len(erase_tracker_conversations(tracker_store_url, conversation_ids))


def tracker_last_activity(tracker_store_url: str) -> dict[str, float]:
    """``{conversation id: Unix time of its newest event}`` for every conversation."""
    engine = create_engine(tracker_store_url, future=True)
    try:
        if not inspect(engine).has_table("events"):
            return {}
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT sender_id, MAX(timestamp) FROM events GROUP BY sender_id")
            ).all()
        return {str(sender): float(last or 0.0) for sender, last in rows}
    finally:
        engine.dispose()
