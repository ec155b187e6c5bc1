"""Retention of real conversations, per state: open hand-overs stay, the rest goes after N days.

A school sets how long it keeps a conversation after it was last used:

- ``open``: a hand-over is waiting or being handled. Kept, whatever its age: the team
  still has to decide.
- ``afgerond``: every hand-over is decided. Removed ``RETENTION_CLOSED_DAYS`` days
  (default ``RETENTION_DAYS``, default 90) after the last activity.
- ``verlaten``: no hand-over at all (the user stopped or left). Removed
  ``RETENTION_ABANDONED_DAYS`` days (default ``RETENTION_DAYS``, default 90) after the last
  activity. A conversation only Rasa knows (the user never answered a question) counts
  as ``verlaten``, aged by its newest event.

Last activity is the newest moment recorded in either store. Practice conversations have
their own, shorter cleanup (:mod:`bot.practice.cleanup`) and are left alone here. Removal
is the erasure (:mod:`bot.store.erasure`), so both stores are emptied and the audit trail
notes each removal (actor ``bewaartermijn``).

Run by ``make run``'s hourly cleanup and by hand: ``python -m bot.store.retention`` (or
``make retention``); ``--dry-run`` only lists what is due.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from bot.store.erasure import erase_conversations
from bot.store.repository import repository_scope
from bot.store.tracker_erasure import tracker_last_activity

DEFAULT_RETENTION_DAYS = 90.0
ACTOR = "bewaartermijn"


def _days(name: str, fallback: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        return max(float(raw), 0.0) if raw else fallback
    except ValueError:
        return fallback


@dataclass(frozen=True)
class RetentionPolicy:
    """Days after the last activity, per state; ``open`` is never removed."""

    closed_days: float = DEFAULT_RETENTION_DAYS
    abandoned_days: float = DEFAULT_RETENTION_DAYS

    @classmethod
    def from_environment(cls) -> RetentionPolicy:
        """``RETENTION_DAYS`` for both states, or ``RETENTION_CLOSED_DAYS``/``_ABANDONED_DAYS``."""
        both = _days("RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
        return cls(
            closed_days=_days("RETENTION_CLOSED_DAYS", both),
            abandoned_days=_days("RETENTION_ABANDONED_DAYS", both),
        )

    def days(self, state: str) -> float | None:
        """The days for this state; None means: keep."""
        return {"afgerond": self.closed_days, "verlaten": self.abandoned_days}.get(state)


def due(
    policy: RetentionPolicy,
    *,
    now: datetime | None = None,
    database_url: str | None = None,
    tracker_store_url: str | None = None,
) -> list[str]:
    """Ids of the conversations whose retention has passed."""
    now = now or datetime.now(timezone.utc)
    in_tracker = tracker_last_activity(tracker_store_url) if tracker_store_url else {}
    with repository_scope(database_url) as repository:
        known = repository.conversation_activity()
        practice = repository.practice_ids()
    found: list[str] = []
    seen: set[str] = set()
    for conversation_id, state, last in known:
        seen.add(conversation_id)
        stamp = in_tracker.get(conversation_id)
        if stamp is not None:
            last = max(last, datetime.fromtimestamp(stamp, timezone.utc))
        days = policy.days(state)
        if days is not None and last < now - timedelta(days=days):
            found.append(conversation_id)
    for conversation_id, stamp in in_tracker.items():
        if conversation_id in seen or conversation_id in practice:
            continue
        moment = datetime.fromtimestamp(stamp, timezone.utc)
        if moment < now - timedelta(days=policy.abandoned_days):
            found.append(conversation_id)
    return found


def apply_retention(
    policy: RetentionPolicy | None = None,
    *,
    now: datetime | None = None,
    database_url: str | None = None,
    tracker_store_url: str | None = None,
) -> list[str]:
    """Erase every conversation that is due, from both stores; returns their ids."""
    policy = policy or RetentionPolicy.from_environment()
    ids = due(policy, now=now, database_url=database_url, tracker_store_url=tracker_store_url)
    return erase_conversations(
        ids, actor=ACTOR, via=ACTOR, database_url=database_url, tracker_store_url=tracker_store_url
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.store.retention", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--dry-run", action="store_true", help="only count what is due")
    args = parser.parse_args(argv)

    from bot.settings import get_settings
    from bot.store.migrate import upgrade

    upgrade()
    policy = RetentionPolicy.from_environment()
    tracker_store_url = get_settings().tracker_store_url
    if args.dry_run:
        count = len(due(policy, tracker_store_url=tracker_store_url))
        print(f"[retention] {count} conversation(s) due (nothing removed: --dry-run)")
        return 0
    removed = apply_retention(policy, tracker_store_url=tracker_store_url)
    print(
        f"[retention] {len(removed)} conversation(s) removed (afgerond after "
        f"{policy.closed_days:g} days, verlaten after {policy.abandoned_days:g} days; "
        "open hand-overs kept)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
