"""Roles kwaliteit and partner for professionals, and the user's feedback (issues 12, 14, 15).

Revision ID: 0005_roles_feedback
Revises: 0004_notify
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_roles_feedback"
down_revision = "0004_notify"
branch_labels = None
depends_on = None

OLD_ROLES = ("medewerker", "beheerder")
ROLES = ("medewerker", "beheerder", "kwaliteit", "partner")
FEEDBACK_ANSWERS = ("ja", "een_beetje", "nee", "overgeslagen")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _set_roles(roles: tuple[str, ...]) -> None:
    with op.batch_alter_table("professionals") as batch:
        batch.drop_constraint(op.f("ck_professionals_role"), type_="check")
        batch.create_check_constraint(op.f("ck_professionals_role"), _in("role", roles))


def upgrade() -> None:
    _set_roles(ROLES)
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_in("answer", FEEDBACK_ANSWERS), name=op.f("ck_feedback_answer")),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_feedback_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("conversation_id", name=op.f("uq_feedback_conversation_id")),
    )


def downgrade() -> None:
    op.drop_table("feedback")
    op.execute(sa.text("DELETE FROM professionals WHERE role IN ('kwaliteit', 'partner')"))
    _set_roles(OLD_ROLES)
