"""After a decision, after the end, pause and come back, dated texts: through the widget relay.

Each test talks as the widget does (``POST /chat/api/message`` and the live stream) and as a
professional through the JSON API, with the real Rasa model and action server.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from bot.knowledge.schooljaar import aanmelddatum
from tests.conftest import RunningServers
from tests.e2e.samen_client import WidgetChat, open_handover, reach_vervolg, start

pytestmark = pytest.mark.servers

RESTARTED = ("akkoord", "jonger dan 16", "Zonder toestemming bewaar ik niets")


def api(servers: RunningServers, method: str, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.request(
        method, f"{servers.web_url}{path}", headers=servers.api_headers, timeout=120, **kwargs
    )


def decide(servers: RunningServers, handover: dict[str, Any], **body: Any) -> dict[str, Any]:
    taken = api(
        servers, "POST", f"/api/handovers/{handover['id']}/take", json={"professional": "api"}
    )
    assert taken.status_code == 200, taken.text
    decided = api(
        servers,
        "POST",
        f"/api/handovers/{handover['id']}/decision",
        json={"professional": "api", **body},
    )
    assert decided.status_code == 200, decided.text
    return decided.json()


def reach_leerroute(servers: RunningServers) -> tuple[WidgetChat, dict[str, Any]]:
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
    chat.say("de vso-school en de jeugdhulp")
    chat.confirm_review()  # the lines that will be passed on, confirmed as they are
    handover = open_handover(servers, chat.conversation_id or "")
    assert handover["decision_point"] == "leerroute"
    return chat, handover


def test_the_first_button_after_a_decision_works_and_the_decision_is_told(
    servers: RunningServers,
) -> None:
    chat, handover = reach_leerroute(servers)
    chat.send(text="hallo? is daar iemand")  # while paused: kept, no answer
    assert chat.messages == [] and chat.handover is not None
    decide(
        servers,
        handover,
        decision="mbo_diploma",
        level=2,
        note="Je kunt in augustus beginnen.",
        note_for_young_person=True,
    )
    told = chat.live("leerroute")
    assert "niveau 2" in told["text"] and "Je kunt in augustus beginnen." in told["text"]
    question = _live_with_buttons(chat)
    title = question["buttons"][0]["title"]
    chat.click(title, {b["title"]: b["payload"] for b in question["buttons"]})  # 200, not 409
    assert chat.text()  # the assistant went on


def _live_with_buttons(chat: WidgetChat) -> dict[str, Any]:
    """The assistant's first message with buttons on the live stream after the decision."""
    params = {"conversation_id": chat.conversation_id, "token": chat.token, "after": "0"}
    with httpx.stream(
        "GET",
        f"{chat.servers.web_url}/chat/api/stream",
        params=params,
        timeout=httpx.Timeout(5, read=3),
    ) as response:
        try:
            for line in response.iter_lines():
                if line.startswith("data:"):
                    data = json.loads(line[5:])
                    if data.get("sender") == "bot" and data.get("buttons"):
                        return dict(data)
        except httpx.ReadTimeout:
            pass
    raise AssertionError("no message with buttons on the live stream")


def test_after_the_end_the_outcome_never_a_new_start(servers: RunningServers) -> None:
    chat, handover = reach_vervolg(servers)
    decide(servers, handover, decision="Werk met een jobcoach via UWV", note="intern")
    chat.live("klaar met de vragen")
    for question in (
        "wat is eruit gekomen?",
        "dus wat moet ik nu doen? welke opleiding ga ik doen",
        "wat nu?",
        "welke opleiding ga ik doen?",
    ):
        reply = chat.say(question)
        assert "jobcoach via UWV" in reply, (question, reply)
        assert not any(word in reply for word in RESTARTED), (question, reply)
        assert "intern" not in reply  # the note was not marked for the young person
    reply = chat.say("nee niet opnieuw!!")
    assert not any(word in reply for word in RESTARTED), reply
    detail = api(servers, "GET", f"/api/conversations/{chat.conversation_id}").json()
    assert detail["answers"] and detail["handovers"]  # all still stored


def test_pause_and_come_back_after_a_reload_at_the_open_question(servers: RunningServers) -> None:
    chat = WidgetChat(servers)
    start(chat, "Welke leerroute past")
    chat.say("vso")
    assert "Hoe oud" in chat.text()
    chat.say("17")
    open_question = chat.text()
    reply = chat.say("Ik moet nu weg")
    assert "pauzeren" in reply and "ik ben terug" in reply
    reply = chat.say("kan ik dit later afmaken?")
    assert "bewaard" in reply
    # A reload: the widget reads the id and token from sessionStorage and goes on with them.
    back = WidgetChat(servers, conversation_id=chat.conversation_id, token=chat.token)
    reply = back.say("Ik ben terug. Kunnen we verder waar we gebleven waren?")
    assert "Welkom terug" in reply and "bewaard" in reply
    assert "jonger dan 16" not in reply
    assert open_question.splitlines()[-1] in reply  # the open question again
    detail = api(servers, "GET", f"/api/conversations/{chat.conversation_id}").json()
    answers = {a["question"]: a["value"] for a in detail["answers"]}
    assert answers["herkomst"] == "vso" and answers["leeftijd"] == 17


def test_the_1_april_question_follows_today_and_terms_name_their_source(
    servers: RunningServers,
) -> None:
    chat = WidgetChat(servers)
    chat.say("hoi ik ben doorgestuurd door het uwv")
    chat.say("ja is goed")
    chat.say("nee ik ben 21")
    chat.say("uwv in amersfoort")
    reply = chat.say("ja dat mag")
    today = aanmelddatum()
    assert today.text in reply
    if not today.passed:  # from August to March the date is still ahead
        assert "al aangemeld" in reply and "Nog niet" in chat.buttons()
    reply = chat.say("wat is een jobcoach?")
    assert "Bron: UWV" in reply
