"""The chat's kind note when someone types personal data the assistant did not ask for.

Said at most once per conversation: the note is written into Rasa's tracker as a bot event
with ``metadata.melding``, so every web worker sees that it was said (and the professional
reads it in the transcript). Never while the assistant asks for personal data itself (the
pre-intake's contact details, the referrer's name), and never during a hand-over, when a
person answers. Detection lives in :mod:`bot.privacy.unneeded`; the masking itself happens
where the text is stored, as always.
"""

from __future__ import annotations

from typing import Any, Protocol

from bot.knowledge.responses import text as response_text
from bot.privacy.unneeded import unneeded_kinds
from bot.store.sealed import SEALED_QUESTIONS
from bot.web.chat.rasa_client import RasaUnavailable

RESPONSE = "utter_gegevens_niet_nodig"
MARK = "gegevens_niet_nodig"
# Questions whose answer is personal data on purpose: the contact answers (the pre-intake's,
# and how a young person alone may be reached) and the referrer's name.
ASKS_PERSONAL_DATA = SEALED_QUESTIONS | {"verwijzer_naam"}


class Tracker(Protocol):
    """The two calls needed from Rasa (:class:`bot.web.chat.rasa_client.RasaClient`)."""

    async def events(self, conversation_id: str) -> list[dict[str, Any]]: ...

    async def add_bot_event(
        self, conversation_id: str, text: str, metadata: dict[str, str]
    ) -> None: ...


def _requested_slot(events: list[dict[str, Any]]) -> str | None:
    for event in reversed(events):
        if event.get("event") == "slot" and event.get("name") == "requested_slot":
            value = event.get("value")
            return str(value) if value else None
    return None


def _said_before(events: list[dict[str, Any]]) -> bool:
    return any(
        e.get("event") == "bot" and (e.get("metadata") or {}).get("melding") == MARK for e in events
    )


async def notice_for(rasa: Tracker, conversation_id: str, typed: str) -> str | None:
    """The note to show before the assistant's answer, or None (checked before Rasa reads it)."""
    if not unneeded_kinds(typed):
        return None
    try:
        events = await rasa.events(conversation_id)
    except RasaUnavailable:
        return None
    if _requested_slot(events) in ASKS_PERSONAL_DATA or _said_before(events):
        return None
    return response_text(RESPONSE)


async def remember_said(rasa: Tracker, conversation_id: str, text: str) -> None:
    """Keep the note in the tracker, so it is said once and the transcript shows it."""
    try:
        await rasa.add_bot_event(conversation_id, text, {"melding": MARK})
    except RasaUnavailable:
        return
