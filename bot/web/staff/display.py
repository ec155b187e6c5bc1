"""How a hand-over reads in the inbox: who it is about, its wait, who has it, what was decided.

A busy professional scans a list: two rows that both say "welke ondersteuning…" are useless,
a login name is not a colleague's name, "certificaat" is a key, and "wacht 2 min" on a closed
case is wrong. These helpers turn the stored hand-over into the words the pages show; they
never change what is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from bot.knowledge import load_knowledge
from bot.knowledge.decisions import LEVELS, decision_words
from bot.knowledge.staff_texts import staff_section
from bot.store.repository import repository_scope
from bot.store.sealed import SEALED_QUESTIONS

ABOUT_LENGTH = 90


def minutes_text(minutes: int) -> str:
    if minutes < 1:
        return "minder dan 1 min"
    hours, minutes = divmod(minutes, 60)
    if hours >= 24:
        days = hours // 24
        return "1 dag" if days == 1 else f"{days} dagen"
    if hours:
        return f"{hours} uur {minutes} min" if minutes else f"{hours} uur"
    return f"{minutes} min"


def _moment(value: object) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def wait_label(handover: Mapping[str, Any], now: datetime | None = None) -> str:
    """ "wacht 5 min" while open; how long it waited once taken; no waiting once closed."""
    now = now or datetime.now(timezone.utc)
    created = _moment(handover.get("created_at"))
    if created is None:
        return ""
    status = handover.get("status")
    if status == "open":
        return "wacht " + minutes_text(int((now - created).total_seconds() // 60))
    taken = _moment(handover.get("taken_at"))
    if status == "in_behandeling" and taken is not None:
        waited = int((taken - created).total_seconds() // 60)
        return "opgepakt na " + minutes_text(max(0, waited))
    decided = _moment(handover.get("decided_at"))
    if status == "afgerond" and decided is not None:
        return "op " + decided.strftime("%d-%m-%Y om %H:%M") + " (UTC)"
    return ""


def about(summary: str | None, label: str | None = None) -> str:
    """Who and what a hand-over is about: the professional's own label, else the first facts.

    The summary starts with "Beslispunt: …" (already in its own column), then per part its
    name and "Vraag: antwoord." items. The start of the conversation (consent, role) is the same
    for everyone and contact details do not belong in a list, so the first other facts are used.
    """
    if label and label.strip():
        return label.strip()
    knowledge = load_knowledge()
    skipped_parts = {knowledge.parts.get(part, part) for part in GENERIC_PARTS}
    labels = {key: question.label for key, question in knowledge.questions.items()}
    private = {labels[key] for key in PRIVATE_QUESTIONS if key in labels}
    items: list[str] = []
    blocks = (summary or "").split("\n\n")[1:]
    for block in blocks:
        part, _, facts = block.strip().partition("\n")
        if part.strip() in skipped_parts:
            continue
        items += [
            item
            for item in _ITEM_START.split(facts.strip())
            if item and item.split(":", 1)[0] not in private
        ]
    if not items:
        return "nog geen antwoorden"
    text = " ".join(items[:3])
    if len(text) <= ABOUT_LENGTH:
        return text
    cut = text[:ABOUT_LENGTH].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


# Parts every conversation shares, and answers that are contact details: never a row's label.
GENERIC_PARTS = ("start",)
PRIVATE_QUESTIONS = (*sorted(SEALED_QUESTIONS), "verwijzer_naam")
# A new "Label: value." item starts after a full stop and a capital.
_ITEM_START = re.compile(r"(?<=[.!?])\s+(?=[A-Z][^.:]{0,60}:\s)")


def display_names(usernames: Iterable[str | None]) -> dict[str, str]:
    """Login name → the colleague's name as the accounts command recorded it."""
    wanted = sorted({name for name in usernames if name})
    names: dict[str, str] = {}
    if not wanted:
        return names
    with repository_scope() as repository:
        for username in wanted:
            professional = repository.get_professional(username)
            names[username] = professional.display_name if professional else username
    return names


# What to write as the decision, per decision point: a professional should not have to guess.
DECISION_HINTS = staff_section("besluit_hints")


def decision_hint(point: str) -> str:
    """The hint under a free decision field, for every decision point."""
    return DECISION_HINTS.get(point, DECISION_HINTS["standaard"])


def levels() -> list[dict[str, str]]:
    """The levels a route decision may name, for the inbox's choice."""
    return [{"key": key, "title": title} for key, title in LEVELS.items()]


def decision_text(point: str, decision: str | None) -> str:
    """A recorded decision in words (see :mod:`bot.knowledge.decisions`)."""
    return decision_words(point, decision)


STATUS_LABELS = {"open": "wacht", "in_behandeling": "in behandeling", "afgerond": "afgerond"}


def waiting(since: datetime | None, now: datetime | None = None) -> str:
    """ "wacht 5 min", "wacht 1 uur 20 min", "wacht minder dan 1 min"."""
    if since is None:
        return ""
    now = now or datetime.now(timezone.utc)
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return "wacht " + minutes_text(int((now - since).total_seconds() // 60))


def decision_label(key: str) -> str:
    point = load_knowledge().decision_points.get(key)
    return point.label if point else key


def display_value(question: Any, value: Any) -> str:
    values = getattr(question, "values", {}) or {}
    if isinstance(value, list):
        return ", ".join(str(values.get(item, item)) for item in value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, str):
        return str(values.get(value, value))
    return str(value)
