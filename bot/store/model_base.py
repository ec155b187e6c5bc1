"""The declarative base of the store's tables, its naming convention and two column helpers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, MetaData
from sqlalchemy.orm import declarative_base

# Named constraints: Alembic batch mode on SQLite and later migrations need the names.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLAlchemy 1.4 has no type information here: the base is Any for the type checker.
Base: Any = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


def _conversation_fk() -> ForeignKey:
    return ForeignKey("conversations.id", ondelete="CASCADE")
