"""The base of every store: one session, the caller's unit of work, and the checks they share.

A store never commits: :func:`~bot.store.db.session_scope` (or :func:`repository_scope`) does,
so one action call or one request is one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

# Senders whose words are typed by a person and may contain personal data.
MASKED_SENDERS = ("jongere", "professional")
_DELETE_CHUNK = 500


def _check(value: str | None, allowed: tuple[str, ...], what: str) -> None:
    if value is not None and value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; expected one of {', '.join(allowed)}")


def _check_aware(moment: datetime, what: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")


def _jsonable(value: Any) -> Any:
    """Normalise an answer value so that equal answers compare equal after a round trip."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    raise TypeError(f"answer value of type {type(value).__name__} cannot be stored as JSON")


def _suggestion_fields(item: Any) -> tuple[str, str, str]:
    """``(partner, reason, rule_id)`` from a mapping or an object with those attributes."""
    names = ("partner", "reason", "rule_id")
    if isinstance(item, Mapping):
        partner, reason, rule_id = (item.get(name) for name in names)
    else:
        partner, reason, rule_id = (getattr(item, name, None) for name in names)
    if not partner or not rule_id or reason is None:
        raise ValueError(f"a suggestion needs partner, reason and rule_id: {item!r}")
    return str(partner), str(reason), str(rule_id)


class StoreBase:
    """Store operations on one session (the unit of work the caller opened)."""

    def __init__(self, session: Session) -> None:
        self.session = session
