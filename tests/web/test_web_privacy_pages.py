"""Inzage (JSON over the API, a Dutch page in the inbox) and the audit trail (beheerder only).

The audit trail is written by the casework service, so the API and the inbox share it;
these tests act through both and read the one trail back.
"""

from __future__ import annotations

import csv
import io

import pytest
from starlette.testclient import TestClient

from bot.accounts import create_account
from bot.store.repository import repository_scope
from tests.web.conftest import open_test_handover
from tests.web.test_inbox import PASSWORD, login

AUTH = {"Authorization": "Bearer token"}


@pytest.fixture(autouse=True)
def token_acts_as_anna(monkeypatch: pytest.MonkeyPatch) -> None:
    """The API token is anna's tool here: the API acts as the token's account (issue 11)."""
    monkeypatch.setenv("BOT_API_ACCOUNT", "anna")


@pytest.fixture
def case(web: TestClient) -> int:
    create_account("anna", PASSWORD, "Anna de Vries")
    create_account("kees", PASSWORD, "Kees Beheer", admin=True)
    handover_id = open_test_handover("web-zaak")
    with repository_scope() as repository:
        repository.record_answer(
            "web-zaak", "wensen", "koken", text="Noor wil koken", answered_by="jongere"
        )
        repository.add_message("web-zaak", "jongere", "Ik ben Noor", handover_id=handover_id)
    web.rasa.events_ = [  # type: ignore[attr-defined]
        {"event": "user", "text": "hoi, ik ben Noor Bakker", "timestamp": 1},
        {"event": "bot", "text": "Welkom!", "timestamp": 2},
    ]
    return handover_id


def _trail() -> list[tuple[str, str, str, str | None]]:
    with repository_scope() as repository:
        return [
            (r.actor, r.action, r.via, r.conversation_id)
            for r in reversed(repository.audit_events())
        ]


def test_the_api_export_holds_every_record_and_is_audited(web: TestClient, case: int) -> None:
    web.post(f"/api/handovers/{case}/take", json={"professional": "anna"}, headers=AUTH)
    web.post(
        f"/api/handovers/{case}/decision",
        json={"professional": "anna", "decision": "certificaat", "note": "past goed"},
        headers=AUTH,
    )
    response = web.get("/api/conversations/web-zaak/export", headers=AUTH)
    assert response.status_code == 200
    assert "inzage-web-zaak.json" in response.headers["content-disposition"]
    exported = response.json()
    assert {a["question"]: a["value"] for a in exported["answers"]} == {
        "leeftijd": 17,
        "wensen": "koken",
    }
    [wensen] = [a for a in exported["answers"] if a["question"] == "wensen"]
    assert wensen["own_words"] == "[naam] wil koken"
    assert [s["partner"] for s in exported["suggestions"]] == ["mbo_school"]
    assert [h["status"] for h in exported["handovers"]] == ["afgerond"]
    assert exported["decisions"] == [
        {
            "handover_id": case,
            "decision_point": "leerroute",
            "decision": "certificaat",
            "note": "past goed",
            "decided_by": "anna",
            "decided_at": exported["handovers"][0]["decided_at"],
        }
    ]
    assert exported["messages"][0]["text"] == "Ik ben [naam]"
    assert exported["transcript"][0]["text"] == "hoi, ik ben [naam]"
    assert [row["action"] for row in exported["audit"]] == ["geexporteerd", "besloten", "opgepakt"]
    assert _trail() == [
        ("anna", "opgepakt", "api", "web-zaak"),
        ("anna", "besloten", "api", "web-zaak"),
        ("anna", "geexporteerd", "api", "web-zaak"),
    ]
    missing = web.get("/api/conversations/bestaat-niet/export", headers=AUTH)
    assert missing.status_code == 404
    assert web.get("/api/conversations/web-zaak/export").status_code == 401


def test_the_inzage_page_is_readable_dutch(web: TestClient, case: int) -> None:
    login(web, "anna")
    page = web.get(f"/medewerker/overdrachten/{case}")
    assert "/medewerker/gesprekken/web-zaak/inzage" in page.text
    response = web.get("/medewerker/gesprekken/web-zaak/inzage")
    assert response.status_code == 200
    html = response.text
    for text in ("Inzage", "Leeftijd", "17", "Wensen en talenten", "[naam] wil koken"):
        assert text in html, text
    assert "Noor" not in html
    assert "wacht" in html and "Welkom!" in html
    assert "anna, inzage gemaakt" in html and "anna, bekeken" in html
    download = web.get("/medewerker/gesprekken/web-zaak/inzage.json")
    assert download.json()["id"] == "web-zaak"
    assert web.get("/medewerker/gesprekken/bestaat-niet/inzage").status_code == 404
    assert [(a, act, via) for a, act, via, _ in _trail()] == [
        ("anna", "bekeken", "inbox"),
        ("anna", "geexporteerd", "inbox"),
        ("anna", "geexporteerd", "inbox"),
    ]


def test_the_audit_trail_is_for_a_beheerder_and_never_holds_words(
    web: TestClient, case: int
) -> None:
    token = login(web, "anna")
    web.post(f"/medewerker/overdrachten/{case}/oppakken", data={"csrf": token})
    web.post(
        f"/medewerker/overdrachten/{case}/bericht",
        data={"csrf": token, "bericht": "Hoi Noor, bel me op 0612345678"},
    )
    assert web.get("/medewerker/logboek").status_code == 403
    assert web.get("/medewerker/logboek.csv").status_code == 403
    assert "/medewerker/logboek" not in web.get("/medewerker/").text
    assert web.delete("/api/conversations/web-zaak", headers=AUTH).status_code == 204

    web.cookies.clear()
    login(web, "kees")
    assert "/medewerker/logboek" in web.get("/medewerker/").text
    page = web.get("/medewerker/logboek")
    assert page.status_code == 200 and "gewist" in page.text
    response = web.get("/medewerker/logboek.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    # The conversation's own rows went with it; the erasure is kept, without its id.
    assert [(r["actor"], r["action"], r["via"], r["conversation_id"]) for r in rows] == [
        ("anna", "gewist", "api", "")
    ]
    assert "Noor" not in response.text and "0612345678" not in response.text


def test_the_trail_records_what_happens_before_an_erasure(web: TestClient, case: int) -> None:
    token = login(web, "anna")
    web.post(f"/medewerker/overdrachten/{case}/oppakken", data={"csrf": token})
    web.post(
        f"/medewerker/overdrachten/{case}/bericht",
        data={"csrf": token, "bericht": "Hoi Noor, bel me op 0612345678"},
    )
    web.post(f"/api/handovers/{case}/release", json={"professional": "anna"}, headers=AUTH)
    web.get("/api/conversations/web-zaak", headers=AUTH)
    assert _trail() == [  # each form post ends on the hand-over page: a look
        ("anna", "opgepakt", "inbox", "web-zaak"),
        ("anna", "bekeken", "inbox", "web-zaak"),
        ("anna", "beantwoord", "inbox", "web-zaak"),
        ("anna", "bekeken", "inbox", "web-zaak"),
        ("anna", "teruggegeven", "api", "web-zaak"),
        ("anna", "bekeken", "api", "web-zaak"),
    ]
