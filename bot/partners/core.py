"""The partners service's common ground: its refusals, small helpers, and one way into the store.

The service itself is split by who acts (:mod:`bot.partners.case_owner`,
:mod:`bot.partners.young_person`, :mod:`bot.partners.partner_side`) and joined again in
:class:`bot.partners.service.Samen`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from bot.handover.policy import CONTACT_QUESTION
from bot.knowledge import load_knowledge
from bot.knowledge.directory import Organisation, load_directory
from bot.knowledge.responses import buttons as response_buttons
from bot.knowledge.responses import text as response_text
from bot.knowledge.staff_texts import staff_text
from bot.knowledge.summary import answer_text
from bot.knowledge.teams import load_teams
from bot.partners import document as documents
from bot.store.models import OverdrachtDocument, PartnerInvitation
from bot.store.refusals import Refusal
from bot.store.repository import Repository, repository_scope
from bot.store.samen import SamenStore, invitation_to_dict
from bot.store.serialize import iso

Message = dict[str, Any]
# How the chat learns what to show: (conversation id, text, buttons).
Say = Callable[[str, str, list[dict[str, str]]], Awaitable[None]]
SCHOOL = "school"
MAX_CONTRIBUTION = 2000


class Forbidden(PermissionError):
    """This account may not see or do this (no invitation, no consent, not approved)."""


class ParentConsentNeeded(ValueError):
    """Under 16: confirm first that a parent or verzorger agrees."""


class UnknownOrganisation(ValueError):
    """The organisation is not in the partner directory."""


class TakerRefused(Refusal, ValueError):
    """The partner named to take over cannot: consent withdrawn, or not this conversation's."""

    code = "taker_refused"
    text_key = "partner_niet_van_gesprek"

    def __init__(self, organisation: str | None = None) -> None:
        super().__init__(organisation or "foreign")
        self.organisation = organisation

    def text(self) -> str:
        if self.organisation is None:
            return super().text()
        return staff_text("weigeringen.partner_zonder_toestemming", organisatie=self.organisation)


class NotApproved(PermissionError):
    """The overdrachtsdocument has not been approved by the young person yet."""


def payload(kind: str, row_id: int, answer: str) -> str:
    """A button the chat relay reads itself (never sent to Rasa): ``samen:<kind>:<id>:<answer>``."""
    return f"samen:{kind}:{row_id}:{answer}"


def _with_payloads(name: str, kind: str, row_id: int, answers: tuple[str, ...]) -> list[Any]:
    titled = response_buttons(name)
    return [
        {"title": b["title"], "payload": payload(kind, row_id, answer)}
        for b, answer in zip(titled, answers, strict=True)
    ]


def _document_question(document_id: int) -> Message:
    """ "Klopt alles?" with the buttons to approve or change this version of the document."""
    name = "utter_samen_document_klopt"
    buttons = _with_payloads(name, "document", document_id, ("goedkeuren", "veranderen"))
    return {"text": response_text(name), "buttons": buttons}


def under_16(answers: dict[str, Any]) -> bool:
    """Under 16, or not known to be older: then a parent is asked too (as at the start)."""
    value = answers.get("jonger_dan_16")
    age = answers.get("leeftijd")
    if isinstance(age, int):
        return age < 16
    return value not in ("nee", None)


def organisation(key: str) -> Organisation:
    found = load_directory().organisations.get(key)
    if found is None:
        raise UnknownOrganisation(key)
    return found


HIDDEN_FROM_PARTNERS = ("toestemming", "ouder_akkoord", "deel")


def answers_shown(answers: list[Message]) -> list[dict[str, str]]:
    """Answers with the catalogue's labels and plain values (for partners and the document)."""
    knowledge = load_knowledge()
    shown = []
    for answer in answers:
        question = knowledge.questions.get(answer["question"])
        # The contact answer is only for the intake team (bot.handover.policy), never partners.
        if question is None or answer["question"] in (*HIDDEN_FROM_PARTNERS, CONTACT_QUESTION):
            continue
        shown.append({"label": question.label, "value": answer_text(question, answer["value"])})
    return shown


def _invitation_dict(row: PartnerInvitation) -> Message:
    org = load_directory().organisations.get(row.organisation)
    return {
        **invitation_to_dict(row),
        "organisation_name": org.name if org else row.organisation,
        "contact": org.contact if org else "",
    }


def _document_dict(row: OverdrachtDocument) -> Message:
    return {
        "id": row.id,
        "version": row.version,
        "status": row.status,
        "parts": documents.ordered_parts(row.parts),
        "changing": row.changing,
        "invitation_id": row.invitation_id,
        "created_at": iso(row.created_at),
        "approved_at": iso(row.approved_at),
    }


def _organisation_name(key: str, school: str) -> str:
    if key == SCHOOL:
        return school
    org = load_directory().organisations.get(key)
    return org.name if org else key


class PartnersBase:
    """One transaction per method, through :meth:`_in_store`."""

    def __init__(self, say: Say, *, database_url: str | None = None, via: str = "inbox") -> None:
        self.say = say
        self.database_url = database_url
        self.via = via

    async def _in_store(self, work: Any, *args: Any) -> Any:
        def run() -> Any:
            with repository_scope(self.database_url) as repository:
                return work(repository, SamenStore(repository.session), *args)

        return await asyncio.to_thread(run)

    @staticmethod
    def _contributions(store: SamenStore, conversation_id: str) -> list[Message]:
        return [
            {
                "organisation": c.organisation,
                "organisation_name": _organisation_name(c.organisation, "de school"),
                "author": c.author,
                "advice": c.advice,
                "offer": c.offer,
                "needs": c.needs,
                "at": iso(c.created_at),
            }
            for c in store.contributions(conversation_id)
        ]

    def _participants(
        self, repository: Repository, store: SamenStore, handover_id: int, follows: str | None
    ) -> Message:
        handover = repository.get_handover(handover_id)
        team = load_teams().teams.get(handover.team or "")
        school = f"de school ({team.name})" if team else "de school"
        keys = [SCHOOL]
        for contribution in store.contributions(handover.conversation_id):
            if contribution.organisation not in keys:
                keys.append(contribution.organisation)
        participants = [{"key": k, "name": _organisation_name(k, school)} for k in keys]
        chosen = follows if follows in keys else None
        row = store.record_participants(handover_id, handover.conversation_id, participants, chosen)
        return {"participants": row.participants, "follows": row.follows}
