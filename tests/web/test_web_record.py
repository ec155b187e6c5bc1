"""A professional corrects the record through the API and the inbox.

The wrong fact of the field reports ("Geen diagnose bekend. Wel structuur en een vaste
coach nodig." recorded as "no support needed") is put right: the new value, who and when
in the audit trail, the earlier value kept, the suggestions and the summary recomputed.
A decision note alone changes no fact.
"""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from bot.accounts import create_account
from bot.handover import hand_over
from bot.store.repository import repository_scope
from tests.web.test_inbox import PASSWORD, csrf_of, login

API = {"Authorization": "Bearer token"}  # the web fixture's token acts as "api"
WORDS = "Geen diagnose bekend. Wel structuur en een vaste coach nodig."


def _case(conversation_id: str = "web-record", practice: bool = False) -> int:
    with repository_scope() as repository:
        repository.ensure_conversation(
            conversation_id, mode="oefenen" if practice else "advies", consent=True
        )
        repository.record_answer(conversation_id, "leeftijd", 17, answered_by="jongere")
        repository.record_answer(
            conversation_id, "begeleiding_nodig", "nee", text=WORDS, answered_by="jongere"
        )
        repository.add_note(conversation_id, "vraag", "wie regelt de jobcoach, gemeente of uwv?")
        hand_over(
            repository,
            conversation_id,
            "ondersteuning",
            repository.answers(conversation_id),
            request_key="r1",
        )
        [handover] = repository.handovers(conversation_id)
        return int(handover.id)


def _partners(client: TestClient, handover_id: int) -> set[str]:
    detail = client.get("/api/conversations/web-record", headers=API).json()
    [handover] = [h for h in detail["handovers"] if h["id"] == handover_id]
    return {p["partner"] for p in handover["suggested_partners"]}


def test_the_summary_carries_the_words_and_the_notes(web: TestClient) -> None:
    handover_id = _case()
    listed = web.get("/api/handovers", headers=API).json()["handovers"]
    [summary] = [h["summary"] for h in listed if h["id"] == handover_id]
    assert f'(in eigen woorden: "{WORDS}")' in summary
    assert "Vraag voor de medewerker: wie regelt de jobcoach, gemeente of uwv?" in summary
    assert "Niet nagekeken" in summary  # nobody confirmed these lines
    detail = web.get("/api/conversations/web-record", headers=API).json()
    [words] = [a["own_words"] for a in detail["record"] if a["question"] == "begeleiding_nodig"]
    assert words == WORDS
    assert detail["notes"][0]["kind"] == "vraag"


def test_the_api_corrects_an_answer_after_taking_the_case(web: TestClient) -> None:
    handover_id = _case()
    url = f"/api/handovers/{handover_id}/answers"
    before = _partners(web, handover_id)
    assert "begeleidingsinstantie" not in before
    refused = web.post(url, json={"question": "begeleiding_nodig", "value": "ja"}, headers=API)
    assert refused.status_code == 409 and refused.json()["error"] == "not_taken"
    web.post(f"/api/handovers/{handover_id}/take", json={}, headers=API)
    for body, code in (
        ({"question": "bestaat_niet", "value": "ja"}, "invalid_question"),
        ({"question": "toestemming", "value": "nee"}, "invalid_question"),
        ({"question": "begeleiding_nodig", "value": "misschien wel"}, "invalid_value"),
        ({"question": "leeftijd", "value": 400}, "invalid_value"),
        ({"question": "begeleiding_nodig"}, "invalid_value"),
    ):
        wrong = web.post(url, json=body, headers=API)
        assert wrong.status_code == 422 and wrong.json()["error"] == code, body
    done = web.post(url, json={"question": "begeleiding_nodig", "value": "ja"}, headers=API)
    assert done.status_code == 200, done.text
    body = done.json()
    [answer] = [a for a in body["record"] if a["question"] == "begeleiding_nodig"]
    assert answer["value"] == "ja" and answer["corrected_by"] == "api"
    assert answer["corrected_at"] and answer["own_words"] is None
    assert "gecorrigeerd door api op" in body["handover"]["summary"]
    assert "begeleidingsinstantie" in _partners(web, handover_id)  # recomputed
    with repository_scope() as repository:
        [event] = [e for e in repository.audit_events("web-record") if e.action == "gecorrigeerd"]
        assert (event.actor, event.via, event.handover_id) == ("api", "api", handover_id)
        assert [r.value for r in repository.answer_revisions("web-record")] == ["nee"]
    cleared = web.post(url, json={"question": "begeleiding_nodig", "value": None}, headers=API)
    assert cleared.status_code == 200
    assert "gewist door api" in cleared.json()["handover"]["summary"]
    assert "begeleidingsinstantie" not in _partners(web, handover_id)


