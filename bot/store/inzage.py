"""What is stored about one conversation: the export for inzage (AVG art. 15) and its short form.

A young person may ask what the school keeps about them. A professional then exports the
conversation (JSON over the API, a readable page in the inbox), and in the chat the
assistant names what is kept now (``privacy_vraag``). Both read the same rows here, so the
export and the chat cannot tell different stories.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.store.feedback_answers import feedback_of
from bot.store.models import ACTIVE_STATUSES
from bot.store.repository import Repository
from bot.store.samen import samen_export
from bot.store.sealed import is_private, unseal
from bot.store.serialize import iso, message_to_dict


def export_rows(repository: Repository, conversation_id: str) -> dict[str, Any]:
    """Every recorded answer, suggestion, hand-over, decision and stored message."""
    detail = repository.conversation_detail(conversation_id)
    conversation = repository.get_conversation(conversation_id)
    detail["created_at"] = iso(conversation.created_at)
    detail["answers"] = [
        {
            "question": answer.question,
            "value": unseal(answer.value),
            "own_words": answer.text_masked,
            "answered_by": answer.answered_by,
            "answered_at": iso(answer.answered_at),
            "revision": answer.revision,
            "confirmed_at": iso(answer.confirmed_at),
            "corrected_by": answer.corrected_by,
        }
        for answer in repository.answer_rows(conversation_id)
    ]
    detail["earlier_answers"] = [
        {
            "question": old.question,
            "revision": old.revision,
            "value": old.value,
            "own_words": old.text_masked,
            "answered_by": old.answered_by,
            "answered_at": iso(old.answered_at),
            "replaced_at": iso(old.replaced_at),
        }
        for old in repository.answer_revisions(conversation_id)
    ]
    detail["decisions"] = [
        {
            "handover_id": handover["id"],
            "decision_point": handover["decision_point"],
            "decision": handover["decision"],
            "note": handover["note"],
            "decided_by": handover["decided_by"],
            "decided_at": handover["decided_at"],
        }
        for handover in detail["handovers"]
        if handover["decision"] is not None
    ]
    detail["messages"] = [message_to_dict(m) for m in repository.messages(conversation_id)]
    detail["samen"] = samen_export(repository.session, conversation_id)
    feedback = feedback_of(repository, conversation_id)
    detail["feedback"] = (
        None
        if feedback is None
        else {
            "answer": feedback.answer,
            "comment": feedback.comment,  # masked when it was stored
            "at": iso(feedback.created_at),
        }
    )
    return detail


@dataclass(frozen=True)
class StoredNow:
    """What the chat tells a user who asks what is kept about them."""

    questions: tuple[str, ...]  # answered questions, except contact details
    contact: bool  # contact details kept (sealed: the pre-intake's, or how to reach them)
    handovers: int
    handover_active: bool

    @property
    def nothing(self) -> bool:
        return not (self.questions or self.contact or self.handovers)


def stored_now(repository: Repository, conversation_id: str) -> StoredNow:
    """The short form of the export, for the user in the chat (nothing for an unknown id)."""
    answers = repository.answers(conversation_id)
    handovers = repository.handovers(conversation_id)
    return StoredNow(
        questions=tuple(q for q, value in answers.items() if not is_private(q, value)),
        contact=any(is_private(q, value) for q, value in answers.items()),
        handovers=len(handovers),
        handover_active=any(h.status in ACTIVE_STATUSES for h in handovers),
    )
