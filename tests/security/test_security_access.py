"""Issue 28, findings 1-5: who may read and work a case, consent per partner, no stuck case.

Real SQLite, real pages and API of the web service; Rasa is the fake of tests/web. The
accounts follow teams.yml: ``intake`` is a member of the intake team, ``mentor`` of
loopbaan; ``kees`` is a beheerder in no team.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from bot.accounts import create_account
from bot.store.db import get_engine
from bot.store.repository import repository_scope
from bot.store.samen import SamenStore
from bot.store.types import utcnow
from bot.web.chat.relay import chat_token
from tests.figures import report
from tests.web.conftest import open_test_handover
from tests.web.test_inbox import PASSWORD, csrf_of

PHONE, MAIL = "06-12345678", "sanne.devries@example.nl"
CONTACT = f"{PHONE} of {MAIL}"
AUTH = {"Authorization": "Bearer token"}
CONVERSATION = "web-" + "p" * 22


def login(client: TestClient, username: str) -> str:
    client.cookies.clear()
    token = csrf_of(client.get("/medewerker/inloggen").text)
    response = client.post(
        "/medewerker/inloggen",
        data={"csrf": token, "gebruikersnaam": username, "wachtwoord": PASSWORD},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/medewerker/inloggen").text)


@pytest.fixture
def people(web) -> None:
    create_account("intake", PASSWORD, "Ilse Intake")
    create_account("intake2", PASSWORD, "Ivo Intake")
    create_account("mentor", PASSWORD, "Mo Mentor")
    create_account("kees", PASSWORD, "Kees Beheer", role="beheerder")
    create_account("kwal", PASSWORD, "Kim Kwaliteit", role="kwaliteit")
    create_account("uwv-midden", PASSWORD, "Umar UWV", role="partner")
    create_account("gemeente-rmc", PASSWORD, "Gerda Gemeente", role="partner")


@pytest.fixture
def intake_team(teams_yml) -> None:
    teams_yml(lambda data: data["teams"]["intake"]["members"].append("intake2"))


def pre_intake_case(conversation_id: str = CONVERSATION) -> int:
    """A pre-intake hand-over of the intake team with a contact answer."""
    with repository_scope() as repository:
        repository.ensure_conversation(
            conversation_id, mode="pre_intake", role="aanmelder", consent=True
        )
        repository.record_answer(conversation_id, "leeftijd", 17, answered_by="aanmelder")
        repository.record_answer(conversation_id, "contact", CONTACT, answered_by="aanmelder")
        handover = repository.open_handover(
            conversation_id, "pre_intake", "Aanmelding.", [], team="intake"
        )
        return int(handover.id)


def shows_contact(text: str) -> bool:
    return PHONE in text or MAIL in text


def chat(web: TestClient, conversation_id: str = CONVERSATION, **body: str):
    return web.post(
        "/chat/api/message",
        json={"conversation_id": conversation_id, "token": chat_token(conversation_id), **body},
    )


def invite(web: TestClient, handover_id: int, organisation: str, who: str = "intake") -> None:
    csrf = login(web, who)
    web.post(f"/medewerker/overdrachten/{handover_id}/oppakken", data={"csrf": csrf})
    response = web.post(
        f"/medewerker/overdrachten/{handover_id}/partner",
        data={"csrf": csrf, "organisatie": organisation},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def invitation_ids(conversation_id: str = CONVERSATION) -> dict[str, int]:
    with repository_scope() as repository:
        rows = SamenStore(repository.session).invitations(conversation_id)
        return {row.organisation: row.id for row in rows}


def statuses(conversation_id: str = CONVERSATION) -> dict[str, str]:
    with repository_scope() as repository:
        rows = SamenStore(repository.session).invitations(conversation_id)
        return {row.organisation: row.status for row in rows}


def consent_button(invitation_id: int, answer: str = "ja") -> str:
    return f"samen:toestemming:{invitation_id}:{answer}"


# -- finding 1: the contact answer stays with the intake team ---------------------------------


def test_only_the_intake_team_reads_the_contact_answer(web, people) -> None:
    handover_id = pre_intake_case()
    page, inzage = f"/medewerker/overdrachten/{handover_id}", "/medewerker/gesprekken"
    seen: dict[str, bool] = {}
    for who in ("mentor", "kees"):
        login(web, who)
        texts = [
            web.get(page).text,
            web.get(f"{inzage}/{CONVERSATION}/inzage").text,
            web.get(f"{inzage}/{CONVERSATION}/inzage.json").text,
        ]
        seen[who] = any(shows_contact(text) for text in texts)
    api = [
        web.get(f"/api/conversations/{CONVERSATION}", headers=AUTH).text,
        web.get(f"/api/conversations/{CONVERSATION}/export", headers=AUTH).text,
    ]
    seen["api"] = any(shows_contact(text) for text in api)
    login(web, "intake")
    seen["intake"] = shows_contact(web.get(page).text)
    report(f"contact answer readable by: {sorted(w for w, s in seen.items() if s)}")
    assert seen == {"mentor": False, "kees": False, "api": False, "intake": True}


def test_another_team_cannot_take_or_answer_the_intake_team_s_case(web, people) -> None:
    handover_id = pre_intake_case()
    csrf = login(web, "mentor")
    base = f"/medewerker/overdrachten/{handover_id}"
    taken = web.post(f"{base}/oppakken", data={"csrf": csrf})
    assert taken.status_code == 403 and "ander team" in taken.text
    with repository_scope() as repository:
        assert repository.get_handover(handover_id).status == "open"
    csrf = login(web, "intake")
    assert web.post(f"{base}/oppakken", data={"csrf": csrf}).status_code == 200
    csrf = login(web, "mentor")
    answered = web.post(f"{base}/bericht", data={"csrf": csrf, "bericht": "hoi"})
    decided = web.post(f"{base}/besluit", data={"csrf": csrf, "besluit": "intake gepland"})
    assert answered.status_code == 403 and decided.status_code == 403
    assert web.rasa.professional == []  # type: ignore[attr-defined]
    csrf = login(web, "kees")  # the beheerder may take a case over when it is given back
    assert web.post(f"{base}/oppakken", data={"csrf": csrf}).status_code == 409


def test_the_contact_answer_is_encrypted_at_rest_and_never_shown_to_a_partner(web, people) -> None:
    handover_id = pre_intake_case()
    with get_engine().connect() as connection:
        stored = connection.execute(
            sa.text("SELECT value FROM answers WHERE question = 'contact'")
        ).scalar_one()
    assert PHONE not in str(stored) and MAIL not in str(stored) and "versleuteld" in str(stored)
    invite(web, handover_id, "uwv_midden")
    assert chat(web, payload=consent_button(invitation_ids()["uwv_midden"])).status_code == 200
    login(web, "uwv-midden")
    case = web.get(f"/medewerker/partner/zaken/{invitation_ids()['uwv_midden']}")
    assert case.status_code == 200 and "Leeftijd" in case.text
    assert not shows_contact(case.text)


# -- finding 2: a decision whose partner lost its consent is refused, nothing saved ----------


def _vervolg_case(web: TestClient) -> tuple[int, str]:
    handover_id = open_test_handover(CONVERSATION, point="vervolg")
    invite(web, handover_id, "gemeente_leerplicht", who="anna")
    assert chat(web, payload=consent_button(invitation_ids()["gemeente_leerplicht"])).status_code
    return handover_id, login(web, "anna")


@pytest.mark.parametrize("why", ["ingetrokken", "ander_gesprek"])
def test_a_decision_naming_a_partner_without_consent_is_a_dutch_409(web, people, why) -> None:
    create_account("anna", PASSWORD, "Anna de Vries")
    handover_id, csrf = _vervolg_case(web)
    taker = invitation_ids()["gemeente_leerplicht"]
    page = web.get(f"/medewerker/overdrachten/{handover_id}")  # the form, before the withdrawal
    assert page.status_code == 200
    if why == "ingetrokken":
        said = chat(web, text="ik wil niet meer dat de gemeente meekijkt").json()
        assert "niet meer meekijken" in said["messages"][0]["text"]
    else:
        other = "web-" + "q" * 22
        other_handover = open_test_handover(other, point="vervolg")
        with repository_scope() as repository:
            row = SamenStore(repository.session).invite(
                conversation_id=other,
                handover_id=other_handover,
                partner="gemeente",
                organisation="gemeente_leerplicht",
                reason="omdat",
                invited_by="anna",
            )
            row.status = "toegestemd"
            repository.session.flush()
            taker = row.id
    response = web.post(
        f"/medewerker/overdrachten/{handover_id}/besluit",
        data={"csrf": csrf, "besluit": "naar de gemeente", "overnemer": str(taker)},
    )
    report(f"decision with a {why} partner: HTTP {response.status_code}")
    assert response.status_code == 409
    assert "toestemming" in response.text or "hoort niet bij dit gesprek" in response.text
    with repository_scope() as repository:
        handover = repository.get_handover(handover_id)
        assert (handover.status, handover.decision) == ("in_behandeling", None)
        assert SamenStore(repository.session).documents(CONVERSATION) == []
        assert SamenStore(repository.session).participants(CONVERSATION) == []


# -- findings 3 and 4: consent acts on the partner it names; every question answerable ------


def _two_partners(web: TestClient) -> dict[str, int]:
    """The gemeente said yes; the UWV is only asked."""
    handover_id = pre_intake_case()
    invite(web, handover_id, "gemeente_leerplicht")
    ids = invitation_ids()
    assert chat(web, payload=consent_button(ids["gemeente_leerplicht"])).status_code == 200
    invite(web, handover_id, "uwv_midden")
    return invitation_ids()


def test_a_typed_withdrawal_acts_only_on_the_partner_it_names(web, people) -> None:
    _two_partners(web)
    said = chat(web, text="ik wil niet meer dat het UWV meekijkt").json()
    assert statuses() == {"gemeente_leerplicht": "toegestemd", "uwv_midden": "geweigerd"}
    assert "UWV" in said["messages"][0]["text"]
    # Unclear (names nobody, two partners): the question which one, nothing changed.
    handover_id = pre_intake_case("web-" + "r" * 22)
    invite(web, handover_id, "gemeente_leerplicht")
    invite(web, handover_id, "uwv_midden")
    other = "web-" + "r" * 22
    for invitation_id in invitation_ids(other).values():
        chat(web, other, payload=consent_button(invitation_id))
    asked = chat(web, other, text="ik wil niet meer dat ze meekijken").json()["messages"][0]
    assert len(asked["buttons"]) == 2
    assert set(statuses(other).values()) == {"toegestemd"}


def test_a_second_pending_consent_question_can_be_answered_by_button(web, people) -> None:
    handover_id = pre_intake_case()
    invite(web, handover_id, "gemeente_leerplicht")
    invite(web, handover_id, "uwv_midden")
    ids = invitation_ids()
    first = chat(web, payload=consent_button(ids["gemeente_leerplicht"]))
    second = chat(web, payload=consent_button(ids["uwv_midden"], "nee"))
    report(f"second pending consent button: HTTP {second.status_code}")
    assert first.status_code == 200 and second.status_code == 200, second.text
    assert statuses() == {"gemeente_leerplicht": "toegestemd", "uwv_midden": "geweigerd"}
    # An answered question's button is no longer accepted.
    assert chat(web, payload=consent_button(ids["uwv_midden"])).status_code == 409


def test_a_pending_consent_question_can_be_answered_by_typing_while_paused(web, people) -> None:
    handover_id = pre_intake_case()
    invite(web, handover_id, "gemeente_leerplicht")
    invite(web, handover_id, "uwv_midden")
    unclear = chat(web, text="ja").json()["messages"]  # two questions wait: which one?
    assert len(unclear) == 2 and all(len(m["buttons"]) == 2 for m in unclear)
    assert set(statuses().values()) == {"gevraagd"}
    said = chat(web, text="ja, het UWV mag meekijken").json()["messages"][0]["text"]
    assert "mag nu meekijken" in said
    said = chat(web, text="nee").json()["messages"][0]["text"]  # one left: it is that one
    assert "kijkt niet mee" in said
    assert statuses() == {"gemeente_leerplicht": "geweigerd", "uwv_midden": "toegestemd"}
    assert web.rasa.sent == []  # type: ignore[attr-defined]


# -- finding 5: a case is handed only to someone who can work it -----------------------------


def test_a_case_is_reassigned_only_to_an_active_account_of_its_team(
    web, people, intake_team
) -> None:
    handover_id = pre_intake_case()
    create_account("intake-op-slot", PASSWORD, "Op Slot")
    with repository_scope() as repository:
        repository.get_professional("intake-op-slot").locked_until = utcnow() + timedelta(hours=1)
    csrf = login(web, "intake")
    base = f"/medewerker/overdrachten/{handover_id}"
    web.post(f"{base}/oppakken", data={"csrf": csrf})
    refused = {}
    for colleague in ("uwv-midden", "kwal", "mentor", "intake-op-slot", "niemand"):
        response = web.post(f"{base}/doorgeven", data={"csrf": csrf, "collega": colleague})
        refused[colleague] = response.status_code
    report(f"reassign to accounts that cannot work the case: {refused}")
    assert set(refused.values()) == {422}
    with repository_scope() as repository:
        assert repository.get_handover(handover_id).taken_by == "intake"
    handed = web.post(f"{base}/doorgeven", data={"csrf": csrf, "collega": "intake2"})
    assert handed.status_code == 200
    # intake2 is locked out later: the beheerder gives the case back, the team takes it again.
    with repository_scope() as repository:
        repository.get_professional("intake2").active = False
    csrf = login(web, "kees")
    assert web.post(f"{base}/teruggeven", data={"csrf": csrf}).status_code == 200
    csrf = login(web, "intake")
    assert web.post(f"{base}/oppakken", data={"csrf": csrf}).status_code == 200
    # The API's service account may not hand it to a partner either.
    other = pre_intake_case("web-" + "t" * 22)
    web.post(f"/api/handovers/{other}/take", json={}, headers=AUTH)
    api = web.post(
        f"/api/handovers/{other}/reassign", json={"colleague": "uwv-midden"}, headers=AUTH
    )
    assert api.status_code == 422 and api.json()["error"] == "unknown_colleague"


def test_contact_answers_stored_before_encryption_are_encrypted_by_the_migration(
    tmp_path, monkeypatch
) -> None:
    from bot.store import db
    from bot.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'oud.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    db.reset_engines()
    upgrade(url, "0006_samen")
    with get_engine(url).begin() as connection:
        # Written as the schema stood at 0006: today's models have columns it lacks.
        connection.execute(
            sa.text(
                "INSERT INTO conversations (id, mode, practice, consent, created_at, updated_at)"
                " VALUES ('web-oud', 'pre_intake', 0, 1, '2026-12-01 10:00:00.000000',"
                " '2026-12-01 10:00:00.000000')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO answers (conversation_id, question, value, answered_by, answered_at,"
                " revision) VALUES ('web-oud', 'contact', :value, 'aanmelder',"
                " '2026-12-01 10:00:00.000000', 1)"
            ),
            {"value": f'"{CONTACT}"'},
        )
    upgrade(url)
    with get_engine(url).connect() as connection:
        stored = connection.execute(sa.text("SELECT value FROM answers")).scalar_one()
    assert not shows_contact(str(stored))
    with repository_scope(url) as repository:
        assert repository.answers("web-oud")["contact"] == CONTACT
    db.reset_engines()
