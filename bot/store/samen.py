"""The store's side of Samen (issue 15): invitations, consent, contributions, decisions, documents.

Only reading and writing rows, in the caller's transaction (the repository never commits);
who may see or do what is :mod:`bot.partners.service`'s.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store.models import (
    DecisionParticipants,
    OverdrachtDocument,
    PartnerContribution,
    PartnerInvitation,
)
from bot.store.refusals import NotFound
from bot.store.serialize import iso
from bot.store.types import utcnow


class SamenStore:
    """Rows of one conversation's partners, on an open session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- invitations and consent --------------------------------------------------------

    def invite(self, **fields: Any) -> PartnerInvitation:
        row = PartnerInvitation(**fields)
        self.session.add(row)
        self.session.flush()
        return row

    def invitation(self, invitation_id: int) -> PartnerInvitation:
        row: PartnerInvitation | None = self.session.get(PartnerInvitation, invitation_id)
        if row is None:
            raise NotFound(f"uitnodiging {invitation_id} bestaat niet")
        return row

    def invitations(
        self, conversation_id: str, status: str | None = None
    ) -> list[PartnerInvitation]:
        statement = select(PartnerInvitation).where(
            PartnerInvitation.conversation_id == conversation_id
        )
        if status is not None:
            statement = statement.where(PartnerInvitation.status == status)
        return list(self.session.execute(statement.order_by(PartnerInvitation.id)).scalars())

    def consented_for(self, organisation: str) -> list[PartnerInvitation]:
        """The invitations of one organisation the young person said yes to (and still does)."""
        statement = (
            select(PartnerInvitation)
            .where(PartnerInvitation.organisation == organisation)
            .where(PartnerInvitation.status == "toegestemd")
            .order_by(PartnerInvitation.id.desc())
        )
        return list(self.session.execute(statement).scalars())

    def answer(self, invitation: PartnerInvitation, yes: bool) -> PartnerInvitation:
        invitation.status = "toegestemd" if yes else "geweigerd"
        invitation.answered_at = utcnow()
        self.session.flush()
        return invitation

    def withdraw(self, invitation: PartnerInvitation) -> PartnerInvitation:
        invitation.status = "ingetrokken"
        invitation.withdrawn_at = utcnow()
        self.session.flush()
        return invitation

    # -- contributions and decisions ----------------------------------------------------

    def contribute(self, **fields: Any) -> PartnerContribution:
        row = PartnerContribution(**fields)
        self.session.add(row)
        self.session.flush()
        return row

    def contributions(self, conversation_id: str) -> list[PartnerContribution]:
        statement = (
            select(PartnerContribution)
            .where(PartnerContribution.conversation_id == conversation_id)
            .order_by(PartnerContribution.created_at, PartnerContribution.id)
        )
        return list(self.session.execute(statement).scalars())

    def record_participants(
        self,
        handover_id: int,
        conversation_id: str,
        participants: list[dict[str, str]],
        follows: str | None,
    ) -> DecisionParticipants:
        row = DecisionParticipants(
            handover_id=handover_id,
            conversation_id=conversation_id,
            participants=participants,
            follows=follows,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def participants(self, conversation_id: str) -> list[DecisionParticipants]:
        statement = (
            select(DecisionParticipants)
            .where(DecisionParticipants.conversation_id == conversation_id)
            .order_by(DecisionParticipants.id)
        )
        return list(self.session.execute(statement).scalars())

    # -- the overdrachtsdocument --------------------------------------------------------

    def add_document(self, **fields: Any) -> OverdrachtDocument:
        """A new version; the earlier ones of the conversation are ``vervangen``."""
        conversation_id = fields["conversation_id"]
        latest = self.session.execute(
            select(func.max(OverdrachtDocument.version)).where(
                OverdrachtDocument.conversation_id == conversation_id
            )
        ).scalar()
        for old in self.documents(conversation_id):
            if old.status == "concept":
                old.status = "vervangen"
                old.changing = None
        row = OverdrachtDocument(version=int(latest or 0) + 1, **fields)
        self.session.add(row)
        self.session.flush()
        return row

    def document(self, document_id: int) -> OverdrachtDocument:
        row: OverdrachtDocument | None = self.session.get(OverdrachtDocument, document_id)
        if row is None:
            raise NotFound(f"document {document_id} bestaat niet")
        return row

    def documents(self, conversation_id: str) -> list[OverdrachtDocument]:
        statement = (
            select(OverdrachtDocument)
            .where(OverdrachtDocument.conversation_id == conversation_id)
            .order_by(OverdrachtDocument.version)
        )
        return list(self.session.execute(statement).scalars())

    def current_document(self, conversation_id: str) -> OverdrachtDocument | None:
        found = [d for d in self.documents(conversation_id) if d.status != "vervangen"]
        return found[-1] if found else None


def invitation_to_dict(row: PartnerInvitation) -> dict[str, Any]:
    """An invitation with the young person's answer and its times."""
    return {
        "id": row.id,
        "conversation_id": row.conversation_id,
        "handover_id": row.handover_id,
        "partner": row.partner,
        "organisation": row.organisation,
        "reason": row.reason,
        "status": row.status,
        "invited_by": row.invited_by,
        "invited_at": iso(row.invited_at),
        "answered_at": iso(row.answered_at),
        "withdrawn_at": iso(row.withdrawn_at),
        "parent_confirmed_by": row.parent_confirmed_by,
    }


def samen_export(session: Session, conversation_id: str) -> dict[str, Any]:
    """What inzage shows of Samen: invitations with consent, contributions, document versions."""
    store = SamenStore(session)
    return {
        "invitations": [invitation_to_dict(row) for row in store.invitations(conversation_id)],
        "contributions": [
            {
                "organisation": row.organisation,
                "author": row.author,
                "advice": row.advice,
                "offer": row.offer,
                "needs": row.needs,
                "at": iso(row.created_at),
            }
            for row in store.contributions(conversation_id)
        ],
        "documents": [
            {
                "version": row.version,
                "status": row.status,
                "parts": row.parts,
                "approved_at": iso(row.approved_at),
            }
            for row in store.documents(conversation_id)
        ],
    }
