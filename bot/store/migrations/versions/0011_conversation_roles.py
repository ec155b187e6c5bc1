"""Who talks in a conversation: a young person alone or a parent besides a professional,
and who gave consent (the young person from 16, a parent under 16, or nobody yet).

Revision ID: 0011_conversation_roles
Revises: 0010_answered_parts
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_conversation_roles"
down_revision = "0010_answered_parts"
branch_labels = None
depends_on = None

OLD_ROLES = ("professional", "samen", "aanmelder")
ROLES = ("professional", "samen", "aanmelder", "jongere", "ouder")
CONSENT_BY = ("jongere", "ouder", "professional")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _set_roles(roles: tuple[str, ...]) -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_constraint(op.f("ck_conversations_role"), type_="check")
        batch.create_check_constraint(op.f("ck_conversations_role"), _in("role", roles))


def upgrade() -> None:
    _set_roles(ROLES)
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("consent_by", sa.String(length=16), nullable=True))
        batch.create_check_constraint(
            op.f("ck_conversations_consent_by"), _in("consent_by", CONSENT_BY)
        )


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_constraint(op.f("ck_conversations_consent_by"), type_="check")
        batch.drop_column("consent_by")
    op.execute(sa.text("UPDATE conversations SET role = NULL WHERE role IN ('jongere', 'ouder')"))
    _set_roles(OLD_ROLES)
