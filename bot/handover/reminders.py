"""Reminders and escalation: a hand-over must not wait unseen, nor lie about once taken.

Counted in the team's office time (teams.yml), so a case opened on Friday evening is not
"late" on Monday at 8.31. Two rules, checked by the web process each time it polls the
outbox (:class:`bot.handover.notify.Notifier`):

- Not taken after ``remind_after_minutes``: the team is told again (and again after the
  same time), kind ``herinnering``.
- Taken, but no reply or decision for ``stale_after_hours``: the case "blijft liggen" in the
  inbox and the professional who took it is reminded, kind ``blijft_liggen``.

``reminded_at`` on the hand-over is the clock for the next reminder (and
:attr:`bot.store.models.Handover.stale` reads "blijft liggen" from it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from bot.handover.queueing import queue_for_team
from bot.knowledge.teams import Teams
from bot.store.models import Handover
from bot.store.repository import Repository


def _last_reply(repository: Repository, handover: Handover) -> datetime | None:
    times = [
        message.created_at
        for message in repository.messages(handover.conversation_id)
        if message.sender == "professional" and message.handover_id == handover.id
    ]
    return max(times) if times else None


REMINDER_LOCK = 0x61647669  # any fixed number; names the advisory lock of this round


def _this_worker_goes(repository: Repository) -> bool:
    """On PostgreSQL, one web worker at a time checks the reminders (``make run-cluster``).

    A transaction-level advisory lock: the worker that gets it holds it until its commit,
    which also writes ``reminded_at``; a worker that does not get it skips this round, and
    the next round reads the committed ``reminded_at``. SQLite has one writer anyway.
    """
    session = repository.session
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(
        session.execute(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": REMINDER_LOCK}
        ).scalar()
    )


def queue_reminders(repository: Repository, teams: Teams, now: datetime) -> int:
    """Queue the reminders that are due at ``now``; returns how many hand-overs got one."""
    queued = 0
    if not _this_worker_goes(repository):
        return 0
    for status in ("open", "in_behandeling"):
        for handover in repository.list_handovers(status=status):
            team = teams.teams.get(handover.team or "")
            if team is None:
                continue
            hours = team.office_hours
            if status == "open":
                since = max(handover.created_at, handover.reminded_at or handover.created_at)
                if hours.open_seconds_between(since, now) < team.remind_after_minutes * 60:
                    continue
                queue_for_team(repository, handover.id, team, "herinnering")
            else:
                last_reply = _last_reply(repository, handover)
                moments = [handover.taken_at, handover.reminded_at, last_reply]
                since = max(moment for moment in moments if moment is not None)
                if hours.open_seconds_between(since, now) < team.stale_after_hours * 3600:
                    continue
                recipient = handover.taken_by
                queue_for_team(repository, handover.id, team, "blijft_liggen", recipient)
            handover.reminded_at = now
            queued += 1
    return queued
