"""The calls the web service makes to Rasa's HTTP API (token-protected, on loopback)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from bot.handover.casework import AssistantUnavailable
from bot.settings import Settings
from bot.web.http.metrics import ERRORS, turn_timer

TIMEOUT = httpx.Timeout(30.0, connect=3.0)
# An id that is not a valid URL (a newline) is "unreachable", never an uncaught InvalidURL.
FAILURES = (httpx.HTTPError, httpx.InvalidURL, ValueError)


def _path(conversation_id: str) -> str:
    return quote(conversation_id, safe="")


class RasaUnavailable(AssistantUnavailable):
    """Rasa did not answer as expected; the message says what failed."""


class RasaClient:
    """Small wrapper so the API handlers read as what they do."""

    def __init__(self, settings: Settings) -> None:
        self.base = settings.rasa_url
        self.params = {"token": settings.rasa_token} if settings.rasa_token else {}

    async def _post(self, path: str, body: Any, **params: str) -> Any:
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT) as client:
                response = await client.post(
                    f"{self.base}{path}", json=body, params={**self.params, **params}
                )
        except FAILURES as error:
            raise RasaUnavailable(f"Rasa is niet bereikbaar ({type(error).__name__})") from error
        if response.status_code >= 400:
            raise RasaUnavailable(f"Rasa antwoordde met HTTP {response.status_code}")
        return response.json()

    async def add_professional_message(self, conversation_id: str, text: str) -> None:
        """Log the professional's message in the transcript Rasa keeps."""
        await self.add_bot_event(conversation_id, text, {"afzender": "medewerker"})

    async def add_bot_event(
        self, conversation_id: str, text: str, metadata: dict[str, str]
    ) -> None:
        """A line in Rasa's transcript that no action said (a note of the relay, a reply)."""
        event = {"event": "bot", "text": text, "metadata": metadata}
        await self._post(f"/conversations/{_path(conversation_id)}/tracker/events", event)

    async def set_slots(self, conversation_id: str, slots: Mapping[str, Any]) -> None:
        """Set slots in the tracker from the professional's side (never from the user's text)."""
        events = [{"event": "slot", "name": name, "value": value} for name, value in slots.items()]
        await self._post(f"/conversations/{_path(conversation_id)}/tracker/events", events)

    async def resume(self, conversation_id: str) -> list[dict[str, Any]]:
        """End the pause and let the assistant continue; returns what it said."""
        await self._post(
            f"/conversations/{_path(conversation_id)}/tracker/events", {"event": "resume"}
        )
        result = await self._post(
            f"/conversations/{_path(conversation_id)}/trigger_intent", {"name": "EXTERNAL_besluit"}
        )
        return list(result.get("messages") or [])

    async def events(self, conversation_id: str) -> list[dict[str, Any]]:
        """All events of the conversation (for the transcript)."""
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT) as client:
                response = await client.get(
                    f"{self.base}/conversations/{_path(conversation_id)}/tracker",
                    params={**self.params, "include_events": "ALL"},
                )
        except FAILURES as error:
            raise RasaUnavailable(f"Rasa is niet bereikbaar ({type(error).__name__})") from error
        if response.status_code != 200:
            raise RasaUnavailable(f"Rasa antwoordde met HTTP {response.status_code}")
        return list(response.json().get("events") or [])

    async def send_message(self, conversation_id: str, text: str) -> list[dict[str, Any]]:
        """Relay a user's message through Rasa's REST channel; returns what Rasa answered."""
        with turn_timer():
            try:
                async with httpx.AsyncClient(timeout=TIMEOUT) as client:
                    response = await client.post(
                        f"{self.base}/webhooks/rest/webhook",
                        json={"sender": conversation_id, "message": text},
                    )
            except FAILURES as error:
                kind = type(error).__name__
                ERRORS.labels(kind=f"rasa_{kind}").inc()
                raise RasaUnavailable(f"Rasa is niet bereikbaar ({kind})") from error
            if response.status_code != 200:
                ERRORS.labels(kind=f"rasa_http_{response.status_code}").inc()
                raise RasaUnavailable(f"Rasa antwoordde met HTTP {response.status_code}")
        result = response.json()
        return list(result) if isinstance(result, list) else []


def offered_from_events(events: list[dict[str, Any]]) -> frozenset[str]:
    """Payloads of the bot messages after the latest user message in Rasa's events."""
    payloads: set[str] = set()
    for event in reversed(events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            for button in (event.get("data") or {}).get("buttons") or ():
                if button.get("payload"):
                    payloads.add(str(button["payload"]).strip())
    return frozenset(payloads)
