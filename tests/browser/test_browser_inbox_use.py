"""The inbox as a busy professional uses it, in Debian's Chromium.

Two young people reach the same decision point; the list must tell them apart. The professional
takes one with the keyboard and lands on the reply field; colleagues appear by name; the wait
is only shown while a case waits; a route decision reads in Dutch; the transcript on the case
and on the inzage page shows button answers as chosen and the decision as an event. The pages
do not scroll sideways at 320 px, and the form controls are at least 16 px.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.browser.conftest import save_screenshot
from tests.browser.test_browser_chat_and_inbox import axe_violations, login
from tests.conftest import RunningServers

pytestmark = pytest.mark.servers

VERVOLG = '/informeren{"waarde": "vervolg"}'
YOUNG_OK = (
    "ja, de jongere weet ervan en vindt het goed"  # from 16: the young person knows and agrees
)
REVIEW_OK = "/bevestigen"  # "Klopt, geef het door": the review before the hand-over


def chat(servers: RunningServers, turns: list[str]) -> str:
    """A conversation through the widget's own endpoint; a turn starting with / is a button."""
    state: dict[str, Any] = {}
    with httpx.Client(base_url=servers.web_url, timeout=60) as client:
        for turn in turns:
            body: dict[str, Any] = {"payload": turn} if turn.startswith("/") else {"text": turn}
            if state:
                body.update(conversation_id=state["conversation_id"], token=state["token"])
            answer = client.post("/chat/api/message", json=body)
            assert answer.status_code == 200, answer.text
            data = answer.json()
            state = {"conversation_id": data["conversation_id"], "token": data["token"]}
    return str(state["conversation_id"])


def open_case(servers: RunningServers, conversation_id: str) -> dict[str, Any]:
    handovers = httpx.get(
        f"{servers.web_url}/api/handovers", headers=servers.api_headers, timeout=30
    ).json()["handovers"]
    [case] = [h for h in handovers if h["conversation_id"] == conversation_id]
    return dict(case)


