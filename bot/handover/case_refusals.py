"""What the casework refuses, and its length limits (one limit for every surface).

Each is a :class:`~bot.store.refusals.Refusal` with its status, code and the key of its
words, so the web service answers them in one place.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.store.refusals import Refusal


class AssistantUnavailable(Refusal, RuntimeError):
    """The assistant did not answer; the message says what failed."""

    status = 502
    code = "rasa_unavailable"
    text_key = "assistent_weg"


class NotResumed(AssistantUnavailable):
    """The decision is stored, but the assistant could not be told to continue."""

    text_key = "besluit_zonder_assistent"


class InvalidDecision(Refusal, ValueError):
    """The decision does not fit the decision point (at ``leerroute``: one of ``allowed``)."""

    status = 422
    code = "invalid_route"
    text_key = "geen_leerroute"

    def __init__(self, decision_point: str, allowed: tuple[str, ...]) -> None:
        super().__init__(f"kies bij {decision_point} een van: {', '.join(allowed)}")
        self.decision_point = decision_point
        self.allowed = allowed

    def params(self) -> Mapping[str, object]:
        return {"keuzes": ", ".join(self.allowed)}


class InvalidLevel(Refusal, ValueError):
    """A level was given where it does not fit: only a leerroute decision has one, 1 to 4."""

    status = 422
    code = "invalid_level"
    text_key = "niveau_zonder_leerroute"

    def __init__(self, decision_point: str) -> None:
        super().__init__(
            f"een niveau (1 tot en met 4) past alleen bij een leerroute, niet bij {decision_point}"
        )
        self.decision_point = decision_point


MAX_TEXT = 2000
MAX_DECISION = 255


class TooLong(Refusal, ValueError):
    """A reply, note or decision longer than the casework allows (one limit for every surface)."""

    status = 422
    code = "too_long"  # answered as ``<field>_too_long``
    text_key = "te_lang"

    def __init__(self, field: str, limit: int) -> None:
        super().__init__(f"{field}: hooguit {limit} tekens")
        self.field = field
        self.limit = limit

    def error_code(self) -> str:
        return f"{self.field}_too_long"

    def params(self) -> Mapping[str, object]:
        return {"limiet": self.limit}


def check_length(field: str, value: str | None, limit: int) -> None:
    if value is not None and len(value) > limit:
        raise TooLong(field, limit)
