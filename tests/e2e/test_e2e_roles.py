"""Who talks, through REST + API: a parent and a young person alone are recognised, spoken to
as themselves and recorded with who consented; consent is refused only by a clear no."""

from __future__ import annotations

import uuid

import pytest

from bot.store.repository import repository_scope
from tests.conftest import RunningServers
from tests.e2e.chat import Chat

pytestmark = pytest.mark.servers

CONSENT = "Ga je akkoord?"


def new_chat(servers: RunningServers, who: str) -> Chat:
    return Chat(servers, f"{who}-{uuid.uuid4().hex[:8]}")


def consent_by(servers: RunningServers, chat: Chat) -> str | None:
    with repository_scope(servers.database_url) as repository:
        return repository.get_conversation(chat.sender).consent_by


def test_a_condition_is_explained_and_a_yes_after_a_refusal_goes_on(
    servers: RunningServers,
) -> None:
    chat = new_chat(servers, "voorwaarde")
    assert CONSENT in chat.say("Hallo")
    reply = chat.say("nee, niet voordat ik snap waar dit heen gaat")
    assert "Zonder jouw ja bewaar ik niets" in reply and CONSENT in reply
    assert "stoppen we" not in reply
    reply = chat.say("nee")
    assert "bewaar ik niets" in reply  # a clear no refuses
    reply = chat.say("oke, toch wel akkoord")
    assert "toch verder" in reply and "jonger dan 16" in reply
    chat.say("nee")
    assert "Wie doet dit gesprek?" in chat.text()
    chat.say("ik ben haar moeder")
    # From 16 the young person decides: the mother is asked whether her child agrees.
    assert "Weet je kind van dit gesprek" in chat.text()
    chat.say("ja, ze weet ervan en vindt het goed")
    assert "Waar wil je mee beginnen?" in chat.text()
    chat.click("Welke leerroute past")
    assert "Van welke school komt je kind?" in chat.text()
    assert chat.detail()["role"] == "ouder"
    assert consent_by(servers, chat) == "via_ouder"


def test_a_young_person_alone_is_spoken_to_as_je(servers: RunningServers) -> None:
    chat = new_chat(servers, "jongere-alleen")
    assert CONSENT in chat.say("hoi ik ben 16 en zit hier zelf, welke opleiding past bij mij")
    reply = chat.say("ja")
    assert "Van welke school kom je?" in reply  # role, age and part came from the message
    chat.say("vmbo")
    assert "startkwalificatie" in chat.text() and "Weet ik niet" in chat.buttons()
    assert chat.detail()["role"] == "jongere"
    assert consent_by(servers, chat) == "jongere"
    assert chat.answers()["rol"] == "jongere"


def test_a_parent_under_16_who_does_not_know_gets_a_way_on(servers: RunningServers) -> None:
    chat = new_chat(servers, "ouder-onder-16")
    chat.say("hallo ik ben haar moeder, ze is 15 en zit op het vso")
    reply = chat.say("ja")
    assert "gezag" in reply and "Weet ik niet" in chat.buttons()
    reply = chat.click("Weet ik niet")
    assert "medewerker" in reply and "gezag" in reply  # explained, asked again
    chat.say("ja, ik heb het gezag")
    assert chat.detail()["role"] == "ouder"
    assert consent_by(servers, chat) == "ouder"