def no_sideways_scroll(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.evaluate(
        """() => [...document.querySelectorAll('body *')]
             .filter(n => n.getBoundingClientRect().right > innerWidth + 0.5)
             .slice(0, 5).map(n => n.tagName + '.' + n.className)"""
    )


def test_the_inbox_flow_for_a_busy_professional(browser, servers, professionals) -> None:
    start = [
        "Hallo",
        "ja, dat is goed",
        "nee hoor, ze is ouder",
        "ik ben mentor",
        YOUNG_OK,
        VERVOLG,
    ]
    work = ["hij wil gewoon aan het werk", "een deel ervan", "ja zeker", "ja", "het uwv"]
    first = chat(servers, [*start, *work, REVIEW_OK])
    second = chat(
        servers, [*start, "ze wil verder leren", "nee", "nee", "nee", "weet ik niet", REVIEW_OK]
    )
    one, two = open_case(servers, first), open_case(servers, second)
    assert one["decision_point"] == two["decision_point"] == "vervolg"

    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    login(page, servers, "anna")
    rows = {
        case["id"]: page.get_by_role("row").filter(
            has=page.get_by_role("link", name=f"Overdracht {case['id']}", exact=True)
        )
        for case in (one, two)
    }
    about = {key: row.locator("td.over").inner_text().strip() for key, row in rows.items()}
    assert all(about.values()) and about[one["id"]] != about[two["id"]], about
    assert "nog geen antwoorden" not in about.values()
    select = page.get_by_label("Team")
    assert float(select.evaluate("n => getComputedStyle(n).fontSize")[:-2]) >= 16
    save_screenshot(page, "inbox-list-rows.png")

    # Keyboard only: Tab to the case's link, Enter, Tab to "Overdracht oppakken", Enter.
    link = page.get_by_role("link", name=f"Overdracht {one['id']}", exact=True)
    for _ in range(40):
        page.keyboard.press("Tab")
        if link.evaluate("node => node === document.activeElement"):
            break
    else:
        raise AssertionError("the case's link cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Gesprek").wait_for()
    take = page.get_by_role("button", name="Overdracht oppakken")
    for _ in range(80):
        page.keyboard.press("Tab")
        if take.evaluate("node => node === document.activeElement"):
            break
    else:
        raise AssertionError("'Overdracht oppakken' cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Je hebt deze overdracht opgepakt").wait_for()
    assert page.evaluate("document.activeElement.id") == "bericht"  # the next control
    box = page.locator("#bericht").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 900  # in view, not 3,000 px down
    facts = page.locator(".facts").inner_text()
    assert "Anna de Vries" in facts and "(anna)" not in facts  # a name, not a login
    assert "wacht " not in facts  # taken: it no longer waits
    save_screenshot(page, "inbox-after-taking.png")

    page.keyboard.type("Hoi, ik ben Anna.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Je bericht is verstuurd").wait_for()
    assert page.evaluate("document.activeElement.id") == "bericht"

    field = page.get_by_label("Besluit", exact=True)
    hint = page.locator("#" + str(field.get_attribute("aria-describedby")))
    assert len(hint.inner_text().strip()) > 20  # a free decision field says what to write
    field.fill("Werk met een jobcoach via UWV")
    page.get_by_role("button", name="Besluit opslaan en assistent laten verdergaan").click()
    page.get_by_role("status").filter(has_text="Het besluit is opgeslagen").wait_for()
    assert page.evaluate("document.activeElement.id") == "melding"
    facts = page.locator(".facts").inner_text()
    assert "Wachttijd" not in facts and "wacht " not in facts  # closed: no wait any more

    # The transcript: button answers as chosen, the decision as an event, no system words.
    page.reload()
    transcript = page.get_by_role("log", name="Gesprek")
    text = transcript.inner_text()
    assert "Wat komt er na de opleiding" in text  # the button's title, as the user chose it
    assert "EXTERNAL" not in text and "/informeren" not in text
    events = page.locator("#gesprek .line--gebeurtenis")
    assert events.count() >= 2
    assert "besluit" in " ".join(events.all_inner_texts()).lower()
    for line in page.locator("#gesprek .line--bot").all_inner_texts():
        assert "[naam]" not in line, line
    assert (report := axe_violations(page)) == "", report
    save_screenshot(page, "inbox-transcript-events.png")

    inzage = page.get_by_role("link", name="Inzage: alles wat over dit gesprek is bewaard")
    inzage.click()
    page.get_by_role("heading", name="Het gesprek", exact=True).wait_for()
    lines = page.locator("#kop-gesprek + ol .line")
    assert lines.count() > 5
    assert page.locator("#kop-gesprek + ol .line--gebeurtenis").count() >= 2
    shown = page.locator("#kop-gesprek + ol").inner_text()
    assert "EXTERNAL" not in shown and "Wat komt er na de opleiding" in shown
    assert (report := axe_violations(page)) == "", report
    context.close()


def test_the_inbox_pages_do_not_scroll_sideways_at_320_pixels(
    browser, servers, professionals
) -> None:
    start = [
        "Hallo",
        "ja, dat is goed",
        "nee hoor, ze is ouder",
        "ik ben mentor",
        YOUNG_OK,
        VERVOLG,
    ]
    turns = [*start, "werken", "nee", "nee", "nee", "het uwv", REVIEW_OK]
    case = open_case(servers, chat(servers, turns))
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    login(page, servers, "bram")
    no_sideways_scroll(page, 320)
    save_screenshot(page, "inbox-320.png")
    page.goto(f"{servers.web_url}/medewerker/overdrachten/{case['id']}")
    page.get_by_role("heading", name="Gesprek").wait_for()
    no_sideways_scroll(page, 320)
    page.get_by_role("button", name="Overdracht oppakken").click()
    page.get_by_role("status").filter(has_text="opgepakt").wait_for()
    no_sideways_scroll(page, 320)
    for control in page.locator("main input:not([type=hidden]), main select, main textarea").all():
        size = float(control.evaluate("n => getComputedStyle(n).fontSize")[:-2])
        assert size >= 16, (control.evaluate("n => n.outerHTML"), size)
    assert (report := axe_violations(page)) == "", report
    context.close()


def test_the_beheerder_reloads_the_partner_directory_from_the_inbox(browser, servers) -> None:
    import os
    import subprocess
    import sys

    from tests.browser.conftest import PASSWORD
    from tests.conftest import PROJECT_ROOT

    subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.accounts",
            "create",
            "kees",
            "--name",
            "Kees Bakker",
            "--beheerder",
            "--password-stdin",
        ],
        input=f"{PASSWORD}\n",
        text=True,
        env={**os.environ, "DATABASE_URL": servers.database_url},
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(f"{servers.web_url}/medewerker/")
    page.get_by_label("Gebruikersnaam").fill("kees")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Partners in de regio").click()
    page.get_by_role("heading", name="Partners in de regio").wait_for()
    title = page.title()
    assert "<" not in title and "csrf" not in title.lower(), title
    assert title.startswith("Partners in de regio")
    assert "python" not in page.locator("main").inner_text().lower()
    assert page.get_by_role("row").count() > 1
    page.get_by_role("button", name="Lijst opnieuw laden").click()
    page.get_by_role("status").filter(has_text="De lijst is opnieuw geladen").wait_for()
    assert (report := axe_violations(page)) == "", report
    save_screenshot(page, "partner-directory.png")
    context.close()


