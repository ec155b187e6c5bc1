"""Exceptions of the store, so callers (actions, web service) can map them to answers."""

from __future__ import annotations


class StoreError(Exception):
    """Base class: something the caller asked for cannot be done in the current state."""


class NotFound(StoreError, LookupError):
    """An id (conversation, hand-over) that does not exist; the web service answers 404."""


class AlreadyTaken(StoreError):
    """Another professional took the hand-over first; the inbox must show that, not overwrite."""

    def __init__(self, handover_id: int, taken_by: str | None) -> None:
        super().__init__(
            f"hand-over {handover_id} is al opgepakt door {taken_by or 'iemand anders'}"
        )
        self.handover_id = handover_id
        self.taken_by = taken_by


class AlreadyDecided(StoreError):
    """A decision is final: a second decision must not silently replace the first."""

    def __init__(self, handover_id: int) -> None:
        super().__init__(f"over hand-over {handover_id} is al besloten")
        self.handover_id = handover_id


class NotTaken(StoreError):
    """Take before you act: only the professional who took the hand-over may reply, decide or
    give it back; the inbox and the API answer 409 and say so."""

    def __init__(self, handover_id: int, professional: str, taken_by: str | None) -> None:
        super().__init__(f"hand-over {handover_id} is niet opgepakt door {professional}")
        self.handover_id = handover_id
        self.professional = professional
        self.taken_by = taken_by


class UnknownColleague(StoreError, ValueError):
    """A hand-over can only be handed to an active professional's account."""

    def __init__(self, username: str) -> None:
        super().__init__(f"geen actieve medewerker {username!r}")
        self.username = username
