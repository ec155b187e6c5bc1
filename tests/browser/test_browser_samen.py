"""Samen's pages in a real browser (Debian's Chromium), checked with axe-core (WCAG 2.1 A/AA).

The case is set up as in the end-to-end test (widget relay and inbox forms over HTTP); then
the case owner's page, the partner's view of the case and the approved overdrachtsdocument
are opened in Chromium, checked, and photographed for the README.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import save_screenshot
from tests.browser.test_browser_chat_and_inbox import axe_violations
from tests.conftest import RunningServers
from tests.e2e.samen_client import (
    PASSWORD,
    Browser,
    make_accounts,
    reach_vervolg,
)

pytestmark = pytest.mark.servers


def login(page, servers: RunningServers, username: str) -> None:
    page.goto(f"{servers.web_url}/medewerker/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def approved_case(servers: RunningServers) -> tuple[str, str, str]:
    """A vervolg case with the UWV invited, consented, contributing; the document approved.

    Returns the owner's case path, the partner's case path and the document path.
    """
    make_accounts(servers, {"mentor-browser": "medewerker", "uwv-midden": "partner"})
    chat, handover = reach_vervolg(servers)
    mentor = Browser(servers, "mentor-browser")
    case = f"/medewerker/overdrachten/{handover['id']}"
    mentor.post(f"{case}/oppakken")
    mentor.post(f"{case}/partner", organisatie="uwv_midden")
    question = chat.live("Mag het UWV-kantoor meekijken?")
    chat.click("Ja, dat mag", {b["title"]: b["payload"] for b in question["buttons"]})
    page = mentor.get(case).text
    taker = re.search(r'<option value="(\d+)">het UWV-kantoor</option>', page)
    assert taker, page
    partner = Browser(servers, "uwv-midden")
    partner_case = f"/medewerker/partner/zaken/{taker.group(1)}"
    partner.post(
        f"{partner_case}/bijdrage",
        advies="Start met een jobcoach in de eerste drie maanden",
        aanbod="Een jobcoach en hulp bij het doelgroepregister",
        nodig="Het verslag van de stage",
    )
    mentor.post(
        f"{case}/besluit", besluit="Werk met een jobcoach via UWV", overnemer=taker.group(1)
    )
    drafted = chat.document()
    buttons = {b["title"]: b["payload"] for b in drafted["buttons"]}
    document = int(buttons["Ja, het klopt"].split(":")[2])
    chat.click("Ja, het klopt", buttons)
    return case, partner_case, f"/medewerker/partner/documenten/{document}"


def test_the_partner_view_and_the_document_pass_axe(browser, servers: RunningServers) -> None:
    case, partner_case, document = approved_case(servers)

    owner = browser.new_context(viewport={"width": 1100, "height": 1400})
    page = owner.new_page()
    login(page, servers, "mentor-browser")
    page.goto(f"{servers.web_url}{case}")
    page.get_by_role("heading", name="Samen met partners").wait_for()
    assert (report := axe_violations(page)) == "", report
    page.get_by_role("heading", name="Samen met partners").scroll_into_view_if_needed()
    save_screenshot(page, "samen-case-owner.png")
    owner.close()

    partner = browser.new_context(viewport={"width": 1000, "height": 1300})
    page = partner.new_page()
    login(page, servers, "uwv-midden")
    page.goto(f"{servers.web_url}/medewerker/partner/")
    page.get_by_role("heading", name="Zaken waarvoor je bent uitgenodigd").wait_for()
    assert (report := axe_violations(page)) == "", report
    page.goto(f"{servers.web_url}{partner_case}")
    page.get_by_role("heading", name="Bijdragen van iedereen").wait_for()
    assert page.get_by_text("Start met een jobcoach").count() >= 1
    assert (report := axe_violations(page)) == "", report
    save_screenshot(page, "samen-partner-case.png")

    page.goto(f"{servers.web_url}{document}")
    page.get_by_role("heading", name="Overdrachtsdocument").wait_for()
    assert page.get_by_role("heading", name="Wat werkt voor mij").count() == 1
    assert (report := axe_violations(page)) == "", report
    save_screenshot(page, "samen-overdrachtsdocument.png")
    # Print-ready: in print media the navigation is hidden.
    page.emulate_media(media="print")
    assert page.locator("nav").is_hidden()
    partner.close()
