"""Tables of the project's own store (SQLAlchemy 1.4, 2.0-style declarative).

Conversation ids are strings because they are Rasa's sender ids. Every child row hangs off
its conversation with ON DELETE CASCADE, so erasing a conversation is one DELETE. The
closed value sets (:mod:`bot.store.vocabulary`) are the contract keys of the product brief
(section 6); CHECK constraints keep other processes (and SQL typed by hand) honest.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import relationship

from bot.store.model_base import NAMING_CONVENTION as NAMING_CONVENTION
from bot.store.model_base import Base as Base
from bot.store.model_base import _conversation_fk, _in
from bot.store.types import UTCDateTime, utcnow
from bot.store.vocabulary import ACTIVE_STATUSES as ACTIVE_STATUSES
from bot.store.vocabulary import ANSWERED_PARTS as ANSWERED_PARTS
from bot.store.vocabulary import AUDIT_ACTIONS as AUDIT_ACTIONS
from bot.store.vocabulary import CONSENT_BY as CONSENT_BY
from bot.store.vocabulary import DECISION_POINTS as DECISION_POINTS
from bot.store.vocabulary import DOCUMENT_STATUSES as DOCUMENT_STATUSES
from bot.store.vocabulary import FEEDBACK_ANSWERS as FEEDBACK_ANSWERS
from bot.store.vocabulary import HANDOVER_STATUSES as HANDOVER_STATUSES
from bot.store.vocabulary import INVITATION_STATUSES as INVITATION_STATUSES
from bot.store.vocabulary import LABEL_LENGTH as LABEL_LENGTH
from bot.store.vocabulary import MODES as MODES
from bot.store.vocabulary import NOTE_KINDS as NOTE_KINDS
from bot.store.vocabulary import NOTIFICATION_CHANNELS as NOTIFICATION_CHANNELS
from bot.store.vocabulary import NOTIFICATION_KINDS as NOTIFICATION_KINDS
from bot.store.vocabulary import NOTIFICATION_STATUSES as NOTIFICATION_STATUSES
from bot.store.vocabulary import PROFESSIONAL_ROLES as PROFESSIONAL_ROLES
from bot.store.vocabulary import REACHED_POINTS as REACHED_POINTS
from bot.store.vocabulary import ROLES as ROLES
from bot.store.vocabulary import SENDERS as SENDERS


class Conversation(Base):
    """One Rasa conversation; ``mode`` stays empty until the user has chosen it."""

    __tablename__ = "conversations"
    __table_args__ = (
        CheckConstraint(_in("mode", MODES), name="mode"),
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint(_in("consent_by", CONSENT_BY), name="consent_by"),
    )

    id = Column(String(128), primary_key=True)
    mode = Column(String(16), nullable=True)
    role = Column(String(16), nullable=True)
    practice = Column(Boolean, nullable=False, default=False, server_default=false(), index=True)
    # Bits of ANSWERED_PARTS with at least one answer row, set as answers are stored.
    answered_parts = Column(Integer, nullable=False, default=0, server_default="0")
    # Bits of REACHED_POINTS with at least one hand-over, set as hand-overs are opened.
    reached_points = Column(Integer, nullable=False, default=0, server_default="0")
    consent = Column(Boolean, nullable=True)
    parent_consent = Column(Boolean, nullable=True)
    consent_by = Column(String(16), nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow)

    answers = relationship("Answer", back_populates="conversation", passive_deletes=True)
    handovers = relationship("Handover", back_populates="conversation", passive_deletes=True)


class Answer(Base):
    """The current answer to one question; a correction updates it and bumps ``revision``.

    ``confirmed_at``: when the user confirmed this value in the review before a hand-over
    (cleared when the value changes). ``corrected_by``: the professional who last changed
    or cleared it in the inbox or the API (a cleared answer keeps its row, value None).
    """

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("conversation_id", "question", name="uq_answers_question"),)

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), _conversation_fk(), nullable=False)
    question = Column(String(64), nullable=False)
    value = Column(JSON, nullable=True)
    text_masked = Column(Text, nullable=True)
    answered_by = Column(String(32), nullable=False)
    answered_at = Column(UTCDateTime, nullable=False, default=utcnow)
    revision = Column(Integer, nullable=False, default=1)
    confirmed_at = Column(UTCDateTime, nullable=True)
    corrected_by = Column(String(128), nullable=True)

    conversation = relationship("Conversation", back_populates="answers")


class AnswerRevision(Base):
    """An earlier value of an answer, kept when it was changed (by the user or a professional).

    The audit trail says who changed what and when without words; this row keeps what the
    answer was, so a correction can be checked and undone.
    """

    __tablename__ = "answer_revisions"
    __table_args__ = (
        Index("ix_answer_revisions_conversation_question", "conversation_id", "question"),
    )

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), _conversation_fk(), nullable=False)
    question = Column(String(64), nullable=False)
    revision = Column(Integer, nullable=False)
    value = Column(JSON, nullable=True)
    text_masked = Column(Text, nullable=True)
    answered_by = Column(String(32), nullable=False)
    answered_at = Column(UTCDateTime, nullable=False)
    replaced_at = Column(UTCDateTime, nullable=False, default=utcnow)


class Note(Base):
    """Something for the professional that fits no question (the user's words, masked)."""

    __tablename__ = "notes"
    __table_args__ = (CheckConstraint(_in("kind", NOTE_KINDS), name="kind"),)

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), _conversation_fk(), nullable=False, index=True)
    kind = Column(String(16), nullable=False)
    text_masked = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class Handover(Base):
    """A pause for a human decision; ``request_key`` makes a retried action return this row."""

    __tablename__ = "handovers"
    __table_args__ = (
        UniqueConstraint("conversation_id", "request_key", name="uq_handovers_request_key"),
        CheckConstraint(_in("decision_point", DECISION_POINTS), name="decision_point"),
        CheckConstraint(_in("status", HANDOVER_STATUSES), name="status"),
        Index("ix_handovers_status_created_at", "status", "created_at"),
        # Ids in links are never used twice, also after an erasure (migration 0007).
        {"sqlite_autoincrement": True},
    )

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), _conversation_fk(), nullable=False)
    decision_point = Column(String(32), nullable=False)
    summary = Column(Text, nullable=False, default="")
    status = Column(String(16), nullable=False, default="open", server_default="open")
    decision = Column(String(255), nullable=True)
    note = Column(Text, nullable=True)
    decided_by = Column(String(128), nullable=True)
    taken_by = Column(String(128), nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    taken_at = Column(UTCDateTime, nullable=True)
    decided_at = Column(UTCDateTime, nullable=True)
    request_key = Column(String(128), nullable=True)
    team = Column(String(32), nullable=True)  # from teams.yml's routing when it was opened
    reminded_at = Column(UTCDateTime, nullable=True)  # the last reminder or "blijft liggen"
    # The professional's own label for the list ("SdB, Da Vinci"), masked like typed text.
    label_masked = Column(String(LABEL_LENGTH), nullable=True)

    conversation = relationship("Conversation", back_populates="handovers")
    suggestions = relationship(
        "Suggestion", back_populates="handover", passive_deletes=True, order_by="Suggestion.id"
    )
    named_partners = relationship("DecisionPartner", passive_deletes=True)

    @property
    def stale(self) -> bool:
        """Blijft liggen: taken, and reminded since (bot.handover.reminders) for lack of reply."""
        return bool(
            self.status == "in_behandeling"
            and self.reminded_at is not None
            and self.taken_at is not None
            and self.reminded_at >= self.taken_at
        )


class Suggestion(Base):
    """A partner suggested at a decision point, with the rule and the reason shown to the user."""

    __tablename__ = "suggestions"
    __table_args__ = (
        UniqueConstraint(
            "conversation_id", "decision_point", "partner", "rule_id", name="uq_suggestions_rule"
        ),
    )

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), _conversation_fk(), nullable=False)
    handover_id = Column(
        Integer, ForeignKey("handovers.id", ondelete="CASCADE"), nullable=True, index=True
    )
    decision_point = Column(String(32), nullable=False)
    partner = Column(String(32), nullable=False)
    reason = Column(Text, nullable=False)
    rule_id = Column(String(64), nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)

    handover = relationship("Handover", back_populates="suggestions")


