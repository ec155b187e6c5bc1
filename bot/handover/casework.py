"""Casework: what a professional does with a hand-over, written once for every surface.

Take, release, reply, decide, the transcript and erasing a conversation live here; the JSON
API (:mod:`bot.web.api.routes`) and the inbox (:mod:`bot.web.staff.inbox`) are thin adapters
that read a request and call one method; refusals are answered in one place
(:mod:`bot.web.errors`). A new surface (a partner view, a webhook) adds an adapter, not a
third copy of the rules:

- Practice conversations are invisible: every lookup answers :class:`NotFound` for them.
- Take before you act: only the professional who took a hand-over may reply, decide or give
  it back (:class:`NotTaken`); two cannot take the same one (:class:`AlreadyTaken`); a
  decision is final (:class:`AlreadyDecided`). These are the store's errors.
- The user's words are masked once, with the names the user gave anywhere in the
  conversation, so a name said early stays hidden in every later line.
- Every look at or act on a conversation is written to the audit trail (who, what, which
  conversation, when; never the words), in the same transaction as the act, so the API
  and the inbox share one trail. ``via`` names the surface (``api``, ``inbox``).

The assistant (Rasa) and the live channel (server-sent events) are handed in, so this
module needs neither the web service nor the network to be tested.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from bot.handover import policy
from bot.handover.case_reading import Assistant as Assistant
from bot.handover.case_reading import (
    CaseReading,
    professional_actor,
    visible_handover,
)
from bot.handover.case_reading import LiveChannel as LiveChannel
from bot.handover.case_refusals import MAX_DECISION as MAX_DECISION
from bot.handover.case_refusals import MAX_TEXT as MAX_TEXT
from bot.handover.case_refusals import AssistantUnavailable as AssistantUnavailable
from bot.handover.case_refusals import InvalidDecision as InvalidDecision
from bot.handover.case_refusals import InvalidLevel as InvalidLevel
from bot.handover.case_refusals import NotResumed as NotResumed
from bot.handover.case_refusals import TooLong as TooLong
from bot.handover.case_refusals import check_length as check_length
from bot.handover.correction import question_for, read_value
from bot.handover.queueing import queue_for_team
from bot.handover.record import refresh_active_handovers
from bot.handover.transcript import names_in as names_in
from bot.handover.transcript import transcript_lines as transcript_lines
from bot.knowledge.decisions import (
    LEVEL_OF_NUMBER,
    route_decisions,
    split_route,
    valid_route_decision,
)
from bot.knowledge.teams import load_teams
from bot.store.erasure import erase_conversation
from bot.store.models import Handover
from bot.store.refusals import NotFound, UnknownColleague
from bot.store.repository import Repository
from bot.store.serialize import handover_to_dict, message_to_dict

Message = dict[str, Any]
# What the case records when it changes hands (shown to professionals in the transcript).
RELEASED = "{professional} heeft de overdracht teruggegeven aan het team."
REASSIGNED = "{professional} heeft de overdracht doorgegeven aan {colleague}."
CORRECTED = "{professional} heeft het antwoord bij '{question}' veranderd."
CLEARED = "{professional} heeft het antwoord bij '{question}' gewist."


class Casework(CaseReading):
    """The professional's side of a hand-over; every method reads or writes in one transaction."""

    # -- acting --------------------------------------------------------------------------

    async def _on_handover(
        self,
        act: Callable[[Repository, int, str], Handover],
        handover_id: int,
        professional: str,
        audit: str | None = None,
    ) -> Message:
        """``act(repository, handover_id, professional)`` on a visible hand-over, as a dict.

        With ``audit`` the act is written to the audit trail in the same transaction.
        """

        def run(repository: Repository) -> Message:
            self._require(
                repository, professional, policy.WORK, visible_handover(repository, handover_id)
            )
            handover = act(repository, handover_id, professional)
            if audit:
                repository.record_audit(
                    professional, audit, self.via, handover.conversation_id, handover_id
                )
            return handover_to_dict(handover)

        result: Message = await self._in_store(run)
        return result

    async def take(
        self, handover_id: int, professional: str, shown_name: str | None = None
    ) -> Message:
        """Claim the hand-over; :class:`AlreadyTaken` when a colleague was first.

        ``shown_name`` is how the professional wants to be named in the chat ("Anna van
        school"); without it the chat says "een medewerker van school".
        """
        handover = await self._on_handover(
            Repository.take_handover, handover_id, professional, "opgepakt"
        )
        self.live.taken(handover["conversation_id"], shown_name)
        return handover

    async def release(self, handover_id: int, professional: str) -> Message:
        """Give a taken hand-over back to the team, so a colleague can take it (recorded).

        A beheerder may give back a case someone else took (locked, gone, ill), so no case
        stays stuck with an account that cannot act.
        """

        def run(repository: Repository) -> Message:
            current = visible_handover(repository, handover_id)
            self._require(repository, professional, policy.WORK, current)
            holder = professional
            actor = self.actor(repository, professional)
            if actor is not None and policy.may_release_for_others(actor) and current.taken_by:
                holder = current.taken_by  # a beheerder frees a case its taker cannot act on
            handover = repository.release_handover(handover_id, holder)
            repository.add_message(
                handover.conversation_id,
                "systeem",
                RELEASED.format(professional=professional),
                handover_id=handover_id,
            )
            repository.record_audit(
                professional, "teruggegeven", self.via, handover.conversation_id, handover_id
            )
            return handover_to_dict(handover)

        handover: Message = await self._in_store(run)
        self.live.released(handover["conversation_id"])
        return handover

    async def reassign(self, handover_id: int, professional: str, colleague: str) -> Message:
        """Hand a taken hand-over to a named colleague, who is told; recorded in the case.

        :class:`UnknownColleague` when ``colleague`` is no active account that may work this
        team's cases (a partner, kwaliteit, a locked account, another team), or oneself:
        checked before anything is written, so no case ends with someone who cannot act.
        """

        def run(repository: Repository) -> Message:
            current = visible_handover(repository, handover_id)
            self._require(repository, professional, policy.WORK, current)
            receiver = professional_actor(repository, colleague)
            if receiver is None or not policy.allowed(receiver, policy.RECEIVE, current.team):
                raise UnknownColleague(colleague)
            handover = repository.reassign_handover(handover_id, professional, colleague)
            text = REASSIGNED.format(professional=professional, colleague=colleague)
            conversation_id = handover.conversation_id
            repository.add_message(conversation_id, "systeem", text, handover_id=handover_id)
            team = load_teams().teams.get(handover.team or "")
            if team is not None:
                queue_for_team(repository, handover_id, team, "doorgegeven", recipient=colleague)
            return handover_to_dict(handover)

        handover: Message = await self._in_store(run)
        self.live.taken(handover["conversation_id"])
        return handover

    async def label(self, handover_id: int, professional: str, label: str) -> Message:
        """Set the hand-over's label for the list; any professional who may work the team's case.

        The label is typed by a person, so it is masked with the conversation's names before
        it is stored (a name written in full becomes [naam]; initials stay).
        """
        conversation_id = await self.conversation_of(handover_id)
        try:
            names = names_in(await self.assistant.events(conversation_id))
        except AssistantUnavailable:
            names = []

        def run(repository: Repository) -> Message:
            self._require(
                repository, professional, policy.WORK, visible_handover(repository, handover_id)
            )
            handover = repository.set_handover_label(handover_id, label, names)
            return handover_to_dict(handover)

        result: Message = await self._in_store(run)
        return result

    async def check_taken(self, handover_id: int, professional: str) -> Message:
        """The hand-over, when ``professional`` took it and it is open for replies and decisions."""
        return await self._on_handover(Repository.taken_handover, handover_id, professional)

    async def reply(self, handover_id: int, professional: str, text: str) -> Message:
        """Send the professional's message to the user, keep it and show it live."""
        conversation_id = (await self.check_taken(handover_id, professional))["conversation_id"]
        check_length("text", text, MAX_TEXT)
        await self.assistant.add_professional_message(conversation_id, text)

        def keep(repository: Repository) -> Message:
            message = repository.add_message(
                conversation_id, "professional", text, handover_id=handover_id
            )
            repository.record_audit(
                professional, "beantwoord", self.via, conversation_id, handover_id
            )
            return message_to_dict(message)

        stored: Message = await self._in_store(keep)
        self.live.professional_reply(conversation_id, text)
        return stored

    async def decide(
        self,
        handover_id: int,
        professional: str,
        decision: str,
        note: str | None,
        along: Callable[[Repository, Message], None] | None = None,
        *,
        level: int | None = None,
        note_for_user: bool = False,
    ) -> tuple[Message, list[Message]]:
        """Record the decision, let the assistant continue; returns the hand-over and its words.

        ``along(repository, handover)`` writes what belongs to the decision (who took part,
        the document for the partner that takes over) in the same transaction: when it
        refuses, nothing is saved and the assistant stays paused. ``level`` (1-4, only with
        a route) and ``note_for_user`` (the professional marked the note as meant for the
        young person) change what the assistant tells the user.
        :class:`NotResumed` means the decision is stored but the assistant did not continue.
        """
        point = (await self.check_taken(handover_id, professional))["decision_point"]
        check_length("decision", decision, MAX_DECISION)
        check_length("note", note, MAX_TEXT)
        if level is not None:
            # A level given apart goes into the decision itself ("mbo_diploma:niveau_2").
            route, own_level = split_route(decision)
            if point != "leerroute" or level not in LEVEL_OF_NUMBER or own_level is not None:
                raise InvalidLevel(point)
            decision = f"{route}:{LEVEL_OF_NUMBER[level]}"
        if point == "leerroute" and not valid_route_decision(decision):
            raise InvalidDecision(point, tuple(route_decisions()))

        def record(repository: Repository) -> Message:
            decided = repository.record_decision(
                handover_id, decision, note, professional, taken_by=professional
            )
            repository.record_audit(
                professional, "besloten", self.via, decided.conversation_id, handover_id
            )
            result = handover_to_dict(decided)
            if along is not None:
                along(repository, result)
            return result

        handover: Message = await self._in_store(record)
        conversation_id = handover["conversation_id"]
        try:
            if level is not None or (note_for_user and note):
                extra = {"niveau": level, "notitie_delen": bool(note_for_user and note)}
                await self.assistant.set_slots(conversation_id, {"besluit_extra": extra})
            messages = await self.assistant.resume(conversation_id)
        except AssistantUnavailable as problem:
            raise NotResumed(str(problem)) from problem

        def keep(repository: Repository) -> None:
            for message in messages:
                if message.get("text"):
                    repository.add_message(
                        conversation_id, "bot", message["text"], handover_id=handover_id
                    )

        await self._in_store(keep)
        self.live.resumed(conversation_id, messages)
        return handover, messages

    async def correct(
        self, handover_id: int, professional: str, question: str, value: Any
    ) -> Message:
        """Change (or with None clear) an answer of the case, by the professional who works it.

        The earlier value is kept (``answer_revisions``), the act goes into the audit trail
        and the case's transcript, and the summary and partner suggestions of the waiting
        hand-overs are recomputed, so they show the corrected value and who corrected it.
        A decision note never changes a fact; this does. Returns the hand-over and the
        case's record. :class:`InvalidCorrection` for an unknown question or a wrong value.
        """
        asked = question_for(question)
        new_value = read_value(asked, value)

        def run(repository: Repository) -> Message:
            handover = self._may_work_case(repository, handover_id, professional)
            conversation_id = str(handover.conversation_id)
            changed = repository.correct_answer(conversation_id, asked.key, new_value, professional)
            if changed is not None:
                said = CLEARED if new_value is None else CORRECTED
                text = said.format(professional=professional, question=asked.label)
                repository.add_message(conversation_id, "systeem", text, handover_id=handover_id)
                repository.record_audit(
                    professional, "gecorrigeerd", self.via, conversation_id, handover_id
                )
                refresh_active_handovers(repository, conversation_id)
            return {
                "handover": handover_to_dict(repository.get_handover(handover_id)),
                **self._record(repository, conversation_id, professional),
            }

        result: Message = await self._in_store(run)
        return result

    async def erase(self, conversation_id: str, professional: str) -> None:
        """Erase the conversation from the project's tables and Rasa's tracker store.

        The same code path as "verwijder mijn gegevens" in the chat (:mod:`bot.store.erasure`);
        the audit trail keeps that ``professional`` erased a conversation, not which one.
        """
        erased = await asyncio.to_thread(
            erase_conversation,
            conversation_id,
            actor=professional,
            via=self.via,
            database_url=self.database_url,
            tracker_store_url=self.tracker_store_url,
        )
        self.live.erased(conversation_id)  # nor in the live channel's memory
        if not erased:
            raise NotFound(f"gesprek {conversation_id!r} bestaat niet")
