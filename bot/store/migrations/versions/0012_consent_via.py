"""Who consented, from 16: the young person through the parent or professional who types.

A parent or professional talking about a young person of 16 or older is asked whether the
young person knows and agrees; a yes is recorded as ``via_ouder`` or ``via_professional``
(the young person consented, through that person). ``professional`` stays allowed for the
rows written before.

Revision ID: 0012_consent_via
Revises: 0011_conversation_roles
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_consent_via"
down_revision = "0011_conversation_roles"
branch_labels = None
depends_on = None

OLD_CONSENT_BY = ("jongere", "ouder", "professional")
CONSENT_BY = ("jongere", "ouder", "professional", "via_ouder", "via_professional")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _set(values: tuple[str, ...]) -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_constraint(op.f("ck_conversations_consent_by"), type_="check")
        batch.create_check_constraint(
            op.f("ck_conversations_consent_by"), _in("consent_by", values)
        )


def upgrade() -> None:
    _set(CONSENT_BY)


def downgrade() -> None:
    # The young person's yes through someone else was the typist's yes before 0012.
    op.execute(
        sa.text("UPDATE conversations SET consent_by = 'ouder' WHERE consent_by = 'via_ouder'")
    )
    op.execute(
        sa.text(
            "UPDATE conversations SET consent_by = 'professional'"
            " WHERE consent_by = 'via_professional'"
        )
    )
    _set(OLD_CONSENT_BY)
