"""The Samen service: who may see a case, who said yes, who took part, what is handed over.

Written once for every surface, like :mod:`bot.handover.casework`: the inbox, the partner
pages and the chat relay read a request, call one method and map the errors below.

- A partner organisation sees a case only through an invitation the young person said yes
  to (``toegestemd``); a no, a withdrawal or another organisation's account is
  :class:`Forbidden`. It sees the summary, the answers and the suggestions, never the chat.
- Under 16 an invitation needs the professional's confirmation that a parent or verzorger
  agrees (:class:`ParentConsentNeeded`); it is recorded with the invitation.
- Only an approved overdrachtsdocument can be opened by the receiving partner.
- Every look and act of a professional is written to the audit trail in the same transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from bot.handover.policy import CONTACT_QUESTION
from bot.handover.record import summary_of
from bot.knowledge import load_knowledge
from bot.knowledge.directory import Organisation, load_directory
from bot.knowledge.responses import buttons as response_buttons
from bot.knowledge.responses import text as response_text
from bot.knowledge.summary import answer_text
from bot.knowledge.teams import load_teams
from bot.partners import document as documents
from bot.store.errors import NotFound
from bot.store.models import OverdrachtDocument, PartnerInvitation
from bot.store.repository import Repository, repository_scope
from bot.store.samen import SamenStore, invitation_to_dict
from bot.store.serialize import iso
from bot.store.types import utcnow

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


class TakerRefused(ValueError):
    """The partner named to take over cannot: consent withdrawn, or not this conversation's."""


TAKER_FOREIGN = "Deze partner hoort niet bij dit gesprek. Kies een partner uit de lijst."
TAKER_NO_CONSENT = (
    "{organisatie} heeft geen toestemming (meer) van de jongere. Het besluit is niet opgeslagen."
    " Kies een andere partner of geen partner."
)


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


