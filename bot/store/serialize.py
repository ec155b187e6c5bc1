"""Plain-dict views of stored rows, in the shapes of the JSON API (product brief, section 6).

They live beside the models so that the web service and the tests agree on one shape;
timestamps become ISO 8601 strings with ``+00:00``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.store.models import Answer, Handover, Message, Note, Suggestion
from bot.store.sealed import unseal


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 text of an aware timestamp (None stays None)."""
    return moment.isoformat() if moment is not None else None


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    """``{question, value}``: what the API shows of an answer."""
    return {"question": answer.question, "value": unseal(answer.value)}


def answer_record_to_dict(answer: Answer) -> dict[str, Any]:
    """An answer as the professional who works the case sees it: the value, the user's own
    words (masked), whether the user confirmed it before the hand-over, and which
    professional corrected it and when (None when nobody did). Not for partners: they
    never see the user's words."""
    return {
        "question": answer.question,
        "value": unseal(answer.value),
        "own_words": answer.text_masked,
        "confirmed": answer.confirmed_at is not None,
        "corrected_by": answer.corrected_by,
        "corrected_at": iso(answer.answered_at) if answer.corrected_by else None,
        "revision": answer.revision,
    }


def note_to_dict(note: Note) -> dict[str, Any]:
    """A note for the professional: ``kind`` vraag or feit, the masked words, when."""
    return {"kind": note.kind, "text": note.text_masked, "created_at": iso(note.created_at)}


def suggestion_to_dict(suggestion: Suggestion) -> dict[str, Any]:
    """``{partner, reason, rule_id, decision_point}``."""
    return {
        "partner": suggestion.partner,
        "reason": suggestion.reason,
        "rule_id": suggestion.rule_id,
        "decision_point": suggestion.decision_point,
    }


def handover_to_dict(handover: Handover) -> dict[str, Any]:
    """A hand-over with its suggested partners (call inside the session scope)."""
    return {
        "id": handover.id,
        "conversation_id": handover.conversation_id,
        "decision_point": handover.decision_point,
        "status": handover.status,
        "team": handover.team,
        "summary": handover.summary,
        "label": handover.label_masked,
        "suggested_partners": [
            {"partner": s.partner, "reason": s.reason} for s in handover.suggestions
        ],
        "decision": handover.decision,
        "note": handover.note,
        "taken_by": handover.taken_by,
        "decided_by": handover.decided_by,
        "created_at": iso(handover.created_at),
        "taken_at": iso(handover.taken_at),
        "decided_at": iso(handover.decided_at),
        "reminded_at": iso(handover.reminded_at),
        "stale": handover.stale,
    }


def message_to_dict(message: Message) -> dict[str, Any]:
    """A transcript line for the inbox."""
    return {
        "id": message.id,
        "handover_id": message.handover_id,
        "sender": message.sender,
        "text": message.text,
        "created_at": iso(message.created_at),
    }
