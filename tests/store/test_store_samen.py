"""Samen's rows hang off the conversation: inzage shows them, erasure removes them."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.store.inzage import export_rows
from bot.store.models import OverdrachtDocument, PartnerContribution, PartnerInvitation
from bot.store.repository import repository_scope
from bot.store.samen import SamenStore


def test_inzage_shows_and_erasure_removes_the_partners_rows(sqlite_store) -> None:
    with repository_scope() as repository:
        repository.ensure_conversation("web-samen", mode="advies", consent=True)
        store = SamenStore(repository.session)
        invitation = store.invite(
            conversation_id="web-samen",
            partner="gemeente",
            organisation="gemeente_leerplicht",
            reason="omdat het moet",
            invited_by="anna",
        )
        store.answer(invitation, yes=True)
        store.contribute(
            conversation_id="web-samen",
            invitation_id=invitation.id,
            organisation="gemeente_leerplicht",
            author="gemeente-rmc",
            advice="RMC-traject",
        )
        first = store.add_document(conversation_id="web-samen", parts={"wens": "a"})
        second = store.add_document(conversation_id="web-samen", parts={"wens": "b"})
        assert (first.status, second.status, second.version) == ("vervangen", "concept", 2)
    with repository_scope() as repository:
        exported = export_rows(repository, "web-samen")["samen"]
        assert exported["invitations"][0]["status"] == "toegestemd"
        assert exported["invitations"][0]["answered_at"] is not None
        assert exported["contributions"][0]["advice"] == "RMC-traject"
        assert [d["version"] for d in exported["documents"]] == [1, 2]
        assert repository.delete_conversation("web-samen")
    with repository_scope() as repository:
        for table in (PartnerInvitation, PartnerContribution, OverdrachtDocument):
            count = repository.session.execute(select(func.count()).select_from(table)).scalar()
            assert count == 0, table.__tablename__
