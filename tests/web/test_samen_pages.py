"""Samen in one process: invite, consent in the chat, partner access, withdrawal, the document.

Rasa is the fake of this folder's conftest (the relay must not reach it for Samen's
messages: that is checked); the database, the pages and the PDF are real.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from starlette.testclient import TestClient

from bot.accounts import create_account
from bot.store.repository import repository_scope
from bot.web.chat.relay import chat_token
from tests.web.conftest import open_test_handover
from tests.web.test_inbox import PASSWORD, csrf_of

CONVERSATION = "web-" + "s" * 22


def login(client: TestClient, username: str) -> str:
    client.cookies.clear()
    token = csrf_of(client.get("/medewerker/inloggen").text)
    response = client.post(
        "/medewerker/inloggen",
        data={"csrf": token, "gebruikersnaam": username, "wachtwoord": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303
    partner = username in ("gemeente-rmc", "uwv-midden")
    assert response.headers["location"].endswith("/partner/" if partner else "/medewerker/")
    return csrf_of(client.get("/medewerker/inloggen").text)


@pytest.fixture
def people(web) -> None:
    create_account("anna", PASSWORD, "Anna de Vries")
    create_account("gemeente-rmc", PASSWORD, "Gerda Gemeente", role="partner")
    create_account("uwv-midden", PASSWORD, "Umar UWV", role="partner")


def chat(web: TestClient, **body: str) -> dict:
    response = web.post(
        "/chat/api/message",
        json={"conversation_id": CONVERSATION, "token": chat_token(CONVERSATION), **body},
    )
    assert response.status_code == 200, response.text
    return response.json()


def offered(web: TestClient) -> dict[str, str]:
    """The buttons of the last bot message published live (what the widget shows)."""
    for event in reversed(web.hub.history(CONVERSATION, 0)):  # type: ignore[attr-defined]
        if event.data.get("sender") == "bot" and event.data.get("buttons"):
            return {b["title"]: b["payload"] for b in event.data["buttons"]}
    return {}


def take_and_invite(web: TestClient, handover_id: int, organisation: str, **extra: str) -> None:
    csrf = login(web, "anna")
    web.post(f"/medewerker/overdrachten/{handover_id}/oppakken", data={"csrf": csrf})
    response = web.post(
        f"/medewerker/overdrachten/{handover_id}/partner",
        data={"csrf": csrf, "organisatie": organisation, **extra},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def test_consent_partner_access_withdrawal_and_the_decision(web, people) -> None:
    handover_id = open_test_handover(CONVERSATION)
    take_and_invite(web, handover_id, "gemeente_leerplicht")
    buttons = offered(web)
    assert set(buttons) == {"Ja, dat mag", "Nee, liever niet"}
    question = web.hub.history(CONVERSATION, 0)[-1].data["text"]  # type: ignore[attr-defined]
    assert "leerplicht- en RMC-team" in question and "Niet dit gesprek zelf" in question

    # Before the yes, the partner sees nothing.
    with repository_scope() as repository:
        from bot.store.samen import SamenStore

        invitation_id = SamenStore(repository.session).invitations(CONVERSATION)[0].id
    login(web, "gemeente-rmc")
    assert web.get(f"/medewerker/partner/zaken/{invitation_id}").status_code == 403

    said = chat(web, payload=buttons["Ja, dat mag"])
    assert "mag nu meekijken" in said["messages"][0]["text"]
    assert web.rasa.sent == []  # type: ignore[attr-defined]  # Samen's button never reached Rasa

    csrf = login(web, "gemeente-rmc")
    page = web.get(f"/medewerker/partner/zaken/{invitation_id}")
    assert page.status_code == 200 and "Leeftijd" in page.text and "Gesprek" not in page.text
    response = web.post(
        f"/medewerker/partner/zaken/{invitation_id}/bijdrage",
        data={
            "csrf": csrf,
            "advies": "Meld hem aan bij het RMC-traject",
            "aanbod": "",
            "nodig": "",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "Meld hem aan" in web.get(f"/medewerker/partner/zaken/{invitation_id}").text

    login(web, "uwv-midden")
    assert web.get(f"/medewerker/partner/zaken/{invitation_id}").status_code == 403

    said = chat(web, text="ik wil niet meer dat de gemeente meekijkt")
    assert "niet meer meekijken" in said["messages"][0]["text"]
    login(web, "gemeente-rmc")
    assert web.get(f"/medewerker/partner/zaken/{invitation_id}").status_code == 403
    assert f"/partner/zaken/{invitation_id}" not in web.get("/medewerker/partner/").text

    csrf = login(web, "anna")
    response = web.post(
        f"/medewerker/overdrachten/{handover_id}/besluit",
        data={"csrf": csrf, "besluit": "certificaat", "volgt_advies": "gemeente_leerplicht"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = web.get(f"/medewerker/overdrachten/{handover_id}").text
    participants = re.search(r'class="participants">(.*?)</p>', page, re.S)
    assert participants is not None
    assert "de school" in participants.group(1) and "RMC-team" in participants.group(1)
    assert "volgt het advies van het leerplicht" in participants.group(1)


def test_the_document_is_changed_approved_and_only_then_opened(web, people) -> None:
    handover_id = open_test_handover(CONVERSATION, point="vervolg")
    take_and_invite(web, handover_id, "uwv_midden")
    chat(web, payload=offered(web)["Ja, dat mag"])
    with repository_scope() as repository:
        from bot.store.samen import SamenStore

        invitation_id = SamenStore(repository.session).invitations(CONVERSATION)[0].id
    csrf = login(web, "anna")
    response = web.post(
        f"/medewerker/overdrachten/{handover_id}/besluit",
        data={"csrf": csrf, "besluit": "Werk met een jobcoach", "overnemer": str(invitation_id)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    buttons = offered(web)
    assert set(buttons) == {"Ja, het klopt", "Ik wil iets veranderen"}
    first_id = int(buttons["Ja, het klopt"].split(":")[2])

    login(web, "uwv-midden")
    assert web.get(f"/medewerker/partner/documenten/{first_id}").status_code == 403

    which = chat(web, payload=buttons["Ik wil iets veranderen"])["messages"][0]
    part = {b["title"]: b["payload"] for b in which["buttons"]}["Wat ik wil dat je weet"]
    asked = chat(web, payload=part)["messages"][0]["text"]
    assert "Wat ik wil dat je weet" in asked
    said = chat(web, text="Ik heb tijd nodig om te wennen aan nieuwe mensen")["messages"]
    # The new version as the first: an opening, one short message per part, the question.
    assert len(said) == 8 and "nieuwe versie" in said[0]["text"]
    assert "Wat ik wil dat je weet\nIk heb tijd nodig om te wennen" in said[6]["text"]
    new = said[-1]
    assert new["text"] == "Dat was het hele document. Klopt alles?"
    approve = {b["title"]: b["payload"] for b in new["buttons"]}["Ja, het klopt"]
    second_id = int(approve.split(":")[2])
    assert second_id != first_id
    assert web.get(f"/medewerker/partner/documenten/{second_id}").status_code == 403
    assert "goedgekeurd" in chat(web, payload=approve)["messages"][0]["text"]

    html = web.get(f"/medewerker/partner/documenten/{second_id}")
    assert html.status_code == 200 and "tijd nodig om te wennen" in html.text
    assert web.get(f"/medewerker/partner/documenten/{first_id}").status_code == 403
    pdf = web.get(f"/medewerker/partner/documenten/{second_id}/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Overdrachtsdocument" in text and "wennen aan nieuwe mensen" in " ".join(text.split())
    assert "werkcoach-midden@uwv.example" in "".join(text.split())  # the contact point


def test_the_directory_page_is_for_a_beheerder_and_reloads_the_file(
    web, people, monkeypatch, tmp_path
) -> None:
    create_account("beheer", PASSWORD, "Bea Beheer", role="beheerder")
    login(web, "anna")
    assert web.get("/medewerker/partners").status_code == 403
    csrf = login(web, "beheer")
    page = web.get("/medewerker/partners")
    assert page.status_code == 200 and "leerplicht-rmc@gemeente.example" in page.text

    from bot.knowledge import directory

    good = (directory.DEFAULT_DATA_DIR / directory.DIRECTORY_FILE).read_text(encoding="utf-8")
    file = tmp_path / directory.DIRECTORY_FILE
    file.write_text(good, encoding="utf-8")
    monkeypatch.setattr(directory, "DEFAULT_DATA_DIR", tmp_path)
    assert web.get("/medewerker/partners").status_code == 200  # loaded from the copy
    file.write_text("organisations:\n  fout:\n    partner: werkgever\n", encoding="utf-8")
    reloaded = web.post("/medewerker/partners/herladen", data={"csrf": csrf})
    assert reloaded.status_code == 422 and "onbekende partner" in reloaded.text
    assert "leerplicht-rmc@gemeente.example" in reloaded.text  # the loaded list stays in use
    file.write_text(good.replace("Regio Midden", "Regio Oost", 1), encoding="utf-8")
    again = web.post("/medewerker/partners/herladen", data={"csrf": csrf})
    assert again.status_code == 200 and "Regio Oost" in again.text
    directory.clear_directory_cache()


def test_under_16_the_professional_confirms_the_parent_first(web, people) -> None:
    handover_id = open_test_handover(CONVERSATION)
    with repository_scope() as repository:
        repository.record_answer(CONVERSATION, "leeftijd", 15, answered_by="jongere")
    csrf = login(web, "anna")
    web.post(f"/medewerker/overdrachten/{handover_id}/oppakken", data={"csrf": csrf})
    refused = web.post(
        f"/medewerker/overdrachten/{handover_id}/partner",
        data={"csrf": csrf, "organisatie": "gemeente_leerplicht"},
    )
    assert refused.status_code == 422 and "jonger dan 16" in refused.text
    assert offered(web) == {}  # nothing was asked in the chat
    take_and_invite(web, handover_id, "gemeente_leerplicht", ouder_akkoord="ja")
    question = web.hub.history(CONVERSATION, 0)[-1].data["text"]  # type: ignore[attr-defined]
    assert "ouder of verzorger is ook akkoord" in question
    with repository_scope() as repository:
        from bot.store.samen import SamenStore

        invitation = SamenStore(repository.session).invitations(CONVERSATION)[0]
        assert invitation.parent_confirmed_by == "anna" and invitation.parent_confirmed_at


def test_with_two_partners_a_withdrawal_without_a_name_asks_which(web, people) -> None:
    handover_id = open_test_handover(CONVERSATION)
    take_and_invite(web, handover_id, "gemeente_leerplicht")
    chat(web, payload=offered(web)["Ja, dat mag"])
    take_and_invite(web, handover_id, "uwv_midden")
    chat(web, payload=offered(web)["Ja, dat mag"])
    asked = chat(web, text="ik wil niet meer dat ze meekijken")["messages"][0]
    assert "Welke organisatie" in asked["text"]
    choices = {b["title"]: b["payload"] for b in asked["buttons"]}
    assert set(choices) == {"het leerplicht- en RMC-team van de gemeente", "het UWV-kantoor"}
    said = chat(web, payload=choices["het UWV-kantoor"])["messages"][0]["text"]
    assert "UWV-kantoor kan vanaf nu niet meer meekijken" in said
    login(web, "gemeente-rmc")
    assert "/medewerker/partner/zaken/" in web.get("/medewerker/partner/").text  # still allowed
    login(web, "uwv-midden")
    assert "/medewerker/partner/zaken/" not in web.get("/medewerker/partner/").text
