"""The overdrachtsdocument's parts, drafted in plain Dutch from what the case recorded.

Only what the next professional needs: no name, no chat, no answers that do not help the
next step. The parts the young person may rewrite are :data:`CHANGEABLE`; their words are
stored masked, like every other text a user typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.knowledge import load_knowledge
from bot.knowledge.conditions import is_answered
from bot.knowledge.decisions import decision_words, point_words, valid_route_decision
from bot.knowledge.directory import Organisation
from bot.knowledge.staff_texts import staff_section, staff_text
from bot.knowledge.summary import answer_text

# The parts in the order the document shows them, with their headings.
LABELS = staff_section("document_kopjes")
CHANGEABLE = ("wat_werkt", "afspraken", "wens")
NOTHING_YET = staff_text("document.nog_niets")
NOT_ASKED = staff_text("document.niet_gevraagd")


def _answered(answers: Mapping[str, Any], keys: Iterable[str]) -> list[str]:
    knowledge = load_knowledge()
    lines = []
    for key in keys:
        question = knowledge.questions.get(key)
        value = answers.get(key)
        if question is not None and is_answered(value):
            lines.append(f"{question.label}: {answer_text(question, value)}.")
    return lines


def _capital(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}"


def draft(
    answers: Mapping[str, Any],
    handovers: Iterable[Any],
    contributions: Iterable[Mapping[str, Any]],
    receiver: Organisation,
) -> dict[str, str]:
    """The first version of every part, from the answers, the decisions and the contributions."""
    decided = [h for h in handovers if h.decision]
    route_lines = []
    route = answers.get("gekozen_route")
    if isinstance(route, str) and valid_route_decision(route):
        route_lines.append(f"Leerroute: {decision_words('leerroute', route)}.")
    route_lines += _answered(answers, ("vervolg_richting", "arbeidsvermogen"))
    for handover in decided:  # each decision named by its question, in words, never a key
        point = point_words(handover.decision_point)
        words = decision_words(handover.decision_point, handover.decision)
        route_lines.append(f"Besluit over {point}: {words.rstrip('.')}.")
    agreements = _answered(answers, ("afspraken",))
    agreements += [
        f"Notitie bij het besluit over {point_words(h.decision_point)}: {h.note.rstrip('.')}."
        for h in decided
        if h.note
    ]
    agreements += [
        f"{_capital(c['organisation_name'])}: {c['advice'].rstrip('.')}." for c in contributions
    ]
    parts = {
        "wie": "\n".join(
            _answered(answers, ("leeftijd", "herkomst", "startkwalificatie", "wensen"))
        ),
        "route": "\n".join(route_lines),
        "wat_werkt": "\n".join(
            _answered(
                answers,
                (
                    "leerstijl",
                    "ondersteuningsbehoefte",
                    "begeleiding_nodig",
                    "hulpmiddelen_nodig",
                    "nazorg_nodig",
                ),
            )
        ),
        "afspraken": "\n".join(agreements),
        "overnemer": (
            f"{receiver.name[:1].upper()}{receiver.name[1:]} ({receiver.region}) neemt het over."
            f" Contact: {receiver.contact}."
        ),
        "wens": "",
    }
    return {
        key: value or (NOTHING_YET if key in CHANGEABLE else NOT_ASKED)
        for key, value in parts.items()
    }


def ordered_parts(parts: Mapping[str, str]) -> list[dict[str, str]]:
    """The parts in document order, each with its key, heading and text."""
    return [
        {"key": key, "label": label, "text": str(parts.get(key) or NOTHING_YET)}
        for key, label in LABELS.items()
    ]


def as_chat_parts(parts: Mapping[str, str]) -> list[str]:
    """The document as the chat shows it: one short message per part, its heading on top.

    One long block of about 1,500 characters was hard to read on a phone; a part of its own
    can be read, and changed, one at a time. A part with more facts lists them one per line.
    """
    messages = []
    for part in ordered_parts(parts):
        lines = [line.strip() for line in part["text"].splitlines() if line.strip()]
        body = "\n".join(f"• {line}" for line in lines) if len(lines) > 1 else "".join(lines)
        messages.append(f"{part['label']}\n{body}")
    return messages
