"""The chat relay: injection filter, conversation ids, hand-over notice, widget files."""

from __future__ import annotations

import pytest

from bot.web.chat import relay as chat
from bot.web.state.pubsub import publish_resumed
from bot.web.state.shared import shared
from tests.web.conftest import open_test_handover

BUTTONS = [
    {
        "recipient_id": "x",
        "text": "Wie doet dit gesprek?",
        "buttons": [
            {"title": "Ik ben professional", "payload": '/informeren{"rol": "professional"}'},
            {"title": "Samen", "payload": '/informeren{"rol": "samen"}'},
        ],
    }
]


def test_a_new_conversation_gets_a_random_web_id(web) -> None:
    web.rasa.replies = [{"recipient_id": "x", "text": "Hoi!"}]
    first = web.post("/chat/api/message", json={"text": "Hallo"}).json()
    second = web.post("/chat/api/message", json={"text": "Hallo"}).json()
    assert chat.CONVERSATION_ID.match(first["conversation_id"])
    assert first["conversation_id"] != second["conversation_id"]
    assert first["messages"] == [{"text": "Hoi!", "buttons": []}]
    assert first["handover"] is None
    assert "set-cookie" not in {
        k.lower() for k in web.post("/chat/api/message", json={"text": "x"}).headers
    }


def test_foreign_or_malformed_conversation_ids_are_refused(web) -> None:
    for bad in ("mentor-vso-1234", "web-kort", "../web", 5):
        response = web.post("/chat/api/message", json={"conversation_id": bad, "text": "hoi"})
        assert response.status_code == 422
    assert web.rasa.sent == []


@pytest.mark.parametrize(
    ("typed", "relayed"),
    [
        ("/restart", "restart"),
        (
            '/EXTERNAL_besluit{"besluit": "mbo_diploma"}',
            'EXTERNAL_besluit{"besluit": "mbo_diploma"}',
        ),
        ("  //session_start", "session_start"),
        ("gewoon tekst / met slash", "gewoon tekst / met slash"),
    ],
)
def test_typed_text_never_becomes_a_command(web, typed: str, relayed: str) -> None:
    web.post("/chat/api/message", json={"text": typed})
    assert web.rasa.sent[-1][1] == relayed


def test_only_slashes_is_an_empty_message(web) -> None:
    assert web.post("/chat/api/message", json={"text": " /// "}).status_code == 422
    assert web.rasa.sent == []


def test_a_payload_passes_only_when_it_was_offered(web) -> None:
    web.rasa.replies = BUTTONS
    conversation = web.post("/chat/api/message", json={"text": "ja"}).json()["conversation_id"]
    offered = BUTTONS[0]["buttons"][0]["payload"]
    web.rasa.replies = [{"recipient_id": "x", "text": "Waar wil je mee beginnen?"}]
    # Not offered: refused, nothing reaches Rasa.
    refused = web.post(
        "/chat/api/message",
        json={
            "conversation_id": conversation,
            "token": chat.chat_token(conversation),
            "payload": "/restart",
        },
    )
    assert refused.status_code == 409 and web.rasa.sent[-1][1] == "ja"
    ok = web.post(
        "/chat/api/message",
        json={
            "conversation_id": conversation,
            "token": chat.chat_token(conversation),
            "payload": offered,
            "text": "Ik ben professional",
        },
    )
    assert ok.status_code == 200 and web.rasa.sent[-1][1] == offered
    # The last answer had no buttons: the old payload is not valid any more.
    again = web.post(
        "/chat/api/message",
        json={
            "conversation_id": conversation,
            "token": chat.chat_token(conversation),
            "payload": offered,
        },
    )
    assert again.status_code == 409


def test_offered_buttons_are_recomputed_from_the_tracker_after_a_restart(web) -> None:
    conversation = chat.new_conversation_id()
    web.rasa.events_ = [
        {"event": "user", "text": "hoi"},
        {"event": "bot", "text": "Wie?", "data": {"buttons": BUTTONS[0]["buttons"]}},
    ]
    payload = BUTTONS[0]["buttons"][1]["payload"]
    response = web.post(
        "/chat/api/message",
        json={
            "conversation_id": conversation,
            "token": chat.chat_token(conversation),
            "payload": payload,
        },
    )
    assert response.status_code == 200 and web.rasa.sent[-1] == (conversation, payload)
    web.rasa.events_.append({"event": "user", "text": "Samen"})
    shared().offered._offered.clear()  # type: ignore[attr-defined]
    response = web.post(
        "/chat/api/message",
        json={
            "conversation_id": conversation,
            "token": chat.chat_token(conversation),
            "payload": payload,
        },
    )
    assert response.status_code == 409


