"""Shared helpers for the dialogue tests."""

from __future__ import annotations

from bot.dialogue.extraction import Extraction, extract
from bot.dialogue.turn import UserTurn


def at(
    text: str,
    requested: str,
    intent: str = "informeren",
    answered: dict[str, object] | None = None,
    entities: tuple[dict[str, object], ...] = (),
) -> Extraction:
    """What the extraction makes of ``text`` typed while ``requested`` is the open question."""
    return extract(UserTurn(intent, text, entities), requested, [requested], answered or {})
