"""The JSON API: auth, listing, detail, reply, decision and delete (Rasa replaced by a fake)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from starlette.testclient import TestClient

from bot.store.repository import repository_scope
from bot.web.app import create_app
from bot.web.staff import case_actions as casework

TOKEN = "geheim-token-van-anna"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BRAM = {"Authorization": "Bearer geheim-token-van-bram"}
HEADERS = {"anna": AUTH, "bram": BRAM}


class FakeRasa:
    """Records what the API asked Rasa to do."""

    calls: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, settings: Any) -> None:
        pass

    async def add_professional_message(self, conversation_id: str, text: str) -> None:
        self.calls.append(("reply", conversation_id))

    async def resume(self, conversation_id: str) -> list[dict[str, Any]]:
        self.calls.append(("resume", conversation_id))
        return [{"recipient_id": conversation_id, "text": "We gaan verder."}]

    async def events(self, conversation_id: str) -> list[dict[str, Any]]:
        return [
            {"event": "user", "text": "Ik ben Sanne, bel me op 0612345678", "timestamp": 1},
            {"event": "user", "text": "/restart", "timestamp": 2},
            {"event": "bot", "text": "Dank je", "timestamp": 3},
            {
                "event": "bot",
                "text": "Hallo, ik ben je mentor",
                "timestamp": 4,
                "metadata": {"afzender": "medewerker"},
            },
        ]


@pytest.fixture
def client(sqlite_store, tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    # Two service accounts: each token acts as its own name.
    monkeypatch.setenv("BOT_API_TOKEN", "")
    monkeypatch.setenv("BOT_API_TOKENS", f"anna={TOKEN}, bram=geheim-token-van-bram")
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    FakeRasa.calls = []
    monkeypatch.setattr(casework, "RasaClient", FakeRasa)
    with repository_scope() as repository:
        repository.ensure_conversation("echt", mode="advies", role="professional", consent=True)
        repository.record_answer("echt", "leeftijd", 17, answered_by="professional")
        repository.open_handover(
            "echt",
            "leerroute",
            "Leeftijd: 17.",
            [
                {
                    "partner": "mbo_school",
                    "reason": "omdat de intake bij het mbo ligt",
                    "rule_id": "r1",
                }
            ],
        )
        repository.ensure_conversation("oefen", mode="oefenen")
        repository.open_handover("oefen", "leerroute", "oefening")
    yield TestClient(create_app())


def test_every_api_call_needs_the_token(client: TestClient) -> None:
    for method, path in [
        ("GET", "/api/handovers"),
        ("GET", "/api/conversations/echt"),
        ("POST", "/api/handovers/1/reply"),
        ("POST", "/api/handovers/1/decision"),
        ("POST", "/api/handovers/1/take"),
        ("POST", "/api/handovers/1/release"),
        ("DELETE", "/api/conversations/echt"),
    ]:
        for headers in ({}, {"Authorization": "Bearer fout"}, {"Authorization": TOKEN}):
            response = client.request(method, path, headers=headers)
            assert response.status_code == 401, (method, path, headers)
            assert response.json()["error"] == "unauthorized"


def test_no_configured_token_means_no_access(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_API_TOKENS", "")
    assert client.get("/api/handovers", headers={"Authorization": "Bearer "}).status_code == 401
    assert client.get("/api/handovers", headers=AUTH).status_code == 401


def test_open_hand_overs_without_practice(client: TestClient) -> None:
    body = client.get("/api/handovers?status=open", headers=AUTH).json()
    [handover] = body["handovers"]
    assert handover["conversation_id"] == "echt"
    assert handover["decision_point"] == "leerroute" and handover["status"] == "open"
    assert handover["suggested_partners"] == [
        {"partner": "mbo_school", "reason": "omdat de intake bij het mbo ligt"}
    ]
    assert set(handover) >= {"id", "summary", "created_at"}
    assert client.get("/api/handovers?status=onzin", headers=AUTH).status_code == 422


def test_conversation_detail_with_masked_transcript(client: TestClient) -> None:
    body = client.get("/api/conversations/echt", headers=AUTH).json()
    assert body["id"] == "echt" and body["mode"] == "advies" and body["practice"] is False
    assert body["answers"] == [{"question": "leeftijd", "value": 17}]
    assert body["handovers"][0]["decision_point"] == "leerroute"
    assert body["suggestions"][0]["partner"] == "mbo_school"
    first = body["transcript"][0]
    assert (
        first["sender"] == "jongere"
        and "Sanne" not in first["text"]
        and "0612345678" not in first["text"]
    )
    assert [line["sender"] for line in body["transcript"]] == ["jongere", "bot", "professional"]
    assert client.get("/api/conversations/onbekend", headers=AUTH).status_code == 404
    assert client.get("/api/conversations/oefen", headers=AUTH).status_code == 404


def _handover_id(client: TestClient) -> int:
    return client.get("/api/handovers", headers=AUTH).json()["handovers"][0]["id"]


ANNA = {"professional": "anna"}


def _take(client: TestClient, handover_id: int, who: str = "anna") -> dict:
    response = client.post(
        f"/api/handovers/{handover_id}/take", json={"professional": who}, headers=HEADERS[who]
    )
    assert response.status_code == 200, response.text
    return response.json()["handover"]


def test_take_claims_the_hand_over_once(client: TestClient) -> None:
    handover_id = _handover_id(client)
    url = f"/api/handovers/{handover_id}/take"
    # A token acts as its own account, never as a name in the body.
    other_name = client.post(url, json={"professional": "bram"}, headers=AUTH)
    assert other_name.status_code == 403 and other_name.json()["error"] == "other_account"
    taken = _take(client, handover_id)
    assert taken["status"] == "in_behandeling" and taken["taken_by"] == "anna"
    assert _take(client, handover_id)["taken_by"] == "anna"  # again by the same: harmless
    other = client.post(url, json={}, headers=BRAM)
    assert other.status_code == 409 and other.json()["error"] == "already_taken"
    assert client.post("/api/handovers/999/take", json=ANNA, headers=AUTH).status_code == 404


def test_reply_and_decision_need_taking_first(client: TestClient) -> None:
    handover_id = _handover_id(client)
    for path, body in (("reply", {"text": "hoi"}), ("decision", {"decision": "certificaat"})):
        url = f"/api/handovers/{handover_id}/{path}"
        early = client.post(url, json={**body, **ANNA}, headers=AUTH)
        assert early.status_code == 409 and early.json()["error"] == "not_taken", path
        assert client.post(url, json=body, headers=AUTH).status_code == 409  # the token's anna
    _take(client, handover_id)
    for path, body in (("reply", {"text": "hoi"}), ("decision", {"decision": "certificaat"})):
        url = f"/api/handovers/{handover_id}/{path}"
        colleague = client.post(url, json=body, headers=BRAM)
        assert colleague.status_code == 409 and colleague.json()["error"] == "not_taken", path
    assert FakeRasa.calls == []
    with repository_scope() as repository:
        assert repository.get_handover(handover_id).status == "in_behandeling"


def test_release_gives_the_hand_over_back_to_the_team(client: TestClient) -> None:
    handover_id = _handover_id(client)
    url = f"/api/handovers/{handover_id}/release"
    assert client.post(url, json=ANNA, headers=AUTH).status_code == 409  # nobody took it
    _take(client, handover_id)
    refused = client.post(url, json={}, headers=BRAM)
    assert refused.status_code == 409 and refused.json()["error"] == "not_taken"
    released = client.post(url, json=ANNA, headers=AUTH)
    assert released.status_code == 200
    handover = released.json()["handover"]
    assert handover["status"] == "open" and handover["taken_by"] is None
    assert _take(client, handover_id, "bram")["taken_by"] == "bram"  # a colleague may now
    reply = client.post(
        f"/api/handovers/{handover_id}/reply", json={"text": "hoi", **ANNA}, headers=AUTH
    )
    assert reply.status_code == 409  # anna gave it away
    assert client.post("/api/handovers/999/release", json=ANNA, headers=AUTH).status_code == 404


def test_reassign_through_the_api(client: TestClient) -> None:
    from bot.accounts import create_account

    create_account("bram", "een-lang-wachtwoord", "Bram")
    handover_id = _handover_id(client)
    url = f"/api/handovers/{handover_id}/reassign"
    assert client.post(url, json={**ANNA, "colleague": "bram"}, headers=AUTH).status_code == 409
    _take(client, handover_id)
    unknown = client.post(url, json={**ANNA, "colleague": "kees"}, headers=AUTH)
    assert unknown.status_code == 422 and unknown.json()["error"] == "unknown_colleague"
    missing = client.post(url, json=ANNA, headers=AUTH)
    assert missing.status_code == 422 and missing.json()["error"] == "invalid_colleague"
    handed = client.post(url, json={**ANNA, "colleague": "bram"}, headers=AUTH)
    assert handed.status_code == 200 and handed.json()["handover"]["taken_by"] == "bram"
    detail = client.get(
        f"/api/conversations/{handed.json()['handover']['conversation_id']}", headers=AUTH
    ).json()
    assert "anna heeft de overdracht doorgegeven aan bram." in [
        m["text"] for m in detail["messages"]
    ]


def test_reply_is_stored_and_sent_to_rasa(client: TestClient) -> None:
    handover_id = _handover_id(client)
    _take(client, handover_id)
    response = client.post(
        f"/api/handovers/{handover_id}/reply", json={"text": "Ik kijk mee.", **ANNA}, headers=AUTH
    )
    assert response.status_code == 201
    assert response.json()["message"]["sender"] == "professional"
    assert FakeRasa.calls == [("reply", "echt")]
    detail = client.get("/api/conversations/echt", headers=AUTH).json()
    assert detail["messages"][0]["text"] == "Ik kijk mee."
    assert (
        client.post(
            f"/api/handovers/{handover_id}/reply", json={"text": " ", **ANNA}, headers=AUTH
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"/api/handovers/{handover_id}/reply",
            content=b"{",
            headers={**AUTH, "Content-Type": "application/json"},
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/api/handovers/999/reply", json={"text": "x", **ANNA}, headers=AUTH
        ).status_code
        == 404
    )


def test_decision_is_validated_recorded_and_resumes(client: TestClient) -> None:
    handover_id = _handover_id(client)
    _take(client, handover_id)
    url = f"/api/handovers/{handover_id}/decision"
    assert client.post(url, json={"note": "x", **ANNA}, headers=AUTH).status_code == 422
    wrong = client.post(url, json={"decision": "hbo", **ANNA}, headers=AUTH)
    assert wrong.status_code == 422 and "mbo_diploma" in wrong.json()["message"]
    response = client.post(
        url, json={"decision": "certificaat", "note": "Past bij haar", **ANNA}, headers=AUTH
    )
    assert response.status_code == 200
    body = response.json()
    assert (
        body["handover"]["status"] == "afgerond" and body["handover"]["decision"] == "certificaat"
    )
    assert body["handover"]["decided_by"] == "anna"
    assert body["messages"][0]["text"] == "We gaan verder."
    assert FakeRasa.calls == [("resume", "echt")]
    again = client.post(url, json={"decision": "certificaat", **ANNA}, headers=AUTH)
    assert again.status_code == 409 and again.json()["error"] == "already_decided"
    assert client.get("/api/handovers?status=open", headers=AUTH).json()["handovers"] == []


def test_practice_hand_overs_cannot_be_decided(client: TestClient) -> None:
    with repository_scope() as repository:
        [practice_id] = [
            h.id
            for h in repository.list_handovers(include_practice=True)
            if h.conversation_id == "oefen"
        ]
    for path, body in (
        ("take", {}),
        ("decision", {"decision": "certificaat"}),
        ("reply", {"text": "hoi"}),
        ("release", {}),
    ):
        response = client.post(
            f"/api/handovers/{practice_id}/{path}", json={**body, **ANNA}, headers=AUTH
        )
        assert response.status_code == 404, path


def test_delete_erases_everything(client: TestClient) -> None:
    assert client.delete("/api/conversations/echt", headers=AUTH).status_code == 204
    assert client.get("/api/conversations/echt", headers=AUTH).status_code == 404
    assert client.delete("/api/conversations/echt", headers=AUTH).status_code == 404


def test_unknown_paths_answer_in_json(client: TestClient) -> None:
    response = client.get("/api/bestaat-niet", headers=AUTH)
    assert response.status_code == 404 and response.json()["error"] == "not_found"
