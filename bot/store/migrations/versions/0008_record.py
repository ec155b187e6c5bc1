"""A record a professional can trust: earlier answer values, notes for the professional,
the user's confirmation of an answer and who corrected it; the audit trail learns
``gecorrigeerd``.

Revision ID: 0008_record
Revises: 0006_samen
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_record"
down_revision = "0007_security_ids"
branch_labels = None
depends_on = None

OLD_AUDIT = (
    "bekeken",
    "opgepakt",
    "teruggegeven",
    "beantwoord",
    "besloten",
    "geexporteerd",
    "gewist",
    "uitgenodigd",
    "bijgedragen",
    "partner_bekeken",
    "document_geopend",
)
AUDIT = (*OLD_AUDIT, "gecorrigeerd")
NOTE_KINDS = ("vraag", "feit")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _conversation(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["conversation_id"],
        ["conversations.id"],
        name=op.f(f"fk_{table}_conversation_id_conversations"),
        ondelete="CASCADE",
    )


def _set_audit(actions: tuple[str, ...]) -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint(op.f("ck_audit_events_action"), type_="check")
        batch.create_check_constraint(op.f("ck_audit_events_action"), _in("action", actions))


def upgrade() -> None:
    _set_audit(AUDIT)
    with op.batch_alter_table("answers") as batch:
        batch.add_column(sa.Column("confirmed_at", _utc(), nullable=True))
        batch.add_column(sa.Column("corrected_by", sa.String(length=128), nullable=True))
    table = "answer_revisions"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("question", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("text_masked", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=32), nullable=False),
        sa.Column("answered_at", _utc(), nullable=False),
        sa.Column("replaced_at", _utc(), nullable=False),
        _conversation(table),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    op.create_index(
        "ix_answer_revisions_conversation_question", table, ["conversation_id", "question"]
    )
    table = "notes"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text_masked", sa.Text(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.CheckConstraint(_in("kind", NOTE_KINDS), name=op.f(f"ck_{table}_kind")),
        _conversation(table),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    op.create_index(op.f(f"ix_{table}_conversation_id"), table, ["conversation_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_notes_conversation_id"), table_name="notes")
    op.drop_table("notes")
    op.drop_index("ix_answer_revisions_conversation_question", table_name="answer_revisions")
    op.drop_table("answer_revisions")
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("corrected_by")
        batch.drop_column("confirmed_at")
    op.execute(sa.text("DELETE FROM audit_events WHERE action = 'gecorrigeerd'"))
    _set_audit(OLD_AUDIT)
