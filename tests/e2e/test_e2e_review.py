"""The review before a hand-over, through the widget's own relay (``/chat/api/message``).

At the end of a part the user reads what will be passed on, changes a line with its button
and another by typing, and confirms; the professional then reads the corrected lines as
confirmed, the user's own words beside the value, and the earlier value kept.
"""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import RunningServers
from tests.e2e.samen_client import WidgetChat, open_handover, start

pytestmark = pytest.mark.servers

CONFIRM = "Klopt, geef het door"


def test_the_user_reviews_changes_and_confirms_what_is_passed_on(
    servers: RunningServers,
) -> None:
    chat = WidgetChat(servers)
    start(chat, "Welke leerroute past")
    chat.say(
        "Het gaat om een leerling van 17 jaar van het vso. Ze heeft geen startkwalificatie "
        "en er loopt jeugdhulp via het wijkteam."
    )
    chat.say("Ze wil graag in de dierenverzorging werken en is heel precies")
    chat.say("ze leert echt het beste door te doen")
    chat.say("ja, ze heeft extra begeleiding nodig bij plannen")
    # jeugdhulp was said in passing: the list question is asked once more, and kept
    assert "Je noemde al: jeugdhulp" in chat.text()
    chat.click("Nee, niets hiervan")
    review = chat.say("de vso-school en de jeugdhulp")
    assert chat.handover is None, "handed over without a review"
    assert "Dit geef ik door aan de medewerker:" in review
    assert "• Leeftijd: 17." in review
    buttons = chat.buttons()
    assert CONFIRM in buttons and "Verander: Leeftijd" in buttons

    asked = chat.click("Verander: Leeftijd")
    assert "Hoe oud is de jongere?" in asked
    again = chat.say("18")
    assert "Dit geef ik door aan de medewerker:" in again and "• Leeftijd: 18." in again

    typed = chat.say("de school klopt niet")  # a typed change: the question comes again
    assert "Van welke school komt de jongere?" in typed and "Dit geef ik door" not in typed
    reviewed = chat.say("ze komt van het praktijkonderwijs")
    assert "Dit geef ik door" in reviewed and "praktijkonderwijs" in reviewed.lower()

    chat.click(CONFIRM)
    assert chat.handover is not None  # now paused, with a hand-over
    handover = open_handover(servers, chat.conversation_id or "")
    assert handover["decision_point"] == "leerroute"
    summary = handover["summary"]
    assert "Nagekeken: de gebruiker heeft deze antwoorden bevestigd." in summary
    assert "Leeftijd: 18." in summary and "praktijkonderwijs" in summary
    assert "in eigen woorden" in summary  # the wish in her own words
    export = httpx.get(
        f"{servers.web_url}/api/conversations/{chat.conversation_id}/export",
        headers=servers.api_headers,
        timeout=30,
    ).json()
    earlier = [(a["question"], a["value"]) for a in export["earlier_answers"]]
    assert ("leeftijd", 17) in earlier and ("herkomst", "vso") in earlier
    detail = httpx.get(
        f"{servers.web_url}/api/conversations/{chat.conversation_id}",
        headers=servers.api_headers,
        timeout=30,
    ).json()
    assert all(answer["confirmed"] for answer in detail["record"] if answer["value"] is not None)
