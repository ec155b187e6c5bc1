"""Practice (issue 15): in Lotte's case the feedback says whether consent was asked first."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import RunningServers
from tests.e2e.chat import Chat

pytestmark = pytest.mark.servers


def practise_lotte(servers: RunningServers, partners_answer: str) -> str:
    chat = Chat(servers, f"oefenen-lotte-{uuid.uuid4().hex[:8]}")
    assert "Met welke casus" in chat.say("ik wil eerst even oefenen met een casus")
    assert "Casus: Lotte, 17 jaar." in chat.say("doe maar Lotte")
    chat.say("ze zit nu niet op school, ze is gestopt")
    chat.say("17")
    chat.say("nee, geen startkwalificatie")
    chat.say("ze wil graag met mensen werken")
    chat.say("door te doen")
    chat.say("nee")
    assert "Speelt er nog iets" in chat.text()
    chat.say("er zijn geldzorgen thuis")
    assert "Welke organisaties" in chat.text()
    reply = chat.say("nog niemand")
    assert "Welke partners zou jij erbij halen?" in reply
    return chat.say(partners_answer)


def test_the_feedback_says_consent_was_asked(servers: RunningServers) -> None:
    reply = practise_lotte(servers, "de gemeente en de mbo school, als Lotte dat goed vindt")
    assert "Goed: je vroeg Lotte eerst of Gemeente mag meekijken" in reply


def test_the_feedback_says_consent_was_not_asked(servers: RunningServers) -> None:
    reply = practise_lotte(servers, "de gemeente en de mbo school")
    assert "je vroeg Lotte niet of Gemeente mag meekijken" in reply
    assert "Vraag dat altijd eerst" in reply
