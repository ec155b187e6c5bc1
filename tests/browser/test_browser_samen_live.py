"""A partner's contribution appears on the open case page without a reload (Debian's Chromium).

The case owner keeps the hand-over page open; a partner (over HTTP, as the partner pages do)
adds a contribution. The owner's page shows it live, announces it politely, keeps what the
owner was typing, and then the overdrachtsdocument names every decision in words.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.conftest import save_screenshot
from tests.browser.test_browser_chat_and_inbox import TIMEOUT, axe_violations
from tests.browser.test_browser_samen import login
from tests.browser.test_browser_widget_use import QUESTION_IN_VIEW
from tests.conftest import RunningServers
from tests.e2e.samen_client import Browser, make_accounts, reach_vervolg

pytestmark = pytest.mark.servers


def test_a_contribution_appears_live_and_the_document_names_each_decision(
    browser, servers: RunningServers
) -> None:
    from playwright.sync_api import expect

    make_accounts(servers, {"mentor-live": "medewerker", "uwv-midden": "partner"})
    chat, handover = reach_vervolg(servers)
    mentor = Browser(servers, "mentor-live")
    case = f"/medewerker/overdrachten/{handover['id']}"
    mentor.post(f"{case}/oppakken")
    mentor.post(f"{case}/partner", organisatie="uwv_midden")
    question = chat.live("Mag het UWV-kantoor meekijken?")
    chat.click("Ja, dat mag", {b["title"]: b["payload"] for b in question["buttons"]})

    context = browser.new_context(viewport={"width": 1100, "height": 1000})
    page = context.new_page()
    login(page, servers, "mentor-live")
    page.goto(f"{servers.web_url}{case}")
    page.get_by_role("heading", name="Samen met partners").wait_for()
    section = page.locator("section").filter(
        has=page.get_by_role("heading", name="Samen met partners")
    )
    expect(section).to_contain_text("Nog geen bijdragen")
    page.evaluate("window.__zonderHerladen = true")
    page.get_by_label("Je bericht").fill("half getypt")
    page.wait_for_timeout(1000)  # the page's live stream is connected

    taker = re.search(r'<option value="(\d+)">het UWV-kantoor</option>', mentor.get(case).text)
    assert taker
    partner = Browser(servers, "uwv-midden")
    partner.post(
        f"/medewerker/partner/zaken/{taker.group(1)}/bijdrage",
        advies="Start met een jobcoach in de eerste drie maanden",
        aanbod="",
        nodig="",
    )
    expect(section).to_contain_text("Start met een jobcoach", timeout=TIMEOUT)
    expect(page.locator("#samen-melding")).to_contain_text("nieuwe bijdrage")
    assert page.evaluate("window.__zonderHerladen === true"), "the page was reloaded"
    assert page.get_by_label("Je bericht").input_value() == "half getypt"
    assert (report := axe_violations(page)) == "", report

    # The young person has the widget open in a browser (this tab's conversation).
    young = browser.new_context(viewport={"width": 360, "height": 740})
    young.add_init_script(
        "sessionStorage.getItem('adviesChat') || sessionStorage.setItem('adviesChat', "
        + json.dumps(
            json.dumps({"conversationId": chat.conversation_id, "token": chat.token, "open": True})
        )
        + ")"
    )
    widget = young.new_page()
    widget.goto(f"{servers.web_url}/portaal")
    widget.locator(".advies-chat__log").wait_for()
    widget.wait_for_timeout(1000)  # the widget's live stream is connected

    mentor.post(
        f"{case}/besluit",
        besluit="Werk met een jobcoach via UWV",
        notitie="Warme overdracht in juni",
        overnemer=taker.group(1),
    )
    drafted = chat.document()
    text = drafted["text"]
    assert "Besluit over wat is het best passende vervolg" in text, text
    assert "Notitie bij het besluit over" in text
    assert "De jongere kan" not in text and "Besluit bij vervolg" not in text
    # The end in the widget: the document in short parts, each a message with its heading,
    # then "Klopt alles?" in view; the feedback question keeps its buttons beside the document's.
    tray = widget.get_by_role("group", name="Antwoordknoppen")
    expect(tray.get_by_role("button", name="Ja, het klopt")).to_be_visible(timeout=TIMEOUT)
    for title in ("Een beetje", "Sla over", "Ik wil iets veranderen"):
        expect(tray.get_by_role("button", name=title)).to_have_count(1)
    shown = widget.locator(".advies-chat__msg--bot .advies-chat__text").all_inner_texts()
    start = max(i for i, t in enumerate(shown) if "Er is een overdrachtsdocument" in t)
    parts = shown[start + 1 : -1]
    assert "Klopt alles?" in shown[-1]
    assert [part.split("\n", 1)[0] for part in parts] == [
        "Over de jongere",
        "Route en niveau",
        "Wat werkt voor mij",
        "Afspraken: wie doet wat",
        "Wie het overneemt",
        "Wat ik wil dat je weet",
    ]
    assert all(len(part) <= 500 for part in parts), [len(part) for part in parts]
    for key in ("mbo_diploma", "EXTERNAL", "niveau_", "gekozen_route", "Label:"):
        assert key not in "".join(parts), key
    assert "Heeft dit gesprek je geholpen?" in "".join(shown[:start])
    widget.wait_for_function(QUESTION_IN_VIEW, timeout=5_000)
    assert (report := axe_violations(widget)) == "", report
    save_screenshot(widget, "chat-end-document-parts.png")
    young.close()
    context.close()
