"""The chat widget's own path for the simulator: the relay and its live stream.

Users never talk to Rasa's REST channel: the widget posts to ``/chat/api/message`` (which
cleans the text, checks that a pressed button was offered, and fills a silent Rasa answer
with "even geduld") and reads the assistant's words after a decision from the live stream
(``/chat/api/stream``). A persona played through :class:`RelayChat` meets what users meet:
a refused button (409 ``button_not_offered``) is counted, and the words that only come over
the stream are the ones it answers next.
"""

from __future__ import annotations

import json
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.knowledge.responses import text as response_text
from tests.e2e.chat import Chat, SilentTurn, Turn

BUTTON_MARK = "[knop] "
# What the relay says when Rasa answered nothing outside a hand-over: a silent turn.
FILLED_SILENCE = response_text("utter_chat_even_geduld")
# A user who is told to slow down (429) waits as long as asked, this many times at most.
MAX_WAITS = 6


def loopback_address(name: str) -> str:
    """A loopback address of this persona's own, so that the relay's limits per client
    address count each simulated user apart (as for users on their own devices)."""
    number = zlib.crc32(name.encode()) % (250 * 250)
    return f"127.0.{1 + number // 250}.{1 + number % 250}"


@dataclass
class RelayChat(Chat):
    """A :class:`Chat` whose messages go through the widget's relay, as in the browser.

    The relay gives the conversation its id on the first message; ``sender`` is empty until
    then. Pressing a button sends its payload with its title, as the widget does; when the
    relay refuses it, the refusal is counted and the title is typed instead (what a user
    then does).
    """

    token: str = ""
    refused_buttons: int = 0
    refusals: list[str] | None = None
    waited_seconds: float = 0.0
    source: str = "127.0.0.1"
    client: httpx.Client = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(
            transport=httpx.HTTPTransport(local_address=self.source), timeout=90
        )

    def say(self, text: str, *, allow_silence: bool = False, shown: str = "") -> str:
        if shown.startswith(BUTTON_MARK) and text.startswith("/"):
            title = shown[len(BUTTON_MARK) :]
            response = self._post({"payload": text, "text": title})
            if response.status_code == 409:
                self.refused_buttons += 1
                self.refusals = [*(self.refusals or []), title]
                refusal = response.json().get("message") or ""
                self.turns.append(
                    Turn(sent=shown, replies=[{"text": f"(409 button_not_offered) {refusal}"}])
                )
                return self.say(title, allow_silence=allow_silence)
        else:
            response = self._post({"text": text})
        response.raise_for_status()
        data = response.json()
        self.sender, self.token = data["conversation_id"], data["token"]
        self.replies = list(data.get("messages") or [])
        turn = Turn(sent=shown or text, replies=self.replies)
        self.turns.append(turn)
        texts = [m.get("text") or "" for m in self.replies]
        filled = bool(texts) and all(t.strip() == FILLED_SILENCE for t in texts)
        if not self._answered(self.replies) or filled:
            turn.paused = data.get("handover") is not None and self.handed_over()
            if turn.paused:
                self.paused_silent_turns += 1
            elif not allow_silence:
                turn.silent = True
                self.silent_turns.append(text)
                if self.strict:
                    raise SilentTurn(
                        f"no answer to {text!r} through the relay\n{self.transcript()}"
                    )
        return self.text()

    def _post(self, body: dict[str, Any]) -> httpx.Response:
        if self.sender:
            body = {**body, "conversation_id": self.sender, "token": self.token}
        for _ in range(MAX_WAITS):
            response = self.client.post(f"{self.servers.web_url}/chat/api/message", json=body)
            if response.status_code != 429:
                return response
            wait = float(response.headers.get("Retry-After") or 5)
            self.waited_seconds += wait
            time.sleep(wait)
        return response

    def live_after_decision(self, timeout: float = 30) -> list[dict[str, Any]]:
        """The assistant's messages the widget shows after a decision, from the live stream.

        Reads the stream from its start and returns the bot messages published since the
        last hand-over state, once the state "the assistant is back" has come.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            frames = self._stream_frames()
            back = [
                i
                for i, f in enumerate(frames)
                if f.get("type") == "state" and f.get("state") == "assistent"
            ]
            if back:
                end = back[-1]
                start = max(
                    (i for i, f in enumerate(frames[:end]) if f.get("type") == "state"),
                    default=-1,
                )
                return [
                    {"text": f.get("text") or "", "buttons": f.get("buttons") or []}
                    for f in frames[start + 1 : end]
                    if f.get("type") == "message" and f.get("sender") == "bot"
                ]
            time.sleep(1)
        return []

    def _stream_frames(self) -> list[dict[str, Any]]:
        frames: list[dict[str, Any]] = []
        params = {"conversation_id": self.sender, "token": self.token, "after": "0"}
        try:
            with self.client.stream(
                "GET",
                f"{self.servers.web_url}/chat/api/stream",
                params=params,
                timeout=httpx.Timeout(5, read=3),
            ) as response:
                for line in response.iter_lines():
                    if line.startswith("data:"):
                        frames.append(json.loads(line[5:]))
        except httpx.ReadTimeout:
            pass
        return frames