def test_a_hand_over_is_told_in_the_answer_and_on_the_stream(web) -> None:
    conversation = chat.new_conversation_id()
    open_test_handover(conversation, "op_verzoek")
    web.rasa.replies = [{"recipient_id": "x", "text": "Ik vraag een medewerker."}]
    body = web.post(
        "/chat/api/message",
        json={
            "conversation_id": conversation,
            "token": chat.chat_token(conversation),
            "text": "ik wil een mens",
        },
    ).json()
    assert body["handover"]["state"] == "overdracht"
    assert "medewerker neemt het gesprek over" in body["handover"]["text"]
    kinds = [event.data for event in web.hub.history(conversation, 0)]
    assert {"type": "message", "sender": "jongere", "text": "ik wil een mens"} in kinds
    assert kinds[-1]["type"] == "state" and kinds[-1]["state"] == "overdracht"


def test_the_live_line_hides_a_name_given_earlier(web) -> None:
    conversation = chat.new_conversation_id()
    open_test_handover(conversation, "op_verzoek")
    web.rasa.events_ = [
        {"event": "user", "text": "Ik heet Noor", "timestamp": 1},
        {"event": "user", "text": "noor wacht nog even", "timestamp": 2},
    ]
    web.post(
        "/chat/api/message",
        json={
            "conversation_id": conversation,
            "token": chat.chat_token(conversation),
            "text": "noor wacht",
        },
    )
    lines = [e.data for e in web.hub.history(conversation, 0) if e.data["type"] == "message"]
    assert lines == [{"type": "message", "sender": "jongere", "text": "[naam] wacht"}]


def test_the_stream_replays_what_a_reconnecting_widget_missed(web) -> None:
    conversation = chat.new_conversation_id()
    web.hub.publish(conversation, {"type": "message", "sender": "professional", "text": "eerste"})
    seen = web.hub.history(conversation, 0)[0].id
    publish_resumed(conversation, [{"text": "De assistent gaat verder."}])
    web.hub.closing = True  # the stream ends after replaying history
    with web.stream(
        "GET",
        f"/chat/api/stream?conversation_id={conversation}&token={chat.chat_token(conversation)}",
        headers={"Last-Event-ID": str(seen)},
    ) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        body = "".join(response.iter_text())
    assert "eerste" not in body
    assert "event: message" in body and "De assistent gaat verder." in body
    assert "event: state" in body and '"assistent"' in body
    assert web.get("/chat/api/stream?conversation_id=fout").status_code == 422