def test_a_decision_note_changes_no_fact(web: TestClient) -> None:
    handover_id = _case()
    web.post(f"/api/handovers/{handover_id}/take", json={}, headers=API)
    decided = web.post(
        f"/api/handovers/{handover_id}/decision",
        json={"decision": "jobcoach", "note": "Begeleiding is WEL nodig"},
        headers=API,
    )
    assert decided.status_code == 200
    with repository_scope() as repository:
        assert repository.answers("web-record")["begeleiding_nodig"] == "nee"
    # A decided hand-over is final: its record is not changed any more through it.
    late = web.post(
        f"/api/handovers/{handover_id}/answers",
        json={"question": "begeleiding_nodig", "value": "ja"},
        headers=API,
    )
    assert late.status_code == 409 and late.json()["error"] == "already_decided"


def test_practice_cases_cannot_be_corrected(web: TestClient) -> None:
    handover_id = _case("web-oefen", practice=True)
    response = web.post(
        f"/api/handovers/{handover_id}/answers",
        json={"question": "leeftijd", "value": 18},
        headers=API,
    )
    assert response.status_code == 404


def _members_everywhere(data: dict[str, Any]) -> None:
    for team in data["teams"].values():
        team["members"] = [*team["members"], "anna", "bram"]


def test_the_inbox_corrects_an_answer_and_shows_who_did(web: TestClient, teams_yml) -> None:
    teams_yml(_members_everywhere)  # a team's case is worked only by its members
    create_account("anna", PASSWORD, "Anna de Vries")
    create_account("bram", PASSWORD, "Bram Jansen")
    handover_id = _case()
    page = f"/medewerker/overdrachten/{handover_id}"
    token = login(web, "bram")
    web.post(f"{page}/oppakken", data={"csrf": token}, follow_redirects=False)
    web.post("/medewerker/uitloggen", data={"csrf": csrf_of(web.get(page).text)})
    token = login(web, "anna")
    form = {"csrf": token, "vraag": "begeleiding_nodig", "waarde": "ja"}
    other = web.post(f"{page}/antwoord", data=form, follow_redirects=False)
    assert other.status_code == 409  # bram works this case, not anna
    web.post("/medewerker/uitloggen", data={"csrf": token})
    token = login(web, "bram")
    missing = web.post(
        f"{page}/antwoord", data={**form, "csrf": token, "waarde": ""}, follow_redirects=False
    )
    assert missing.status_code == 422
    done = web.post(f"{page}/antwoord", data={**form, "csrf": token}, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"].split("#")[0].endswith("melding=gecorrigeerd")
    html = web.get(done.headers["location"]).text
    assert "gecorrigeerd door bram" in html
    assert "Het antwoord is aangepast." in html
    cleared = web.post(
        f"{page}/antwoord",
        data={"csrf": token, "vraag": "leeftijd", "wissen": "ja"},
        follow_redirects=False,
    )
    assert cleared.status_code == 303
    assert "Leeftijd: gewist door bram" in web.get(page).text
    no_csrf = web.post(f"{page}/antwoord", data={"vraag": "leeftijd", "waarde": "18"})
    assert no_csrf.status_code == 403
