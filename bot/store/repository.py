"""All reads and writes of the store, for the custom actions and the web service.

The repository never commits: the caller's :func:`~bot.store.db.session_scope` does, so one
action call is one transaction. Writes are idempotent where Rasa may retry an action
(answers, suggestions, hand-overs), and free text is masked (:mod:`bot.privacy`) before it
is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from bot.privacy import mask
from bot.store.db import session_scope
from bot.store.errors import AlreadyDecided, AlreadyTaken, NotFound, NotTaken, UnknownColleague
from bot.store.models import (
    ACTIVE_STATUSES,
    AUDIT_ACTIONS,
    CONSENT_BY,
    DECISION_POINTS,
    HANDOVER_STATUSES,
    LABEL_LENGTH,
    MODES,
    NOTE_KINDS,
    PROFESSIONAL_ROLES,
    ROLES,
    SENDERS,
    Answer,
    AnswerRevision,
    AuditEvent,
    Conversation,
    Handover,
    InboxSession,
    Message,
    Note,
    Professional,
    Suggestion,
)
from bot.store.outbox import Outbox
from bot.store.sealed import seal, unseal
from bot.store.serialize import (
    answer_record_to_dict,
    answer_to_dict,
    handover_to_dict,
    note_to_dict,
    suggestion_to_dict,
)
from bot.store.types import utcnow

# Senders whose words are typed by a person and may contain personal data.
MASKED_SENDERS = ("jongere", "professional")
_DELETE_CHUNK = 500


def _check(value: str | None, allowed: tuple[str, ...], what: str) -> None:
    if value is not None and value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; expected one of {', '.join(allowed)}")


def _check_aware(moment: datetime, what: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")


def _jsonable(value: Any) -> Any:
    """Normalise an answer value so that equal answers compare equal after a round trip."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    raise TypeError(f"answer value of type {type(value).__name__} cannot be stored as JSON")


def _suggestion_fields(item: Any) -> tuple[str, str, str]:
    """``(partner, reason, rule_id)`` from a mapping or an object with those attributes."""
    names = ("partner", "reason", "rule_id")
    if isinstance(item, Mapping):
        partner, reason, rule_id = (item.get(name) for name in names)
    else:
        partner, reason, rule_id = (getattr(item, name, None) for name in names)
    if not partner or not rule_id or reason is None:
        raise ValueError(f"a suggestion needs partner, reason and rule_id: {item!r}")
    return str(partner), str(reason), str(rule_id)


