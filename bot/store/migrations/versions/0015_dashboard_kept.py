"""The points each conversation reached, and the partners suggested and named in it, kept on write.

The dashboard counts per mode the conversations that reached each decision point, and per
partner the conversations it was suggested in and those whose decisions name it. These were
distinct pairs counted from every hand-over, suggestion and named partner of the period
(about half a second of a region's year on PostgreSQL). The repository now sets a point's
bit in ``conversations.reached_points`` when a hand-over is opened (like
``answered_parts``, migration 0010), and adds to one row per conversation and partner in
``dashboard_partners`` as suggestions are written or removed and as decisions are recorded
(:mod:`bot.store.dashboard_partners`). Both are filled here from the stored rows.

Revision ID: 0015_dashboard_kept
Revises: 0014_decision_partners
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_dashboard_kept"
down_revision = "0014_decision_partners"
branch_labels = None
depends_on = None

# The bit of each decision point: bot.store.vocabulary.REACHED_POINTS, in the same order.
BITS = {
    "leerroute": 1,
    "ondersteuning": 2,
    "vervolg": 4,
    "pre_intake": 8,
    "op_verzoek": 16,
    "niet_begrepen": 32,
}


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(
            sa.Column("reached_points", sa.Integer(), nullable=False, server_default="0")
        )
    # One UPDATE (each point its own bit, so the sum of the distinct bits is their union).
    bit = " ".join(f"WHEN '{point}' THEN {value}" for point, value in BITS.items())
    op.execute(
        sa.text(
            "UPDATE conversations SET reached_points = (SELECT"
            f" SUM(DISTINCT CASE handovers.decision_point {bit} ELSE 0 END) FROM handovers"
            " WHERE handovers.conversation_id = conversations.id)"
            " WHERE EXISTS (SELECT 1 FROM handovers"
            " WHERE handovers.conversation_id = conversations.id)"
        )
    )
    op.create_table(
        "dashboard_partners",
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("partner", sa.String(length=64), nullable=False),
        sa.Column("suggested", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("named", sa.Integer(), nullable=False, server_default="0"),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_dashboard_partners_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conversation_id", "partner", name=op.f("pk_dashboard_partners")),
    )
    # Suggestion rows, and decisions that name the partner at points other than leerroute.
    op.execute(
        sa.text(
            "INSERT INTO dashboard_partners (conversation_id, partner, suggested, named)"
            " SELECT conversation_id, partner, SUM(suggested), SUM(named) FROM ("
            " SELECT conversation_id, partner, 1 AS suggested, 0 AS named FROM suggestions"
            " UNION ALL"
            " SELECT decision_partners.conversation_id, decision_partners.partner, 0, 1"
            " FROM decision_partners JOIN handovers"
            " ON handovers.id = decision_partners.handover_id"
            " WHERE handovers.decision_point <> 'leerroute'"
            ") AS counted GROUP BY conversation_id, partner"
        )
    )


def downgrade() -> None:
    op.drop_table("dashboard_partners")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("reached_points")
