"""The chat widget and the hand-over inbox in a real browser (Debian's Chromium).

A young person (with a mentor) chats through the widget, partly keyboard only, reaches the
``vervolg`` decision point; a professional in a second browser context logs in, takes the
case, replies (live in the widget), and records the decision; the assistant continues.
axe-core checks the pages for WCAG 2.1 A/AA violations.
"""

from __future__ import annotations

import httpx
import pytest

from bot.knowledge import load_knowledge
from tests.browser.conftest import PASSWORD, save_screenshot
from tests.conftest import RunningServers

pytestmark = pytest.mark.servers

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT = 60_000
XSS = "<script>alert(1)</script> en <img src=x onerror=alert(1)>"


def axe_violations(page) -> str:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return results.generate_report() if results.violations_count else ""


def open_widget_by_keyboard(page) -> None:
    launcher = page.get_by_role("button", name="Chat met de assistent")
    for _ in range(20):  # Tab through the page until the launcher has the focus
        page.keyboard.press("Tab")
        if launcher.evaluate("node => node === document.activeElement"):
            break
    else:
        raise AssertionError("the launcher cannot be reached with Tab")
    page.keyboard.press("Enter")
    # While the panel is open the launcher is hidden (it covered the input when zoomed).
    assert page.locator(".advies-chat__launcher").get_attribute("aria-expanded") == "true"
    assert not launcher.is_visible()
    assert page.evaluate("document.activeElement.id") == "advies-chat-input"


def say(page, text: str) -> None:
    """Type and send with the keyboard, then wait until the answer has arrived."""
    before = page.locator(".advies-chat__msg").count()
    page.locator("#advies-chat-input").focus()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('.advies-chat__msg').length > n "
        "&& !document.querySelector('.advies-chat__send').disabled",
        arg=before,
        timeout=TIMEOUT,
    )


def press_button(page, title: str) -> None:
    """Choose a quick reply with the keyboard (focus + Enter)."""
    before = page.locator(".advies-chat__msg").count()
    button = page.get_by_role("group", name="Antwoordknoppen").get_by_role("button", name=title)
    assert button.get_attribute("type") == "button"
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('.advies-chat__msg').length > n + 1 "
        "&& !document.querySelector('.advies-chat__send').disabled",
        arg=before,
        timeout=TIMEOUT,
    )


def last_bot_text(page) -> str:
    return page.locator(".advies-chat__msg--bot").last.inner_text()


def login(page, servers: RunningServers, username: str) -> None:
    page.goto(f"{servers.web_url}/medewerker/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Open overdrachten").wait_for()


