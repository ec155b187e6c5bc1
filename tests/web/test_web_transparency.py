"""Who writes in the chat, the note on unneeded personal data, and the public page.

The web service with a fake Rasa (tests/web/conftest.py); the same with the real processes
is in tests/e2e/test_e2e_transparency.py.
"""

from __future__ import annotations

import pytest

from bot.accounts import create_account
from bot.web.chat import relay as chat
from tests.web.conftest import open_test_handover
from tests.web.test_inbox import PASSWORD, login

CONVERSATION = "web-BBBBBBBBBBBBBBBBBBBBBB"


def _live_texts(web, conversation: str) -> list[str]:
    return [e.data.get("text", "") for e in web.hub.history(conversation, 0)]


def _say(web, conversation: str, text: str) -> list[str]:
    body = {"conversation_id": conversation, "token": chat.chat_token(conversation), "text": text}
    answer = web.post("/chat/api/message", json=body)
    assert answer.status_code == 200, answer.text
    return [m["text"] for m in answer.json()["messages"]]


def test_taking_and_deciding_say_a_person_and_then_the_assistant_writes(web) -> None:
    create_account("anna", PASSWORD, "Anna de Vries")
    handover_id = open_test_handover(CONVERSATION)
    token = login(web)
    case = f"/medewerker/overdrachten/{handover_id}"
    assert 'name="naam_in_chat"' in web.get(case).text
    web.post(f"{case}/oppakken", data={"csrf": token, "naam_in_chat": "  Anna   van school "})
    web.post(f"{case}/besluit", data={"csrf": token, "besluit": "certificaat"})
    texts = _live_texts(web, CONVERSATION)
    person = [t for t in texts if t.startswith("Vanaf nu schrijft Anna van school met je")]
    assert person and "een mens, geen computer" in person[0]
    back = texts.index(next(t for t in texts if "schrijft de assistent weer" in t))
    assert texts[back + 1] == "Fijn, we gaan verder."  # the notice comes before its words


def test_without_a_chosen_name_the_chat_names_een_medewerker(web) -> None:
    handover_id = open_test_handover(CONVERSATION)
    taken = web.post(
        f"/api/handovers/{handover_id}/take", json={}, headers={"Authorization": "Bearer token"}
    )
    assert taken.status_code == 200, taken.text
    assert "Vanaf nu schrijft een medewerker van school met je." in " ".join(
        _live_texts(web, CONVERSATION)
    )


def test_unneeded_personal_data_gets_one_note_before_the_answer(web) -> None:
    web.rasa.replies = [{"text": "Wat wil de jongere graag?"}]
    conversation = chat.new_conversation_id()
    first = _say(web, conversation, "hij woont op de Dorpsstraat 12 in Ede, bsn 123456782")
    assert first[0].startswith("Let op") and "onleesbaar" in first[0]
    assert first[1] == "Wat wil de jongere graag?"
    assert [e["metadata"] for e in web.rasa.events_] == [{"melding": "gegevens_niet_nodig"}]
    assert _say(web, conversation, "bel zijn oom op 0612345678") == ["Wat wil de jongere graag?"]


@pytest.mark.parametrize("slot", ["contact", "verwijzer_naam"])
def test_no_note_when_the_assistant_asked_for_it(web, slot: str) -> None:
    web.rasa.replies = [{"text": "Dank je."}]
    web.rasa.events_ = [{"event": "slot", "name": "requested_slot", "value": slot}]
    conversation = chat.new_conversation_id()
    assert _say(web, conversation, "bel me op 0612345678 of mail sam@voorbeeld.nl") == ["Dank je."]


def test_no_note_for_ordinary_words_or_during_a_hand_over(web) -> None:
    web.rasa.replies = [{"text": "Goed."}]
    assert _say(web, chat.new_conversation_id(), "ik ben 17 en zit op het vso") == ["Goed."]
    open_test_handover(CONVERSATION)
    web.rasa.replies = []
    assert _say(web, CONVERSATION, "mijn bsn is 123456782") == []


def test_the_page_is_public_and_follows_the_settings(web, monkeypatch) -> None:
    monkeypatch.setenv("RETENTION_CLOSED_DAYS", "30")
    page = web.get("/hoe-werkt-het")
    assert page.status_code == 200 and 'lang="nl"' in page.text
    assert "computerprogramma" in page.text and "30 dagen" in page.text
    monkeypatch.setenv("RETENTION_CLOSED_DAYS", "45")
    changed = web.get("/hoe-werkt-het").text
    assert "45 dagen" in changed and "30 dagen" not in changed
    assert "<script" not in changed.split("<body>")[1]
    assert 'href="/hoe-werkt-het"' in web.get("/portaal").text
    assert "/hoe-werkt-het" in web.get("/chat/widget.js").text
