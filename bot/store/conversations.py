"""Conversations and their messages: created once, read, and deleted with what hangs on them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select

from bot.privacy import mask
from bot.store.models import (
    ACTIVE_STATUSES,
    CONSENT_BY,
    MODES,
    ROLES,
    SENDERS,
    Answer,
    Conversation,
    Handover,
    Message,
)
from bot.store.refusals import NotFound
from bot.store.store_base import _DELETE_CHUNK, MASKED_SENDERS, StoreBase, _check, _check_aware


class ConversationStore(StoreBase):
    """Conversation rows and the messages in them."""

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