class Samen:
    """The partners' side of a case; every method reads or writes in one transaction."""

    def __init__(self, say: Say, *, database_url: str | None = None, via: str = "inbox") -> None:
        self.say = say
        self.database_url = database_url
        self.via = via

    async def _in_store(self, work: Any, *args: Any) -> Any:
        def run() -> Any:
            with repository_scope(self.database_url) as repository:
                return work(repository, SamenStore(repository.session), *args)

        return await asyncio.to_thread(run)

    # -- the case owner ------------------------------------------------------------------

    async def invite(
        self, handover_id: int, professional: str, organisation_key: str, parent_confirmed: bool
    ) -> Message:
        """Invite an organisation; the young person is asked in the chat (yes or no)."""
        org = organisation(organisation_key)

        def run(repository: Repository, store: SamenStore) -> tuple[Message, str]:
            handover = repository.get_handover(handover_id)
            conversation_id = handover.conversation_id
            if repository.get_conversation(conversation_id).practice:
                raise NotFound("oefengesprekken hebben geen partners")
            younger = under_16(repository.answers(conversation_id))
            if younger and not parent_confirmed:
                raise ParentConsentNeeded()
            reasons = {s.partner: s.reason for s in repository.suggestions(conversation_id)}
            partner = load_knowledge().partners[org.partner]
            reason = reasons.get(org.partner) or (
                f"omdat {partner.name.lower()} kan helpen bij de volgende stap"
            )
            now = utcnow()
            row = store.invite(
                conversation_id=conversation_id,
                handover_id=handover_id,
                partner=org.partner,
                organisation=org.key,
                reason=reason,
                invited_by=professional,
                parent_confirmed_by=professional if younger else None,
                parent_confirmed_at=now if younger else None,
            )
            repository.record_audit(
                professional, "uitgenodigd", self.via, conversation_id, handover_id
            )
            question = response_text(
                "utter_samen_toestemming_vraag", organisatie=org.name, reden=reason
            )
            if younger:
                question = f"{question}\n{response_text('utter_samen_toestemming_ouder')}"
            repository.add_message(conversation_id, "bot", question, handover_id=handover_id)
            return _invitation_dict(row), question

        invitation: Message
        question: str
        invitation, question = await self._in_store(run)
        buttons = _with_payloads(
            "utter_samen_toestemming_vraag", "toestemming", invitation["id"], ("ja", "nee")
        )
        await self.say(invitation["conversation_id"], question, buttons)
        return invitation

    async def case(self, conversation_id: str) -> Message:
        """Invitations, contributions, decisions and documents of a case, for its owner."""

        def run(repository: Repository, store: SamenStore) -> Message:
            return {
                "invitations": [_invitation_dict(r) for r in store.invitations(conversation_id)],
                "contributions": self._contributions(store, conversation_id),
                "decisions": [
                    {
                        "handover_id": d.handover_id,
                        "participants": d.participants,
                        "follows": d.follows,
                    }
                    for d in store.participants(conversation_id)
                ],
                "documents": [_document_dict(d) for d in store.documents(conversation_id)],
                "organisations": [
                    {"key": o.key, "name": o.name, "partner": o.partner}
                    for o in load_directory().organisations.values()
                ],
            }

        result: Message = await self._in_store(run)
        return result

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

    @staticmethod
    def _taker(store: SamenStore, conversation_id: str, invitation_id: int) -> PartnerInvitation:
        """The invitation of the partner that takes over, or :class:`TakerRefused` saying why."""
        try:
            invitation = store.invitation(invitation_id)
        except NotFound:
            raise TakerRefused(TAKER_FOREIGN) from None
        if invitation.conversation_id != conversation_id:
            raise TakerRefused(TAKER_FOREIGN)
        if invitation.status != "toegestemd":
            name = _organisation_name(invitation.organisation, "de school")
            raise TakerRefused(TAKER_NO_CONSENT.format(organisatie=name))
        return invitation

    def _draft(
        self, repository: Repository, store: SamenStore, handover_id: int, invitation_id: int
    ) -> tuple[Message, str, list[str]]:
        handover = repository.get_handover(handover_id)
        conversation_id = handover.conversation_id
        invitation = self._taker(store, conversation_id, invitation_id)
        org = organisation(invitation.organisation)
        parts = documents.draft(
            repository.answers(conversation_id),
            repository.handovers(conversation_id),
            self._contributions(store, conversation_id),
            org,
        )
        row = store.add_document(
            conversation_id=conversation_id,
            handover_id=handover_id,
            invitation_id=invitation_id,
            parts=parts,
        )
        shown = documents.as_chat_parts(parts)
        opening = response_text(
            "utter_samen_document_klaar", organisatie=org.name, aantal=str(len(shown))
        )
        return _document_dict(row), conversation_id, [opening, *shown]

    async def _say_document(
        self, document: Message, conversation_id: str, texts: list[str]
    ) -> None:
        """The opening and the parts, each a message of its own; then the question."""
        for text in texts:
            await self.say(conversation_id, text, [])
        question = _document_question(document["id"])
        await self.say(conversation_id, question["text"], question["buttons"])

    async def record_decision(self, handover_id: int, follows: str | None) -> Message:
        """Who took part (the school and every organisation that contributed) and whose advice."""

        def run(repository: Repository, store: SamenStore) -> Message:
            return self._participants(repository, store, handover_id, follows)

        result: Message = await self._in_store(run)
        return result

    async def draft_document(self, handover_id: int, invitation_id: int) -> Message:
        """Draft the overdrachtsdocument for the partner that takes over; shown in the chat."""

        def run(repository: Repository, store: SamenStore) -> tuple[Message, str, list[str]]:
            return self._draft(repository, store, handover_id, invitation_id)

        document: Message
        conversation_id: str
        texts: list[str]
        document, conversation_id, texts = await self._in_store(run)
        await self._say_document(document, conversation_id, texts)
        return document

    def decision_parts(self, follows: str | None, taker: int | None) -> DecisionParts:
        """What a decision writes beside itself, for :meth:`Casework.decide`'s transaction."""
        return DecisionParts(self, follows, taker)

    # -- the young person, in the chat ---------------------------------------------------

    async def answer_consent(self, conversation_id: str, invitation_id: int, yes: bool) -> str:
        """Record yes or no (with the time); the words to show. Only a pending question counts."""

        def run(repository: Repository, store: SamenStore) -> str:
            invitation = store.invitation(invitation_id)
            if invitation.conversation_id != conversation_id or invitation.status != "gevraagd":
                raise NotFound("deze vraag is er niet (meer)")
            store.answer(invitation, yes)
            name = organisation(invitation.organisation).name
            said = response_text(
                "utter_samen_toestemming_ja" if yes else "utter_samen_toestemming_nee",
                organisatie=name,
            )
            repository.add_message(conversation_id, "systeem", said, handover_id=None)
            return said

        result: str = await self._in_store(run)
        return result

    async def invitations_of(
        self, conversation_id: str, statuses: tuple[str, ...]
    ) -> list[Message]:
        """The conversation's invitations with one of these statuses, oldest first."""

        def run(repository: Repository, store: SamenStore) -> list[Message]:
            return [
                _invitation_dict(r)
                for r in store.invitations(conversation_id)
                if r.status in statuses
            ]

        result: list[Message] = await self._in_store(run)
        return result

    async def pending(self, conversation_id: str) -> list[Message]:
        """Consent questions still waiting for an answer while the chat is paused."""

        def run(repository: Repository, store: SamenStore) -> list[Message]:
            if repository.active_handover(conversation_id) is None:
                return []
            return [_invitation_dict(r) for r in store.invitations(conversation_id, "gevraagd")]

        result: list[Message] = await self._in_store(run)
        return result

    @staticmethod
    def question(invitation: Mapping[str, Any]) -> Message:
        """The consent question of one invitation again, with its own yes and no buttons."""
        text = response_text(
            "utter_samen_toestemming_vraag",
            organisatie=invitation["organisation_name"],
            reden=invitation["reason"],
        )
        buttons = _with_payloads(
            "utter_samen_toestemming_vraag", "toestemming", invitation["id"], ("ja", "nee")
        )
        return {"text": text, "buttons": buttons}

    async def consented(self, conversation_id: str) -> list[Message]:
        """The invitations the young person said yes to and has not withdrawn."""

        def run(repository: Repository, store: SamenStore) -> list[Message]:
            return [_invitation_dict(r) for r in store.invitations(conversation_id, "toegestemd")]

        result: list[Message] = await self._in_store(run)
        return result

    async def withdraw(self, conversation_id: str, invitation_id: int) -> str:
        """Take a partner's access away at once; the words to show."""

        def run(repository: Repository, store: SamenStore) -> str:
            invitation = store.invitation(invitation_id)
            if invitation.conversation_id != conversation_id:
                raise NotFound("deze uitnodiging is er niet")
            if invitation.status == "toegestemd":
                store.withdraw(invitation)
            elif invitation.status == "gevraagd":  # not yet answered: this is a no
                store.answer(invitation, False)
            said = response_text(
                "utter_samen_ingetrokken", organisatie=organisation(invitation.organisation).name
            )
            repository.add_message(conversation_id, "systeem", said, handover_id=None)
            return said

        result: str = await self._in_store(run)
        return result

    async def current_document(self, conversation_id: str) -> Message | None:
        def run(repository: Repository, store: SamenStore) -> Message | None:
            row = store.current_document(conversation_id)
            return None if row is None else _document_dict(row)

        result: Message | None = await self._in_store(run)
        return result

    async def approve(self, conversation_id: str, document_id: int) -> str:
        """The young person approves this version (recorded with the time)."""

        def run(repository: Repository, store: SamenStore) -> str:
            row = store.document(document_id)
            if row.conversation_id != conversation_id or row.status != "concept":
                raise NotFound("deze versie is er niet (meer)")
            row.status, row.approved_at, row.changing = "goedgekeurd", utcnow(), None
            name = "de partner"
            if row.invitation_id is not None:
                name = organisation(store.invitation(row.invitation_id).organisation).name
            said = response_text("utter_samen_document_goedgekeurd", organisatie=name)
            repository.add_message(conversation_id, "systeem", said, handover_id=None)
            return said

        result: str = await self._in_store(run)
        return result

    async def start_change(
        self, conversation_id: str, document_id: int, part: str | None
    ) -> Message:
        """The young person wants to change a part: the question which, or for the new words."""

        def run(repository: Repository, store: SamenStore) -> None:
            row = store.document(document_id)
            if row.conversation_id != conversation_id or row.status != "concept":
                raise NotFound("deze versie is er niet (meer)")
            row.changing = part if part in documents.CHANGEABLE else None

        await self._in_store(run)
        if part in documents.CHANGEABLE:
            label = documents.LABELS[part]
            return {
                "text": response_text("utter_samen_document_typ_deel", deel=label),
                "buttons": [],
            }
        buttons = [
            {"title": documents.LABELS[key], "payload": payload("deel", document_id, key)}
            for key in documents.CHANGEABLE
        ]
        return {"text": response_text("utter_samen_document_welk_deel"), "buttons": buttons}

    async def change(self, conversation_id: str, masked_text: str) -> list[Message] | None:
        """The typed words become the part being changed, in a new version; None: none open.

        The new version is said as the first was: an opening, one message per part, the question.
        """

        def run(repository: Repository, store: SamenStore) -> tuple[Message, list[str]] | None:
            row = store.current_document(conversation_id)
            if row is None or row.status != "concept" or row.changing is None:
                return None
            parts = dict(row.parts)
            parts[row.changing] = masked_text.strip()
            new = store.add_document(
                conversation_id=conversation_id,
                handover_id=row.handover_id,
                invitation_id=row.invitation_id,
                parts=parts,
            )
            shown = documents.as_chat_parts(parts)
            opening = response_text("utter_samen_document_nieuw", aantal=str(len(shown)))
            return _document_dict(new), [opening, *shown]

        result = await self._in_store(run)
        if result is None:
            return None
        document, texts = result
        said: list[Message] = [{"text": text, "buttons": []} for text in texts]
        return [*said, _document_question(document["id"])]

    async def changing(self, conversation_id: str) -> bool:
        """Is the young person about to type a new text for a part of the document?"""
        current = await self.current_document(conversation_id)
        return bool(current and current["status"] == "concept" and current["changing"])

    # -- partner professionals -----------------------------------------------------------

    async def partner_cases(self, username: str) -> list[Message]:
        """The cases this partner account's organisation may see now."""
        org = load_directory().of_account(username)
        if org is None:
            return []

        def run(repository: Repository, store: SamenStore) -> list[Message]:
            return [_invitation_dict(r) for r in store.consented_for(org.key)]

        result: list[Message] = await self._in_store(run)
        return result

    def _allowed(self, store: SamenStore, username: str, invitation_id: int) -> PartnerInvitation:
        org = load_directory().of_account(username)
        try:
            invitation = store.invitation(invitation_id)
        except NotFound:
            raise Forbidden("geen uitnodiging") from None
        if org is None or invitation.organisation != org.key:
            raise Forbidden("niet uitgenodigd")
        if invitation.status != "toegestemd":
            raise Forbidden("geen toestemming (meer)")
        return invitation

    async def partner_case(self, username: str, invitation_id: int) -> Message:
        """What the partner sees: summary, answers, suggestions, everyone's contributions."""

        def run(repository: Repository, store: SamenStore) -> Message:
            invitation = self._allowed(store, username, invitation_id)
            conversation_id = invitation.conversation_id
            repository.record_audit(
                username, "partner_bekeken", self.via, conversation_id, invitation.handover_id
            )
            handovers = repository.handovers(conversation_id)
            knowledge = load_knowledge()
            current = store.current_document(conversation_id)
            return {
                "invitation": _invitation_dict(invitation),
                "summary": summary_of(
                    repository,
                    conversation_id,
                    str(handovers[-1].decision_point),
                    for_partner=True,
                )
                if handovers
                else "",
                "answers": answers_shown(
                    repository.conversation_detail(conversation_id)["answers"]
                ),
                "suggestions": [
                    {
                        "partner": knowledge.partners[s.partner].name
                        if s.partner in knowledge.partners
                        else s.partner,
                        "reason": s.reason,
                    }
                    for s in repository.suggestions(conversation_id)
                ],
                "contributions": self._contributions(store, conversation_id),
                "document": None
                if current is None or current.invitation_id != invitation.id
                else _document_dict(current),
            }

        result: Message = await self._in_store(run)
        return result

    async def contribute(
        self, username: str, invitation_id: int, advice: str, offer: str, needs: str
    ) -> str:
        """A partner's advice, offer and needs (in the audit trail); returns the conversation."""
        for value in (advice, offer, needs):
            if len(value) > MAX_CONTRIBUTION:
                raise ValueError(f"hooguit {MAX_CONTRIBUTION} tekens")
        if not advice.strip():
            raise ValueError("schrijf je advies op")

        def run(repository: Repository, store: SamenStore) -> str:
            invitation = self._allowed(store, username, invitation_id)
            store.contribute(
                conversation_id=invitation.conversation_id,
                invitation_id=invitation.id,
                organisation=invitation.organisation,
                author=username,
                advice=advice.strip(),
                offer=offer.strip() or None,
                needs=needs.strip() or None,
            )
            repository.record_audit(
                username,
                "bijgedragen",
                self.via,
                invitation.conversation_id,
                invitation.handover_id,
            )
            return str(invitation.conversation_id)

        conversation_id: str = await self._in_store(run)
        return conversation_id

    async def owner_contribute(
        self, handover_id: int, professional: str, advice: str, offer: str, needs: str
    ) -> None:
        """The school's own contribution, beside the partners' (the case owner)."""
        if not advice.strip() or max(len(advice), len(offer), len(needs)) > MAX_CONTRIBUTION:
            raise ValueError("schrijf je advies op")

        def run(repository: Repository, store: SamenStore) -> None:
            handover = repository.get_handover(handover_id)
            store.contribute(
                conversation_id=handover.conversation_id,
                invitation_id=None,
                organisation=SCHOOL,
                author=professional,
                advice=advice.strip(),
                offer=offer.strip() or None,
                needs=needs.strip() or None,
            )
            repository.record_audit(
                professional, "bijgedragen", self.via, handover.conversation_id, handover_id
            )

        await self._in_store(run)

    async def document_for(self, username: str, document_id: int, *, owner: bool) -> Message:
        """An overdrachtsdocument: the owner always; the receiving partner only once approved."""

        def run(repository: Repository, store: SamenStore) -> Message:
            try:
                row = store.document(document_id)
            except NotFound:
                raise Forbidden("geen document") from None
            if repository.get_conversation(row.conversation_id).practice:
                raise Forbidden("geen document")
            if not owner:
                if row.invitation_id is None:
                    raise Forbidden("geen ontvangende partner")
                self._allowed(store, username, row.invitation_id)
                if row.status != "goedgekeurd":
                    raise NotApproved("nog niet goedgekeurd")
            repository.record_audit(
                username, "document_geopend", self.via, row.conversation_id, row.handover_id
            )
            return _document_dict(row)

        result: Message = await self._in_store(run)
        return result


class DecisionParts:
    """Who took part and the document for the partner that takes over, written with the decision.

    Called inside the decision's transaction: a withdrawn or foreign invitation raises
    :class:`TakerRefused` there, so the decision itself is not saved either. :meth:`announce`
    shows the document in the chat once everything is stored.
    """

    def __init__(self, samen: Samen, follows: str | None, taker: int | None) -> None:
        self.samen = samen
        self.follows = follows
        self.taker = taker
        self.document: tuple[Message, str, list[str]] | None = None

    def __call__(self, repository: Repository, handover: Message) -> None:
        store = SamenStore(repository.session)
        if self.taker is not None:
            self.samen._taker(store, handover["conversation_id"], self.taker)
        self.samen._participants(repository, store, handover["id"], self.follows)
        if self.taker is not None:
            self.document = self.samen._draft(repository, store, handover["id"], self.taker)

    async def announce(self) -> None:
        if self.document is not None:
            await self.samen._say_document(*self.document)
