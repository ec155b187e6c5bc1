"""A hand-over's label for the inbox list (initials and a school), set by a professional and
stored masked like every text a person types; erased with the conversation (cascade).

Revision ID: 0009_handover_label
Revises: 0008_record
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_handover_label"
down_revision = "0008_record"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handovers") as batch:
        batch.add_column(sa.Column("label_masked", sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("handovers") as batch:
        batch.drop_column("label_masked")