class Message(Base):
    """A transcript line the inbox must show (e.g. sent while paused); user text is masked."""

    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint(_in("sender", SENDERS), name="sender"),
        Index("ix_messages_conversation_created", "conversation_id", "created_at"),
    )

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), _conversation_fk(), nullable=False)
    handover_id = Column(
        Integer, ForeignKey("handovers.id", ondelete="SET NULL"), nullable=True, index=True
    )
    sender = Column(String(16), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class Notification(Base):
    """One message to a team or a professional about a hand-over, queued and retried.

    Written in the same transaction as what it tells about, sent later by the web process
    (:mod:`bot.handover.notify`), so sending never delays or breaks the conversation. It
    holds no personal data: the text is composed when sent, from the hand-over's decision
    point, mode and waiting time.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(_in("channel", NOTIFICATION_CHANNELS), name="channel"),
        CheckConstraint(_in("kind", NOTIFICATION_KINDS), name="kind"),
        CheckConstraint(_in("status", NOTIFICATION_STATUSES), name="status"),
        Index("ix_notifications_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id = Column(Integer, primary_key=True)
    handover_id = Column(
        Integer, ForeignKey("handovers.id", ondelete="CASCADE"), nullable=False, index=True
    )
    team = Column(String(32), nullable=False)
    channel = Column(String(16), nullable=False)
    kind = Column(String(16), nullable=False)
    recipient = Column(String(128), nullable=True)  # a professional's account; None: the team
    status = Column(String(16), nullable=False, default="wacht", server_default="wacht")
    attempts = Column(Integer, nullable=False, default=0, server_default="0")
    next_attempt_at = Column(UTCDateTime, nullable=False, default=utcnow)
    last_error = Column(String(255), nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    sent_at = Column(UTCDateTime, nullable=True)


class Feedback(Base):
    """The user's answer to the feedback question, asked once per conversation.

    The optional comment is masked before it is stored, like every other user text.
    """

    __tablename__ = "feedback"
    __table_args__ = (CheckConstraint(_in("answer", FEEDBACK_ANSWERS), name="answer"),)

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), _conversation_fk(), nullable=False, unique=True)
    answer = Column(String(16), nullable=False)
    comment = Column(Text, nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class Professional(Base):
    """An inbox user; only a password hash is kept (hashing lives with the web service)."""

    __tablename__ = "professionals"
    __table_args__ = (CheckConstraint(_in("role", PROFESSIONAL_ROLES), name="role"),)

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    display_name = Column(String(128), nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    active = Column(Boolean, nullable=False, default=True, server_default=true())
    # A beheerder also sees the audit trail; everybody else is a medewerker.
    role = Column(String(16), nullable=False, default="medewerker", server_default="medewerker")
    # Login throttling per account: wrong passwords in a row, and a lock after too many.
    failed_logins = Column(Integer, nullable=False, default=0, server_default="0")
    locked_until = Column(UTCDateTime, nullable=True)


class AuditEvent(Base):
    """Who viewed, took, replied, decided, exported or erased which conversation, and when.

    Never a message text. The rows of a conversation go with it (cascade); an erasure keeps
    one row without the conversation id, so the trail shows that it happened and by whom.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        CheckConstraint(_in("action", AUDIT_ACTIONS), name="action"),
        Index("ix_audit_events_at", "at"),
    )

    id = Column(Integer, primary_key=True)
    at = Column(UTCDateTime, nullable=False, default=utcnow)
    actor = Column(String(128), nullable=False)
    action = Column(String(16), nullable=False)
    via = Column(String(16), nullable=False)
    conversation_id = Column(String(128), _conversation_fk(), nullable=True, index=True)
    handover_id = Column(Integer, nullable=True)


