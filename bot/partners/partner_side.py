"""The partner professional's side: the cases they are invited to, their contributions, the
document they receive.
"""

from __future__ import annotations

from bot.handover.record import summary_of
from bot.knowledge import load_knowledge
from bot.knowledge.directory import load_directory
from bot.partners.core import (
    MAX_CONTRIBUTION,
    SCHOOL,
    Forbidden,
    Message,
    NotApproved,
    PartnersBase,
    _document_dict,
    _invitation_dict,
    answers_shown,
)
from bot.store.models import PartnerInvitation
from bot.store.refusals import NotFound
from bot.store.repository import Repository
from bot.store.samen import SamenStore


class PartnerSide(PartnersBase):
    """What a partner organisation's professional may see and add."""

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
