"""Server-side inbox sessions and login throttling per account (issue 11).

Revision ID: 0003_security
Revises: 0002_privacy
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_security"
down_revision = "0002_privacy"
branch_labels = None
depends_on = None


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "inbox_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("ended_at", _utc(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_sessions")),
    )
    op.create_index(
        op.f("ix_inbox_sessions_username"), "inbox_sessions", ["username"], unique=False
    )
    with op.batch_alter_table("professionals") as batch:
        batch.add_column(
            sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(sa.Column("locked_until", _utc(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("professionals") as batch:
        batch.drop_column("locked_until")
        batch.drop_column("failed_logins")
    op.drop_index(op.f("ix_inbox_sessions_username"), table_name="inbox_sessions")
    op.drop_table("inbox_sessions")
