"""Ids that appear in links are never used twice: AUTOINCREMENT for hand-overs, invitations
and overdrachtsdocumenten on SQLite.

SQLite gives a new row the highest id plus one, so after the newest hand-over was erased
the next conversation's hand-over got its id, and a link to the erased case opened another
young person's case. ``AUTOINCREMENT`` keeps the highest id ever used (``sqlite_sequence``);
SQLite can only add it by rebuilding the table (batch mode, with foreign keys off during the
migration: :func:`bot.store.migrate.upgrade`). PostgreSQL's sequences never hand out an id
twice, so there is nothing to do there.

The pre-intake's contact answers stored before encryption are encrypted here too
(:mod:`bot.store.sealed`), on both databases.

Revision ID: 0007_security_ids
Revises: 0006_samen
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.store.sealed import is_sealed, seal, unseal

revision = "0007_security_ids"
down_revision = "0006_samen"
branch_labels = None
depends_on = None

# The tables whose ids are part of a URL (the inbox's, the partner's and the documents').
LINKED = ("handovers", "partner_invitations", "overdracht_documents")


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in LINKED:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


ANSWERS = sa.table(
    "answers", sa.column("id", sa.Integer()), sa.column("question"), sa.column("value", sa.JSON())
)


def _contact_answers(change: object) -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(ANSWERS.c.id, ANSWERS.c.value).where(ANSWERS.c.question == "contact")
    ).all()
    for row_id, value in rows:
        new = change(value)  # type: ignore[operator]
        if new != value:
            bind.execute(ANSWERS.update().where(ANSWERS.c.id == row_id).values(value=new))


def upgrade() -> None:
    _rebuild(True)
    _contact_answers(lambda value: value if is_sealed(value) else seal("contact", value))


def downgrade() -> None:
    _contact_answers(unseal)
    _rebuild(False)
