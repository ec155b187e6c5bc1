"""Two professionals taking the same hand-over at the same moment: exactly one wins."""

from __future__ import annotations

import threading

from bot.store import AlreadyTaken, repository_scope


def _race(url: str, handover_id: int, takers: list[str]) -> dict[str, str]:
    barrier = threading.Barrier(len(takers))
    outcome: dict[str, str] = {}

    def take(name: str) -> None:
        try:
            with repository_scope(url) as repo:
                barrier.wait(timeout=10)
                repo.take_handover(handover_id, name)
            outcome[name] = "won"
        except AlreadyTaken:
            outcome[name] = "already taken"
        except Exception as error:  # surfaced by the assertion below
            outcome[name] = repr(error)

    threads = [threading.Thread(target=take, args=(name,)) for name in takers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcome


def test_concurrent_takers_one_wins_the_other_gets_already_taken(clean_db):
    for attempt in range(5):
        with repository_scope(clean_db) as repo:
            handover_id = repo.open_handover(f"c{attempt}", "leerroute", "s").id
        outcome = _race(clean_db, handover_id, ["mentor1", "mentor2", "mentor3"])
        assert sorted(outcome.values()) == ["already taken", "already taken", "won"], outcome
        winner = next(name for name, result in outcome.items() if result == "won")
        with repository_scope(clean_db) as repo:
            stored = repo.get_handover(handover_id)
        assert (stored.status, stored.taken_by) == ("in_behandeling", winner)
