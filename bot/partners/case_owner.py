"""The case owner's side of the partners feature: invite, see the case, decide with partners,
draft the overdrachtsdocument.
"""

from __future__ import annotations

from bot.knowledge import load_knowledge
from bot.knowledge.directory import load_directory
from bot.knowledge.responses import text as response_text
from bot.partners import document as documents
from bot.partners.core import (
    Message,
    ParentConsentNeeded,
    PartnersBase,
    TakerRefused,
    _document_dict,
    _document_question,
    _invitation_dict,
    _organisation_name,
    _with_payloads,
    organisation,
    under_16,
)
from bot.store.models import PartnerInvitation
from bot.store.refusals import NotFound
from bot.store.repository import Repository
from bot.store.samen import SamenStore
from bot.store.types import utcnow


class CaseOwnerSide(PartnersBase):
    """What the professional who owns the case does with partners."""

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
    def _taker(store: SamenStore, conversation_id: str, invitation_id: int) -> PartnerInvitation:
        """The invitation of the partner that takes over, or :class:`TakerRefused` saying why."""
        try:
            invitation = store.invitation(invitation_id)
        except NotFound:
            raise TakerRefused() from None
        if invitation.conversation_id != conversation_id:
            raise TakerRefused()
        if invitation.status != "toegestemd":
            name = _organisation_name(invitation.organisation, "de school")
            raise TakerRefused(name)
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


class DecisionParts:
    """Who took part and the document for the partner that takes over, written with the decision.

    Called inside the decision's transaction: a withdrawn or foreign invitation raises
    :class:`TakerRefused` there, so the decision itself is not saved either. :meth:`announce`
    shows the document in the chat once everything is stored.
    """

    def __init__(self, samen: CaseOwnerSide, follows: str | None, taker: int | None) -> None:
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
