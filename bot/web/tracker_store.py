"""Erasing a conversation from Rasa's tracker store.

Rasa's HTTP API has no delete, so the web service removes the rows itself, from the same
database Rasa writes to (TRACKER_STORE_URL; the ``events`` table of Rasa's SQL store).
"""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text


def delete_conversation_events(tracker_store_url: str, conversation_id: str) -> int:
    """Delete every stored event of the conversation; returns the number of rows."""
    engine = create_engine(tracker_store_url, future=True)
    try:
        if not inspect(engine).has_table("events"):
            return 0
        with engine.begin() as connection:
            result = connection.execute(
                text("DELETE FROM events WHERE sender_id = :sender_id"),
                {"sender_id": conversation_id},
            )
            return int(result.rowcount or 0)
    finally:
        engine.dispose()
