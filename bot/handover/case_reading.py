"""Casework, reading: the service's set-up, who acts, and every look at a case.

The acting half (take, reply, decide, correct, erase) is :class:`bot.handover.casework.Casework`,
which builds on this one; the two share one constructor and one way into the store.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from bot.handover import policy
from bot.handover.case_refusals import AssistantUnavailable
from bot.handover.transcript import names_in, transcript_lines
from bot.privacy import mask
from bot.store.inzage import export_rows
from bot.store.models import Conversation, Handover
from bot.store.refusals import NotFound
from bot.store.repository import Repository, repository_scope
from bot.store.serialize import handover_to_dict, iso, message_to_dict
from bot.store.types import utcnow

Message = dict[str, Any]


class Assistant(Protocol):
    """What casework needs from Rasa (:class:`bot.web.chat.rasa_client.RasaClient`)."""

    async def add_professional_message(self, conversation_id: str, text: str) -> None: ...

    async def resume(self, conversation_id: str) -> list[Message]: ...

    async def set_slots(self, conversation_id: str, slots: Mapping[str, Any]) -> None: ...

    async def events(self, conversation_id: str) -> list[Message]: ...


class LiveChannel(Protocol):
    """Where the widget and the inbox page hear what happened (:mod:`bot.web.state.pubsub`)."""

    def taken(self, conversation_id: str, shown_name: str | None = None) -> None: ...

    def released(self, conversation_id: str) -> None: ...

    def professional_reply(self, conversation_id: str, text: str) -> None: ...

    def resumed(self, conversation_id: str, messages: list[Message]) -> None: ...

    def erased(self, conversation_id: str) -> None: ...


# -- visibility: the one place that hides practice conversations ----------------------------


def visible_conversation(repository: Repository, conversation_id: str) -> Conversation:
    conversation = repository.get_conversation(conversation_id)
    if conversation.practice:
        raise NotFound(f"gesprek {conversation_id!r} bestaat niet")
    return conversation


def visible_handover(repository: Repository, handover_id: int) -> Handover:
    handover = repository.get_handover(handover_id)
    visible_conversation(repository, handover.conversation_id)
    return handover


def professional_actor(repository: Repository, username: str) -> policy.Actor | None:
    """An inbox account as the policy sees it; a locked or inactive one may do nothing."""
    professional = repository.get_professional(username)
    if professional is None:
        return None
    locked = professional.locked_until is not None and professional.locked_until > utcnow()
    return policy.Actor(username, professional.role, bool(professional.active) and not locked)


class CaseReading:
    """The professional's side of a hand-over, reading; every method is one transaction."""

    def __init__(
        self,
        assistant: Assistant,
        live: LiveChannel,
        *,
        tracker_store_url: str | None = None,
        database_url: str | None = None,
        via: str = "api",
    ) -> None:
        self.assistant = assistant
        self.live = live
        self.tracker_store_url = tracker_store_url
        self.database_url = database_url
        self.via = via

    def actor(self, repository: Repository, username: str | None) -> policy.Actor | None:
        """Who acts, for the policy: a service account of the API, or an inbox account."""
        if username is None:
            return None
        if self.via == "api":
            return policy.Actor(username, policy.SERVICE_ROLE)
        return professional_actor(repository, username)

    def _require(
        self, repository: Repository, username: str, action: str, handover: Handover
    ) -> None:
        actor = self.actor(repository, username) or policy.Actor(username, "", active=False)
        policy.require(actor, action, handover.team)

    def _answers(
        self, repository: Repository, conversation_id: str, viewer: str | None
    ) -> list[Message]:
        """The conversation's answers; the contact answer only for the intake team."""
        answers: list[Message] = repository.conversation_detail(conversation_id)["answers"]
        keep = policy.may_read_contact(
            self.actor(repository, viewer), repository.handovers(conversation_id)
        )
        return policy.without_contact(answers, keep)

    def _record(
        self, repository: Repository, conversation_id: str, viewer: str | None
    ) -> dict[str, Any]:
        """The case's record with own words and notes; the contact only for the intake team."""
        record = repository.case_record(conversation_id)
        keep = policy.may_read_contact(
            self.actor(repository, viewer), repository.handovers(conversation_id)
        )
        return {**record, "record": policy.without_contact(record["record"], keep)}

    def _may_work_case(
        self, repository: Repository, handover_id: int, professional: str
    ) -> Handover:
        """The hand-over, when ``professional`` may change its record: the policy allows
        working the team's case, and this professional took it and has not decided yet."""
        self._require(
            repository, professional, policy.WORK, visible_handover(repository, handover_id)
        )
        return repository.taken_handover(handover_id, professional)

    async def _in_store(self, work: Any, *args: Any) -> Any:
        """Run ``work(repository, *args)`` in one transaction, off the event loop."""

        def run() -> Any:
            with repository_scope(self.database_url) as repository:
                return work(repository, *args)

        return await asyncio.to_thread(run)

    # -- reading -------------------------------------------------------------------------

    async def handovers(self, statuses: Iterable[str | None] = (None,)) -> list[Message]:
        """Hand-overs with these statuses (None: all), newest first, without practice."""

        def load(repository: Repository) -> list[Message]:
            found = [h for status in statuses for h in repository.list_handovers(status=status)]
            found.sort(key=lambda h: (h.created_at, h.id), reverse=True)
            return [handover_to_dict(h) for h in found]

        result: list[Message] = await self._in_store(load)
        return result

    async def notification_problems(self) -> dict[int, str]:
        """Waiting hand-overs whose team could not be told, with the last error."""

        def load(repository: Repository) -> dict[int, str]:
            return repository.outbox.problems()

        result: dict[int, str] = await self._in_store(load)
        return result

    async def handover(self, handover_id: int, viewer: str | None = None) -> Message:
        """The hand-over with the answers and the stored messages of its conversation.

        With ``viewer`` the look is written to the audit trail.
        """

        def load(repository: Repository) -> Message:
            handover = visible_handover(repository, handover_id)
            conversation_id = handover.conversation_id
            if viewer:
                self._require(repository, viewer, policy.VIEW, handover)
                repository.record_audit(
                    viewer, "bekeken", self.via, conversation_id, handover_id=handover_id
                )
            return {
                **handover_to_dict(handover),
                "answers": self._answers(repository, conversation_id, viewer),
                **self._record(repository, conversation_id, viewer),
                "messages": [message_to_dict(m) for m in repository.messages(conversation_id)],
            }

        result: Message = await self._in_store(load)
        return result

    async def conversation_of(self, handover_id: int) -> str:
        """The conversation id of a (visible) hand-over."""
        handover: Handover = await self._in_store(visible_handover, handover_id)
        return str(handover.conversation_id)

    async def conversation(self, conversation_id: str, viewer: str | None = None) -> Message:
        """Answers, suggestions, hand-overs, stored messages and the transcript (or None)."""

        def load(repository: Repository) -> Message:
            visible_conversation(repository, conversation_id)
            if viewer:
                repository.record_audit(viewer, "bekeken", self.via, conversation_id)
            detail = repository.conversation_detail(conversation_id)
            detail["answers"] = self._answers(repository, conversation_id, viewer)
            detail.update(self._record(repository, conversation_id, viewer))
            detail["messages"] = [message_to_dict(m) for m in repository.messages(conversation_id)]
            return detail

        detail: Message = await self._in_store(load)
        detail["transcript"] = await self.transcript(conversation_id)
        return detail

    async def export(self, conversation_id: str, professional: str) -> Message:
        """Inzage (AVG art. 15): everything recorded about one conversation, for the user who asks.

        Every answer (with the user's own words, masked), suggestion, hand-over, decision and
        stored message, the transcript Rasa keeps (masked; None without Rasa) and the audit
        trail of the conversation. The export itself is written to the trail first.
        """

        def load(repository: Repository) -> Message:
            visible_conversation(repository, conversation_id)
            repository.record_audit(professional, "geexporteerd", self.via, conversation_id)
            rows = export_rows(repository, conversation_id)
            keep = policy.may_read_contact(
                self.actor(repository, professional), repository.handovers(conversation_id)
            )
            rows["answers"] = policy.without_contact(rows["answers"], keep)
            rows["audit"] = [
                {"at": iso(row.at), "actor": row.actor, "action": row.action, "via": row.via}
                for row in repository.audit_events(conversation_id)
            ]
            return rows

        exported: Message = await self._in_store(load)
        exported["transcript"] = await self.transcript(conversation_id)
        return exported

    async def audit_trail(self, limit: int | None = None) -> list[Message]:
        """The audit trail, newest first (for a beheerder)."""

        def load(repository: Repository) -> list[Message]:
            return [
                {
                    "at": iso(row.at),
                    "actor": row.actor,
                    "action": row.action,
                    "via": row.via,
                    "conversation_id": row.conversation_id,
                    "handover_id": row.handover_id,
                }
                for row in repository.audit_events(limit=limit)
            ]

        result: list[Message] = await self._in_store(load)
        return result

    async def transcript(self, conversation_id: str) -> list[Message] | None:
        """The lines Rasa keeps, masked with the conversation's names; None without Rasa."""
        try:
            events = await self.assistant.events(conversation_id)
        except AssistantUnavailable:
            return None
        return transcript_lines(events)

    async def masked_user_text(self, conversation_id: str, text: str) -> str:
        """``text`` as the inbox may show it live: masked with the conversation's names."""
        try:
            names = names_in(await self.assistant.events(conversation_id))
        except AssistantUnavailable:
            names = []
        return mask(text, names)
