"""Privacy: the audit trail, and a role for professionals (a beheerder sees the trail).

Revision ID: 0002_privacy
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_privacy"
down_revision = "0001"
branch_labels = None
depends_on = None

AUDIT_ACTIONS = (
    "bekeken",
    "opgepakt",
    "teruggegeven",
    "beantwoord",
    "besloten",
    "geexporteerd",
    "gewist",
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=True),
        sa.Column("handover_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(_in("action", AUDIT_ACTIONS), name=op.f("ck_audit_events_action")),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_audit_events_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_index(op.f("ix_audit_events_conversation_id"), "audit_events", ["conversation_id"])
    with op.batch_alter_table("professionals") as batch:
        batch.add_column(
            sa.Column("role", sa.String(length=16), server_default="medewerker", nullable=False)
        )
        batch.create_check_constraint(
            op.f("ck_professionals_role"), _in("role", ("medewerker", "beheerder"))
        )


def downgrade() -> None:
    with op.batch_alter_table("professionals") as batch:
        batch.drop_constraint(op.f("ck_professionals_role"), type_="check")
        batch.drop_column("role")
    op.drop_index(op.f("ix_audit_events_conversation_id"), table_name="audit_events")
    op.drop_index("ix_audit_events_at", table_name="audit_events")
    op.drop_table("audit_events")
