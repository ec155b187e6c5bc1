"""Teams and notifications: the team of a hand-over, its last reminder, and the outbox.

Revision ID: 0004_notify
Revises: 0003_security
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_notify"
down_revision = "0003_security"
branch_labels = None
depends_on = None


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("handovers") as batch:
        batch.add_column(sa.Column("team", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("reminded_at", _utc(), nullable=True))
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="wacht", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", _utc(), nullable=False),
        sa.Column("last_error", sa.String(length=255), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("sent_at", _utc(), nullable=True),
        sa.CheckConstraint(
            "channel IN ('email', 'webhook')", name=op.f("ck_notifications_channel")
        ),
        sa.CheckConstraint(
            "kind IN ('nieuw', 'herinnering', 'blijft_liggen', 'doorgegeven')",
            name=op.f("ck_notifications_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('wacht', 'verstuurd', 'mislukt', 'uit')",
            name=op.f("ck_notifications_status"),
        ),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handovers.id"],
            name=op.f("fk_notifications_handover_id_handovers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(op.f("ix_notifications_handover_id"), "notifications", ["handover_id"])
    op.create_index(
        op.f("ix_notifications_status_next_attempt_at"),
        "notifications",
        ["status", "next_attempt_at"],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_notifications_status_next_attempt_at"), table_name="notifications")
    op.drop_index(op.f("ix_notifications_handover_id"), table_name="notifications")
    op.drop_table("notifications")
    with op.batch_alter_table("handovers") as batch:
        batch.drop_column("reminded_at")
        batch.drop_column("team")
