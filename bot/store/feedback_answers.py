"""The user's answer to the feedback question: whether to ask, and storing it once.

One row per conversation (``feedback``, migration 0005): the row is the proof the question
was asked and answered or skipped, so a second end of the same chat never asks again. The
comment is masked like every other user text before it is stored.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from bot.privacy import mask
from bot.store.models import FEEDBACK_ANSWERS, Conversation, Feedback
from bot.store.repository import Repository


def feedback_of(repository: Repository, conversation_id: str) -> Feedback | None:
    """The conversation's feedback row, if the question was answered or skipped."""
    row: Feedback | None = repository.session.execute(
        select(Feedback).where(Feedback.conversation_id == conversation_id)
    ).scalar_one_or_none()
    return row


def may_ask_feedback(repository: Repository, conversation_id: str) -> bool:
    """Ask only a real conversation with consent, not yet asked, while no human has it.

    Practice conversations are left out (fictional data, erased within a day); without
    consent nothing may be stored, so there is nothing to ask either.
    """
    conversation = repository.session.get(Conversation, conversation_id)
    if conversation is None or not conversation.consent or conversation.practice:
        return False
    if feedback_of(repository, conversation_id) is not None:
        return False
    return repository.active_handover(conversation_id) is None


def record_feedback(
    repository: Repository,
    conversation_id: str,
    answer: str,
    comment: str | None = None,
    known_names: Iterable[str] = (),
) -> bool:
    """Store the answer (and a comment, masked) once; a retry or second answer changes nothing.

    A comment may come in a later turn than the answer: it is added to the row when the row
    has none yet. Returns whether anything was written.
    """
    if answer not in FEEDBACK_ANSWERS:
        raise ValueError(f"feedback {answer!r} is niet een van {FEEDBACK_ANSWERS}")
    if repository.session.get(Conversation, conversation_id) is None:
        return False  # erased, or never stored (no consent): keep nothing
    masked = mask(comment, list(known_names)) if comment else None
    row = feedback_of(repository, conversation_id)
    if row is None:
        repository.session.add(
            Feedback(conversation_id=conversation_id, answer=answer, comment=masked)
        )
        repository.session.flush()
        return True
    if masked and row.comment is None and row.answer == answer:
        row.comment = masked
        repository.session.flush()
        return True
    return False
