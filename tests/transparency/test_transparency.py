"""The school's documents: generated from the models, the settings and the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlalchemy import Column, Integer, MetaData, String
from sqlalchemy.orm import declarative_base

from bot.store.models import PROFESSIONAL_ROLES, Base
from bot.store.repository import repository_scope
from bot.transparency.__main__ import DOCUMENTS, main
from bot.transparency.documents import page_document, rule_text
from bot.transparency.facts import ROLE_TEXTS, gather
from bot.transparency.inventory import stale_entries, undescribed


def test_every_column_of_every_model_is_in_the_inventory() -> None:
    assert undescribed() == []
    assert stale_entries() == []


def test_a_column_added_without_its_entry_is_found() -> None:
    """A temporary model: the real tables plus a new column and a new table."""
    metadata = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(metadata)
    TempBase: Any = declarative_base(metadata=metadata)

    class AnswerWithPhone(TempBase):
        __tablename__ = "answers"
        __table_args__: ClassVar[dict[str, bool]] = {"extend_existing": True}
        id = Column(Integer, primary_key=True)
        phone_raw = Column(String(32))

    class Appointment(TempBase):
        __tablename__ = "afspraken"
        id = Column(Integer, primary_key=True)
        home_address = Column(String(200))

    assert AnswerWithPhone.__table__.c.phone_raw is not None and Appointment.__tablename__
    assert undescribed(metadata) == ["afspraken.id", "afspraken.home_address", "answers.phone_raw"]


def test_every_role_of_the_inbox_is_described() -> None:
    assert set(ROLE_TEXTS) == set(PROFESSIONAL_ROLES) and all(ROLE_TEXTS.values())


def test_the_page_reads_every_suggestion_rule_and_the_retention_in_force(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RETENTION_CLOSED_DAYS", "30")
    monkeypatch.setenv("PRACTICE_RETENTION_HOURS", "6")
    facts = gather(with_audit=False)
    text = str(page_document(facts).blocks)
    assert "30 dagen" in text and "6 uur" in text
    for rule in facts.knowledge.suggestion_rules:
        assert rule_text(facts, rule) in text


def test_the_command_writes_markdown_and_pdf_with_the_audit_figures(
    sqlite_store: str, tmp_path: Path
) -> None:
    with repository_scope() as repository:
        repository.ensure_conversation("echt", mode="advies", consent=True)
        decided = repository.open_handover("echt", "leerroute", "Leeftijd: 17.").id
        repository.open_handover("echt", "vervolg", "Werk.")
        repository.ensure_conversation("oefen", mode="oefenen", practice=True)
        repository.open_handover("oefen", "leerroute", "oefening")
    with repository_scope() as repository:
        repository.take_handover(decided, "anna")
        repository.record_decision(decided, "certificaat", None, "anna", taken_by="anna")
    out = tmp_path / "transparency"
    assert main(["--out", str(out)]) == 0
    for name in DOCUMENTS:
        assert (out / f"{name}.md").read_text(encoding="utf-8").startswith("# ")
        assert (out / f"{name}.pdf").read_bytes().startswith(b"%PDF")
    memo = (out / "ai-verordening-memo.md").read_text(encoding="utf-8")
    assert "besluiten door een mens / beslispunten bereikt: 1 / 2" in memo  # practice not counted
    assert "leerroute: 1 van 1 door een mens besloten" in memo
    register = (out / "algoritmeregister.md").read_text(encoding="utf-8")
    assert "| Organisatie | IN TE VULLEN DOOR DE SCHOOL |" in register
    inventory = (out / "gegevensinventaris.md").read_text(encoding="utf-8")
    assert "| answers.text_masked |" in inventory and "gemaskeerd" in inventory
