"""Questions a user asked that the assistant leaves for the professional are kept, masked."""

from __future__ import annotations

from bot.store.repository import Repository


def test_open_questions_are_kept_masked_and_apart_from_other_lines(repo: Repository) -> None:
    repo.ensure_conversation("c1", mode="advies", consent=True)
    repo.add_message("c1", "systeem", "Het gesprek is overgedragen.")
    repo.add_open_question("c1", "Krijgt Sanne een jobcoach via het uwv?", known_names=["Sanne"])
    repo.add_open_question("c1", "en mijn vraag over wajong?")
    assert repo.open_questions("c1") == [
        "Krijgt [naam] een jobcoach via het uwv?",
        "en mijn vraag over wajong?",
    ]
    assert repo.open_questions("c2") == []
