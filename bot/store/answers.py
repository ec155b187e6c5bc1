"""Answers, the professional's notes and the partner suggestions of a conversation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import inspect as inspect_row
from sqlalchemy import select, update

from bot.knowledge import load_knowledge
from bot.privacy import mask
from bot.store.conversations import ConversationStore
from bot.store.dashboard_partners import add_partner_counts
from bot.store.models import (
    ANSWERED_PARTS,
    DECISION_POINTS,
    NOTE_KINDS,
    REACHED_POINTS,
    Answer,
    AnswerRevision,
    Conversation,
    Note,
    Suggestion,
)
from bot.store.sealed import seal, unseal
from bot.store.store_base import _check, _jsonable, _suggestion_fields
from bot.store.types import utcnow


def part_bit(question: str) -> int:
    """The ``answered_parts`` bit of the part ``question`` belongs to (0: none counted)."""
    found = load_knowledge().questions.get(question)
    if found is None or found.part not in ANSWERED_PARTS:
        return 0
    return 1 << ANSWERED_PARTS.index(found.part)


def point_bit(decision_point: str) -> int:
    """The ``reached_points`` bit of ``decision_point`` (0: none counted)."""
    if decision_point not in REACHED_POINTS:
        return 0
    return 1 << REACHED_POINTS.index(decision_point)


def mark_bit(conversation: Conversation, column: str, bit: int) -> None:
    """Set ``bit`` in the conversation's ``column`` (``answered_parts``, ``reached_points``);
    one UPDATE ... SET x = x | bit, so writers that meet on one conversation (the assistant,
    a professional) cannot lose each other's bit."""
    if not bit:
        return
    current = conversation.__dict__.get(column)  # as loaded; never a refresh
    if inspect_row(conversation).pending:
        setattr(conversation, column, (current if isinstance(current, int) else 0) | bit)
    elif not (isinstance(current, int) and current & bit):
        setattr(conversation, column, getattr(Conversation, column).op("|")(bit))


