"""The refusals of the service: each a typed error with its HTTP status, a code and its text.

The words stand once, under ``weigeringen`` in the staff texts
(:mod:`bot.knowledge.staff_texts`); the web service maps every :class:`Refusal` to an
answer in one place (:mod:`bot.web.errors`), so the inbox and the API say the same thing.
The store's own refusals are here too; the handover, partner and web layers subclass
:class:`Refusal` beside the code that raises them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from bot.knowledge.staff_texts import staff_text


class Refusal(Exception):
    """Something the caller asked for cannot be done; answered with ``status`` and ``code``."""

    status: ClassVar[int] = 409
    code: ClassVar[str] = "refused"
    # The key of the Dutch text under ``weigeringen`` in the staff texts.
    text_key: ClassVar[str] = ""

    def params(self) -> Mapping[str, object]:
        """The values the text needs."""
        return {}

    def http_status(self) -> int:
        return self.status

    def error_code(self) -> str:
        return self.code

    def text(self) -> str:
        return staff_text(f"weigeringen.{self.text_key}", **self.params())


class WordedRefusal(Refusal):
    """A refusal whose code and words are chosen where it is raised (a form or a body
    that does not fit, each in its own way)."""

    def __init__(self, code: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.worded_code = code
        self.message = message
        self.worded_status = status

    def http_status(self) -> int:
        return self.worded_status

    def error_code(self) -> str:
        return self.worded_code

    def text(self) -> str:
        return self.message


class StoreError(Refusal):
    """Base class: something the caller asked for cannot be done in the current state."""


class NotFound(StoreError, LookupError):
    """An id (conversation, hand-over) that does not exist; the web service answers 404."""

    status = 404
    code = "not_found"
    text_key = "niet_gevonden"


class AlreadyTaken(StoreError):
    """Another professional took the hand-over first; the inbox must show that, not overwrite."""

    code = "already_taken"
    text_key = "al_opgepakt"

    def __init__(self, handover_id: int, taken_by: str | None) -> None:
        super().__init__(
            f"hand-over {handover_id} is al opgepakt door {taken_by or 'iemand anders'}"
        )
        self.handover_id = handover_id
        self.taken_by = taken_by

    def params(self) -> Mapping[str, object]:
        return {"door": self.taken_by or "een andere medewerker"}


class AlreadyDecided(StoreError):
    """A decision is final: a second decision must not silently replace the first."""

    code = "already_decided"
    text_key = "al_besloten"

    def __init__(self, handover_id: int) -> None:
        super().__init__(f"over hand-over {handover_id} is al besloten")
        self.handover_id = handover_id


class NotTaken(StoreError):
    """Take before you act: only the professional who took the hand-over may reply, decide or
    give it back; the inbox and the API answer 409 and say so."""

    code = "not_taken"
    text_key = "niet_opgepakt"

    def __init__(self, handover_id: int, professional: str, taken_by: str | None) -> None:
        super().__init__(f"hand-over {handover_id} is niet opgepakt door {professional}")
        self.handover_id = handover_id
        self.professional = professional
        self.taken_by = taken_by


class UnknownColleague(StoreError, ValueError):
    """A hand-over can only be handed to an active professional's account."""

    status = 422
    code = "unknown_colleague"
    text_key = "onbekende_collega"

    def __init__(self, username: str) -> None:
        super().__init__(f"geen actieve medewerker {username!r}")
        self.username = username
