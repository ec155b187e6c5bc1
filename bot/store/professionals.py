"""Professionals' accounts, their inbox sessions, and the audit trail of what they did."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from bot.store.models import (
    AUDIT_ACTIONS,
    PROFESSIONAL_ROLES,
    AuditEvent,
    InboxSession,
    Professional,
)
from bot.store.refusals import NotFound
from bot.store.store_base import StoreBase, _check
from bot.store.types import utcnow


class ProfessionalStore(StoreBase):
    """Accounts, login failures, inbox sessions and audit events."""

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
