"""A small client that talks to the running assistant like a user would."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.conftest import RunningServers

PROFESSIONAL = "mentor-e2e"


@dataclass
class Chat:
    """One conversation over the REST channel, plus the professional's side of the API."""

    servers: RunningServers
    sender: str
    replies: list[dict[str, Any]] = field(default_factory=list)

    def say(self, text: str) -> str:
        """Send ``text`` and return everything the assistant answered, joined."""
        response = httpx.post(
            f"{self.servers.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=60,
        )
        response.raise_for_status()
        self.replies = response.json()
        return self.text()

    def text(self) -> str:
        return "\n".join(message.get("text") or "" for message in self.replies)

    def buttons(self) -> dict[str, str]:
        return {
            button["title"]: button["payload"]
            for message in self.replies
            for button in message.get("buttons") or ()
        }

    def click(self, title: str) -> str:
        """Press the button with this title (fails when it was not offered)."""
        buttons = self.buttons()
        assert title in buttons, f"no button {title!r} in {list(buttons)}"
        return self.say(buttons[title])

    # -- the professional's side ---------------------------------------------------------

    def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.request(
            method,
            f"{self.servers.web_url}{path}",
            headers=self.servers.api_headers,
            timeout=60,
            **kwargs,
        )

    def detail(self) -> dict[str, Any]:
        response = self.api("GET", f"/api/conversations/{self.sender}")
        response.raise_for_status()
        return response.json()

    def answers(self) -> dict[str, Any]:
        return {a["question"]: a["value"] for a in self.detail()["answers"]}

    def open_handover(self) -> dict[str, Any]:
        handovers = self.api("GET", "/api/handovers", params={"status": "open"}).json()["handovers"]
        mine = [h for h in handovers if h["conversation_id"] == self.sender]
        assert len(mine) == 1, f"expected one open hand-over, got {mine}"
        return mine[0]

    def take(self) -> dict[str, Any]:
        """Take the conversation's open hand-over (the API obeys take-before-act too)."""
        handover = self.open_handover()
        response = self.api(
            "POST", f"/api/handovers/{handover['id']}/take", json={"professional": PROFESSIONAL}
        )
        assert response.status_code == 200, response.text
        return response.json()["handover"]

    def reply(self, text: str) -> httpx.Response:
        """The professional's message; takes the hand-over first when it is still open."""
        handover = self._active_handover()
        return self.api(
            "POST",
            f"/api/handovers/{handover['id']}/reply",
            json={"text": text, "professional": PROFESSIONAL},
        )

    def decide(self, decision: str, note: str = "") -> dict[str, Any]:
        handover = self._active_handover()
        response = self.api(
            "POST",
            f"/api/handovers/{handover['id']}/decision",
            json={"decision": decision, "note": note, "professional": PROFESSIONAL},
        )
        assert response.status_code == 200, response.text
        return response.json()

    def _active_handover(self) -> dict[str, Any]:
        """The hand-over this professional works on: taken now if it was still open."""
        taken = self.api("GET", "/api/handovers", params={"status": "in_behandeling"}).json()[
            "handovers"
        ]
        mine = [h for h in taken if h["conversation_id"] == self.sender]
        return mine[0] if mine else self.take()

    def tracker(self) -> dict[str, Any]:
        response = httpx.get(
            f"{self.servers.rasa_url}/conversations/{self.sender}/tracker",
            params={"token": self.servers.rasa_token},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()