class InboxSession(Base):
    """A login to the inbox, kept server-side so logout and a new password really end it.

    The cookie holds a random token; only its SHA-256 is stored (a database copy cannot be
    replayed as a cookie).
    """

    __tablename__ = "inbox_sessions"

    id = Column(String(64), primary_key=True)
    username = Column(String(64), nullable=False, index=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    ended_at = Column(UTCDateTime, nullable=True)


class PartnerInvitation(Base):
    """A partner organisation invited to a case, and the young person's answer with its time.

    Access follows ``status`` alone: only ``toegestemd`` lets the organisation's accounts see
    the case, so a withdrawal in the chat takes the access away at the next request.
    """

    __tablename__ = "partner_invitations"
    __table_args__ = (
        CheckConstraint(_in("status", INVITATION_STATUSES), name="status"),
        Index("ix_partner_invitations_organisation_status", "organisation", "status"),
        {"sqlite_autoincrement": True},
    )

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), _conversation_fk(), nullable=False, index=True)
    handover_id = Column(Integer, ForeignKey("handovers.id", ondelete="SET NULL"), nullable=True)
    partner = Column(String(32), nullable=False)
    organisation = Column(String(64), nullable=False)  # a key of partner_directory.yml
    reason = Column(Text, nullable=False)  # "omdat ..." as the young person read it
    invited_by = Column(String(128), nullable=False)
    invited_at = Column(UTCDateTime, nullable=False, default=utcnow)
    status = Column(String(16), nullable=False, default="gevraagd", server_default="gevraagd")
    answered_at = Column(UTCDateTime, nullable=True)
    withdrawn_at = Column(UTCDateTime, nullable=True)
    # Under 16: the professional who confirmed that a parent or verzorger agrees, and when.
    parent_confirmed_by = Column(String(128), nullable=True)
    parent_confirmed_at = Column(UTCDateTime, nullable=True)


