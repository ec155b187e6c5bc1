"""The record a hand-over passes on: the summary with its sources, rebuilt after a correction.

The summary and the partner suggestions of a hand-over are written when it opens. When a
professional corrects an answer, both are recomputed here from the store, so the case page,
the API and the overdrachtsdocument show the corrected value and who corrected it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.dialogue import pre_intake
from bot.knowledge import load_knowledge, suggest_partners
from bot.knowledge.summary import AnswerDetail, SummaryNote, build_summary
from bot.store.models import ACTIVE_STATUSES, Handover
from bot.store.repository import Repository
from bot.store.sealed import SEALED_QUESTIONS

# Answers whose words are never quoted: the contact answers hold contact details.
WORDS_NOT_SHOWN = SEALED_QUESTIONS


def summary_of(
    repository: Repository,
    conversation_id: str,
    decision_point: str,
    answers: Mapping[str, Any] | None = None,
    *,
    for_partner: bool = False,
) -> str:
    """The summary for ``decision_point`` with the user's words, confirmations, corrections
    and the notes for the professional, from what the store holds now.

    ``for_partner``: a partner organisation sees the values, confirmations and corrections,
    never the user's own words or the notes (they are the chat, which partners never see).
    """
    rows = repository.answer_rows(conversation_id)
    if answers is None:
        answers = repository.answers(conversation_id)  # the contact answer unsealed
    details = {
        row.question: AnswerDetail(
            words=None if for_partner or row.question in WORDS_NOT_SHOWN else row.text_masked,
            confirmed=row.confirmed_at is not None,
            corrected_by=row.corrected_by,
            corrected_on=(
                f"{row.answered_at.day}-{row.answered_at.month}" if row.corrected_by else None
            ),
        )
        for row in rows
    }
    notes = [] if for_partner else repository.notes(conversation_id)
    return build_summary(
        pre_intake.summary_answers(answers),
        load_knowledge(),
        decision_point,
        details=details,
        notes=[SummaryNote(note.kind, note.text_masked) for note in notes],
    )


def refresh_active_handovers(repository: Repository, conversation_id: str) -> list[Handover]:
    """Recompute the summary and the suggestions of the hand-overs still waiting or being
    handled; decided ones keep what the decision was taken on."""
    answers = repository.answers(conversation_id)
    refreshed = []
    for handover in repository.handovers(conversation_id):
        if handover.status not in ACTIVE_STATUSES:
            continue
        point = str(handover.decision_point)
        handover.summary = summary_of(repository, conversation_id, point, answers)
        suggestions = suggest_partners(answers, point, load_knowledge())
        repository.replace_suggestions(conversation_id, point, suggestions, int(handover.id))
        refreshed.append(handover)
    repository.session.flush()
    return refreshed
