"""Deriving the named signals (signals.yml) that hold for a set of answers."""

from __future__ import annotations

from collections.abc import Mapping

from bot.knowledge.conditions import holds
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge


def derive_signals(
    answers: Mapping[str, object], knowledge: Knowledge | None = None
) -> frozenset[str]:
    """The keys of all signals whose condition holds for ``answers`` (normalised values).

    Unanswered questions make their checks false, so this works on partial conversations, e.g.
    when a user asks for a human halfway through.
    """
    knowledge = knowledge or load_knowledge()
    return frozenset(
        key for key, signal in knowledge.signals.items() if holds(signal.condition, answers)
    )