class AnswerStore(ConversationStore):
    """What the conversation recorded: answers (with revisions), notes and suggestions."""

    # -- answers -------------------------------------------------------------------------

    def record_answer(
        self,
        conversation_id: str,
        question: str,
        value: Any,  # str, int, list … (JSON)
        *,
        text: str | None = None,
        answered_by: str,
        known_names: Iterable[str] = (),
        corrected_by: str | None = None,
    ) -> Answer:
        """Store (or correct) the answer to ``question``; an identical retry changes nothing.

        ``text`` is the user's own words; it is masked before it is stored. ``revision``
        goes up only when the value or the masked text differ from what is stored; the
        earlier version is then kept in ``answer_revisions``, and the user's confirmation
        no longer holds (it was for the old value). ``corrected_by`` names the professional
        who changed it in the inbox or the API (None: the user or the assistant).
        """
        value = _jsonable(value)
        text_masked = mask(text, known_names) if text is not None else None
        answer = self.answer_row(conversation_id, question)
        if answer is None:
            mark_bit(self._conversation(conversation_id), "answered_parts", part_bit(question))
            answer = Answer(
                conversation_id=conversation_id,
                question=question,
                value=seal(question, value),
                text_masked=text_masked,
                answered_by=answered_by,
                revision=1,
                corrected_by=corrected_by,
            )
            self.session.add(answer)
        elif unseal(answer.value) != value or answer.text_masked != text_masked:
            self.session.add(
                AnswerRevision(
                    conversation_id=conversation_id,
                    question=question,
                    revision=answer.revision,
                    value=answer.value,
                    text_masked=answer.text_masked,
                    answered_by=answer.answered_by,
                    answered_at=answer.answered_at,
                )
            )
            answer.value = seal(question, value)
            answer.text_masked = text_masked
            answer.answered_by = answered_by
            answer.answered_at = utcnow()
            answer.revision += 1
            answer.confirmed_at = None
            answer.corrected_by = corrected_by
        self.session.flush()
        return answer

    def answer_row(self, conversation_id: str, question: str) -> Answer | None:
        """The stored answer to one question, if any."""
        found: Answer | None = self.session.execute(
            select(Answer).where(
                Answer.conversation_id == conversation_id, Answer.question == question
            )
        ).scalar_one_or_none()
        return found

    def correct_answer(
        self, conversation_id: str, question: str, value: Any, professional: str
    ) -> Answer | None:
        """A professional changes (``value``) or clears (None) an answer.

        The user's words no longer belong to the new value, so they go with the old
        version into ``answer_revisions``. Clearing a question nobody answered changes
        nothing (None). The caller writes the audit trail and recomputes what depends on it.
        """
        if value is None and self.answer_row(conversation_id, question) is None:
            return None
        return self.record_answer(
            conversation_id,
            question,
            value,
            text=None,
            answered_by="medewerker",
            corrected_by=professional,
        )

    def confirm_answers(self, conversation_id: str, questions: Iterable[str]) -> int:
        """The user confirmed these answers in the review before a hand-over; how many."""
        wanted = list(questions)
        if not wanted:
            return 0
        result = self.session.execute(
            update(Answer)
            .where(
                Answer.conversation_id == conversation_id,
                Answer.question.in_(wanted),
                Answer.value.is_not(None),
            )
            .values(confirmed_at=utcnow())
            .execution_options(synchronize_session="fetch")
        )
        return int(result.rowcount or 0)

    def answer_revisions(self, conversation_id: str) -> list[AnswerRevision]:
        """Earlier versions of the answers, oldest first."""
        return list(
            self.session.execute(
                select(AnswerRevision)
                .where(AnswerRevision.conversation_id == conversation_id)
                .order_by(AnswerRevision.id)
            ).scalars()
        )

    # -- notes for the professional --------------------------------------------------------

    def add_note(
        self,
        conversation_id: str,
        kind: str,
        text: str,
        *,
        known_names: Iterable[str] = (),
    ) -> Note:
        """Keep a note for the professional: ``vraag`` (a question passed on) or ``feit``.

        ``text`` is masked here (masking masked text changes nothing, so a caller may mask
        first). The same note twice is stored once, so a retried action writes nothing new.
        """
        _check(kind, NOTE_KINDS, "note kind")
        masked = " ".join(mask(text, known_names).split())
        if not masked:
            raise ValueError("a note must not be empty")
        existing: Note | None = (
            self.session.execute(
                select(Note).where(
                    Note.conversation_id == conversation_id,
                    Note.kind == kind,
                    Note.text_masked == masked,
                )
            )
            .scalars()
            .first()
        )
        if existing is not None:
            return existing
        self._conversation(conversation_id)
        note = Note(conversation_id=conversation_id, kind=kind, text_masked=masked)
        self.session.add(note)
        self.session.flush()
        return note

    def notes(self, conversation_id: str) -> list[Note]:
        """The notes for the professional, oldest first."""
        return list(
            self.session.execute(
                select(Note).where(Note.conversation_id == conversation_id).order_by(Note.id)
            ).scalars()
        )

    def answers(self, conversation_id: str) -> dict[str, Any]:
        """``{question: value}`` in the order the questions were first answered."""
        rows = self.answer_rows(conversation_id)
        return {answer.question: unseal(answer.value) for answer in rows}

    def answer_rows(self, conversation_id: str) -> list[Answer]:
        """The answer rows of a conversation, in the order they were first given."""
        return list(
            self.session.execute(
                select(Answer).where(Answer.conversation_id == conversation_id).order_by(Answer.id)
            ).scalars()
        )

    # -- suggestions ---------------------------------------------------------------------

    def record_suggestions(
        self,
        conversation_id: str,
        decision_point: str,
        suggestions: Iterable[Any],
        *,
        handover_id: int | None = None,
    ) -> list[Suggestion]:
        """Store partner suggestions once per (decision point, partner, rule).

        Items are mappings or objects with ``partner``, ``reason`` and ``rule_id``. An
        existing row gets the newest reason and, when given, is linked to ``handover_id``.
        """
        _check(decision_point, DECISION_POINTS, "decision point")
        self._conversation(conversation_id)
        stored: dict[tuple[str, str], Suggestion] = {}
        added: Counter[str] = Counter()  # new rows per partner, for dashboard_partners
        for item in suggestions:
            partner, reason, rule_id = _suggestion_fields(item)
            row = (
                stored.get((partner, rule_id))
                or self.session.execute(
                    select(Suggestion).where(
                        Suggestion.conversation_id == conversation_id,
                        Suggestion.decision_point == decision_point,
                        Suggestion.partner == partner,
                        Suggestion.rule_id == rule_id,
                    )
                ).scalar_one_or_none()
            )
            if row is None:
                row = Suggestion(
                    conversation_id=conversation_id,
                    decision_point=decision_point,
                    partner=partner,
                    reason=reason,
                    rule_id=rule_id,
                )
                self.session.add(row)
                added[partner] += 1
            if row.reason != reason:
                row.reason = reason
            if handover_id is not None and row.handover_id != handover_id:
                row.handover_id = handover_id
            stored[(partner, rule_id)] = row
        self.session.flush()
        add_partner_counts(self.session, conversation_id, suggested=added)
        return list(stored.values())

    def suggestions(
        self, conversation_id: str, decision_point: str | None = None
    ) -> list[Suggestion]:
        """Suggestions of a conversation, oldest first, optionally for one decision point."""
        statement = select(Suggestion).where(Suggestion.conversation_id == conversation_id)
        if decision_point is not None:
            statement = statement.where(Suggestion.decision_point == decision_point)
        return list(self.session.execute(statement.order_by(Suggestion.id)).scalars())
