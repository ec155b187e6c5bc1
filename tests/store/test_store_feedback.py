"""The feedback row: asked only when it may be, stored once, the comment masked, erased along."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from bot.store import get_engine
from bot.store.feedback_answers import feedback_of, may_ask_feedback, record_feedback
from bot.store.models import Feedback
from bot.store.repository import repository_scope


def _conversation(url: str, conversation_id: str = "c1", **fields: object) -> None:
    with repository_scope(url) as repository:
        repository.ensure_conversation(conversation_id, mode="advies", consent=True, **fields)


def _rows(url: str) -> list[tuple[str, str, str | None]]:
    with get_engine(url).connect() as connection:
        return [
            (row.conversation_id, row.answer, row.comment)
            for row in connection.execute(sa.select(Feedback.__table__))
        ]


def test_asked_once_for_a_real_conversation_with_consent(clean_db: str) -> None:
    _conversation(clean_db)
    with repository_scope(clean_db) as repository:
        assert may_ask_feedback(repository, "c1")
        assert record_feedback(repository, "c1", "ja")
    with repository_scope(clean_db) as repository:
        assert not may_ask_feedback(repository, "c1")  # never asked twice
        assert not record_feedback(repository, "c1", "nee")  # a second answer changes nothing
    assert _rows(clean_db) == [("c1", "ja", None)]


def test_not_asked_without_consent_in_practice_or_during_a_hand_over(clean_db: str) -> None:
    with repository_scope(clean_db) as repository:
        assert not may_ask_feedback(repository, "onbekend")
        repository.ensure_conversation("zonder", mode="advies")
        repository.ensure_conversation("oefen", mode="oefenen", consent=True)
        repository.ensure_conversation("wacht", mode="advies", consent=True)
        repository.open_handover("wacht", "leerroute", "Leeftijd: 17.")
    with repository_scope(clean_db) as repository:
        assert not may_ask_feedback(repository, "zonder")
        assert not may_ask_feedback(repository, "oefen")
        assert not may_ask_feedback(repository, "wacht")
        assert not record_feedback(repository, "onbekend", "ja")  # nothing without a conversation
    assert _rows(clean_db) == []


def test_the_comment_is_masked_and_added_later(clean_db: str) -> None:
    _conversation(clean_db)
    with repository_scope(clean_db) as repository:
        record_feedback(repository, "c1", "een_beetje")
    with repository_scope(clean_db) as repository:
        comment = "Fijn! Bel me op 06-12345678 of mail sanne@gmail.com, groetjes Sanne"
        assert record_feedback(repository, "c1", "een_beetje", comment, ["Sanne"])
        assert not record_feedback(repository, "c1", "een_beetje", "nog een keer")
    [(_, answer, stored)] = _rows(clean_db)
    assert answer == "een_beetje"
    assert stored is not None and "[telefoon]" in stored and "[e-mail]" in stored
    assert "06-12345678" not in stored and "sanne" not in stored.lower()


def test_an_unknown_answer_is_refused(clean_db: str) -> None:
    _conversation(clean_db)
    with repository_scope(clean_db) as repository, pytest.raises(ValueError):
        record_feedback(repository, "c1", "misschien")


def test_the_database_holds_one_row_per_conversation(clean_db: str) -> None:
    _conversation(clean_db)
    with pytest.raises(IntegrityError), get_engine(clean_db).begin() as connection:
        for _ in range(2):
            connection.execute(
                sa.insert(Feedback.__table__).values(
                    conversation_id="c1", answer="ja", created_at=sa.func.now()
                )
            )


def test_the_feedback_goes_with_an_erased_conversation(clean_db: str) -> None:
    _conversation(clean_db)
    with repository_scope(clean_db) as repository:
        record_feedback(repository, "c1", "nee", "te lang")
    with repository_scope(clean_db) as repository:
        repository.delete_conversation("c1")
    with repository_scope(clean_db) as repository:
        assert feedback_of(repository, "c1") is None
    assert _rows(clean_db) == []


def test_the_inzage_export_shows_the_feedback_masked(clean_db: str) -> None:
    from bot.store.inzage import export_rows

    _conversation(clean_db)
    with repository_scope(clean_db) as repository:
        assert export_rows(repository, "c1")["feedback"] is None
        record_feedback(repository, "c1", "ja")
    with repository_scope(clean_db) as repository:
        record_feedback(repository, "c1", "ja", "Top, bel me op 06-12345678", [])
    with repository_scope(clean_db) as repository:
        feedback = export_rows(repository, "c1")["feedback"]
    assert feedback["answer"] == "ja" and feedback["at"]
    assert "[telefoon]" in feedback["comment"] and "06-12345678" not in feedback["comment"]
