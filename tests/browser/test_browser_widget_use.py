"""The chat widget as people use it: a phone, 200 % and 400 % zoom, a keyboard, a reload, erasure.

Each test drives the real widget against the running assistant in Debian's Chromium and measures
what a person would see: which part of the question is inside the viewport, whether the input can
be reached, what is left on screen and in the tab's storage. Zoom is emulated the way browsers zoom:
a 1280 px wide window at 200 % lays out a 640 px wide page (WCAG 1.4.4 and 1.4.10 reflow).
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from tests.browser.conftest import save_screenshot
from tests.browser.test_browser_chat_and_inbox import (
    TIMEOUT,
    axe_violations,
    last_bot_text,
    open_widget_by_keyboard,
    press_button,
    say,
)
from tests.conftest import RunningServers

pytestmark = pytest.mark.servers

PARTS = (
    ".advies-chat__head",
    ".advies-chat__log",
    ".advies-chat__status",
    ".advies-chat__quick",
    ".advies-chat__form",
)

# Where the newest assistant message is, against the log's visible area and the viewport.
QUESTION_IN_VIEW = """() => {
  const log = document.querySelector('.advies-chat__log');
  const bots = log.querySelectorAll('.advies-chat__msg--bot');
  const question = bots[bots.length - 1].getBoundingClientRect();
  const box = log.getBoundingClientRect();
  const line = parseFloat(getComputedStyle(log).lineHeight) || 24;
  return question.top >= box.top - 1 && question.top + line <= box.bottom + 1
    && question.top >= 0 && question.top + line <= window.innerHeight;
}"""

# An element is usable when its middle is inside the viewport and nothing else covers it.
USABLE = """selector => {
  const node = document.querySelector(selector);
  const box = node.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) return false;
  const hit = document.elementFromPoint(x, y);
  return hit === node || node.contains(hit);
}"""


def start_chat(browser: Any, servers: RunningServers, width: int, height: int) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{servers.web_url}/portaal")
    page.get_by_role("button", name="Chat met de assistent").click()
    return context, page


def reach_seven_buttons(page: Any) -> None:
    """The first question of the voorkant: seven buttons under a long question."""
    say(page, "Hallo")
    say(page, "ja, dat is goed")
    say(page, "nee hoor, ze is ouder")
    say(page, "ik ben mentor")
    say(
        page, "ja, de jongere weet ervan en vindt het goed"
    )  # from 16: the young person knows and agrees
    press_button(page, "Welke leerroute past")
    assert "Van welke school" in last_bot_text(page)
    assert page.locator(".advies-chat__choice").count() == 7


def boxes(page: Any) -> dict[str, dict[str, float]]:
    found = {}
    for selector in PARTS:
        part = page.locator(selector)
        if part.is_visible():
            found[selector] = part.bounding_box()
    return found


def assert_fits(page: Any, width: int, height: int) -> None:
    """Panel inside the viewport, its parts stacked without overlap, input and send usable."""
    panel = page.locator(".advies-chat__panel").bounding_box()
    assert panel["x"] >= 0 and panel["y"] >= 0, panel
    assert panel["x"] + panel["width"] <= width + 0.5, panel
    assert panel["y"] + panel["height"] <= height + 0.5, panel
    stacked = sorted(boxes(page).items(), key=lambda item: item[1]["y"])
    for (upper, a), (lower, b) in itertools.pairwise(stacked):
        assert a["y"] + a["height"] <= b["y"] + 0.5, (upper, a, lower, b)
    assert not page.get_by_role("button", name="Chat met de assistent").is_visible()
    for selector in ("#advies-chat-input", ".advies-chat__send", ".advies-chat__close"):
        assert page.evaluate(USABLE, selector), selector
    log = page.locator(".advies-chat__log").bounding_box()
    assert log["height"] >= 40, log  # room for at least the question's first line


def wait_for_question_in_view(page: Any) -> None:
    page.wait_for_function(QUESTION_IN_VIEW, timeout=5_000)


def test_the_question_stays_above_seven_buttons_on_a_phone(browser, servers) -> None:
    context, page = start_chat(browser, servers, 360, 740)
    reach_seven_buttons(page)
    wait_for_question_in_view(page)
    tray = page.get_by_role("group", name="Antwoordknoppen")
    form = page.locator(".advies-chat__form").bounding_box()
    tray_box = tray.bounding_box()
    log = page.locator(".advies-chat__log").bounding_box()
    assert tray_box["y"] >= log["y"] + log["height"] - 0.5
    assert tray_box["y"] + tray_box["height"] <= form["y"] + 0.5
    assert tray_box["height"] <= 740 * 0.35 + 1  # a tray with a maximum height
    assert_fits(page, 360, 740)
    last = tray.get_by_role("button").last  # the seventh button can be reached in the tray
    last.focus()
    assert page.evaluate(USABLE, ".advies-chat__choice:last-child")
    assert (report := axe_violations(page)) == "", report
    save_screenshot(page, "chat-phone-seven-buttons.png")
    context.close()


def test_after_a_reload_the_open_question_is_in_view(browser, servers) -> None:
    context, page = start_chat(browser, servers, 360, 740)
    reach_seven_buttons(page)
    page.reload()
    page.locator(".advies-chat__choice").first.wait_for()
    page.wait_for_timeout(500)  # the widget's stylesheet has loaded and nothing moves any more
    assert page.evaluate("document.querySelector('.advies-chat__log').scrollTop") > 0
    assert page.evaluate(QUESTION_IN_VIEW)
    save_screenshot(page, "chat-after-reload.png")
    context.close()


@pytest.mark.parametrize(
    ("zoom", "width", "height"),
    [(200, 640, 370), (400, 320, 256)],
    ids=["200-procent", "400-procent"],
)
def test_the_chat_can_be_used_when_zoomed(browser, servers, zoom, width, height) -> None:
    """1280×740 at 200 %, 1280×1024 at 400 % (320×256): everything reachable, nothing overlaps."""
    context, page = start_chat(browser, servers, width, height)
    say(page, "Hallo")
    wait_for_question_in_view(page)
    assert_fits(page, width, height)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    tray = page.locator(".advies-chat__quick").bounding_box()
    first = page.locator(".advies-chat__choice").first.bounding_box()
    assert first["y"] >= tray["y"] and first["y"] + first["height"] <= tray["y"] + tray["height"]
    press_button(page, "Ja, akkoord")
    wait_for_question_in_view(page)
    assert_fits(page, width, height)
    assert (report := axe_violations(page)) == "", report
    save_screenshot(page, f"chat-zoom-{zoom}.png")
    context.close()


@pytest.mark.parametrize(
    ("zoom", "width", "height"),
    [(200, 640, 370), (400, 320, 256)],
    ids=["200-procent", "400-procent"],
)
def test_the_whole_chat_works_with_the_keyboard_only(browser, servers, zoom, width, height) -> None:
    """Tab, Shift+Tab, Enter, Space and Escape only; every focused control visible and uncovered."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{servers.web_url}/portaal")
    open_widget_by_keyboard(page)
    focused_usable = """() => {
      const node = document.activeElement;
      const box = node.getBoundingClientRect();
      const x = box.left + box.width / 2, y = box.top + Math.min(box.height / 2, 12);
      if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
      const hit = document.elementFromPoint(x, y);
      return hit === node || node.contains(hit);
    }"""
    page.keyboard.type("Hallo")
    assert page.evaluate(focused_usable), "the input is covered or outside the viewport"
    page.keyboard.press("Enter")
    page.locator(".advies-chat__choice").first.wait_for(timeout=TIMEOUT)
    # From the input back into the button tray with Shift+Tab, then choose with Space.
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(focused_usable), page.evaluate("document.activeElement.outerHTML")
        if page.evaluate("document.activeElement.textContent") == "Ja, akkoord":
            break
    else:
        raise AssertionError("the button 'Ja, akkoord' cannot be reached with Shift+Tab")
    before = page.locator(".advies-chat__msg").count()
    page.keyboard.press("Space")
    page.wait_for_function(
        "n => document.querySelectorAll('.advies-chat__msg').length > n + 1",
        arg=before,
        timeout=TIMEOUT,
    )
    assert page.evaluate("document.activeElement.id") == "advies-chat-input"
    # Tab forward reaches "Verstuur", then leaves the panel; Escape closes it from anywhere inside.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Verstuur"
    assert page.evaluate(focused_usable)
    page.keyboard.press("Escape")
    launcher = page.get_by_role("button", name="Chat met de assistent")
    assert launcher.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.textContent") == "Chat met de assistent"
    assert page.evaluate(focused_usable)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "advies-chat-input"
    wait_for_question_in_view(page)
    save_screenshot(page, f"chat-keyboard-{zoom}.png")
    context.close()


