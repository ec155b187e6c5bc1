"""The young person's side of the partners feature, in the chat: consent per partner, withdraw,
approve or change the overdrachtsdocument.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.knowledge.responses import text as response_text
from bot.partners import document as documents
from bot.partners.core import (
    Message,
    PartnersBase,
    _document_dict,
    _document_question,
    _invitation_dict,
    _with_payloads,
    organisation,
    payload,
)
from bot.store.refusals import NotFound
from bot.store.repository import Repository
from bot.store.samen import SamenStore
from bot.store.types import utcnow


class YoungPersonSide(PartnersBase):
    """What the young person says about partners and the document."""

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
