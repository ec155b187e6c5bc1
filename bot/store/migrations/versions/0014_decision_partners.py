"""The partners a decision names, kept in ``decision_partners`` as the decision is recorded.

The dashboard counts per partner the conversations whose decisions (or notes) name it.
Searching the words of every decision of a region's year took about 400 ms of each page on
PostgreSQL; the repository now writes the partners a decision names in the same transaction
as the decision (:mod:`bot.store.decision_partners`). The decisions already stored are read
here with the partner words of today's knowledge.

Revision ID: 0014_decision_partners
Revises: 0012_consent_via
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.decision_partners import partner_words, partners_named

revision = "0014_decision_partners"
down_revision = "0012_consent_via"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    table = op.create_table(
        "decision_partners",
        sa.Column("handover_id", sa.Integer(), nullable=False),
        sa.Column("partner", sa.String(length=64), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handovers.id"],
            name=op.f("fk_decision_partners_handover_id_handovers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_decision_partners_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("handover_id", "partner", name=op.f("pk_decision_partners")),
    )
    op.create_index(
        op.f("ix_decision_partners_conversation_id"), "decision_partners", ["conversation_id"]
    )
    decided = op.get_bind().execute(
        sa.text(
            "SELECT id, conversation_id, decision, note FROM handovers"
            " WHERE decided_at IS NOT NULL AND decision IS NOT NULL ORDER BY id"
        )
    )
    words = partner_words()
    rows = [
        {"handover_id": handover, "partner": key, "conversation_id": conversation}
        for handover, conversation, decision, note in decided
        for key in partners_named(decision, note, words)
    ]
    for start in range(0, len(rows), BATCH):
        op.bulk_insert(table, rows[start : start + BATCH])


def downgrade() -> None:
    op.drop_index(op.f("ix_decision_partners_conversation_id"), table_name="decision_partners")
    op.drop_table("decision_partners")
