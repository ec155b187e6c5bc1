"""The audit trail in the store: closed set of acts, rows go with their conversation, roles."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.store.models import AuditEvent


def test_audit_rows_go_with_their_conversation_and_the_erasure_row_stays(repo) -> None:
    repo.ensure_conversation("c1", mode="advies")
    repo.ensure_conversation("c2", mode="advies")
    repo.record_audit("anna", "bekeken", "inbox", "c1")
    repo.record_audit("anna", "opgepakt", "api", "c2", handover_id=3)
    assert [r.action for r in repo.audit_events("c1")] == ["bekeken"]
    repo.delete_conversation("c1")
    repo.record_audit("anna", "gewist", "api")
    assert [(r.action, r.conversation_id) for r in repo.audit_events()] == [
        ("gewist", None),
        ("opgepakt", "c2"),
    ]
    assert [r.action for r in repo.audit_events(limit=1)] == ["gewist"]


def test_only_known_acts_are_recorded(repo) -> None:
    with pytest.raises(ValueError):
        repo.record_audit("anna", "gelezen", "api")
    with pytest.raises(sa.exc.IntegrityError):
        repo.session.add(AuditEvent(actor="anna", action="gelezen", via="api"))
        repo.session.flush()


def test_a_professional_is_a_medewerker_or_a_beheerder(repo) -> None:
    assert repo.add_professional("anna", "$argon2id$h", "Anna").role == "medewerker"
    assert (
        repo.add_professional("kees", "$argon2id$h", "Kees", role="beheerder").role == "beheerder"
    )
    with pytest.raises(ValueError):
        repo.add_professional("piet", "$argon2id$h", "Piet", role="baas")
