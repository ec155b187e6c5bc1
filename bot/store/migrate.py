"""Run the store's migrations from code: ``upgrade()`` and ``python -m bot.store.migrate``.

The app never calls ``create_all``: every process that needs the schema (``make run``, the
web service start, tests) runs ``alembic upgrade head`` through here, on the same cached
engine the app uses, so SQLite gets its pragmas and ``var/`` is created when needed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from bot.store.db import REPO_ROOT, database_url, get_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ALEMBIC_INI = REPO_ROOT / "alembic.ini"


def alembic_config(url: str | None = None) -> Config:
    """Alembic config pointing at ``bot/store/migrations`` whatever the working directory."""
    config = Config(str(ALEMBIC_INI)) if ALEMBIC_INI.exists() else Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["configure_logger"] = False
    config.attributes["url"] = database_url(url)
    return config


def head_revision() -> str | None:
    """The newest revision in the migration scripts."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(url: str | None = None) -> str | None:
    """The revision the database is at (None when it has never been migrated)."""
    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _run(url: str | None, action: str, revision: str) -> tuple[str | None, str | None]:
    """Run the migrations in one transaction.

    On SQLite foreign keys are off meanwhile: a table rebuild (batch mode) drops the old
    table, and with foreign keys on SQLite would first delete its rows and, by ON DELETE
    CASCADE, every row that refers to them. The keys are checked before the commit.
    """
    config = alembic_config(url)
    engine = get_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:  # outside a transaction, or SQLite ignores it
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                before = MigrationContext.configure(connection).get_current_revision()
                config.attributes["connection"] = connection
                getattr(command, action)(config, revision)
                after = MigrationContext.configure(connection).get_current_revision()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"foreign keys broken by the migration: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
    return before, after


def upgrade(url: str | None = None, revision: str = "head") -> tuple[str | None, str | None]:
    """``alembic upgrade <revision>``; returns the revisions (before, after)."""
    return _run(url, "upgrade", revision)


def downgrade(url: str | None, revision: str) -> tuple[str | None, str | None]:
    """``alembic downgrade <revision>`` (tests and emergencies only)."""
    return _run(url, "downgrade", revision)


def main(argv: list[str] | None = None) -> int:
    """Command line: upgrade the database named by ``--url`` or ``DATABASE_URL``."""
    parser = argparse.ArgumentParser(prog="python -m bot.store.migrate", description=__doc__)
    parser.add_argument("--url", help="database URL (default: DATABASE_URL or var/bot.db)")
    parser.add_argument("--revision", default="head", help="target revision (default: head)")
    args = parser.parse_args(argv)
    shown = make_url(database_url(args.url)).render_as_string(hide_password=True)
    before, after = upgrade(args.url, args.revision)
    if before == after:
        print(f"{shown}: already at revision {after} (nothing to do)")
    else:
        print(f"{shown}: upgraded from {before or 'an empty database'} to revision {after}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