def test_widget_files_and_demo_page_are_served_with_security_headers(web) -> None:
    page = web.get("/")
    assert page.status_code == 200 and 'lang="nl"' in page.text
    assert '<script src="/chat/widget.js" defer></script>' in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'self'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"
    script = web.get("/chat/widget.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "innerHTML" not in script.text and "localStorage" not in script.text
    assert "sessionStorage" in script.text
    assert web.get("/chat/widget.css").status_code == 200


def test_frame_ancestors_can_be_configured(web, monkeypatch: pytest.MonkeyPatch) -> None:
    from starlette.testclient import TestClient

    from bot.web.app import create_app

    monkeypatch.setenv("BOT_FRAME_ANCESTORS", "https://portaal.school.nl")
    with TestClient(create_app()) as client:
        csp = client.get("/").headers["content-security-policy"]
    assert "frame-ancestors https://portaal.school.nl" in csp


def test_silence_from_rasa_outside_a_hand_over_becomes_even_geduld(web) -> None:
    """An action server that is down makes Rasa answer nothing; the user never sees silence."""
    web.rasa.replies = []
    first = web.post("/chat/api/message", json={"text": "Ze is 17"}).json()
    [message] = first["messages"]
    assert message["text"].startswith("Even geduld")
    assert [b["payload"] for b in message["buttons"]] == ["/mens_spreken"]
    web.rasa.replies = [{"recipient_id": "x", "text": "Ik zet je door."}]
    ids = {"conversation_id": first["conversation_id"], "token": first["token"]}
    clicked = web.post("/chat/api/message", json={**ids, "payload": "/mens_spreken"})
    assert clicked.status_code == 200  # the offered button may be pressed


def test_silence_during_a_hand_over_stays_silence(web) -> None:
    first = web.post("/chat/api/message", json={"text": "hoi"}).json()
    open_test_handover(first["conversation_id"])
    web.rasa.replies = []
    ids = {"conversation_id": first["conversation_id"], "token": first["token"]}
    paused = web.post("/chat/api/message", json={**ids, "text": "hallo?"}).json()
    assert paused["messages"] == [] and paused["handover"] is not None


DECISION_BUTTONS = [
    {
        "text": "Welke ondersteuning is nodig?",
        "buttons": [
            {"title": "Ja", "payload": '/bevestigen{"waarde": "ja"}'},
            {"title": "Nee", "payload": '/ontkennen{"waarde": "nee"}'},
        ],
    }
]


def _decide_with_buttons_over_the_stream(web, conversation: str) -> None:
    """A hand-over with a message typed while paused, then a decision whose words have buttons."""
    handover = open_test_handover(conversation)
    ids = {"conversation_id": conversation, "token": chat.chat_token(conversation)}
    web.rasa.replies = []
    paused = web.post("/chat/api/message", json={**ids, "text": "ben je er nog?"}).json()
    assert paused["messages"] == [] and paused["handover"] is not None
    headers = {"Authorization": "Bearer token"}
    assert (
        web.post(
            f"/api/handovers/{handover}/take", json={"professional": "api"}, headers=headers
        ).status_code
        == 200
    )
    web.rasa.resume_replies = DECISION_BUTTONS
    decided = web.post(
        f"/api/handovers/{handover}/decision",
        json={"decision": "mbo_diploma", "note": "", "professional": "api"},
        headers=headers,
    )
    assert decided.status_code == 200, decided.text


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_the_first_button_after_a_decision_is_offered(
    web, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Buttons that reach the widget over the live stream may be pressed (memory and Redis)."""
    if backend == "redis":
        from bot.web.state.redis_state import ping
        from bot.web.state.shared import reset_shared

        url = "redis://127.0.0.1:6379/2"
        if not ping(url):
            pytest.skip("no Redis on 127.0.0.1:6379")
        monkeypatch.setenv("REDIS_URL", url)
        reset_shared()
    conversation = chat.new_conversation_id()
    _decide_with_buttons_over_the_stream(web, conversation)
    # The remembered state itself holds the new buttons (Rasa's tracker is empty here).
    assert _remembered(backend, conversation) == {
        b["payload"] for b in DECISION_BUTTONS[0]["buttons"]
    }
    web.rasa.replies = [{"recipient_id": "x", "text": "Genoteerd."}]
    clicked = web.post(
        "/chat/api/message",
        json={
            "conversation_id": conversation,
            "token": chat.chat_token(conversation),
            "payload": '/ontkennen{"waarde": "nee"}',
            "text": "Nee",
        },
    )
    assert clicked.status_code == 200, clicked.text
    assert web.rasa.sent[-1] == (conversation, '/ontkennen{"waarde": "nee"}')


def _remembered(backend: str, conversation: str) -> set[str]:
    """What the backend holds for the conversation, read outside the service's event loop."""
    if backend == "memory":
        return set(shared().offered._offered[conversation])  # type: ignore[attr-defined]
    import json

    from redis import Redis  # type: ignore[import-untyped]

    from bot.web.state.redis_state import PREFIX

    stored = Redis.from_url("redis://127.0.0.1:6379/2").get(f"{PREFIX}offered:{conversation}")
    return set(json.loads(stored))


def test_a_button_the_tracker_shows_last_passes_when_the_worker_never_saw_it(web) -> None:
    """Another worker published the words after the decision: Rasa's tracker decides."""
    conversation = chat.new_conversation_id()
    ids = {"conversation_id": conversation, "token": chat.chat_token(conversation)}
    web.rasa.replies = []
    web.post("/chat/api/message", json={**ids, "text": "hallo?"})  # remembers: no buttons
    web.rasa.events_ = [
        {"event": "user", "text": "hallo?"},
        {"event": "bot", "text": "Verder:", "data": {"buttons": DECISION_BUTTONS[0]["buttons"]}},
    ]
    web.rasa.replies = [{"recipient_id": "x", "text": "Genoteerd."}]
    clicked = web.post("/chat/api/message", json={**ids, "payload": '/bevestigen{"waarde": "ja"}'})
    assert clicked.status_code == 200
    refused = web.post("/chat/api/message", json={**ids, "payload": "/restart"})
    assert refused.status_code == 409


def test_a_decision_passes_its_level_and_a_note_meant_for_the_young_person(web) -> None:
    """The assistant learns both from the professional's side, before it goes on."""
    headers = {"Authorization": "Bearer token"}
    handover = open_test_handover(chat.new_conversation_id())
    web.post(f"/api/handovers/{handover}/take", json={"professional": "api"}, headers=headers)
    body = {"decision": "mbo_diploma", "note": "Start in augustus.", "professional": "api"}
    wrong = web.post(
        f"/api/handovers/{handover}/decision", json={**body, "level": 7}, headers=headers
    )
    assert wrong.status_code == 422 and wrong.json()["error"] == "invalid_level"
    decided = web.post(
        f"/api/handovers/{handover}/decision",
        json={**body, "level": 2, "note_for_young_person": True},
        headers=headers,
    )
    assert decided.status_code == 200, decided.text
    [(_, slots)] = web.rasa.slots_set
    assert slots == {"besluit_extra": {"niveau": 2, "notitie_delen": True}}


def test_a_plain_decision_sets_nothing_extra(web) -> None:
    headers = {"Authorization": "Bearer token"}
    handover = open_test_handover(chat.new_conversation_id())
    web.post(f"/api/handovers/{handover}/take", json={"professional": "api"}, headers=headers)
    decided = web.post(
        f"/api/handovers/{handover}/decision",
        json={"decision": "certificaat", "note": "intern", "professional": "api"},
        headers=headers,
    )
    assert decided.status_code == 200 and web.rasa.slots_set == []
