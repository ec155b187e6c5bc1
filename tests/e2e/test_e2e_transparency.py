"""The chat says who writes: a computer program, or a person (AI Act art. 50(1)).

Against the three running processes, as the widget and the inbox use them: the first
message says the assistant is a computer program; when a professional takes the
conversation the live stream says a person now writes (with the name the professional
chose, or "een medewerker van school"), and when the assistant continues it says so. Typed
personal data that was not asked for (a BSN, an address, someone else's number) is answered
once with a kind note that it is not needed and was made unreadable, but never the contact
details the pre-intake asks for.
"""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import RunningServers
from tests.e2e.samen_client import Browser, WidgetChat, make_accounts, reach_vervolg, start

pytestmark = pytest.mark.servers

PROGRAM = "computerprogramma, geen mens"
NOT_NEEDED = "heb ik niet nodig"


@pytest.fixture(scope="module")
def team(servers: RunningServers) -> RunningServers:
    make_accounts(servers, {"mentor-ai": "medewerker"})
    return servers


def test_a_person_and_then_the_assistant_are_announced_in_the_chat(team: RunningServers) -> None:
    chat, handover = reach_vervolg(team)
    mentor = Browser(team, "mentor-ai")
    case = f"/medewerker/overdrachten/{handover['id']}"
    mentor.post(f"{case}/oppakken", naam_in_chat="Anna van school")
    person = chat.live("Vanaf nu schrijft Anna van school")
    assert "een mens, geen computer" in person["text"]
    mentor.post(f"{case}/besluit", besluit="Werk met een jobcoach via UWV")
    back = chat.live("schrijft de assistent weer")
    assert PROGRAM in back["text"]


def test_without_a_chosen_name_the_chat_says_een_medewerker(team: RunningServers) -> None:
    chat, handover = reach_vervolg(team)
    taken = httpx.post(
        f"{team.web_url}/api/handovers/{handover['id']}/take",
        json={},
        headers=team.api_headers,
        timeout=60,
    )
    assert taken.status_code == 200, taken.text
    assert "een mens" in chat.live("Vanaf nu schrijft een medewerker van school")["text"]


def test_every_first_message_says_it_is_a_program(team: RunningServers) -> None:
    advice = WidgetChat(team)
    assert PROGRAM in advice.say("Hallo")
    pre_intake = WidgetChat(team)
    assert PROGRAM in pre_intake.say("hoi ik ben doorgestuurd door het uwv")
    practice = WidgetChat(team)
    assert PROGRAM in practice.say("ik wil eerst even oefenen met een casus")


def test_unneeded_personal_data_gets_one_kind_note(team: RunningServers) -> None:
    chat = WidgetChat(team)
    start(chat, "Welke leerroute past")
    first = chat.say("hij woont op de Dorpsstraat 12 in Ede en zijn bsn is 123456782")
    assert NOT_NEEDED in first and "onleesbaar" in first
    assert chat.messages[0]["text"].startswith("Let op")  # the note comes before the question
    assert len(chat.messages) > 1  # and the conversation goes on
    again = chat.say("bel zijn oom Karim maar op 0612345678")
    assert NOT_NEEDED not in again  # once per conversation


def test_the_contact_details_the_pre_intake_asks_for_get_no_note(team: RunningServers) -> None:
    chat = WidgetChat(team)
    for text in (
        "hoi ik ben doorgestuurd door het uwv",
        "ja is goed",
        "nee ik ben 21",
        "uwv in amersfoort",
        "ja dat mag",
        "nee pas net",
        "21",
        "ik zit nu niet op school",
        "nee heb ik niet",
        "iets met autos",
        "nee hoor",
    ):
        chat.say(text)
    assert "Typ dan: nee" in chat.text()
    reply = chat.say("bel me maar op 0612345678 of mail naar sam@voorbeeld.nl")
    assert NOT_NEEDED not in reply  # the review of what is passed on comes first
    reply = chat.confirm_review()
    assert NOT_NEEDED not in reply and "intaketeam" in reply
