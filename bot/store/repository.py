"""All reads and writes of the store, for the custom actions and the web service.

The repository never commits: the caller's :func:`~bot.store.db.session_scope` does, so one
action call is one transaction. Writes are idempotent where Rasa may retry an action
(answers, suggestions, hand-overs), and free text is masked (:mod:`bot.privacy`) before it
is stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.store.answers import part_bit as part_bit
from bot.store.answers import point_bit as point_bit
from bot.store.db import session_scope
from bot.store.handovers import HandoverStore
from bot.store.models import (
    Handover,
)
from bot.store.serialize import (
    answer_record_to_dict,
    answer_to_dict,
    handover_to_dict,
    note_to_dict,
    suggestion_to_dict,
)


class Repository(HandoverStore):
    """Every store on one session: conversations, answers, hand-overs, professionals.

    The stores per kind of record live in their own modules (:mod:`bot.store.conversations`,
    :mod:`bot.store.answers`, :mod:`bot.store.handovers`, :mod:`bot.store.professionals`);
    this class joins them, so a caller opens one unit of work and reaches them all.
    """

    def case_record(self, conversation_id: str) -> dict[str, Any]:
        """For the professional who works the case: every answer with the user's words,
        confirmation and correction (``record``), and the notes for the professional."""
        return {
            "record": [answer_record_to_dict(a) for a in self.answer_rows(conversation_id)],
            "notes": [note_to_dict(n) for n in self.notes(conversation_id)],
        }

    # -- API views -----------------------------------------------------------------------

    def conversation_detail(self, conversation_id: str) -> dict[str, Any]:
        """The ``GET /api/conversations/{id}`` body; :class:`NotFound` for unknown ids."""
        conversation = self.get_conversation(conversation_id)
        handovers = self.session.execute(
            select(Handover)
            .where(Handover.conversation_id == conversation_id)
            .options(selectinload(Handover.suggestions))
            .order_by(Handover.created_at, Handover.id)
        ).scalars()
        return {
            "id": conversation.id,
            "mode": conversation.mode,
            "role": conversation.role,
            "practice": conversation.practice,
            "answers": [answer_to_dict(a) for a in self.answer_rows(conversation_id)],
            "suggestions": [suggestion_to_dict(s) for s in self.suggestions(conversation_id)],
            "handovers": [handover_to_dict(h) for h in handovers],
        }


@contextmanager
def repository_scope(url: str | None = None) -> Iterator[Repository]:
    """``session_scope`` that hands out a :class:`Repository` (one per action call)."""
    with session_scope(url) as session:
        yield Repository(session)
