"""Initial schema: conversations, answers, hand-overs, suggestions, messages, professionals.

Generated with ``alembic revision --autogenerate`` and then edited by hand: portable types
only (``DateTime(timezone=True)`` instead of the model's UTCDateTime decorator, boolean
server defaults via ``sa.false()``/``sa.true()`` so PostgreSQL accepts them), and no
imports from the application, so later model changes cannot alter this revision.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _conversation_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["conversation_id"],
        ["conversations.id"],
        name=op.f(f"fk_{table}_conversation_id_conversations"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column("practice", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=True),
        sa.Column("parent_consent", sa.Boolean(), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.CheckConstraint(
            "mode IN ('advies', 'pre_intake', 'oefenen')", name=op.f("ck_conversations_mode")
        ),
        sa.CheckConstraint(
            "role IN ('professional', 'samen', 'aanmelder')", name=op.f("ck_conversations_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
    )
    op.create_index(op.f("ix_conversations_practice"), "conversations", ["practice"])

    op.create_table(
        "professionals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("display_name", sa.String(length=128), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_professionals")),
        sa.UniqueConstraint("username", name=op.f("uq_professionals_username")),
    )

    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("question", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("text_masked", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=32), nullable=False),
        sa.Column("answered_at", _utc(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        _conversation_fk("answers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
        sa.UniqueConstraint("conversation_id", "question", name=op.f("uq_answers_question")),
    )

    op.create_table(
        "handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("decision_point", sa.String(length=32), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("decision", sa.String(length=255), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=128), nullable=True),
        sa.Column("taken_by", sa.String(length=128), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("taken_at", _utc(), nullable=True),
        sa.Column("decided_at", _utc(), nullable=True),
        sa.Column("request_key", sa.String(length=128), nullable=True),
        sa.CheckConstraint(
            "decision_point IN ('leerroute', 'ondersteuning', 'vervolg', 'pre_intake', "
            "'op_verzoek', 'niet_begrepen')",
            name=op.f("ck_handovers_decision_point"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'in_behandeling', 'afgerond')", name=op.f("ck_handovers_status")
        ),
        _conversation_fk("handovers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handovers")),
        sa.UniqueConstraint(
            "conversation_id", "request_key", name=op.f("uq_handovers_request_key")
        ),
    )
    op.create_index(op.f("ix_handovers_status_created_at"), "handovers", ["status", "created_at"])

    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=True),
        sa.Column("sender", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.CheckConstraint(
            "sender IN ('jongere', 'professional', 'bot', 'systeem')",
            name=op.f("ck_messages_sender"),
        ),
        _conversation_fk("messages"),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handovers.id"],
            name=op.f("fk_messages_handover_id_handovers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    op.create_index(
        op.f("ix_messages_conversation_created"), "messages", ["conversation_id", "created_at"]
    )
    op.create_index(op.f("ix_messages_handover_id"), "messages", ["handover_id"])

    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=True),
        sa.Column("decision_point", sa.String(length=32), nullable=False),
        sa.Column("partner", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        _conversation_fk("suggestions"),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handovers.id"],
            name=op.f("fk_suggestions_handover_id_handovers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestions")),
        sa.UniqueConstraint(
            "conversation_id",
            "decision_point",
            "partner",
            "rule_id",
            name=op.f("uq_suggestions_rule"),
        ),
    )
    op.create_index(op.f("ix_suggestions_handover_id"), "suggestions", ["handover_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_suggestions_handover_id"), table_name="suggestions")
    op.drop_table("suggestions")
    op.drop_index(op.f("ix_messages_handover_id"), table_name="messages")
    op.drop_index(op.f("ix_messages_conversation_created"), table_name="messages")
    op.drop_table("messages")
    op.drop_index(op.f("ix_handovers_status_created_at"), table_name="handovers")
    op.drop_table("handovers")
    op.drop_table("answers")
    op.drop_table("professionals")
    op.drop_index(op.f("ix_conversations_practice"), table_name="conversations")
    op.drop_table("conversations")
