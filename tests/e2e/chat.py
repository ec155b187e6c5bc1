"""A small client that talks to the running assistant like a user would.

Every message sent through :meth:`Chat.say` is checked against the *never silent*
invariant: a user message that arrives while the conversation is not handed over gets at
least one answer. Silence is accepted only when Rasa's tracker says the conversation is
paused **and** the project has an active hand-over for it (open or being handled); a pause
without a hand-over is a conversation stuck in silence and fails like any other silent turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from bot.store.models import ACTIVE_STATUSES
from tests.conftest import RunningServers

# The API acts as the service account of its token (BOT_API_ACCOUNT, default "api").
PROFESSIONAL = "api"
# The button that confirms the review before a hand-over (actions/review.py).
REVIEW_CONFIRM = "Klopt, geef het door"
REVIEW_START = "Dit geef ik door aan de medewerker:"


class SilentTurn(AssertionError):
    """The assistant said nothing to a message while the conversation was not handed over."""


@dataclass
class Turn:
    """One message sent and what came back, for the transcript printed on failure."""

    sent: str
    replies: list[dict[str, Any]]
    paused: bool = False
    silent: bool = False
    note: str = ""


@dataclass
class Chat:
    """One conversation over the REST channel, plus the professional's side of the API.

    ``strict`` (the default) makes a silent turn fail at once with :class:`SilentTurn`;
    the simulator turns it off to count silent turns and still report the whole run.
    """

    servers: RunningServers
    sender: str
    replies: list[dict[str, Any]] = field(default_factory=list)
    strict: bool = True
    turns: list[Turn] = field(default_factory=list)
    silent_turns: list[str] = field(default_factory=list)
    paused_silent_turns: int = 0

    def say(self, text: str, *, allow_silence: bool = False, shown: str = "") -> str:
        """Send ``text`` and return everything the assistant answered, joined.

        Fails when nothing came back while the conversation is not handed over, unless
        ``allow_silence`` is given: only for a test that expects silence on purpose and
        asserts the pause itself (prefer :meth:`say_while_paused`). ``shown`` is what the
        transcript prints instead of ``text`` (a button's title instead of its payload).
        """
        response = httpx.post(
            f"{self.servers.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=60,
        )
        response.raise_for_status()
        self.replies = response.json()
        turn = Turn(sent=shown or text, replies=self.replies)
        self.turns.append(turn)
        if not self._answered(self.replies):
            turn.paused = self.handed_over()
            if turn.paused:
                self.paused_silent_turns += 1
            elif not allow_silence:
                turn.silent = True
                self.silent_turns.append(text)
                if self.strict:
                    raise SilentTurn(
                        f"never-silent invariant broken: the assistant gave no reply to "
                        f"{text!r} while the conversation is not handed over "
                        f"(conversation {self.sender}).\n{self.transcript()}"
                    )
        return self.text()

    def say_all(self, *texts: str) -> str:
        """Say each of ``texts`` in turn (each one must get a reply); the last answer.

        For the steps a test walks through without looking at each answer.
        """
        reply = ""
        for text in texts:
            reply = self.say(text)
        return reply

    def say_while_paused(self, text: str) -> str:
        """Send ``text`` during a hand-over: it must get no reply and the pause must hold."""
        said = self.say(text, allow_silence=True)
        assert self.tracker()["paused"] is True, f"not paused after {text!r}"
        return said

    @staticmethod
    def _answered(replies: list[dict[str, Any]]) -> bool:
        return any(
            (message.get("text") or "").strip()
            or message.get("buttons")
            or message.get("image")
            or message.get("custom")
            for message in replies
        )

    def handed_over(self) -> bool:
        """Paused in Rasa's tracker and an active hand-over in the project's store."""
        if self.tracker().get("paused") is not True:
            return False
        response = self.api("GET", f"/api/conversations/{self.sender}")
        if response.status_code != 200:  # practice conversations never hand over
            return False
        return any(h["status"] in ACTIVE_STATUSES for h in response.json().get("handovers", ()))

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
        return self.say(buttons[title], shown=f"[knop] {title}")

    def confirm_review(self) -> str:
        """At the end of a part: confirm the lines the assistant will pass on, as they are."""
        assert REVIEW_START in self.text(), f"no review before the hand-over:\n{self.text()}"
        return self.click(REVIEW_CONFIRM)

    # -- figures and transcript ----------------------------------------------------------

    def fallback_turns(self) -> int:
        """User messages that NLU could not place (intent ``nlu_fallback``), from the tracker."""
        return sum(
            1
            for event in self.tracker().get("events") or ()
            if event.get("event") == "user"
            and ((event.get("parse_data") or {}).get("intent") or {}).get("name") == "nlu_fallback"
        )

    def figures(self) -> dict[str, int]:
        """Turns sent, silent turns outside a hand-over, silent turns during one, fallbacks."""
        return {
            "turns": len(self.turns),
            "silent_turns": len(self.silent_turns),
            "paused_silent_turns": self.paused_silent_turns,
            "fallback_turns": self.fallback_turns(),
        }

    def note(self, text: str) -> None:
        """Add a line to the transcript (e.g. a professional's decision via the API)."""
        self.turns.append(Turn(sent="", replies=[], note=text))

    def transcript(self) -> str:
        """The whole conversation, turn by turn, as the user and the assistant saw it."""
        lines: list[str] = [f"--- conversation {self.sender} ---"]
        for number, turn in enumerate(self.turns, 1):
            if turn.note:
                lines.append(f"     [{turn.note}]")
            else:
                lines.append(f"{number:>3}. gebruiker: {turn.sent}")
            for message in turn.replies:
                if message.get("text"):
                    for index, line in enumerate(message["text"].splitlines()):
                        lines.append(f"     {'assistent:' if index == 0 else '          '} {line}")
                titles = [b.get("title", "") for b in message.get("buttons") or ()]
                if titles:
                    lines.append(f"                [knoppen: {' | '.join(titles)}]")
            if not turn.replies and not turn.note:
                state = "gepauzeerd, overgedragen" if turn.paused else "NIET gepauzeerd"
                lines.append(f"     (geen antwoord; {state})")
        return "\n".join(lines)

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

    def open_handovers(self) -> list[dict[str, Any]]:
        """This conversation's open hand-overs (none for practice conversations)."""
        response = self.api("GET", "/api/handovers", params={"status": "open"})
        response.raise_for_status()
        return [h for h in response.json()["handovers"] if h["conversation_id"] == self.sender]

    def open_handover(self) -> dict[str, Any]:
        mine = self.open_handovers()
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