def test_chat_hand_over_reply_and_decision(browser, servers: RunningServers, professionals) -> None:
    from playwright.sync_api import expect

    dialogs: list[str] = []
    young = browser.new_context(viewport={"width": 1100, "height": 820})
    chat = young.new_page()
    chat.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    chat.goto(f"{servers.web_url}/")
    assert chat.locator("html").get_attribute("lang") == "nl"
    open_widget_by_keyboard(chat)
    log = chat.get_by_role("log", name="Berichten")
    assert log.get_attribute("aria-live") == "polite"
    status = chat.locator(".advies-chat__status")
    assert status.get_attribute("role") == "status"

    say(chat, "Hallo")
    assert "akkoord" in last_bot_text(chat).lower()
    say(chat, "ja, dat is goed")
    say(chat, "nee hoor, ze is ouder")
    say(chat, "ik ben mentor")
    say(
        chat, "ja, de jongere weet ervan en vindt het goed"
    )  # from 16: the young person knows and agrees
    expect(log).to_contain_text("Waar wil je mee beginnen?")
    assert (report := axe_violations(chat)) == "", report  # widget open, quick replies shown
    press_button(chat, "Wat komt er na de opleiding")
    for answer in ("hij wil gewoon aan het werk", "een deel ervan denk ik", "ja", "ja zeker", "ja"):
        say(chat, answer)
    say(chat, "het uwv")
    # Before the hand-over: the lines that will be passed on, each with a button to change.
    expect(log).to_contain_text("Dit geef ik door aan de medewerker:")
    assert (report := axe_violations(chat)) == "", report
    press_button(chat, "Klopt, geef het door")
    expect(status).to_contain_text("Een medewerker neemt het gesprek over")
    say(chat, XSS)  # paused: kept for the professional, shown here as text
    expect(log).to_contain_text(XSS)
    assert chat.locator(".advies-chat__log img, .advies-chat__log script").count() == 0
    conversation_id = chat.evaluate(
        "JSON.parse(sessionStorage.getItem('adviesChat')).conversationId"
    )
    assert conversation_id.startswith("web-")

    handovers = httpx.get(
        f"{servers.web_url}/api/handovers", params={"status": "open"}, headers=servers.api_headers
    ).json()["handovers"]
    [case] = [h for h in handovers if h["conversation_id"] == conversation_id]
    assert case["decision_point"] == "vervolg"

    # A professional in a second browser context; a colleague opens the same case.
    staff = browser.new_context(viewport={"width": 1100, "height": 1400})
    inbox = staff.new_page()
    inbox.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(inbox, servers, "anna")
    assert (report := axe_violations(inbox)) == "", report
    colleague_context = browser.new_context()
    colleague = colleague_context.new_page()
    login(colleague, servers, "bram")
    colleague.goto(f"{servers.web_url}/medewerker/overdrachten/{case['id']}")

    inbox.get_by_role("link", name=f"Overdracht {case['id']}").click()
    inbox.get_by_role("heading", name="Gesprek").wait_for()
    transcript = inbox.get_by_role("log", name="Gesprek")
    expect(transcript).to_contain_text(XSS)
    assert inbox.locator("#gesprek img, #gesprek script").count() == 0
    expect(inbox.locator("body")).to_contain_text("wat is het best passende vervolg")
    inbox.get_by_role("button", name="Overdracht oppakken").click()
    expect(inbox.get_by_role("status")).to_contain_text("Je hebt deze overdracht opgepakt")
    expect(status).to_contain_text("Een medewerker is er nu voor je")

    colleague.get_by_role("button", name="Overdracht oppakken").click()
    expect(colleague.get_by_role("alert")).to_contain_text("al opgepakt")
    colleague_context.close()

    # The professional corrects an answer: the summary shows the new value and who did it.
    expect(inbox.locator(".summary")).to_contain_text("Nagekeken")
    nazorg = load_knowledge().questions["nazorg_nodig"].label
    inbox.get_by_label("Vraag", exact=True).select_option(label=nazorg)
    inbox.get_by_label("Nieuw antwoord").fill("nee")
    inbox.get_by_role("button", name="Antwoord opslaan").click()
    expect(inbox.get_by_role("status")).to_contain_text("Het antwoord is aangepast")
    expect(inbox.locator(".summary")).to_contain_text("gecorrigeerd door anna")
    assert (report := axe_violations(inbox)) == "", report

    inbox.get_by_label("Je bericht").fill("Hoi, ik ben Anna. Ik kijk even mee.")
    inbox.get_by_role("button", name="Bericht versturen").click()
    professional_line = chat.locator(".advies-chat__msg--professional")
    expect(professional_line).to_contain_text("Medewerker: Hoi, ik ben Anna. Ik kijk even mee.")
    assert (report := axe_violations(inbox)) == "", report
    assert (report := axe_violations(chat)) == "", report
    save_screenshot(chat, "chat-page.png")
    save_screenshot(inbox, "inbox-case.png")

    inbox.get_by_label("Besluit", exact=True).fill("Werk met een jobcoach via UWV")
    inbox.get_by_label("Notitie (mag leeg blijven)").fill("Warme overdracht in juni")
    inbox.get_by_role("button", name="Besluit opslaan en assistent laten verdergaan").click()
    expect(inbox.get_by_role("status")).to_contain_text("Het besluit is opgeslagen")
    expect(status).to_contain_text("De assistent is er weer")
    expect(log).to_contain_text("klaar met de vragen")
    inbox.goto(f"{servers.web_url}/medewerker/")
    assert f"Overdracht {case['id']}" not in inbox.locator("main").inner_text()
    assert dialogs == []
    staff.close()
    young.close()


def test_reload_keeps_the_conversation_in_the_same_tab_only(browser, servers) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{servers.web_url}/portaal")
    page.get_by_role("button", name="Chat met de assistent").click()
    say(page, "Hallo")
    conversation = page.evaluate("JSON.parse(sessionStorage.getItem('adviesChat')).conversationId")
    shown = page.locator(".advies-chat__log").inner_text()
    page.reload()
    assert page.locator(".advies-chat__launcher").get_attribute("aria-expanded") == "true"
    assert page.locator(".advies-chat__panel").is_visible()
    assert page.locator(".advies-chat__log").inner_text() == shown
    assert (
        page.evaluate("JSON.parse(sessionStorage.getItem('adviesChat')).conversationId")
        == conversation
    )
    assert page.evaluate("localStorage.length") == 0
    assert [c for c in context.cookies() if "medewerker" not in c["name"]] == []
    page.close()
    fresh = context.new_page()  # a new tab: nothing of the old conversation
    fresh.goto(f"{servers.web_url}/portaal")
    assert fresh.evaluate("JSON.parse(sessionStorage.getItem('adviesChat')).conversationId") is None
    assert fresh.locator(".advies-chat__msg--jongere").count() == 0
    context.close()


def test_the_widget_works_at_320_pixels(browser, servers) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{servers.web_url}/")
    page.get_by_role("button", name="Chat met de assistent").click()
    say(page, "Hallo")
    for selector in (".advies-chat__panel", "#advies-chat-input", ".advies-chat__send"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, (selector, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.keyboard.press("Escape")
    assert (
        page.get_by_role("button", name="Chat met de assistent").get_attribute("aria-expanded")
        == "false"
    )
    context.close()
