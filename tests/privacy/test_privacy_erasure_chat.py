"""Erasure from the chat, end to end: after "verwijder mijn gegevens" no store names the chat.

Uses the shared ``servers`` fixture (``make run``'s processes): a conversation through
Rasa's REST channel records answers and events, the user asks to erase everything and
confirms, and then every row of every table of the project's database and of Rasa's
tracker store is searched for the conversation id. The same in-process checks, on SQLite
and PostgreSQL and for the API path, are in ``test_privacy_erasure.py``.
"""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import RunningServers
from tests.e2e.chat import Chat
from tests.e2e.test_e2e_conversation import start
from tests.privacy.test_privacy_erasure import rows_naming

pytestmark = pytest.mark.servers


def test_verwijder_mijn_gegevens_empties_both_stores(servers: RunningServers) -> None:
    chat = Chat(servers, f"wissen-{uuid.uuid4().hex[:8]}")
    start(chat, "Welke leerroute past")
    chat.say("Het gaat om Noor Bakker, 17 jaar, van het vso, geen startkwalificatie")
    assert chat.answers()  # something was recorded ...
    assert rows_naming(servers.tracker_store_url, chat.sender)  # ... in both stores

    assert "wis" in chat.say("verwijder mijn gegevens").lower()
    assert "gewist" in chat.click("Ja, wis alles")

    assert rows_naming(servers.database_url, chat.sender) == []
    assert rows_naming(servers.tracker_store_url, chat.sender) == []
    # The chat still works afterwards: a new, empty conversation.
    assert "akkoord" in chat.say("hoi").lower()
