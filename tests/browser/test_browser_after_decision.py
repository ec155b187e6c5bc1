"""In Chromium: the professional decides in the inbox, the widget shows the decision in plain
words (route, level, the note marked for the young person) and the first button after it works.

Before the fix the relay refused that button with 409 ``button_not_offered`` (the buttons came
over the live stream and were never remembered as offered) and the widget said "Versturen
lukte niet".
"""

from __future__ import annotations

import httpx
import pytest

from tests.browser.test_browser_chat_and_inbox import TIMEOUT, login, press_button, say
from tests.conftest import RunningServers

pytestmark = pytest.mark.servers


def test_the_first_button_after_a_decision_in_the_inbox_works(
    browser, servers: RunningServers, professionals
) -> None:
    from playwright.sync_api import expect

    young = browser.new_context(viewport={"width": 1100, "height": 820})
    chat = young.new_page()
    refused: list[int] = []
    chat.on(
        "response",
        lambda r: (
            refused.append(r.status) if "/chat/api/message" in r.url and r.status >= 400 else None
        ),
    )
    chat.goto(f"{servers.web_url}/")
    chat.get_by_role("button", name="Chat met de assistent").click()
    log = chat.get_by_role("log", name="Berichten")
    status = chat.locator(".advies-chat__status")
    for text in (
        "Hallo",
        "ja, dat is goed",
        "nee hoor, ze is ouder",
        "ik ben mentor",
        "ja, de jongere weet ervan en vindt het goed",
    ):
        say(chat, text)
    expect(log).to_contain_text("Waar wil je mee beginnen?")
    chat.get_by_role("group", name="Antwoordknoppen").get_by_role(
        "button", name="Welke leerroute past"
    ).click()
    expect(log).to_contain_text("Deel 1", timeout=TIMEOUT)
    for text in (
        "Het gaat om een leerling van 17 jaar van het vso. Ze heeft geen startkwalificatie "
        "en er loopt jeugdhulp via het wijkteam.",
        "Ze wil graag in de dierenverzorging werken en is heel precies",
        "ze leert echt het beste door te doen",
        "ja, ze heeft extra begeleiding nodig bij plannen",
    ):
        say(chat, text)
    expect(log).to_contain_text("Je noemde al: jeugdhulp", timeout=TIMEOUT)
    press_button(chat, "Nee, niets hiervan")  # the list question again, after what was noted
    say(chat, "de vso-school en de jeugdhulp")
    press_button(chat, "Klopt, geef het door")  # the review before the hand-over
    expect(status).to_contain_text("Een medewerker neemt het gesprek over", timeout=TIMEOUT)
    say(chat, "hallo? is daar iemand")  # typed while paused: the relay forgets older buttons
    conversation_id = chat.evaluate(
        "JSON.parse(sessionStorage.getItem('adviesChat')).conversationId"
    )
    handovers = httpx.get(
        f"{servers.web_url}/api/handovers", params={"status": "open"}, headers=servers.api_headers
    ).json()["handovers"]
    [case] = [h for h in handovers if h["conversation_id"] == conversation_id]
    assert case["decision_point"] == "leerroute"

    staff = browser.new_context(viewport={"width": 1100, "height": 1400})
    inbox = staff.new_page()
    login(inbox, servers, "anna")
    inbox.goto(f"{servers.web_url}/medewerker/overdrachten/{case['id']}")
    inbox.get_by_role("button", name="Overdracht oppakken").click()
    expect(inbox.get_by_role("status")).to_contain_text("Je hebt deze overdracht opgepakt")
    inbox.get_by_label("Mbo-diploma").check()
    inbox.get_by_label("niveau 2", exact=True).check()
    inbox.get_by_label("Notitie (mag leeg blijven)").fill("Je kunt in augustus beginnen.")
    inbox.get_by_label("De jongere mag deze notitie lezen").check()
    inbox.get_by_role("button", name="Besluit opslaan en assistent laten verdergaan").click()
    expect(inbox.get_by_role("status")).to_contain_text("Het besluit is opgeslagen")

    expect(status).to_contain_text("De assistent is er weer", timeout=TIMEOUT)
    expect(log).to_contain_text("Mbo-diploma, niveau 2")
    expect(log).to_contain_text("De medewerker schrijft erbij: Je kunt in augustus beginnen.")
    quick = chat.get_by_role("group", name="Antwoordknoppen")
    expect(quick).to_be_visible(timeout=TIMEOUT)
    first = quick.get_by_role("button").first
    before = chat.locator(".advies-chat__msg").count()
    first.click()
    chat.wait_for_function(
        "n => document.querySelectorAll('.advies-chat__msg').length > n + 1 "
        "&& !document.querySelector('.advies-chat__send').disabled",
        arg=before,
        timeout=TIMEOUT,
    )
    assert "Versturen lukte niet" not in log.inner_text() + status.inner_text()
    assert refused == []
    staff.close()
    young.close()
