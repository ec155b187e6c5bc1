"""The transcript is the conversation, on the case page and on the inzage page (one renderer).

An applicant (pre-intake) chats through the widget's relay; the professional then reads the
conversation in Chromium. The assistant's own words stand as they were said, also where a line
holds a date the masker would hide ("voor 1 april 2027") or quotes the user's words back (the
review before the hand-over); what the user typed is masked (the phone number); button answers
read as the button's title; the hand-over is an event, never the user's words.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import save_screenshot
from tests.browser.test_browser_chat_and_inbox import axe_violations, login
from tests.browser.test_browser_inbox_use import open_case
from tests.conftest import RunningServers
from tests.e2e.samen_client import WidgetChat

pytestmark = pytest.mark.servers

PHONE = "0612345678"
FACTS = (
    ("ouder of verzorger", "ja"),
    ("Is dat goed\\?", "ja prima"),
    ("jonger dan 16", "nee ik ben 21"),
    ("Wie heeft je naar ons gestuurd", "niemand, ik kom zelf"),
    ("Hoe heet die organisatie", "weet ik niet"),
    ("met hen praten", "nee"),
    ("Hoe oud ben je", "21"),
    ("Op welke school zat je", "ik zit nu niet op school"),
    ("Heb je een diploma", "nee"),
    ("Wat wil je graag leren", "iets met computers, ict ofzo"),
    ("Heb je extra hulp nodig", "nee"),
    ("Hoe kan het intaketeam je bereiken", f"bel me maar op {PHONE}"),
)


def pre_intake_to_hand_over(servers: RunningServers) -> WidgetChat:
    """A pre-intake through the relay; "al aangemeld?" answered with its button."""
    chat = WidgetChat(servers)
    chat.say("wil me aanmelden voor een opleiding")
    for _ in range(40):
        if chat.handover:
            return chat
        said = chat.text()
        if "Dit geef ik door aan de medewerker:" in said:
            chat.click("Klopt, geef het door")
            continue
        if "voor 1 april" in said and "Nog niet" in chat.buttons():
            chat.click("Nog niet")
            continue
        answer = next((a for pattern, a in FACTS if re.search(pattern, said)), None)
        assert answer is not None, f"no answer for:\n{said}"
        chat.say(answer)
    raise AssertionError("no hand-over after 40 turns")


def test_the_transcript_shows_the_assistants_words_as_said(browser, servers, professionals):
    chat = pre_intake_to_hand_over(servers)
    assert chat.handover is not None

    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    login(page, servers, "anna")
    case = open_case(servers, str(chat.conversation_id))
    page.get_by_role("link", name=f"Overdracht {case['id']}", exact=True).click()
    page.get_by_role("heading", name="Gesprek").wait_for()
    transcript = page.locator("#gesprek-regels")
    bot = " ".join(transcript.locator(".line--bot").all_inner_texts())
    assert re.search(r"Wie zich voor 1 april \d{4} aanmeldt", bot), bot
    assert "[datum]" not in bot and "[naam]" not in bot, bot
    user = " ".join(transcript.locator(".line--jongere").all_inner_texts())
    assert PHONE not in user and "bel me maar op" in user  # what the user typed: masked
    assert "Nog niet" in user and "(gekozen met een knop)" in user
    assert "EXTERNAL" not in transcript.inner_text()
    assert transcript.locator(".line--gebeurtenis").count() >= 1
    case_lines = transcript.locator(".line").all_inner_texts()
    page.locator("#gesprek .line--gebeurtenis").first.scroll_into_view_if_needed()
    assert (report := axe_violations(page)) == "", report
    save_screenshot(page, "inbox-transcript.png")

    page.get_by_role("link", name="Inzage: alles wat over dit gesprek is bewaard").click()
    page.get_by_role("heading", name="Het gesprek", exact=True).wait_for()
    inzage = page.locator("#kop-gesprek + ol")
    shown = " ".join(inzage.locator(".line--bot").all_inner_texts())
    assert re.search(r"Wie zich voor 1 april \d{4} aanmeldt", shown), shown
    assert "[datum]" not in shown and PHONE not in inzage.inner_text()
    # One renderer: the same lines, in the same words and classes, as on the case page.
    assert inzage.locator(".line").all_inner_texts() == case_lines
    assert (report := axe_violations(page)) == "", report
    context.close()
