"""Practice mode: a professional plays a fictional case; nothing reaches the real inbox."""

from __future__ import annotations

import os
import uuid

import httpx
import pytest

from bot.store.errors import NotFound
from bot.store.repository import repository_scope
from tests.conftest import RunningServers, run_module
from tests.e2e.chat import Chat

pytestmark = pytest.mark.servers


def _conversation(servers: RunningServers, conversation_id: str) -> tuple[str, bool] | None:
    with repository_scope(servers.database_url) as repository:
        try:
            conversation = repository.get_conversation(conversation_id)
        except NotFound:
            return None
        return conversation.mode, conversation.practice


def test_practice_gives_feedback_and_is_cleaned_up(servers: RunningServers) -> None:
    chat = Chat(servers, f"oefenen-{uuid.uuid4().hex[:8]}")
    reply = chat.say("ik wil eerst even oefenen met een casus")
    assert "verzonnen" in reply and "Met welke casus" in reply
    reply = chat.say("doe maar Kevin")
    assert "Casus: Kevin, 21 jaar." in reply and "Van welke school" in reply  # no consent asked
    chat.say("hij zit nu niet op school, hij is gestopt")
    chat.say("21")
    chat.say("nee, geen startkwalificatie")
    assert "Wat wil de jongere graag" in chat.text()
    chat.say("hij wil snel geld verdienen en is handig met techniek")
    chat.say("door te doen")
    chat.say("nee")
    assert "Speelt er nog iets" in chat.text()
    chat.say("hij heeft een uitkering")
    assert "Welke organisaties" in chat.text()
    reply = chat.say("de gemeente")
    assert "Oefenen" in reply and "Welke partners zou jij erbij halen?" in reply
    reply = chat.say("alleen de mbo school")
    assert "niet genoemd" in reply and "Gemeente, omdat" in reply  # a missed partner, with why
    assert "Wat heeft het team nodig" in reply
    assert "wat is er nodig" in reply.lower()  # the practice carries on with the next part

    # Never an open hand-over, recorded as practice, hidden from the API.
    handovers = chat.api("GET", "/api/handovers", params={"status": "open"}).json()["handovers"]
    assert all(h["conversation_id"] != chat.sender for h in handovers)
    assert _conversation(servers, chat.sender) == ("oefenen", True)
    assert chat.api("GET", f"/api/conversations/{chat.sender}").status_code == 404

    env = {
        **os.environ,
        "DATABASE_URL": servers.database_url,
        "TRACKER_STORE_URL": servers.tracker_store_url,
        "PRACTICE_RETENTION_HOURS": "0",
    }
    result = run_module("bot.practice.cleanup", env)
    assert result.returncode == 0, result.stderr
    assert _conversation(servers, chat.sender) is None
    events = httpx.get(
        f"{servers.rasa_url}/conversations/{chat.sender}/tracker",
        params={"token": servers.rasa_token},
        timeout=30,
    ).json()["events"]
    assert not any(e.get("event") == "user" for e in events)  # the tracker is gone too
