"""In Chromium: the widget says under its header and in its first messages that a computer
program answers and a person decides, and links the page "Hoe werkt deze assistent?"."""

from __future__ import annotations

import pytest

from tests.browser.test_browser_chat_and_inbox import axe_violations, last_bot_text, say
from tests.conftest import RunningServers

pytestmark = pytest.mark.servers

PROGRAM = "computerprogramma, geen mens"


def test_the_widget_and_its_first_message_say_it_is_a_program(
    browser, servers: RunningServers
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1100, "height": 820})
    page = context.new_page()
    page.goto(f"{servers.web_url}/")
    page.get_by_role("button", name="Chat met de assistent").click()
    panel = page.get_by_role("region", name="Adviesassistent")
    note = page.locator("#advies-chat-wie")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Dit is een computerprogramma, geen mens")
    expect(note).to_contain_text("Een mens van school beslist")
    assert panel.get_attribute("aria-describedby") == "advies-chat-wie"
    link = note.get_by_role("link", name="Hoe werkt deze assistent?")
    assert link.get_attribute("href") == f"{servers.web_url}/hoe-werkt-het"
    assert PROGRAM in last_bot_text(page)  # the widget's own greeting
    say(page, "Hallo")
    answers = page.locator(".advies-chat__msg--bot").all_inner_texts()[1:]  # the assistant's
    first = next(text for text in answers if "Ik ben de assistent" in text)
    assert PROGRAM in first and "Een mens van school beslist" in first

    explained = context.new_page()
    explained.goto(link.get_attribute("href") or "")
    expect(explained.get_by_role("heading", level=1)).to_have_text("Hoe werkt deze assistent?")
    expect(explained.locator("main")).to_contain_text("Deze assistent is een computerprogramma")
    assert (report := axe_violations(explained)) == "", report
    context.close()
