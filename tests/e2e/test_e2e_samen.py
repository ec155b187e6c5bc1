"""Samen end to end (issue 15): partners join with consent; the overdrachtsdocument is approved.

Against the three running processes: the young person uses the widget's relay and live
stream, professionals the inbox's HTML forms, the partner accounts their own pages.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.conftest import RunningServers
from tests.e2e.samen_client import (
    Browser,
    WidgetChat,
    make_accounts,
    open_handover,
    reach_vervolg,
    start,
)

pytestmark = pytest.mark.servers

ACCOUNTS = {"mentor-samen": "medewerker", "gemeente-rmc": "partner", "uwv-midden": "partner"}


@pytest.fixture(scope="module")
def people(servers: RunningServers) -> None:
    make_accounts(servers, ACCOUNTS)


def invitation_for(page: str, organisation_name: str) -> int:
    match = re.search(rf'<option value="(\d+)">{re.escape(organisation_name)}</option>', page)
    assert match, f"no consented invitation for {organisation_name}"
    return int(match.group(1))


def test_the_gemeente_joins_with_consent_and_loses_access_when_it_is_withdrawn(
    servers: RunningServers, people: None
) -> None:
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
    chat.confirm_review()
    assert chat.handover is not None  # paused at leerroute
    handover = open_handover(servers, chat.conversation_id or "")
    assert handover["decision_point"] == "leerroute"
    chat.send(text="Hallo? Is daar iemand?")  # kept for the professional, never for partners

    mentor = Browser(servers, "mentor-samen")
    case = f"/medewerker/overdrachten/{handover['id']}"
    mentor.post(f"{case}/oppakken")
    mentor.post(f"{case}/partner", organisatie="gemeente_leerplicht")

    question = chat.live("Mag het leerplicht- en RMC-team van de gemeente meekijken?")
    assert "Niet dit gesprek zelf" in question["text"] and "omdat" in question["text"]
    buttons = {b["title"]: b["payload"] for b in question["buttons"]}
    assert "mag nu meekijken" in chat.click("Ja, dat mag", buttons)
    assert chat.handover is not None  # still paused: the consent did not wake the assistant

    gemeente = Browser(servers, "gemeente-rmc")
    listed = gemeente.get("/medewerker/partner/").text
    link = re.search(r'href="(/medewerker/partner/zaken/\d+)"', listed)
    assert link, listed
    page = gemeente.get(link.group(1))
    assert page.status_code == 200
    assert "Leeftijd" in page.text and "Samenvatting" in page.text and "omdat" in page.text
    assert "Is daar iemand" not in page.text  # never the transcript
    gemeente.post(
        f"{link.group(1)}/bijdrage",
        advies="Meld haar aan bij het RMC-traject",
        aanbod="Een vast contactpersoon",
        nodig="De planning van de school",
    )
    assert "RMC-traject" in gemeente.get(link.group(1)).text
    assert "RMC-traject" in mentor.get(case).text  # the case owner sees the contribution

    uwv = Browser(servers, "uwv-midden")
    assert uwv.get(link.group(1)).status_code == 403  # not invited

    said = chat.say("ik wil niet meer dat de gemeente meekijkt")
    assert "niet meer meekijken" in said
    assert gemeente.get(link.group(1)).status_code == 403  # at once
    assert link.group(1) not in gemeente.get("/medewerker/partner/").text

    mentor.post(f"{case}/besluit", besluit="praktijkverklaring", volgt_advies="gemeente_leerplicht")
    decided = mentor.get(case).text
    participants = re.search(r'class="participants">(.*?)</p>', decided, re.S)
    assert participants, decided
    assert "de school" in participants.group(1)
    assert "het leerplicht- en RMC-team van de gemeente" in participants.group(1)
    assert "volgt het advies van het leerplicht" in participants.group(1)


def test_the_overdrachtsdocument_is_changed_approved_and_then_opened_by_the_partner(
    servers: RunningServers, people: None
) -> None:
    chat, handover = reach_vervolg(servers)
    assert handover["decision_point"] == "vervolg"

    mentor = Browser(servers, "mentor-samen")
    case = f"/medewerker/overdrachten/{handover['id']}"
    mentor.post(f"{case}/oppakken")
    mentor.post(f"{case}/partner", organisatie="uwv_midden")
    question = chat.live("Mag het UWV-kantoor meekijken?")
    chat.click("Ja, dat mag", {b["title"]: b["payload"] for b in question["buttons"]})
    taker = invitation_for(mentor.get(case).text, "het UWV-kantoor")

    mentor.post(f"{case}/besluit", besluit="Werk met een jobcoach via UWV", overnemer=str(taker))
    drafted = chat.document()
    assert "Er is een overdrachtsdocument voor het UWV-kantoor" in drafted["text"]
    assert (
        "Wat werkt voor mij" in drafted["text"]
        and "werkcoach-midden@uwv.example" in drafted["text"]
    )
    assert len(drafted["parts"]) == 6  # one short message per part
    buttons = {b["title"]: b["payload"] for b in drafted["buttons"]}
    first = int(buttons["Ja, het klopt"].split(":")[2])
    assert "/medewerker/documenten/" in mentor.get(case).text  # the professional sees it too
    assert mentor.get(f"/medewerker/documenten/{first}").status_code == 200

    uwv = Browser(servers, "uwv-midden")
    for path in (
        f"/medewerker/partner/documenten/{first}",
        f"/medewerker/partner/documenten/{first}/pdf",
    ):
        assert uwv.get(path).status_code == 403  # not approved yet

    assert "Welk deel" in chat.click("Ik wil iets veranderen", buttons)
    assert "Wat ik wil dat je weet" in chat.click("Wat ik wil dat je weet")
    changed = chat.say("Ik wil graag eerst kennismaken met mijn jobcoach")
    assert "nieuwe versie" in changed and "kennismaken met mijn jobcoach" in changed
    assert len(chat.messages) == 8 and "Klopt alles?" in chat.messages[-1]["text"]
    second = int(chat.buttons()["Ja, het klopt"].split(":")[2])
    assert second != first
    assert uwv.get(f"/medewerker/partner/documenten/{second}").status_code == 403
    assert "goedgekeurd" in chat.click("Ja, het klopt")

    html = uwv.get(f"/medewerker/partner/documenten/{second}")
    assert html.status_code == 200 and "kennismaken met mijn jobcoach" in html.text
    assert 'lang="nl"' in html.text and "Goedgekeurd door de jongere" in html.text
    assert uwv.get(f"/medewerker/partner/documenten/{first}").status_code == 403  # old version
    pdf = uwv.get(f"/medewerker/partner/documenten/{second}/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Overdrachtsdocument" in text and "Goedgekeurd door de jongere" in text
    assert "kennismaken met mijn jobcoach" in text and "jobcoach via UWV" in text
    assert "/StructTreeRoot" in str(reader.trailer["/Root"].keys())  # tagged PDF
