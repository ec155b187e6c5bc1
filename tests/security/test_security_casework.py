"""Item 4 of issue 11: the JSON API held to the inbox's rules (bot/handover/casework.py)."""

from __future__ import annotations

from bot.store.repository import repository_scope
from tests.web.conftest import open_test_handover

AUTH = {"Authorization": "Bearer token"}  # BOT_API_TOKEN of the web fixture: account "api"


def _post(web, handover_id: int, action: str, body: dict, headers=AUTH):
    return web.post(f"/api/handovers/{handover_id}/{action}", json=body, headers=headers)


def test_nobody_replies_to_or_decides_a_hand_over_nobody_took(web) -> None:
    handover_id = open_test_handover()
    for action, body in (("reply", {"text": "hoi"}), ("decision", {"decision": "certificaat"})):
        response = _post(web, handover_id, action, body)
        assert response.status_code == 409 and response.json()["error"] == "not_taken"
    assert web.rasa.professional == []
    with repository_scope() as repository:
        assert repository.get_handover(handover_id).status == "open"


def test_decided_by_is_the_token_s_account_not_a_name_in_the_body(web) -> None:
    handover_id = open_test_handover()
    forged = _post(web, handover_id, "take", {"professional": "directeur"})
    assert forged.status_code == 403 and forged.json()["error"] == "other_account"
    taken = _post(web, handover_id, "take", {}).json()["handover"]
    assert taken["taken_by"] == "api"
    forged = _post(web, handover_id, "decision", {"decision": "certificaat", "professional": "x"})
    assert forged.status_code == 403
    decided = _post(web, handover_id, "decision", {"decision": "certificaat"}).json()
    assert decided["handover"]["decided_by"] == "api"


def test_a_named_service_account_from_a_tokens_file(web, tmp_path, monkeypatch) -> None:
    tokens = tmp_path / "api-tokens"
    tokens.write_text("leerplicht-koppeling=een-lang-token-voor-de-koppeling\nkort=te-kort\n")
    monkeypatch.setenv("BOT_API_TOKENS_FILE", str(tokens))
    handover_id = open_test_handover()
    headers = {"Authorization": "Bearer een-lang-token-voor-de-koppeling"}
    taken = _post(web, handover_id, "take", {}, headers).json()["handover"]
    assert taken["taken_by"] == "leerplicht-koppeling"
    # A token shorter than 16 characters is not accepted as a service account.
    assert (
        _post(web, handover_id, "take", {}, {"Authorization": "Bearer te-kort"}).status_code == 401
    )


def test_notes_replies_and_decisions_have_a_length_limit(web) -> None:
    handover_id = open_test_handover()
    _post(web, handover_id, "take", {})
    long_reply = _post(web, handover_id, "reply", {"text": "a" * 2001})
    assert long_reply.status_code == 422 and long_reply.json()["error"] == "text_too_long"
    long_note = _post(web, handover_id, "decision", {"decision": "certificaat", "note": "n" * 2001})
    assert long_note.status_code == 422 and long_note.json()["error"] == "note_too_long"
    long_decision = _post(web, handover_id, "decision", {"decision": "d" * 256})
    assert long_decision.json()["error"] == "decision_too_long"
    megabyte = _post(web, handover_id, "decision", {"decision": "certificaat", "note": "n" * 10**6})
    assert megabyte.status_code == 413
    assert web.rasa.professional == []
    with repository_scope() as repository:
        assert repository.get_handover(handover_id).status == "in_behandeling"
