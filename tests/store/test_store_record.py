"""The record a professional can trust: earlier values kept, confirmations, corrections, notes.

Runs on SQLite and PostgreSQL (the ``repo`` fixture), on the migrated schema.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.store import Repository


def test_a_changed_answer_keeps_the_earlier_value_and_its_words(repo: Repository) -> None:
    repo.record_answer("g1", "wensen", "kapper", text="ik wil kapper worden", answered_by="jongere")
    repo.record_answer("g1", "wensen", "kapper", text="ik wil kapper worden", answered_by="jongere")
    assert repo.answer_revisions("g1") == []  # an identical retry is no revision
    repo.record_answer("g1", "wensen", "dieren", text="toch liever dieren", answered_by="jongere")
    [old] = repo.answer_revisions("g1")
    assert (old.question, old.revision, old.value) == ("wensen", 1, "kapper")
    assert old.text_masked == "ik wil kapper worden"
    assert repo.answer_row("g1", "wensen").revision == 2


def test_a_confirmation_holds_only_for_the_value_confirmed(repo: Repository) -> None:
    repo.record_answer("g1", "leeftijd", 17, answered_by="jongere")
    repo.record_answer("g1", "herkomst", "vso", answered_by="jongere")
    assert repo.confirm_answers("g1", ["leeftijd", "herkomst", "nooit_gevraagd"]) == 2
    assert repo.answer_row("g1", "leeftijd").confirmed_at is not None
    repo.record_answer("g1", "leeftijd", 18, answered_by="jongere")
    assert repo.answer_row("g1", "leeftijd").confirmed_at is None
    assert repo.answer_row("g1", "herkomst").confirmed_at is not None


def test_a_professional_changes_and_clears_an_answer(repo: Repository) -> None:
    repo.record_answer(
        "g1", "begeleiding_nodig", "nee", text="geen diagnose bekend", answered_by="jongere"
    )
    repo.confirm_answers("g1", ["begeleiding_nodig"])
    changed = repo.correct_answer("g1", "begeleiding_nodig", "ja", "piet")
    assert changed is not None
    assert (changed.value, changed.corrected_by, changed.answered_by) == (
        "ja",
        "piet",
        "medewerker",
    )
    assert changed.text_masked is None and changed.confirmed_at is None
    cleared = repo.correct_answer("g1", "begeleiding_nodig", None, "piet")
    assert cleared is not None and cleared.value is None and cleared.revision == 3
    assert [r.value for r in repo.answer_revisions("g1")] == ["nee", "ja"]
    # Clearing what nobody answered writes nothing.
    assert repo.correct_answer("g1", "vervoer_geregeld", None, "piet") is None
    assert repo.answer_row("g1", "vervoer_geregeld") is None
    # The user answering again ends the professional's mark.
    repo.record_answer("g1", "begeleiding_nodig", "ja", text="ja toch wel", answered_by="jongere")
    assert repo.answer_row("g1", "begeleiding_nodig").corrected_by is None


def test_notes_for_the_professional_are_masked_and_kept_once(repo: Repository) -> None:
    first = repo.add_note(
        "g1", "vraag", "Wie regelt de jobcoach? Bel Sanne op 0612345678", known_names=["Sanne"]
    )
    again = repo.add_note(
        "g1", "vraag", "Wie regelt de jobcoach? Bel Sanne op 0612345678", known_names=["Sanne"]
    )
    repo.add_note("g1", "feit", "moeder spreekt weinig Nederlands")
    assert first.id == again.id
    assert [(n.kind, n.text_masked) for n in repo.notes("g1")] == [
        ("vraag", "Wie regelt de jobcoach? Bel [naam] op [telefoon]"),
        ("feit", "moeder spreekt weinig Nederlands"),
    ]
    with pytest.raises(ValueError):
        repo.add_note("g1", "mening", "iets")
    with pytest.raises(ValueError):
        repo.add_note("g1", "feit", "   ")


def test_the_case_record_and_erasure(repo: Repository) -> None:
    repo.record_answer(
        "g1", "wensen", "kapper", text="kapsalon bij mijn tante", answered_by="jongere"
    )
    repo.correct_answer("g1", "wensen", "dieren", "piet")
    repo.add_note("g1", "feit", "heeft een stage gelopen")
    record = repo.case_record("g1")
    [answer] = record["record"]
    assert answer["value"] == "dieren" and answer["corrected_by"] == "piet"
    assert answer["corrected_at"] and answer["confirmed"] is False
    assert record["notes"][0]["kind"] == "feit"
    assert repo.delete_conversation("g1")
    repo.session.commit()
    for table in ("answer_revisions", "notes"):
        count = repo.session.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
        assert count == 0, table


def test_the_audit_trail_knows_a_correction(repo: Repository) -> None:
    repo.ensure_conversation("g1")
    repo.record_audit("piet", "gecorrigeerd", "inbox", "g1")
    repo.session.commit()
    assert [e.action for e in repo.audit_events("g1")] == ["gecorrigeerd"]
