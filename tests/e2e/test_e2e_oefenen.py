"""Practice through the chat widget's relay: the trainee rehearses with the case in free Dutch.

Every case is rehearsed end to end (the case answers in character, 'klaar' gives feedback
and a report), a few scripted rehearsals get exactly the feedback the action-level scoring
gives, and nothing reaches the real inbox; the practice retention removes it all.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest

from bot.practice.cases import role_cases
from bot.practice.roleplay import play
from bot.practice.rubric import score
from bot.practice.scripts import load_scripts
from bot.store.refusals import NotFound
from bot.store.repository import repository_scope
from tests.conftest import RunningServers, run_module
from tests.e2e.samen_client import WidgetChat

pytestmark = pytest.mark.servers

SCRIPTS = Path(__file__).parents[1] / "practice" / "scripts" / "afgestemd.yml"
END_TO_END = ("lotte_issue", "sara_goed", "milan_fout")


def _conversation(servers: RunningServers, conversation_id: str) -> tuple[str, bool] | None:
    with repository_scope(servers.database_url) as repository:
        try:
            conversation = repository.get_conversation(conversation_id)
        except NotFound:
            return None
        return conversation.mode, conversation.practice


class PacedChat(WidgetChat):
    """The widget's relay, waiting as a person would when the assistant asks to slow down.

    The relay limits messages per conversation and per client; a trainee who rehearses
    every case in one sitting meets those limits, so a 429 is waited out, not an error.
    """

    def send(self, **body: object) -> list[dict[str, object]]:
        for _ in range(10):
            if self.conversation_id:
                body |= {"conversation_id": self.conversation_id, "token": self.token}
            response = httpx.post(f"{self.servers.web_url}/chat/api/message", json=body, timeout=90)
            if response.status_code == 429:
                time.sleep(float(response.json().get("retry_after", 10)) + 1)
                continue
            assert response.status_code == 200, response.text
            data = response.json()
            self.conversation_id, self.token = data["conversation_id"], data["token"]
            self.messages, self.handover = data["messages"], data["handover"]
            assert self.messages, f"silent turn after {body}"
            return self.messages
        raise AssertionError("the relay kept refusing")


def _start(chat: WidgetChat, name: str) -> str:
    reply = chat.say("ik wil eerst even oefenen met een casus")
    assert "verzonnen" in reply and "Met welke casus" in reply
    return chat.say(f"doe maar {name}")


def _report_link(reply: str) -> str:
    start = reply.index("/oefenen/verslag/")
    return reply[start:].split()[0].rstrip(".")


def test_every_case_can_be_rehearsed_in_free_dutch(servers: RunningServers) -> None:
    first_turns = {}
    for script in load_scripts(SCRIPTS):
        first_turns.setdefault(script.case, script.turns[:3])
    chat = PacedChat(servers)  # one sitting: after each case, the next one
    for case in role_cases():
        assert case.role is not None
        reply = _start(chat, case.naam)
        assert f"Casus: {case.naam}, {case.leeftijd} jaar." in reply
        assert "Ik speel nu" in reply and "klaar" in reply
        speaker = case.role.parent if case.role.speaker == "ouder" else case.naam
        for turn in first_turns[case.key]:
            answer = chat.say(turn)
            assert answer.split(":")[0] in (speaker, case.naam, case.role.parent), (turn, answer)
        assert "medewerker mee" not in chat.say("help")
        reply = chat.say("klaar")
        assert "Dit is je feedback" in reply and "Wat wil je nu doen?" in reply
        page = httpx.get(f"{servers.web_url}{_report_link(reply)}", timeout=60)
        assert page.status_code == 200 and f"Oefenverslag: {case.title}" in page.text
        assert _conversation(servers, chat.conversation_id or "") == ("oefenen", True)


def test_scripted_rehearsals_get_the_same_feedback_through_the_widget(
    servers: RunningServers,
) -> None:
    cases = {case.key: case for case in role_cases()}
    chat = PacedChat(servers)
    for script in (s for s in load_scripts(SCRIPTS) if s.id in END_TO_END):
        case = cases[script.case]
        _start(chat, case.naam)
        for turn in script.turns:
            chat.say(turn)
        reply = chat.say("klaar")
        expected = score(case, play(case, script.turns))
        for point in expected:
            assert point.text in reply, (script.id, point.key)
        if script.id == "lotte_issue":
            assert "Goed: je vroeg" not in reply and "Goed gedaan" not in reply


def test_practice_never_reaches_the_inbox_and_is_cleaned_up(servers: RunningServers) -> None:
    chat = PacedChat(servers)
    _start(chat, "Lotte")
    chat.say("ik bel morgen de gemeente en het UWV om haar aan te melden")
    reply = chat.say("klaar")
    link = _report_link(reply)
    conversation_id = chat.conversation_id or ""
    handovers = httpx.get(
        f"{servers.web_url}/api/handovers",
        params={"status": "open"},
        headers=servers.api_headers,
        timeout=30,
    ).json()["handovers"]
    assert all(h["conversation_id"] != conversation_id for h in handovers)

    env = {
        **os.environ,
        "DATABASE_URL": servers.database_url,
        "TRACKER_STORE_URL": servers.tracker_store_url,
        "PRACTICE_RETENTION_HOURS": "0",
    }
    result = run_module("bot.practice.cleanup", env)
    assert result.returncode == 0, result.stderr
    assert _conversation(servers, conversation_id) is None
    assert httpx.get(f"{servers.web_url}{link}", timeout=30).status_code == 404
    events = httpx.get(
        f"{servers.rasa_url}/conversations/{conversation_id}/tracker",
        params={"token": servers.rasa_token},
        timeout=30,
    ).json()["events"]
    assert not any(e.get("event") == "user" for e in events)
