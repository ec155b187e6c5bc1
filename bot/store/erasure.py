"""Erasing a conversation everywhere it rests: the one code path for the chat, API and retention.

A user who says "verwijder mijn gegevens", a professional who calls
``DELETE /api/conversations/{id}`` and the retention run all come here. It removes Rasa's
events (:mod:`bot.store.tracker_erasure`) and the project's rows of the conversation (its
answers, suggestions, hand-overs, messages and audit rows go by cascade) and writes one audit
row that says an erasure happened: who or what erased (``actor``, ``via``) and when, but not
which conversation. Why that much: a school must be able to show that erasure requests are
carried out, and by whom (AVG art. 5(2), accountability); the conversation id would link the
row back to a person (the widget keeps it), so it is not kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.store.repository import repository_scope
from bot.store.tracker_erasure import erase_tracker_conversations


def erase_conversations(
    conversation_ids: Iterable[str],
    *,
    actor: str,
    via: str,
    database_url: str | None = None,
    tracker_store_url: str | None = None,
) -> list[str]:
    """Erase these conversations from both stores; returns the ids that existed in either."""
    ids = list(dict.fromkeys(conversation_ids))
    in_tracker = erase_tracker_conversations(tracker_store_url, ids) if tracker_store_url else set()
    with repository_scope(database_url) as repository:
        erased = [
            conversation_id
            for conversation_id in ids
            if repository.delete_conversation(conversation_id) or conversation_id in in_tracker
        ]
        for _ in erased:
            repository.record_audit(actor, "gewist", via)
    return erased


def erase_conversation(
    conversation_id: str,
    *,
    actor: str,
    via: str,
    database_url: str | None = None,
    tracker_store_url: str | None = None,
) -> bool:
    """Erase one conversation; False when neither store knew it."""
    return bool(
        erase_conversations(
            [conversation_id],
            actor=actor,
            via=via,
            database_url=database_url,
            tracker_store_url=tracker_store_url,
        )
    )
