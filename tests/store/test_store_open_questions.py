"""Questions a user asked that the assistant leaves for the professional are kept, masked."""

from __future__ import annotations

from bot.store.repository import Repository


def _questions(repo: Repository, conversation_id: str) -> list[str]:
    return [n.text_masked for n in repo.notes(conversation_id) if n.kind == "vraag"]


def test_open_questions_are_kept_masked_and_apart_from_other_lines(repo: Repository) -> None:
    repo.ensure_conversation("c1", mode="advies", consent=True)
    repo.add_message("c1", "systeem", "Het gesprek is overgedragen.")
    repo.add_note("c1", "vraag", "Krijgt Sanne een jobcoach via het uwv?", known_names=["Sanne"])
    repo.add_note("c1", "vraag", "en mijn vraag over wajong?")
    assert _questions(repo, "c1") == [
        "Krijgt [naam] een jobcoach via het uwv?",
        "en mijn vraag over wajong?",
    ]
    assert _questions(repo, "c2") == []
