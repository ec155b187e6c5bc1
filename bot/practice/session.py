"""One rehearsal as the action server sees it: the trainee's messages so far, played out.

Rebuilt from the conversation's events on every message, so nothing about the rehearsal is
kept anywhere else while it runs, and the feedback is decided from what was said.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.practice.control import control

START_ACTION = "action_tonen_casus"  # the rehearsal starts after the case is shown


def trainee_texts(events: Iterable[Mapping[str, Any]]) -> list[str]:
    """The trainee's messages to the case since the case was shown (requests left out)."""
    texts: list[str] = []
    for event in events:
        if event.get("event") == "action" and event.get("name") == START_ACTION:
            texts = []
        elif event.get("event") == "user":
            text = str(event.get("text") or "")
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if text.strip() and control(text, intent) is None:
                texts.append(text)
    return texts
