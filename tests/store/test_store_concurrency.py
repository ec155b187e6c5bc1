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


def test_two_senders_claim_each_due_notification_once(clean_db):
    """Two web workers polling the outbox at once (``make run-cluster``) never send twice."""
    from datetime import timedelta

    from bot.store.types import utcnow

    with repository_scope(clean_db) as repo:
        ids = []
        for number in range(6):
            handover = repo.open_handover(f"n{number}", "leerroute", "s")
            ids.append(repo.outbox.queue(handover.id, "loopbaan", "email", "nieuw").id)
    now = utcnow() + timedelta(seconds=1)
    barrier = threading.Barrier(2)
    claimed: dict[str, list[int]] = {}

    def sender(name: str) -> None:
        with repository_scope(clean_db) as repo:
            barrier.wait(timeout=10)
            claimed[name] = [row.id for row in repo.outbox.claim(now)]

    threads = [threading.Thread(target=sender, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    together = claimed["one"] + claimed["two"]
    assert sorted(together) == sorted(ids), claimed  # every row once, none twice
    with repository_scope(clean_db) as repo:
        assert repo.outbox.claim(now) == []  # leased: not due again until the lease ends
        later = now + timedelta(minutes=10)
        assert len(repo.outbox.claim(later)) == 6  # a sender that died: retried after it


def test_one_worker_at_a_time_checks_the_reminders_on_postgresql(clean_db):
    """While one worker's round holds the advisory lock, another worker's round skips."""
    import pytest

    from bot.handover.reminders import _this_worker_goes

    if not clean_db.startswith("postgresql"):
        pytest.skip("SQLite has one writer; the lock is PostgreSQL's")
    with repository_scope(clean_db) as first:
        assert _this_worker_goes(first)
        with repository_scope(clean_db) as second:
            assert not _this_worker_goes(second)
    with repository_scope(clean_db) as after_commit:
        assert _this_worker_goes(after_commit)
