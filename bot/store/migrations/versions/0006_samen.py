"""Samen: partner invitations with consent, contributions, decision participants and the
overdrachtsdocument (issue 15); the audit trail learns the new actions.

Revision ID: 0006_samen
Revises: 0005_roles_feedback
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_samen"
down_revision = "0005_roles_feedback"
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
)
AUDIT = (*OLD_AUDIT, "uitgenodigd", "bijgedragen", "partner_bekeken", "document_geopend")
INVITATION_STATUSES = ("gevraagd", "toegestemd", "geweigerd", "ingetrokken")
DOCUMENT_STATUSES = ("concept", "goedgekeurd", "vervangen")


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


def _handover(table: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["handover_id"],
        ["handovers.id"],
        name=op.f(f"fk_{table}_handover_id_handovers"),
        ondelete=ondelete,
    )


def _invitation(table: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["invitation_id"],
        ["partner_invitations.id"],
        name=op.f(f"fk_{table}_invitation_id_partner_invitations"),
        ondelete=ondelete,
    )


def _set_audit(actions: tuple[str, ...]) -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint(op.f("ck_audit_events_action"), type_="check")
        batch.create_check_constraint(op.f("ck_audit_events_action"), _in("action", actions))


def upgrade() -> None:
    _set_audit(AUDIT)
    table = "partner_invitations"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=True),
        sa.Column("partner", sa.String(length=32), nullable=False),
        sa.Column("organisation", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("invited_by", sa.String(length=128), nullable=False),
        sa.Column("invited_at", _utc(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="gevraagd", nullable=False),
        sa.Column("answered_at", _utc(), nullable=True),
        sa.Column("withdrawn_at", _utc(), nullable=True),
        sa.Column("parent_confirmed_by", sa.String(length=128), nullable=True),
        sa.Column("parent_confirmed_at", _utc(), nullable=True),
        sa.CheckConstraint(_in("status", INVITATION_STATUSES), name=op.f(f"ck_{table}_status")),
        _conversation(table),
        _handover(table, "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    op.create_index(op.f(f"ix_{table}_conversation_id"), table, ["conversation_id"])
    op.create_index("ix_partner_invitations_organisation_status", table, ["organisation", "status"])
    table = "partner_contributions"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("organisation", sa.String(length=64), nullable=False),
        sa.Column("author", sa.String(length=128), nullable=False),
        sa.Column("advice", sa.Text(), nullable=False),
        sa.Column("offer", sa.Text(), nullable=True),
        sa.Column("needs", sa.Text(), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        _conversation(table),
        _invitation(table, "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    op.create_index(op.f(f"ix_{table}_conversation_id"), table, ["conversation_id"])
    table = "decision_participants"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("follows", sa.String(length=64), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        _conversation(table),
        _handover(table, "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("handover_id", name=op.f(f"uq_{table}_handover_id")),
    )
    op.create_index(op.f(f"ix_{table}_conversation_id"), table, ["conversation_id"])
    table = "overdracht_documents"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=128), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=True),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="concept", nullable=False),
        sa.Column("changing", sa.String(length=32), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("approved_at", _utc(), nullable=True),
        sa.CheckConstraint(_in("status", DOCUMENT_STATUSES), name=op.f(f"ck_{table}_status")),
        _conversation(table),
        _handover(table, "SET NULL"),
        _invitation(table, "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("conversation_id", "version", name="uq_overdracht_documents_version"),
    )
    op.create_index(op.f(f"ix_{table}_conversation_id"), table, ["conversation_id"])


def downgrade() -> None:
    for table in (
        "overdracht_documents",
        "decision_participants",
        "partner_contributions",
        "partner_invitations",
    ):
        op.drop_table(table)
    op.execute(sa.text(f"DELETE FROM audit_events WHERE NOT ({_in('action', OLD_AUDIT)})"))
    _set_audit(OLD_AUDIT)