class PartnerContribution(Base):
    """What a partner advises, can offer and needs from others, for one case."""

    __tablename__ = "partner_contributions"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), _conversation_fk(), nullable=False, index=True)
    invitation_id = Column(
        Integer, ForeignKey("partner_invitations.id", ondelete="CASCADE"), nullable=True
    )
    organisation = Column(String(64), nullable=False)  # "school" for the case owner
    author = Column(String(128), nullable=False)
    advice = Column(Text, nullable=False)
    offer = Column(Text, nullable=True)
    needs = Column(Text, nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class DecisionParticipants(Base):
    """Who took part in a decision and whose advice it follows (organisation keys or school)."""

    __tablename__ = "decision_participants"

    id = Column(Integer, primary_key=True)
    handover_id = Column(
        Integer, ForeignKey("handovers.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    conversation_id = Column(String(128), _conversation_fk(), nullable=False, index=True)
    participants = Column(JSON, nullable=False)  # [{"key": ..., "name": ...}, ...]
    follows = Column(String(64), nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class OverdrachtDocument(Base):
    """One version of the warme-overdracht document; only an approved one can be opened.

    ``parts`` holds the document's parts by key (masked where the young person typed them);
    ``changing`` is the part the young person is about to rewrite in the chat.
    """

    __tablename__ = "overdracht_documents"
    __table_args__ = (
        CheckConstraint(_in("status", DOCUMENT_STATUSES), name="status"),
        UniqueConstraint("conversation_id", "version", name="uq_overdracht_documents_version"),
        {"sqlite_autoincrement": True},
    )

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), _conversation_fk(), nullable=False, index=True)
    handover_id = Column(Integer, ForeignKey("handovers.id", ondelete="SET NULL"), nullable=True)
    invitation_id = Column(
        Integer, ForeignKey("partner_invitations.id", ondelete="SET NULL"), nullable=True
    )
    version = Column(Integer, nullable=False)
    parts = Column(JSON, nullable=False)
    status = Column(String(16), nullable=False, default="concept", server_default="concept")
    changing = Column(String(32), nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    approved_at = Column(UTCDateTime, nullable=True)


# The figures kept for the dashboard as they are written (their own module, same Base).
from bot.store.models_dashboard import DashboardPartner as DashboardPartner  # noqa: E402
from bot.store.models_dashboard import DecisionPartner as DecisionPartner  # noqa: E402
