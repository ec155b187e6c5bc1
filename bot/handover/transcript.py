"""The conversation as a professional (and the young person, on the inzage page) should read it.

Rasa's events are not the conversation: a button answer is a payload such as
``/informeren{"waarde": "voorkant"}``, a recorded decision is a user event
``EXTERNAL: EXTERNAL_besluit``, and the tracker store masks every bot line that repeats a
known name, so a false name ("Leert") turns the assistant's own question into
"Hoe [naam] de jongere?". This module turns the events into lines:

- ``jongere``: only what the user typed, masked with the conversation's names; a button
  answer shows the button's title (the words the user chose, never personal data);
- ``bot`` / ``professional``: the assistant's and the professional's words; a line that is
  a fixed text of the domain is shown as that text (a fixed text holds nobody's data);
- ``gebeurtenis``: what happened in the case (the hand-over, the decision), never shown as
  somebody's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.knowledge.responses import button_titles, fixed_texts
from bot.knowledge.texts import own_texts
from bot.privacy import extract_names, mask
from bot.privacy.masking import PLACEHOLDERS

Line = dict[str, Any]

EVENT = "gebeurtenis"
# Rasa's text of an intent triggered from outside (rasa.shared.constants).
EXTERNAL_PREFIX = "EXTERNAL: "
EVENT_TEXTS = {
    "pause": "Het gesprek is overgedragen aan een medewerker.",
    "resume": "De assistent neemt het gesprek weer over.",
    "EXTERNAL_besluit": "De medewerker heeft het besluit vastgelegd.",
}
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))


def _typed(event: Mapping[str, Any]) -> str | None:
    """The words of a user event, or None for a button payload, a system intent or nothing."""
    text = event.get("text") or ""
    if event.get("event") != "user" or not text or text.startswith("/"):
        return None
    if text.startswith(EXTERNAL_PREFIX):
        return None
    return str(text)


def names_in(events: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every name the user gave in the conversation, in the order they were given."""
    names: list[str] = []
    for event in events:
        for name in extract_names(_typed(event) or ""):
            if name not in names:
                names.append(name)
    return names


def _system_intent(event: Mapping[str, Any]) -> str | None:
    text = str(event.get("text") or "")
    if text.startswith(EXTERNAL_PREFIX):
        return text[len(EXTERNAL_PREFIX) :].strip()
    intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
    if isinstance(intent, str) and intent.startswith("EXTERNAL_"):
        return intent
    return None


def _button_title(payload: str, offered: Sequence[Mapping[str, Any]]) -> str | None:
    """The title of the button the user chose: from the buttons just offered, else the domain."""
    for button in offered:
        if str(button.get("payload") or "").strip() == payload and button.get("title"):
            return str(button["title"])
    return button_titles().get(payload)


def _said_by_assistant(stored: str) -> str:
    """``stored`` as the assistant said it when it is a fixed text whose words were masked."""
    if not _PLACEHOLDER.search(stored):
        return stored
    parts = _PLACEHOLDER.split(stored)
    pattern = re.compile(r".+?".join(re.escape(part) for part in parts), re.DOTALL)
    for text in fixed_texts():
        if pattern.fullmatch(text):
            return text
    return _restored_in_context(stored)


CONTEXT = 24  # characters on each side of a placeholder that must match the project's text
_FILLER = r"([^{}\[\]\n]{1,40}?)"


def _restored_in_context(stored: str) -> str:
    """Each placeholder given back where its surroundings stand word for word in our own texts.

    A line built from parts (a partner and its reason) is no fixed text as a whole, but its
    parts are. Where the text around a placeholder is not found, or is found with two different
    fillings, the placeholder stays.
    """
    texts = own_texts()
    result, position = [], 0
    for match in _PLACEHOLDER.finditer(stored):
        left = stored[max(0, match.start() - CONTEXT) : match.start()]
        right = stored[match.end() : match.end() + CONTEXT]
        left, right = _PLACEHOLDER.split(left)[-1], _PLACEHOLDER.split(right)[0]
        fill = None
        if len(left.strip()) >= 6 and len(right.strip()) >= 3:
            pattern = re.compile(re.escape(left) + _FILLER + re.escape(right))
            found = {m.group(1) for text in texts for m in pattern.finditer(text)}
            fill = found.pop() if len(found) == 1 else None
        result += [stored[position : match.start()], fill if fill else match.group(0)]
        position = match.end()
    result.append(stored[position:])
    return "".join(result)


def transcript_lines(events: Sequence[Mapping[str, Any]]) -> list[Line]:
    """The lines of the conversation, with button answers and case events in their place."""
    names = names_in(events)
    lines: list[Line] = []
    offered: Sequence[Mapping[str, Any]] = []
    for event in events:
        kind = event.get("event")
        at = event.get("timestamp")
        if kind == "user":
            text = str(event.get("text") or "")
            system = _system_intent(event)
            if system is not None:
                lines.append({"sender": EVENT, "text": EVENT_TEXTS.get(system, system), "at": at})
            elif text.startswith("/"):
                title = _button_title(text.strip(), offered)
                if title is not None:
                    lines.append({"sender": "jongere", "text": title, "at": at, "knop": True})
            elif text:
                lines.append({"sender": "jongere", "text": mask(text, names), "at": at})
            offered = ()  # the next buttons are the ones offered after this answer
        elif kind == "bot" and event.get("text"):
            metadata = event.get("metadata") or {}
            by_professional = metadata.get("afzender") == "medewerker"
            text = str(event["text"])
            if not by_professional:
                text = _said_by_assistant(text)
            lines.append(
                {"sender": "professional" if by_professional else "bot", "text": text, "at": at}
            )
            offered = [*offered, *((event.get("data") or {}).get("buttons") or ())]
        elif kind in ("pause", "resume"):
            lines.append({"sender": EVENT, "text": EVENT_TEXTS[str(kind)], "at": at})
    return lines
