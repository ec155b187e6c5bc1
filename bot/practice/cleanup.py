"""Delete practice conversations older than ``PRACTICE_RETENTION_HOURS`` (default 24).

Run by hand with ``python -m bot.practice.cleanup``; ``make run`` runs it at start and
then every hour (see :func:`start_cleanup_thread`). Removes the project's rows and, when
it can, the conversation's events in Rasa's tracker store. The same hourly run applies the
retention of real conversations (:mod:`bot.store.retention`).
"""

from __future__ import annotations

import os
import sys
import threading
from datetime import datetime, timedelta, timezone

from bot.store.repository import repository_scope
from bot.store.retention import apply_retention
from bot.store.tracker_erasure import erase_tracker_events

DEFAULT_RETENTION_HOURS = 24.0
CLEANUP_INTERVAL_SECONDS = 3600.0


def retention_hours() -> float:
    """The retention from the environment; a wrong value falls back to the default."""
    raw = os.environ.get("PRACTICE_RETENTION_HOURS", "")
    try:
        hours = float(raw) if raw.strip() else DEFAULT_RETENTION_HOURS
    except ValueError:
        return DEFAULT_RETENTION_HOURS
    return max(hours, 0.0)


def cleanup_practice(
    hours: float | None = None,
    *,
    now: datetime | None = None,
    database_url: str | None = None,
    tracker_store_url: str | None = None,
) -> int:
    """Delete practice conversations started more than ``hours`` ago; returns how many."""
    hours = retention_hours() if hours is None else hours
    cutoff = (now or datetime.now(timezone.utc)) - timedelta(hours=hours)
    with repository_scope(database_url) as repository:
        ids = repository.practice_started_before(cutoff)
        deleted = repository.delete_practice_older_than(cutoff)
    if tracker_store_url:
        erase_tracker_events(tracker_store_url, ids)
    return deleted


def start_cleanup_thread(
    interval_seconds: float = CLEANUP_INTERVAL_SECONDS, tracker_store_url: str | None = None
) -> threading.Event:
    """Run the cleanup and the retention now and then every ``interval_seconds`` in a thread.

    Returns an event; set it to stop the thread.
    """
    stop = threading.Event()

    def _loop() -> None:
        while not stop.is_set():
            try:
                deleted = cleanup_practice(tracker_store_url=tracker_store_url)
                if deleted:
                    print(f"[cleanup] {deleted} practice conversation(s) deleted", flush=True)
                removed = apply_retention(tracker_store_url=tracker_store_url)
                if removed:
                    print(f"[retention] {len(removed)} conversation(s) removed", flush=True)
            except Exception as error:  # keep the thread alive; report it
                print(f"[cleanup] failed: {error}", file=sys.stderr, flush=True)
            stop.wait(interval_seconds)

    threading.Thread(target=_loop, name="practice-cleanup", daemon=True).start()
    return stop


def main() -> int:
    from bot.settings import get_settings

    hours = retention_hours()
    deleted = cleanup_practice(hours, tracker_store_url=get_settings().tracker_store_url)
    print(f"[cleanup] {deleted} practice conversation(s) older than {hours:g} hour(s) deleted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
