"""The inbox list updates live: a new hand-over appears without reload (Debian's Chromium).

A professional keeps the inbox list open, filtered to the team that gets advice hand-overs;
a young person in a second browser context chats through the widget to the ``vervolg``
decision point. The new hand-over appears in the list without a reload, the page title
starts with the number waiting, the polite status region announces it, a list filtered to
another team does not show it, and axe-core finds no WCAG 2.1 A/AA violation on the updated
list.
"""

from __future__ import annotations

import re

import httpx
import pytest

from bot.knowledge.teams import load_teams
from tests.browser.test_browser_chat_and_inbox import (
    TIMEOUT,
    axe_violations,
    login,
    open_widget_by_keyboard,
    press_button,
    say,
)
from tests.conftest import RunningServers

pytestmark = pytest.mark.servers


def test_a_new_hand_over_appears_in_the_open_list_without_reload(
    browser, servers: RunningServers, professionals
) -> None:
    from playwright.sync_api import expect

    team = load_teams().team_for("advies", "vervolg").key  # the routing in teams.yml
    other = next(key for key in load_teams().teams if key != team)

    staff = browser.new_context(viewport={"width": 1100, "height": 900})
    inbox = staff.new_page()
    login(inbox, servers, "anna")
    inbox.goto(f"{servers.web_url}/medewerker/?team={team}&status=open")
    inbox.get_by_role("heading", name="Open overdrachten").wait_for()
    before = int(inbox.locator("[data-waiting]").get_attribute("data-waiting") or "0")
    notice = inbox.locator("#lijst-melding")
    assert notice.get_attribute("role") == "status"
    assert notice.get_attribute("aria-live") == "polite"
    assert inbox.locator("audio, video").count() == 0  # no sound
    inbox.evaluate("window.__zonderHerladen = true")  # gone if the page reloads
    requests: list[str] = []
    inbox.on("request", lambda request: requests.append(request.url))
    inbox.wait_for_timeout(1000)  # let the page's live stream connect

    young = browser.new_context(viewport={"width": 1100, "height": 820})
    chat = young.new_page()
    chat.goto(f"{servers.web_url}/")
    open_widget_by_keyboard(chat)
    say(chat, "Hallo")
    say(chat, "ja, dat is goed")
    say(chat, "nee hoor, ze is ouder")
    say(chat, "ik ben mentor")
    say(
        chat, "ja, de jongere weet ervan en vindt het goed"
    )  # from 16: the young person knows and agrees
    press_button(chat, "Wat komt er na de opleiding")
    for answer in ("hij wil gewoon aan het werk", "een deel ervan denk ik", "ja", "ja zeker", "ja"):
        say(chat, answer)
    say(chat, "het uwv")
    press_button(chat, "Klopt, geef het door")  # the review before the hand-over
    expect(chat.locator(".advies-chat__status")).to_contain_text(
        "Een medewerker neemt het gesprek over"
    )
    conversation_id = chat.evaluate(
        "JSON.parse(sessionStorage.getItem('adviesChat')).conversationId"
    )
    handovers = httpx.get(
        f"{servers.web_url}/api/handovers", params={"status": "open"}, headers=servers.api_headers
    ).json()["handovers"]
    [case] = [h for h in handovers if h["conversation_id"] == conversation_id]
    assert case["decision_point"] == "vervolg" and case["team"] == team

    link = inbox.get_by_role("link", name=f"Overdracht {case['id']}", exact=True)
    expect(link).to_be_visible(timeout=TIMEOUT)  # arrived live
    assert inbox.evaluate("window.__zonderHerladen === true"), "the inbox page was reloaded"
    assert not [url for url in requests if re.search(r"/medewerker/(\?|$)", url)]
    assert any("/medewerker/lijst" in url for url in requests)
    waiting = int(inbox.locator("[data-waiting]").get_attribute("data-waiting") or "0")
    assert waiting >= before + 1
    expect(inbox).to_have_title(re.compile(rf"^\({waiting}\) Open overdrachten"))
    expect(notice).to_contain_text("nieuwe overdracht")
    assert (report := axe_violations(inbox)) == "", report

    elsewhere = staff.new_page()  # the same list filtered to another team
    elsewhere.goto(f"{servers.web_url}/medewerker/?team={other}")
    elsewhere.get_by_role("heading", name="Open overdrachten").wait_for()
    assert f"Overdracht {case['id']}" not in elsewhere.locator("main").inner_text()
    assert elsewhere.get_by_label("Team").input_value() == other
    young.close()
    staff.close()
