"""The outbox of notifications to teams: queued in the caller's transaction, sent later.

Why an outbox table and not a send in the action: the action server must answer Rasa at
once, and an SMTP server or a school's webhook that is slow or down must not hold up or
break the conversation. A row written beside the hand-over is as durable as the hand-over;
the web process polls for due rows and sends them (:mod:`bot.handover.notify`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.store.models import (
    ACTIVE_STATUSES,
    NOTIFICATION_CHANNELS,
    NOTIFICATION_KINDS,
    Handover,
    Notification,
)
from bot.store.types import utcnow

ERROR_LENGTH = 255
LEASE_SECONDS = 300


class Outbox:
    """Reads and writes of the ``notifications`` table; never commits (like the repository)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def queue(
        self,
        handover_id: int,
        team: str,
        channel: str,
        kind: str,
        *,
        recipient: str | None = None,
    ) -> Notification:
        """Queue one notification, due now."""
        if channel not in NOTIFICATION_CHANNELS or kind not in NOTIFICATION_KINDS:
            raise ValueError(f"unknown notification {channel!r}/{kind!r}")
        notification = Notification(
            handover_id=handover_id,
            team=team,
            channel=channel,
            kind=kind,
            recipient=recipient,
            status="wacht",
            next_attempt_at=utcnow(),
        )
        self.session.add(notification)
        self.session.flush()
        return notification

    def has(self, handover_id: int, kind: str) -> bool:
        """Whether a notification of ``kind`` was queued for the hand-over (a retried action)."""
        found = self.session.execute(
            select(Notification.id)
            .where(Notification.handover_id == handover_id, Notification.kind == kind)
            .limit(1)
        ).first()
        return found is not None

    def due(self, now: datetime, limit: int = 20) -> list[Notification]:
        """Waiting notifications whose time has come, oldest first."""
        return list(
            self.session.execute(
                select(Notification)
                .where(Notification.status == "wacht", Notification.next_attempt_at <= now)
                .order_by(Notification.next_attempt_at, Notification.id)
                .limit(limit)
            ).scalars()
        )

    def claim(
        self, now: datetime, limit: int = 20, lease_seconds: float = LEASE_SECONDS
    ) -> list[Notification]:
        """The due notifications this sender may send, each leased to it for a while.

        Several web workers poll the same table (``make run-cluster``). Each due row is
        claimed with a compare-and-set on ``next_attempt_at`` (pushed ``lease_seconds``
        ahead), so exactly one worker's update matches and the others skip it; a worker
        that dies mid-send leaves the row to be retried when the lease runs out. Plain SQL,
        so the same on SQLite and PostgreSQL.
        """
        lease_until = now + timedelta(seconds=lease_seconds)
        claimed = []
        for row in self.due(now, limit):
            result = self.session.execute(
                update(Notification)
                .where(
                    Notification.id == row.id,
                    Notification.status == "wacht",
                    Notification.next_attempt_at == row.next_attempt_at,
                )
                .values(next_attempt_at=lease_until)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:
                claimed.append(row)
        return claimed

    def sent(self, notification_id: int) -> None:
        row = self.session.get(Notification, notification_id)
        if row is not None:
            row.status, row.sent_at, row.last_error = "verstuurd", utcnow(), None
            row.attempts += 1

    def switched_off(self, notification_id: int, reason: str) -> None:
        """The channel is not configured: nothing to retry, and no failure either."""
        row = self.session.get(Notification, notification_id)
        if row is not None:
            row.status, row.last_error = "uit", reason[:ERROR_LENGTH]

    def failed(self, notification_id: int, error: str, retry_at: datetime | None) -> None:
        """One attempt failed: try again at ``retry_at``, or give up (``mislukt``) without it."""
        row = self.session.get(Notification, notification_id)
        if row is None:
            return
        row.attempts += 1
        row.last_error = error[:ERROR_LENGTH]
        if retry_at is None:
            row.status = "mislukt"
        else:
            row.next_attempt_at = retry_at

    def problems(self) -> dict[int, str]:
        """Hand-over id -> the last error, for hand-overs still waiting whose team was not told."""
        rows = self.session.execute(
            select(Notification.handover_id, Notification.last_error)
            .join(Handover, Handover.id == Notification.handover_id)
            .where(Notification.status == "mislukt", Handover.status.in_(ACTIVE_STATUSES))
            .order_by(Notification.id)
        ).all()
        return {int(handover_id): str(error or "") for handover_id, error in rows}

    def counts(self) -> dict[str, int]:
        """Notifications per status (for /health)."""
        rows = self.session.execute(
            select(Notification.status, func.count()).group_by(Notification.status)
        ).all()
        return {str(status): int(count) for status, count in rows}

    def of_handover(self, handover_id: int) -> list[Notification]:
        """Every notification about a hand-over, oldest first."""
        return list(
            self.session.execute(
                select(Notification)
                .where(Notification.handover_id == handover_id)
                .order_by(Notification.id)
            ).scalars()
        )
