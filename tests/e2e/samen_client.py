"""A young person in the chat widget's place, and a professional in a browser's, for Samen's tests.

Both talk to the running web service as the real clients do: the widget's relay
(``POST /chat/api/message``) and its live stream (``GET /chat/api/stream``), and the inbox's
HTML forms with the session cookie and the CSRF token.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.conftest import PROJECT_ROOT, RunningServers

PASSWORD = "wachtwoord-voor-de-test"


def make_accounts(servers: RunningServers, accounts: dict[str, str]) -> None:
    """Accounts made with the accounts command in the servers' database (name -> role)."""
    env = {**os.environ, "DATABASE_URL": servers.database_url}
    for username, role in accounts.items():
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bot.accounts",
                "create",
                username,
                "--rol",
                role,
                "--name",
                username,
                "--password-stdin",
            ],
            input=f"{PASSWORD}\n",
            text=True,
            env=env,
            cwd=PROJECT_ROOT,
            capture_output=True,
        )
        assert done.returncode == 0 or "er is al een account" in done.stderr, done.stderr


@dataclass
class WidgetChat:
    """One conversation as the widget has it; every answer outside a hand-over says something."""

    servers: RunningServers
    conversation_id: str | None = None
    token: str | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)
    handover: dict[str, Any] | None = None

    def send(self, **body: Any) -> list[dict[str, Any]]:
        if self.conversation_id:
            body |= {"conversation_id": self.conversation_id, "token": self.token}
        response = httpx.post(f"{self.servers.web_url}/chat/api/message", json=body, timeout=90)
        assert response.status_code == 200, response.text
        data = response.json()
        self.conversation_id, self.token = data["conversation_id"], data["token"]
        self.messages, self.handover = data["messages"], data["handover"]
        assert self.messages or self.handover, f"silent turn after {body}"
        return self.messages

    def say(self, text: str) -> str:
        self.send(text=text)
        return self.text()

    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.messages)

    def buttons(self) -> dict[str, str]:
        return {b["title"]: b["payload"] for m in self.messages for b in m.get("buttons") or ()}

    def click(self, title: str, buttons: dict[str, str] | None = None) -> str:
        offered = buttons if buttons is not None else self.buttons()
        assert title in offered, f"no button {title!r} in {list(offered)}"
        self.send(payload=offered[title], text=title)
        return self.text()

    def confirm_review(self) -> str:
        """At the end of a part: confirm the lines the assistant will pass on, as they are."""
        assert "Dit geef ik door aan de medewerker:" in self.text(), self.text()
        return self.click("Klopt, geef het door")

    def live(self, wanted: str, timeout: float = 60) -> dict[str, Any]:
        """The first message on the live stream whose text contains ``wanted``."""
        deadline = time.monotonic() + timeout
        params = {"conversation_id": self.conversation_id, "token": self.token, "after": "0"}
        while time.monotonic() < deadline:
            found = self._read_stream(params, wanted)
            if found is not None:
                return found
            time.sleep(1)
        raise AssertionError(f"no live message with {wanted!r}")

    def document(self, timeout: float = 60) -> dict[str, Any]:
        """The drafted document as the chat said it: the opening, the parts, then the question.

        ``text`` joins them all; ``parts`` are the messages in between; ``buttons`` are the
        question's (approve or change).
        """
        deadline = time.monotonic() + timeout
        params = {"conversation_id": self.conversation_id, "token": self.token, "after": "0"}
        while time.monotonic() < deadline:
            said = self._all_bot_messages(params)
            starts = [i for i, m in enumerate(said) if "Er is een overdrachtsdocument" in m["text"]]
            if starts:
                run = said[starts[-1] :]
                ends = [i for i, m in enumerate(run) if "Klopt alles?" in m["text"]]
                if ends:
                    run = run[: ends[0] + 1]
                    return {
                        "text": "\n\n".join(m["text"] for m in run),
                        "parts": [m["text"] for m in run[1:-1]],
                        "buttons": run[-1].get("buttons") or [],
                    }
            time.sleep(1)
        raise AssertionError("no drafted document on the live stream")

    def _all_bot_messages(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        try:
            with httpx.stream(
                "GET",
                f"{self.servers.web_url}/chat/api/stream",
                params=params,
                timeout=httpx.Timeout(5, read=3),
            ) as response:
                for line in response.iter_lines():
                    if line.startswith("data:"):
                        data = json.loads(line[5:])
                        if data.get("sender") == "bot" and data.get("text"):
                            found.append(data)
        except httpx.ReadTimeout:
            pass
        return found

    def _read_stream(self, params: dict[str, Any], wanted: str) -> dict[str, Any] | None:
        try:
            with httpx.stream(
                "GET",
                f"{self.servers.web_url}/chat/api/stream",
                params=params,
                timeout=httpx.Timeout(5, read=3),
            ) as response:
                for line in response.iter_lines():
                    if line.startswith("data:"):
                        data = json.loads(line[5:])
                        if wanted in (data.get("text") or "") and data.get("sender") == "bot":
                            return data
        except httpx.ReadTimeout:
            return None
        return None


class Browser:
    """A professional's session in the inbox: login, pages, and forms with the CSRF token."""

    def __init__(self, servers: RunningServers, username: str) -> None:
        self.client = httpx.Client(base_url=servers.web_url, timeout=120)
        page = self.client.get("/medewerker/inloggen").text
        response = self.client.post(
            "/medewerker/inloggen",
            data={"csrf": csrf_of(page), "gebruikersnaam": username, "wachtwoord": PASSWORD},
        )
        assert response.status_code == 303, response.text
        self.csrf = csrf_of(self.client.get("/medewerker/inloggen").text)

    def get(self, path: str) -> httpx.Response:
        return self.client.get(path)

    def post(self, path: str, **fields: str) -> httpx.Response:
        response = self.client.post(path, data={"csrf": self.csrf, **fields})
        assert response.status_code == 303, f"{path}: {response.status_code} {response.text[:600]}"
        return response


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def open_handover(servers: RunningServers, conversation_id: str) -> dict[str, Any]:
    response = httpx.get(
        f"{servers.web_url}/api/handovers",
        params={"status": "open"},
        headers=servers.api_headers,
        timeout=30,
    )
    mine = [h for h in response.json()["handovers"] if h["conversation_id"] == conversation_id]
    assert len(mine) == 1, mine
    return mine[0]


def start(chat: WidgetChat, part: str) -> None:
    """Greeting, consent (16 or older), role and the part to start with."""
    assert "akkoord" in chat.say("Hallo").lower()
    chat.say("ja, dat is goed")
    assert "jonger dan 16" in chat.text()
    chat.say("nee hoor, ze is ouder")
    chat.say("ik ben mentor")
    chat.say(
        "ja, de jongere weet ervan en vindt het goed"
    )  # from 16: the young person knows and agrees
    assert "Waar wil je mee beginnen?" in chat.text()
    chat.click(part)


def reach_vervolg(servers: RunningServers) -> tuple[WidgetChat, dict[str, Any]]:
    """A conversation that starts at the vervolg part and reaches its hand-over."""
    chat = WidgetChat(servers)
    start(chat, "Wat komt er na de opleiding")
    for text in ("hij wil gewoon aan het werk", "een deel ervan denk ik", "ja", "ja zeker", "ja"):
        chat.say(text)
    chat.say("het uwv")
    chat.confirm_review()
    handover = open_handover(servers, chat.conversation_id or "")
    assert handover["decision_point"] == "vervolg"
    return chat, handover
