"""The summary a hand-over passes on, built from the store: words, notes, and the partner's view."""

from __future__ import annotations

from bot.handover.record import summary_of
from bot.store.repository import repository_scope

WORDS = "kapsalon, ze heeft daar al een stage gelopen"


def _case(sqlite_store: str) -> None:
    with repository_scope() as repository:
        repository.ensure_conversation("g1", mode="advies", consent=True)
        repository.record_answer("g1", "wensen", "kapper", text=WORDS, answered_by="jongere")
        repository.record_answer(
            "g1", "contact", "bel 0612345678", text="bel 0612345678", answered_by="jongere"
        )
        repository.add_note("g1", "feit", "moeder spreekt weinig Nederlands")


def test_the_professional_reads_the_words_and_the_notes(sqlite_store: str) -> None:
    _case(sqlite_store)
    with repository_scope() as repository:
        summary = summary_of(repository, "g1", "leerroute")
    assert f'(in eigen woorden: "{WORDS}")' in summary
    assert "Ook verteld: moeder spreekt weinig Nederlands." in summary
    assert "0612345678" not in summary and "[telefoon]" not in summary  # contact never quoted


def test_a_partner_reads_values_never_the_chat(sqlite_store: str) -> None:
    _case(sqlite_store)
    with repository_scope() as repository:
        summary = summary_of(repository, "g1", "leerroute", for_partner=True)
    assert "kapper" in summary
    assert WORDS not in summary and "eigen woorden" not in summary
    assert "moeder spreekt" not in summary and "Voor de medewerker" not in summary
