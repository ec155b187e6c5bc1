"""The messages from issue 9, typed exactly as real people typed them, through REST + API.

Each of these once met silence, a wrong start or a mistaken stop; each must now reach the
next question with the facts kept.
"""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import RunningServers
from tests.e2e.chat import Chat

pytestmark = pytest.mark.servers

CONSENT = "Ga je akkoord?"


def new_chat(servers: RunningServers, who: str) -> Chat:
    return Chat(servers, f"{who}-{uuid.uuid4().hex[:8]}")


def test_studentbegeleider_opening_starts_at_the_vervolg_part(servers: RunningServers) -> None:
    chat = new_chat(servers, "studentbegeleider")
    reply = chat.say(
        "Goedemorgen, ik ben studentbegeleider. Mijn student rondt binnenkort niveau 2 af en we "
        "willen het hebben over wat daarna komt."
    )
    assert "na de opleiding" in reply and CONSENT in reply
    chat.say("ja")
    assert "jonger dan 16" in chat.text()
    reply = chat.say("nee")
    # 16 or older, told by a professional: the young person's own yes is asked (issue 26)
    assert "vindt de jongere het goed" in reply
    reply = chat.say("ja")
    # role and part came from the opening: no question about them
    assert "Wat is het doel na de opleiding?" in reply
    detail = chat.detail()
    assert detail["role"] == "professional"
    reply = chat.say("weet ik nog niet")
    assert "minimumloon" in reply  # not knowing moved the part on


def test_jobcoach_opening_is_no_question_about_the_diploma(servers: RunningServers) -> None:
    chat = new_chat(servers, "jobcoach")
    reply = chat.say(
        "Goedemiddag, ik ben jobcoach. Mijn cliënt haalt over een paar maanden zijn diploma "
        "niveau 1 en we willen kijken wat daarna kan."
    )
    assert CONSENT in reply and "Mbo-diploma:" not in reply


def test_young_person_who_leaves_school_and_does_not_know(servers: RunningServers) -> None:
    chat = new_chat(servers, "jongere")
    reply = chat.say("hoi ik wil wete welke mbo opleiding bij me past want ik ga van school af")
    assert CONSENT in reply
    reply = chat.say("weet ik niet")
    # not a refusal: an explanation and the same question again
    assert "uit" in reply and CONSENT in reply and "stoppen we" not in reply
    chat.say("oke dan ja")
    chat.say("nee")
    reply = chat.say("samen met mn mentor")
    assert "Van welke school" in reply  # part voorkant came from the opening
    chat.say("vmbo")
    assert "Hoe oud" in chat.text()
    reply = chat.say("weet ik niet")
    assert "startkwalificatie" in reply  # no loop on the age
    chat.say("nee")
    assert "Wat wil je graag leren" in chat.text()  # samen: the young person types
    reply = chat.say("hallo?")
    assert "Wat wil je graag leren" in reply  # asked again, not taken as the answer
    chat.say("iets met dieren")
    answers = chat.answers()
    assert answers["leeftijd"] == "weet_niet"
    assert answers["wensen"] == "iets met dieren"


def test_nee_gestopt_in_the_pre_intake_is_an_answer(servers: RunningServers) -> None:
    chat = new_chat(servers, "aanmelder")
    chat.say_all("ik ben doorgestuurd door de gemeente", "ja", "nee ik ben 19")
    for _ in range(6):
        if "diploma van havo" in chat.text():
            break
        chat.say("weet ik niet")
    assert "diploma van havo" in chat.text()
    reply = chat.say("nee, ik ben gestopt op het vmbo")
    assert "we stoppen" not in reply.lower()
    assert "Wat wil je graag leren" in reply
    assert chat.answers()["startkwalificatie"] == "nee"


def test_unclear_opening_then_weet_ik_niet_gets_the_ways_to_begin(servers: RunningServers) -> None:
    chat = new_chat(servers, "onduidelijk")
    chat.say("blorp snerk")
    reply = chat.say("weet ik niet")
    assert set(chat.buttons().values()) >= {
        "/advies_starten",
        "/pre_intake_starten",
        "/oefenen_starten",
    }, reply


def test_age_that_contradicts_under_16_is_asked_about_once(servers: RunningServers) -> None:
    chat = new_chat(servers, "leeftijd")
    chat.say_all("ik wil advies", "ja", "ja", "ja")  # consent, jonger dan 16, a parent agrees
    reply = chat.say_all("ik ben een professional", "welke leerroute past", "pro", "21")
    assert "jonger dan 16" in reply and "21" in reply
    reply = chat.say("ja klopt")
    # 21 is 16 or older: now the young person's own yes is asked of the professional
    assert "vindt de jongere het goed" in reply
    reply = chat.say("ja")
    assert "startkwalificatie" in reply
    assert chat.answers()["leeftijd"] == 21


def test_after_a_stop_the_assistant_says_what_can_be_done(servers: RunningServers) -> None:
    chat = new_chat(servers, "stop")
    chat.say_all("hoi", "ja", "nee", "professional", "ja")  # 16+: the young person agrees
    reply = chat.say_all("begin", "ik wil stoppen")
    assert "we stoppen" in reply.lower()
    reply = chat.say("oke")
    assert "opnieuw beginnen" in reply.lower()
    # Issue 23: a greeting after a stop is no new start (it says where we are) ...
    reply = chat.say("hoi")
    assert CONSENT not in reply and "opnieuw beginnen" in reply.lower()
    reply = chat.say("opnieuw beginnen")
    assert CONSENT in reply  # ... only the button or clear words start a new round


def test_practice_then_a_real_conversation_is_real(servers: RunningServers) -> None:
    chat = new_chat(servers, "modus")
    chat.say_all("ik wil oefenen", "stop", "ik wil een adviesgesprek beginnen")
    chat.say_all("ja", "nee", "professional", "ja", "welke leerroute past", "vso")
    detail = chat.detail()
    assert detail["practice"] is False and detail["mode"] == "advies"
