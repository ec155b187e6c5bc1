"""Pre-intake "aan de poort": a referred applicant in free text, through REST and the API."""

from __future__ import annotations

import uuid

import pytest

from bot.handover.policy import HIDDEN_CONTACT
from bot.knowledge.schooljaar import aanmelddatum
from bot.store.repository import repository_scope
from tests.conftest import RunningServers
from tests.e2e.chat import Chat

pytestmark = pytest.mark.servers


def test_referred_21_year_old_reaches_the_intake_team(servers: RunningServers) -> None:
    chat = Chat(servers, f"aanmelder-{uuid.uuid4().hex[:8]}")
    reply = chat.say("hoi ik ben doorgestuurd door het uwv")
    assert "intaketeam" in reply and "Is dat goed?" in reply
    chat.say("ja is goed")
    assert "jonger dan 16" in chat.text()
    chat.say("nee ik ben 21")
    # The referrer was understood from the first message: the next question is its name.
    assert "Hoe heet die organisatie?" in chat.text()
    chat.say("uwv in amersfoort")
    assert "Mag het intaketeam met hen praten?" in chat.text()
    chat.say("ja dat mag")
    assert "1 april" in chat.text()
    reply = chat.say("nee pas net")
    deadline = aanmelddatum()  # the 1 April text depends on today's date
    if deadline.passed:
        assert "hoeft niet" in reply and "entree" in reply.lower()  # no promise of admission
    else:  # August to March: "nee" means not yet, and that is still in time
        assert "hoeft niet" not in reply
    assert "Hoe oud ben je?" in reply
    chat.say("21")
    assert "Op welke school" in chat.text()
    chat.say("ik zit nu niet op school")
    assert "diploma" in chat.text()
    chat.say("nee heb ik niet")
    assert "Wat wil je graag leren" in chat.text()
    chat.say("iets met autos, ik sleutel graag aan brommers")
    assert "extra hulp" in chat.text()
    chat.say("nee hoor")
    assert "Typ dan: nee" in chat.text()
    chat.say("bel me maar op 0612345678")
    reply = chat.confirm_review()
    assert "intaketeam" in reply and "schooldagen" in reply
    assert "beslis niet" in reply  # never a promise of admission or a route

    detail = chat.detail()
    assert (detail["mode"], detail["role"], detail["practice"]) == (
        "pre_intake",
        "aanmelder",
        False,
    )
    answers = chat.answers()
    assert answers["leeftijd"] == 21 and answers["verwijzer"] == "uwv"
    assert answers["aangemeld_voor_1_april"] == ("nee" if deadline.passed else "nog_niet")
    # The API's account is not in the intake team: it reads that contact details were given,
    # not which (bot/handover/policy.py); the store keeps them, encrypted.
    assert answers["contact"] == HIDDEN_CONTACT
    with repository_scope(servers.database_url) as repository:
        assert "0612345678" in str(repository.answers(chat.sender)["contact"])
    handover = chat.open_handover()
    assert handover["decision_point"] == "pre_intake"
    partners = {s["partner"] for s in handover["suggested_partners"]}
    assert {"uwv", "mbo_school"} <= partners
    assert "0612345678" not in handover["summary"]  # contact only in its own answer

    assert chat.say_while_paused("hallo?") == ""  # paused until the intake team decides
    result = chat.decide("uitnodigen voor een intakegesprek")
    said = " ".join(message.get("text") or "" for message in result["messages"])
    assert "intaketeam" in said.lower() and "Dank je wel" in said
    assert chat.tracker()["paused"] is False
