"""Which parts of the conversation have answers, kept on the conversation as bits.

The dashboard counts, per mode, the conversations that answered a question of each part.
Reading every answer of a region's year for that (a quarter million rows) took seconds on
PostgreSQL; the repository now sets a part's bit when a conversation's first answer in it
is stored, so the count reads one row per conversation. Existing answers fill the bits here.

Revision ID: 0010_answered_parts
Revises: 0009_handover_label
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_answered_parts"
down_revision = "0009_handover_label"
branch_labels = None
depends_on = None

# The questions of each part when this migration was written (bot.knowledge); later
# questions get their bit from the repository as they are answered.
QUESTIONS_OF_PART = {
    "voorkant": (
        "betrokken_partners",
        "herkomst",
        "leeftijd",
        "leerstijl",
        "ondersteuningsbehoefte",
        "signalen",
        "startkwalificatie",
        "wensen",
    ),
    "realisatie": (
        "afspraken",
        "begeleiding_nodig",
        "bpv_plek",
        "gekozen_niveau",
        "gekozen_route",
        "hulpmiddelen_nodig",
        "inkomen_geregeld",
        "ouders_betrokken",
        "vervoer_geregeld",
    ),
    "vervolg": (
        "arbeidsvermogen",
        "nazorg_nodig",
        "overnemende_partner",
        "vervolg_richting",
        "warme_overdracht",
    ),
    "pre_intake": (
        "aangemeld_voor_1_april",
        "contact",
        "verwijzer",
        "verwijzer_contact_ok",
        "verwijzer_naam",
    ),
}
# The bit of each part: bot.store.models.ANSWERED_PARTS, in the same order.
BITS = {"voorkant": 1, "realisatie": 2, "vervolg": 4, "pre_intake": 8}


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(
            sa.Column("answered_parts", sa.Integer(), nullable=False, server_default="0")
        )
    for part, questions in QUESTIONS_OF_PART.items():
        listed = ", ".join(f"'{question}'" for question in questions)
        op.execute(
            sa.text(
                f"UPDATE conversations SET answered_parts = answered_parts + {BITS[part]}"
                " WHERE EXISTS (SELECT 1 FROM answers WHERE answers.conversation_id ="
                f" conversations.id AND answers.question IN ({listed}))"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("answered_parts")