class Repository:
    """Store operations on one session; see the module docstring for the rules."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- conversations -------------------------------------------------------------------

    def ensure_conversation(
        self,
        conversation_id: str,
        *,
        mode: str | None = None,
        role: str | None = None,
        practice: bool | None = None,
        consent: bool | None = None,
        parent_consent: bool | None = None,
        consent_by: str | None = None,
    ) -> Conversation:
        """Create the conversation or update only the fields given (None = leave as is).

        Choosing mode ``oefenen`` marks the conversation as practice unless ``practice`` is
        given explicitly, so practice data can never reach the real inbox by omission.
        """
        _check(mode, MODES, "mode")
        _check(role, ROLES, "role")
        _check(consent_by, CONSENT_BY, "consent_by")
        if practice is None and mode == "oefenen":
            practice = True
        conversation: Conversation | None = self.session.get(Conversation, conversation_id)
        if conversation is None:
            conversation = Conversation(id=conversation_id, practice=bool(practice))
            self.session.add(conversation)
        changes = {
            "mode": mode,
            "role": role,
            "practice": practice,
            "consent": consent,
            "parent_consent": parent_consent,
            "consent_by": consent_by,
        }
        for field, value in changes.items():
            if value is not None and getattr(conversation, field) != value:
                setattr(conversation, field, value)
        self.session.flush()
        return conversation

    def get_conversation(self, conversation_id: str) -> Conversation:
        """The conversation, or :class:`NotFound`."""
        conversation: Conversation | None = self.session.get(Conversation, conversation_id)
        if conversation is None:
            raise NotFound(f"gesprek {conversation_id!r} bestaat niet")
        return conversation

    def _conversation(self, conversation_id: str) -> Conversation:
        """Get or create: an answer may arrive before the mode is chosen."""
        conversation: Conversation | None = self.session.get(Conversation, conversation_id)
        return conversation or self.ensure_conversation(conversation_id)

    def delete_conversation(self, conversation_id: str) -> bool:
        """Erase a conversation and (by cascade) everything recorded for it."""
        return self._delete_conversations([conversation_id]) > 0

    def practice_started_before(self, cutoff: datetime) -> list[str]:
        """Ids of the practice conversations started before ``cutoff``."""
        _check_aware(cutoff, "cutoff")
        return list(
            self.session.execute(
                select(Conversation.id).where(
                    Conversation.practice.is_(True), Conversation.created_at < cutoff
                )
            ).scalars()
        )

    def delete_practice_older_than(self, cutoff: datetime) -> int:
        """Remove practice conversations started before ``cutoff``; returns how many."""
        return self._delete_conversations(self.practice_started_before(cutoff))

    def conversation_activity(self) -> list[tuple[str, str, datetime]]:
        """``(id, state, last activity)`` of every real (not practice) conversation.

        The state is what the retention is set per: ``open`` (a hand-over is open or being
        handled), ``afgerond`` (it had hand-overs, all decided) or ``verlaten`` (none).
        Last activity is the newest moment anything was recorded for it.
        """
        conversations = self.session.execute(
            select(Conversation.id, Conversation.created_at, Conversation.updated_at).where(
                Conversation.practice.is_(False)
            )
        ).all()
        latest: dict[str, datetime] = {}
        for conversation_id, created, updated in conversations:
            latest[conversation_id] = max(created, updated)

        def newer(rows: Iterable[Any]) -> None:
            for conversation_id, moment in rows:
                if conversation_id in latest and moment is not None:
                    latest[conversation_id] = max(latest[conversation_id], moment)

        for column in (Handover.created_at, Handover.taken_at, Handover.decided_at):
            newer(
                self.session.execute(
                    select(Handover.conversation_id, func.max(column)).group_by(
                        Handover.conversation_id
                    )
                ).all()
            )
        for model, column in ((Answer, Answer.answered_at), (Message, Message.created_at)):
            newer(
                self.session.execute(
                    select(model.conversation_id, func.max(column)).group_by(model.conversation_id)
                ).all()
            )
        with_handovers = set(self.session.execute(select(Handover.conversation_id)).scalars())
        active = set(
            self.session.execute(
                select(Handover.conversation_id).where(Handover.status.in_(ACTIVE_STATUSES))
            ).scalars()
        )
        result: list[tuple[str, str, datetime]] = []
        for conversation_id, moment in latest.items():
            if conversation_id in active:
                state = "open"
            elif conversation_id in with_handovers:
                state = "afgerond"
            else:
                state = "verlaten"
            result.append((conversation_id, state, moment))
        return result

    def practice_ids(self) -> set[str]:
        """Ids of all practice conversations (their own cleanup removes them)."""
        return set(
            self.session.execute(
                select(Conversation.id).where(Conversation.practice.is_(True))
            ).scalars()
        )

    def _delete_conversations(self, ids: list[str]) -> int:
        deleted = 0
        for start in range(0, len(ids), _DELETE_CHUNK):
            chunk = ids[start : start + _DELETE_CHUNK]
            result = self.session.execute(
                delete(Conversation)
                .where(Conversation.id.in_(chunk))
                .execution_options(synchronize_session=False)
            )
            deleted += result.rowcount
        self._forget(set(ids))
        return deleted

    def _forget(self, conversation_ids: set[str]) -> None:
        """Drop deleted rows from the identity map so nobody reads them by accident."""
        for obj in list(self.session.identity_map.values()):
            owner = (
                obj.id if isinstance(obj, Conversation) else getattr(obj, "conversation_id", None)
            )
            if owner in conversation_ids:
                self.session.expunge(obj)

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
            self._conversation(conversation_id)
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
            if row.reason != reason:
                row.reason = reason
            if handover_id is not None and row.handover_id != handover_id:
                row.handover_id = handover_id
            stored[(partner, rule_id)] = row
        self.session.flush()
        return list(stored.values())

    def suggestions(
        self, conversation_id: str, decision_point: str | None = None
    ) -> list[Suggestion]:
        """Suggestions of a conversation, oldest first, optionally for one decision point."""
        statement = select(Suggestion).where(Suggestion.conversation_id == conversation_id)
        if decision_point is not None:
            statement = statement.where(Suggestion.decision_point == decision_point)
        return list(self.session.execute(statement.order_by(Suggestion.id)).scalars())

    def replace_suggestions(
        self,
        conversation_id: str,
        decision_point: str,
        suggestions: Iterable[Any],
        handover_id: int,
    ) -> list[Suggestion]:
        """The suggestions of a hand-over, recomputed after a correction: old ones that no
        longer hold are removed, the others kept or added (see :meth:`record_suggestions`)."""
        items = list(suggestions)
        keep = {_suggestion_fields(item)[::2] for item in items}  # (partner, rule_id)
        for row in self.suggestions(conversation_id, decision_point):
            if (row.partner, row.rule_id) not in keep and row.handover_id in (None, handover_id):
                self.session.delete(row)
        self.session.flush()
        stored = self.record_suggestions(
            conversation_id, decision_point, items, handover_id=handover_id
        )
        handover = self.session.get(Handover, handover_id)
        if handover is not None:
            self._with_suggestions(handover)
        return stored

    # -- hand-overs ----------------------------------------------------------------------

    def open_handover(
        self,
        conversation_id: str,
        decision_point: str,
        summary: str,
        suggestions: Iterable[Any] = (),
        *,
        request_key: str | float | None = None,
        team: str | None = None,
    ) -> Handover:
        """Open a hand-over, or return the one this request (or this decision point) already has.

        A retried action passes the same ``request_key`` (e.g. the Rasa timestamp of the
        triggering user message; numbers are stored as text) and gets the same row. While
        a hand-over for the same decision point is still open or being handled, it is
        returned instead of a second one being created. The summary is stored as given:
        build it from normalised values, or mask it first.
        """
        _check(decision_point, DECISION_POINTS, "decision point")
        request_key = None if request_key is None else str(request_key)
        existing = self._existing_handover(conversation_id, decision_point, request_key)
        if existing is not None:
            return self._with_suggestions(existing)
        self._conversation(conversation_id)
        handover = Handover(
            conversation_id=conversation_id,
            decision_point=decision_point,
            summary=summary,
            status="open",
            request_key=request_key,
            team=team,
        )
        self.session.add(handover)
        self.session.flush()
        self.record_suggestions(
            conversation_id, decision_point, suggestions, handover_id=handover.id
        )
        return self._with_suggestions(handover)

    def _existing_handover(
        self, conversation_id: str, decision_point: str, request_key: str | None
    ) -> Handover | None:
        if request_key is not None:
            by_key: Handover | None = self.session.execute(
                select(Handover).where(
                    Handover.conversation_id == conversation_id,
                    Handover.request_key == request_key,
                )
            ).scalar_one_or_none()
            if by_key is not None:
                return by_key
        active: Handover | None = self.session.execute(
            select(Handover)
            .where(
                Handover.conversation_id == conversation_id,
                Handover.decision_point == decision_point,
                Handover.status.in_(ACTIVE_STATUSES),
            )
            .order_by(Handover.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        return active

    def _with_suggestions(self, handover: Handover) -> Handover:
        """(Re)load the suggestions so the object is complete outside the session too."""
        self.session.expire(handover, ["suggestions"])
        _ = handover.suggestions
        return handover

    def handovers(self, conversation_id: str) -> list[Handover]:
        """Every hand-over of a conversation, oldest first (none for an unknown id)."""
        return list(
            self.session.execute(
                select(Handover)
                .where(Handover.conversation_id == conversation_id)
                .order_by(Handover.created_at, Handover.id)
            ).scalars()
        )

    def get_handover(self, handover_id: int) -> Handover:
        """The hand-over with fresh values from the database, or :class:`NotFound`."""
        handover: Handover | None = self.session.get(
            Handover,
            handover_id,
            populate_existing=True,
            options=[selectinload(Handover.suggestions)],
        )
        if handover is None:
            raise NotFound(f"hand-over {handover_id} bestaat niet")
        return handover

    def active_handover(self, conversation_id: str) -> Handover | None:
        """The newest hand-over that is still open or being handled (the pause), if any."""
        handover = self.session.execute(
            select(Handover)
            .where(
                Handover.conversation_id == conversation_id,
                Handover.status.in_(ACTIVE_STATUSES),
            )
            .order_by(Handover.created_at.desc(), Handover.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        return self._with_suggestions(handover) if handover is not None else None

    def list_handovers(
        self, status: str | None = None, include_practice: bool = False
    ) -> list[Handover]:
        """Hand-overs for the inbox, newest first; practice conversations only on request."""
        _check(status, HANDOVER_STATUSES, "status")
        statement = select(Handover).options(selectinload(Handover.suggestions))
        if status is not None:
            statement = statement.where(Handover.status == status)
        if not include_practice:
            statement = statement.join(Conversation).where(Conversation.practice.is_(False))
        statement = statement.order_by(Handover.created_at.desc(), Handover.id.desc())
        return list(self.session.execute(statement).scalars())

    def take_handover(self, handover_id: int, professional: str) -> Handover:
        """Claim an open hand-over for ``professional``.

        One conditional UPDATE (``… WHERE status = 'open'``) decides who wins when two
        professionals click at once; the loser gets :class:`AlreadyTaken`. Taking it again
        by the same professional is harmless.
        """
        result = self.session.execute(
            update(Handover)
            .where(Handover.id == handover_id, Handover.status == "open")
            .values(status="in_behandeling", taken_by=professional, taken_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        handover = self.get_handover(handover_id)
        if result.rowcount == 1:
            return handover
        if handover.status == "afgerond":
            raise AlreadyDecided(handover_id)
        if handover.taken_by == professional:
            return handover
        raise AlreadyTaken(handover_id, handover.taken_by)

    def release_handover(self, handover_id: int, professional: str) -> Handover:
        """Give a taken hand-over back to the team: open again, taken by nobody.

        Only the professional who took it can give it back (:class:`NotTaken` otherwise);
        a decided hand-over stays decided (:class:`AlreadyDecided`).
        """
        result = self.session.execute(
            update(Handover)
            .where(
                Handover.id == handover_id,
                Handover.status == "in_behandeling",
                Handover.taken_by == professional,
            )
            .values(status="open", taken_by=None, taken_at=None)
            .execution_options(synchronize_session=False)
        )
        handover = self.get_handover(handover_id)
        if result.rowcount != 1:
            self._refuse(handover, professional)
        return handover

    def reassign_handover(self, handover_id: int, professional: str, colleague: str) -> Handover:
        """Hand a taken hand-over to a named colleague, who then has it as if taken.

        Only the professional who took it can (:class:`NotTaken`); the colleague must be an
        active account (:class:`UnknownColleague`).
        """
        account = self.get_professional(colleague)
        if account is None or not account.active or colleague == professional:
            raise UnknownColleague(colleague)
        result = self.session.execute(
            update(Handover)
            .where(
                Handover.id == handover_id,
                Handover.status == "in_behandeling",
                Handover.taken_by == professional,
            )
            .values(taken_by=colleague, taken_at=utcnow(), reminded_at=None)
            .execution_options(synchronize_session=False)
        )
        handover = self.get_handover(handover_id)
        if result.rowcount != 1:
            self._refuse(handover, professional)
        return handover

    def taken_handover(self, handover_id: int, professional: str) -> Handover:
        """The hand-over, when ``professional`` took it and it is not decided yet.

        Take before you act: otherwise :class:`AlreadyDecided` or :class:`NotTaken`.
        """
        handover = self.get_handover(handover_id)
        if handover.status != "in_behandeling" or handover.taken_by != professional:
            self._refuse(handover, professional)
        return handover

    def set_handover_label(
        self, handover_id: int, label: str | None, known_names: Iterable[str] = ()
    ) -> Handover:
        """The professional's label for the list, masked like typed text; empty clears it.

        Kept on the hand-over row, so erasing the conversation erases it too (cascade).
        """
        handover = self.get_handover(handover_id)
        words = " ".join(mask(label or "", known_names).split())
        handover.label_masked = words[:LABEL_LENGTH] or None
        self.session.flush()
        return handover

    @staticmethod
    def _refuse(handover: Handover, professional: str) -> NoReturn:
        if handover.status == "afgerond":
            raise AlreadyDecided(handover.id)
        raise NotTaken(handover.id, professional, handover.taken_by)

    def record_decision(
        self,
        handover_id: int,
        decision: str,
        note: str | None,
        decided_by: str,
        *,
        taken_by: str | None = None,
    ) -> Handover:
        """Record the professional's decision and close the hand-over (only once).

        With ``taken_by`` the decision is only recorded when that professional took the
        hand-over (one conditional UPDATE, so a release in between cannot slip through).
        """
        if not decision:
            raise ValueError("a decision must not be empty")
        condition = [Handover.id == handover_id, Handover.status != "afgerond"]
        if taken_by is not None:
            condition += [Handover.status == "in_behandeling", Handover.taken_by == taken_by]
        result = self.session.execute(
            update(Handover)
            .where(*condition)
            .values(
                status="afgerond",
                decision=decision,
                note=note,
                decided_by=decided_by,
                decided_at=utcnow(),
            )
            .execution_options(synchronize_session=False)
        )
        handover = self.get_handover(handover_id)
        if result.rowcount != 1:
            if taken_by is not None:
                self._refuse(handover, taken_by)
            raise AlreadyDecided(handover_id)
        return handover

    @property
    def outbox(self) -> Outbox:
        """The notifications to teams, in this repository's transaction."""
        return Outbox(self.session)

    # -- messages ------------------------------------------------------------------------

    def add_message(
        self,
        conversation_id: str,
        sender: str,
        text: str,
        handover_id: int | None = None,
        *,
        known_names: Iterable[str] = (),
    ) -> Message:
        """Keep a transcript line; words typed by a person are masked before storing."""
        _check(sender, SENDERS, "sender")
        self._conversation(conversation_id)
        stored = mask(text, known_names) if sender in MASKED_SENDERS else text
        message = Message(
            conversation_id=conversation_id, sender=sender, text=stored, handover_id=handover_id
        )
        self.session.add(message)
        self.session.flush()
        return message

    def messages(self, conversation_id: str) -> list[Message]:
        """Transcript lines of a conversation, oldest first."""
        return list(
            self.session.execute(
                select(Message)
                .where(Message.conversation_id == conversation_id)
                .order_by(Message.created_at, Message.id)
            ).scalars()
        )

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

    # -- audit trail ---------------------------------------------------------------------

    def record_audit(
        self,
        actor: str,
        action: str,
        via: str,
        conversation_id: str | None = None,
        handover_id: int | None = None,
    ) -> AuditEvent:
        """Note who did what with which conversation (never what was said)."""
        _check(action, AUDIT_ACTIONS, "audit action")
        row = AuditEvent(
            actor=actor[:128],
            action=action,
            via=via[:16],
            conversation_id=conversation_id,
            handover_id=handover_id,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def audit_events(
        self, conversation_id: str | None = None, limit: int | None = None
    ) -> list[AuditEvent]:
        """The audit trail, newest first; optionally of one conversation."""
        statement = select(AuditEvent)
        if conversation_id is not None:
            statement = statement.where(AuditEvent.conversation_id == conversation_id)
        statement = statement.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        if limit is not None:
            statement = statement.limit(limit)
        return list(self.session.execute(statement).scalars())

    # -- professionals -------------------------------------------------------------------

    def add_professional(
        self,
        username: str,
        password_hash: str,
        display_name: str,
        *,
        active: bool = True,
        role: str = "medewerker",
    ) -> Professional:
        """Register an inbox user (the caller hashes the password)."""
        _check(role, PROFESSIONAL_ROLES, "role")
        professional = Professional(
            username=username,
            password_hash=password_hash,
            display_name=display_name,
            active=active,
            role=role,
        )
        self.session.add(professional)
        self.session.flush()
        return professional

    def get_professional(self, username: str) -> Professional | None:
        """The inbox user with this username, active or not."""
        found: Professional | None = self.session.execute(
            select(Professional).where(Professional.username == username)
        ).scalar_one_or_none()
        return found

    def set_password_hash(self, username: str, password_hash: str) -> None:
        """A new password; every session of this professional ends with the old one."""
        professional = self.get_professional(username)
        if professional is None:
            raise NotFound(f"account {username!r} bestaat niet")
        professional.password_hash = password_hash
        self.end_inbox_sessions(username=username)

    def record_login_failure(self, username: str, lock_after: int, lock_until: datetime) -> int:
        """Count a wrong password; from ``lock_after`` in a row the account is locked."""
        professional = self.get_professional(username)
        if professional is None:
            return 0
        professional.failed_logins = int(professional.failed_logins or 0) + 1
        if professional.failed_logins >= lock_after:
            professional.locked_until = lock_until
        return int(professional.failed_logins)

    def reset_login_failures(self, username: str) -> None:
        """A right password, or an administrator's unlock: no count, no lock."""
        self.session.execute(
            update(Professional)
            .where(Professional.username == username)
            .values(failed_logins=0, locked_until=None)
        )

    # -- inbox sessions ------------------------------------------------------------------

    def add_inbox_session(self, session_hash: str, username: str) -> InboxSession:
        """Keep a new login (the SHA-256 of the cookie's token)."""
        row = InboxSession(id=session_hash, username=username)
        self.session.add(row)
        self.session.flush()
        return row

    def inbox_session(self, session_hash: str) -> InboxSession | None:
        """The login behind a cookie, ended or not."""
        found: InboxSession | None = self.session.get(InboxSession, session_hash)
        return found

    def end_inbox_sessions(
        self, *, session_hash: str | None = None, username: str | None = None
    ) -> int:
        """End one login (logout) or every login of a professional (new password)."""
        query = update(InboxSession).where(InboxSession.ended_at.is_(None))
        if session_hash is not None:
            query = query.where(InboxSession.id == session_hash)
        elif username is not None:
            query = query.where(InboxSession.username == username)
        else:
            raise ValueError("say which sessions to end")
        return int(self.session.execute(query.values(ended_at=utcnow())).rowcount or 0)


@contextmanager
def repository_scope(url: str | None = None) -> Iterator[Repository]:
    """``session_scope`` that hands out a :class:`Repository` (one per action call)."""
    with session_scope(url) as session:
        yield Repository(session)