def test_after_erasure_nothing_is_left_on_screen_or_in_storage(browser, servers) -> None:
    context, page = start_chat(browser, servers, 1100, 820)
    say(page, "Hallo")
    press_button(page, "Ja, akkoord")
    say(page, "Mijn naam is Sanne de Boer")
    say(page, "wis alles wat ik heb gezegd")
    assert page.get_by_role("button", name="Ja, wis alles").is_visible()
    page.get_by_role("button", name="Ja, wis alles").click()
    page.wait_for_function(
        "() => document.querySelectorAll('.advies-chat__msg--jongere').length === 0",
        timeout=TIMEOUT,
    )
    shown = page.locator(".advies-chat__log").inner_text()
    assert "Ik heb alles gewist" in shown
    assert "Sanne" not in shown and "akkoord" not in shown.lower()
    assert page.locator(".advies-chat__choice").count() == 0
    stored = json.loads(page.evaluate("sessionStorage.getItem('adviesChat') || '{}'"))
    assert not {"conversationId", "token", "lastEventId"} & stored.keys(), stored
    assert stored.get("messages", []) == [] and stored.get("buttons", []) == []
    assert "Sanne" not in page.evaluate("JSON.stringify(sessionStorage)")
    save_screenshot(page, "chat-after-erasure.png")
    page.reload()
    page.locator(".advies-chat__msg").first.wait_for()
    assert page.locator(".advies-chat__msg--jongere").count() == 0
    assert "Sanne" not in page.locator(".advies-chat__log").inner_text()
    say(page, "Hallo")  # a new conversation starts, with a new id
    assert json.loads(page.evaluate("sessionStorage.getItem('adviesChat')"))["conversationId"]
    context.close()
