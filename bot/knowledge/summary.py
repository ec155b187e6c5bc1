"""A short Dutch summary of the answers so far, for the professional who takes over."""

from __future__ import annotations

from collections.abc import Mapping

from bot.knowledge.conditions import answer_items, is_answered
from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge, Question


def build_summary(
    answers: Mapping[str, object], knowledge: Knowledge | None, decision_point: str
) -> str:
    """First line names the decision point; then one block per part with answered questions.

    Uses the catalogue's labels and order, so the summary reads the same in every hand-over.
    Keys that are not in the catalogue are left out: the summary is for a human reader, and a
    stray slot must not stop a hand-over. Raises ValueError for an unknown decision point.
    """
    knowledge = knowledge or load_knowledge()
    point = knowledge.decision_point(decision_point)
    lines = [f"Beslispunt: {point.label}."]
    for part, part_label in knowledge.parts.items():
        items = [
            f"{question.label}: {_ending(_value_text(question, answers[key]))}"
            for key, question in knowledge.questions.items()
            if question.part == part and is_answered(answers.get(key))
        ]
        if items:
            lines.extend(["", part_label, " ".join(items)])
    if len(lines) == 1:
        lines.append("Er zijn nog geen antwoorden.")
    return "\n".join(lines)


# Answers any question may get: not knowing, or a skip. The professional reads plain words.
SPECIAL_VALUES = {"weet_niet": "onbekend", "overgeslagen": "overgeslagen"}


def _value_text(question: Question, value: object) -> str:
    if isinstance(value, str) and value in SPECIAL_VALUES:
        return SPECIAL_VALUES[value]
    if question.kind == "multi":
        labels = [question.values.get(str(item), str(item)) for item in answer_items(value)]
        return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} en {labels[-1]}"
    if question.has_values:
        return question.values.get(str(value), str(value))
    return " ".join(str(value).split())


def _ending(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def answer_text(question: Question, value: object) -> str:
    """One answer in plain words, as the summary writes it (for the overdrachtsdocument too)."""
    return _value_text(question, value)
