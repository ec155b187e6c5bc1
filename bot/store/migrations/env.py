"""Alembic environment of the store.

The URL comes from ``config.attributes["connection"]`` (tests, :mod:`bot.store.migrate`),
else ``config.attributes["url"]``, else ``DATABASE_URL`` / the default SQLite file (see
:func:`bot.store.db.database_url`). Only the store's own tables are compared, so Rasa's
tracker tables may live in the same database. SQLite needs batch mode for ALTER TABLE.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from bot.store.db import database_url, get_engine
from bot.store.models import Base

config = context.config
target_metadata = Base.metadata

if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Leave tables of others (Rasa's tracker store, alembic_version) out of comparisons."""
    if type_ == "table":
        return name in target_metadata.tables
    return True


def _configure(connection: Connection | None = None, url: str | None = None) -> None:
    dialect = connection.dialect.name if connection is not None else str(url).split(":")[0]
    context.configure(
        connection=connection,
        url=url,
        target_metadata=target_metadata,
        include_name=_include_name,
        compare_type=True,
        render_as_batch=dialect.startswith("sqlite"),
        literal_binds=connection is None,
        dialect_opts={"paramstyle": "named"} if connection is None else {},
    )


def _run_on(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """``alembic upgrade head --sql``: print the SQL instead of running it."""
    _configure(url=config.attributes.get("url") or database_url())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = get_engine(config.attributes.get("url"))
    with engine.connect() as connection:
        _run_on(connection)
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
