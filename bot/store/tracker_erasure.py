"""Erasing a conversation's events from Rasa's tracker store (the only thing done there).

Rasa's HTTP API has no delete, so the project removes the rows itself, from the same
database Rasa writes to (TRACKER_STORE_URL; the ``events`` table of Rasa's SQL store). Used
by the erase of the casework service and by the practice cleanup.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import create_engine, inspect, text


def erase_tracker_events(tracker_store_url: str, conversation_ids: Iterable[str]) -> int:
    """Delete every stored event of these conversations; returns the number of rows."""
    ids = list(conversation_ids)
    if not ids:
        return 0
    engine = create_engine(tracker_store_url, future=True)
    try:
        if not inspect(engine).has_table("events"):
            return 0
        deleted = 0
        with engine.begin() as connection:
            for conversation_id in ids:
                result = connection.execute(
                    text("DELETE FROM events WHERE sender_id = :sender_id"),
                    {"sender_id": conversation_id},
                )
                deleted += int(result.rowcount or 0)
        return deleted
    finally:
        engine.dispose()