def test_a_label_the_professional_sets_tells_the_rows_apart(
    browser, servers, professionals
) -> None:
    """Two young people with the same first answers: a label of initials and school tells them
    apart in the list; after saving, the page stays at the case with the focus on the notice."""
    start = [
        "Hallo",
        "ja, dat is goed",
        "nee hoor, ze is ouder",
        "ik ben mentor",
        YOUNG_OK,
        VERVOLG,
    ]
    turns = [*start, "werken", "nee", "nee", "nee", "het uwv", REVIEW_OK]
    one, two = (open_case(servers, chat(servers, turns)) for _ in range(2))
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    login(page, servers, "bram")

    def over(case: dict[str, Any]) -> str:
        row = page.get_by_role("row").filter(
            has=page.get_by_role("link", name=f"Overdracht {case['id']}", exact=True)
        )
        return str(row.locator("td.over").inner_text().strip())

    assert over(one) == over(two)  # the same answers: the first facts cannot tell them apart
    for case, label in ((one, "SdB, Da Vinci"), (two, "MK, Regio College")):
        page.goto(f"{servers.web_url}/medewerker/overdrachten/{case['id']}")
        field = page.get_by_label("Label in de lijst")
        assert field.get_attribute("aria-describedby") == "label-hint"
        field.focus()
        page.keyboard.type(label)
        page.keyboard.press("Enter")  # the form's own button, with the keyboard
        page.get_by_role("status").filter(has_text="Het label is opgeslagen").wait_for()
        assert page.evaluate("document.activeElement.id") == "label-melding"
        box = page.locator("#label").bounding_box()
        assert 0 <= box["y"] <= 900 - box["height"]  # still at the case, not at the page's end
        assert page.locator(".facts").inner_text().count(label) == 1
    page.get_by_role("link", name="Terug naar de overdrachten").click()
    page.get_by_role("heading", name="Open overdrachten").wait_for()
    assert (over(one), over(two)) == ("SdB, Da Vinci", "MK, Regio College")
    assert (report := axe_violations(page)) == "", report
    page.get_by_role("row").filter(has_text="SdB, Da Vinci").scroll_into_view_if_needed()
    save_screenshot(page, "inbox-list-labels.png")
    context.close()
