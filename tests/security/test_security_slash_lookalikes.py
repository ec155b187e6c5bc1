"""The issue's last defect against the running assistant: slash look-alikes are no "ja".

"／restart", "\\u200b/restart" and "∕restart" once lost their slash and were then read as "ja"
to the open question. At the consent question that is the worst case: a made-up command
would count as consent. Here each is typed, through Rasa's REST channel and through the
web service's chat relay, at the consent question and at a yes/no question after it; none
may fill the slot, and a real "ja" still does (so the check can tell the difference).
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.conftest import RunningServers
from tests.e2e.chat import Chat

pytestmark = pytest.mark.servers

LOOKALIKES = ["／restart", "\u200b/restart", "∕restart", "/restart"]


def _slots(servers: RunningServers, conversation_id: str) -> dict[str, object]:
    response = httpx.get(
        f"{servers.rasa_url}/conversations/{conversation_id}/tracker",
        params={"token": servers.rasa_token},
        timeout=30,
    )
    response.raise_for_status()
    return dict(response.json()["slots"])


def test_look_alikes_are_no_answer_over_rasa_s_rest_channel(servers: RunningServers) -> None:
    chat = Chat(servers, f"lookalike-{uuid.uuid4().hex[:8]}")
    assert "akkoord" in chat.say("Hallo").lower()
    for typed in LOOKALIKES:
        reply = chat.say(typed)
        assert "jonger dan 16" not in reply, typed  # not taken as consent
        assert _slots(servers, chat.sender)["toestemming"] is None, typed
    chat.say("ja, dat is goed")
    assert "jonger dan 16" in chat.text()
    assert _slots(servers, chat.sender)["toestemming"] == "ja"
    for typed in LOOKALIKES:
        reply = chat.say(typed)
        assert "Wie doet dit gesprek?" not in reply, typed
        assert _slots(servers, chat.sender)["jonger_dan_16"] is None, typed


def test_look_alikes_are_no_answer_through_the_chat_relay(servers: RunningServers) -> None:
    url = f"{servers.web_url}/chat/api/message"
    first = httpx.post(url, json={"text": "Hallo"}, timeout=60).json()
    assert "akkoord" in " ".join(m.get("text") or "" for m in first["messages"]).lower()
    conversation = {"conversation_id": first["conversation_id"], "token": first["token"]}
    for typed in LOOKALIKES:
        answer = httpx.post(url, json={**conversation, "text": typed}, timeout=60)
        assert answer.status_code == 200, answer.text
        said = " ".join(m.get("text") or "" for m in answer.json()["messages"])
        assert said and "jonger dan 16" not in said, typed
        assert _slots(servers, first["conversation_id"])["toestemming"] is None, typed
    print(f"\nslash look-alikes: {len(LOOKALIKES)} of {len(LOOKALIKES)} not read as consent")
