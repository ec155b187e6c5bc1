"""Practice: in Lotte's rehearsal the feedback says whether consent was asked first.

Since practice became a rehearsal the trainee asks in their own words; the feedback is
decided from those turns, so a decision taken for Lotte is never praised.
"""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import RunningServers
from tests.e2e.chat import Chat

pytestmark = pytest.mark.servers


def rehearse_lotte(servers: RunningServers, *turns: str) -> str:
    chat = Chat(servers, f"oefenen-lotte-{uuid.uuid4().hex[:8]}")
    assert "Met welke casus" in chat.say("ik wil eerst even oefenen met een casus")
    assert "Casus: Lotte, 17 jaar." in chat.say("doe maar Lotte")
    for turn in turns:
        assert chat.say(turn).startswith("Lotte:")
    return chat.say("klaar")


def test_the_feedback_says_consent_was_asked(servers: RunningServers) -> None:
    reply = rehearse_lotte(
        servers,
        "Hoi Lotte, vind je het goed dat ik opschrijf wat we bespreken?",
        "Hoe gaat het thuis?",
        "De gemeente kan helpen omdat je zonder startkwalificatie bent gestopt. "
        "Vind je het goed als de gemeente meekijkt?",
    )
    assert "vroeg je Lotte eerst om toestemming" in reply
    assert "vroeg je Lotte of dat goed is en zei je waarom" in reply


def test_the_feedback_says_consent_was_not_asked(servers: RunningServers) -> None:
    reply = rehearse_lotte(
        servers,
        "Waar zat je hiervoor op school?",
        "ik bel morgen de gemeente en het UWV om haar aan te melden",
    )
    assert "Je vroeg Lotte nergens om toestemming" in reply
    assert "besliste je voor Lotte" in reply and "Goed: je vroeg" not in reply
