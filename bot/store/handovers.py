"""Hand-overs: opened once per decision point, taken, released, handed on and decided."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, NoReturn

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from bot.privacy import mask
from bot.store.answers import AnswerStore, mark_bit, point_bit
from bot.store.dashboard_partners import ROUTE_POINT, add_partner_counts
from bot.store.decision_partners import partners_named
from bot.store.models import (
    ACTIVE_STATUSES,
    DECISION_POINTS,
    HANDOVER_STATUSES,
    LABEL_LENGTH,
    Conversation,
    DecisionPartner,
    Handover,
    Suggestion,
)
from bot.store.outbox import Outbox
from bot.store.professionals import ProfessionalStore
from bot.store.refusals import AlreadyDecided, AlreadyTaken, NotFound, NotTaken, UnknownColleague
from bot.store.store_base import _check, _suggestion_fields
from bot.store.types import utcnow


class HandoverStore(AnswerStore, ProfessionalStore):
    """The hand-over rows and their rules (take before you act, a decision is final)."""

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
        removed: Counter[str] = Counter()
        for row in self.suggestions(conversation_id, decision_point):
            if (row.partner, row.rule_id) not in keep and row.handover_id in (None, handover_id):
                self.session.delete(row)
                removed[row.partner] -= 1
        self.session.flush()
        add_partner_counts(self.session, conversation_id, suggested=removed)
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
        conversation = self._conversation(conversation_id)
        # The point reached, for the dashboard: in this transaction, like the hand-over.
        mark_bit(conversation, "reached_points", point_bit(decision_point))
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
        # The partners it names, for the dashboard: in this transaction, so never one without
        # the other (a decision is final, so this happens once per hand-over).
        named = partners_named(decision, note)
        self.session.add_all(
            DecisionPartner(
                handover_id=handover.id, conversation_id=handover.conversation_id, partner=key
            )
            for key in named
        )
        self.session.flush()
        if handover.decision_point != ROUTE_POINT:
            add_partner_counts(self.session, handover.conversation_id, named=Counter(named))
        return handover

    @property
    def outbox(self) -> Outbox:
        """The notifications to teams, in this repository's transaction."""
        return Outbox(self.session)
