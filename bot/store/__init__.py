"""The project's own database: who said what, which partners were suggested, and hand-overs.

Rasa's tracker is not enough for this: professionals need a queryable inbox and a record
of decisions, and data must be erasable per conversation. Nothing here touches the
database at import time; engines are made on first use (see :mod:`bot.store.db`).
"""

from bot.store.db import database_url, get_engine, reset_engines, session_scope
from bot.store.refusals import AlreadyDecided, AlreadyTaken, NotFound, NotTaken, StoreError
from bot.store.repository import Repository, repository_scope

__all__ = [
    "AlreadyDecided",
    "AlreadyTaken",
    "NotFound",
    "NotTaken",
    "Repository",
    "StoreError",
    "database_url",
    "get_engine",
    "repository_scope",
    "reset_engines",
    "session_scope",
]
