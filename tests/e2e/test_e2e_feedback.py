"""The feedback question at the end, against the running servers.

It appears once when the conversation ends after the professional's decision; the answer
(and a masked comment) lands in the ``feedback`` table; skipping or simply going on is
fine; a second end in the same chat does not ask again.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from bot.store.feedback_answers import feedback_of
from bot.store.repository import repository_scope
from tests.conftest import RunningServers
from tests.e2e.chat import Chat

pytestmark = pytest.mark.servers

QUESTION = "Heeft dit gesprek je geholpen?"
COMMENT_QUESTION = "Wil je nog iets zeggen over het gesprek?"


def new_chat(servers: RunningServers, persona: str) -> Chat:
    return Chat(servers, f"{persona}-{uuid.uuid4().hex[:8]}")


def to_the_end(chat: Chat, opening: str = "Hallo") -> list[dict[str, Any]]:
    """Consent, the vervolg part, the hand-over and the decision: the messages after it."""
    chat.say(opening)
    assert "akkoord" in chat.text().lower()
    chat.say("ja, dat is goed")
    chat.say("nee hoor, hij is ouder")
    chat.say("ik ben mentor")
    chat.say(
        "ja, de jongere weet ervan en vindt het goed"
    )  # from 16: the young person knows and agrees
    chat.click("Wat komt er na de opleiding")
    chat.say_all("hij wil gewoon aan het werk", "een deel ervan denk ik", "ja", "ja zeker", "ja")
    chat.say("het uwv")
    assert "medewerker" in chat.confirm_review()
    assert QUESTION not in chat.text()  # never while a human has the conversation
    result = chat.decide("Werk met een jobcoach via UWV", "Warme overdracht in juni")
    messages: list[dict[str, Any]] = result["messages"]
    chat.replies = messages  # what the widget shows now, so its buttons can be pressed
    assert "klaar met de vragen" in chat.text()
    return messages


def stored(servers: RunningServers, chat: Chat) -> tuple[str, str | None] | None:
    with repository_scope(servers.database_url) as repository:
        row = feedback_of(repository, chat.sender)
        return None if row is None else (row.answer, row.comment)


def test_asked_once_at_the_end_and_the_answer_is_stored(servers: RunningServers) -> None:
    chat = new_chat(servers, "feedback-antwoord")
    assert stored(servers, chat) is None
    to_the_end(chat)
    assert chat.text().count(QUESTION) == 1
    assert {"Ja", "Een beetje", "Nee", "Sla over"} <= set(chat.buttons())

    reply = chat.click("Een beetje")
    assert COMMENT_QUESTION in reply and QUESTION not in reply
    assert stored(servers, chat) == ("een_beetje", None)  # kept before the comment comes
    reply = chat.say("Duidelijke vragen. Bel me gerust op 06-12345678, groetjes Sanne")
    assert "Dank je wel" in reply
    answer, comment = stored(servers, chat) or ("", None)
    assert answer == "een_beetje"
    assert comment is not None and "Duidelijke vragen" in comment
    assert "06-12345678" not in comment and "Sanne" not in comment and "[telefoon]" in comment

    # The chat goes on as before: a question after the feedback gets its usual answer.
    assert chat.say("wat is een bbl?").strip()


def test_going_on_skips_it_and_a_second_end_does_not_ask_again(servers: RunningServers) -> None:
    chat = new_chat(servers, "feedback-doorgaan")
    to_the_end(chat)
    assert QUESTION in chat.text()

    # Ignores the question: the message gets its answer (help, or what can be done now),
    # the question is not asked again and is kept as skipped.
    reply = chat.say("oke en wat nu?")
    assert reply.strip() and QUESTION not in reply
    assert stored(servers, chat) == ("overgeslagen", None)
    assert not (chat.tracker().get("active_loop") or {}).get("name")

    # A new round in the same chat, up to the end again (a greeting after the end is no
    # new start, issue 23: only the button or "opnieuw beginnen" is).
    to_the_end(chat, opening="opnieuw beginnen")
    assert QUESTION not in chat.text()
    assert stored(servers, chat) == ("overgeslagen", None)


def test_the_skip_button_is_fine(servers: RunningServers) -> None:
    chat = new_chat(servers, "feedback-overslaan")
    to_the_end(chat)
    reply = chat.click("Sla over")
    assert "Dat is goed." in reply and COMMENT_QUESTION not in reply
    assert stored(servers, chat) == ("overgeslagen", None)
    assert not (chat.tracker().get("active_loop") or {}).get("name")  # the form is closed


def test_a_request_instead_of_an_answer_is_served(servers: RunningServers) -> None:
    chat = new_chat(servers, "feedback-mens")
    to_the_end(chat)
    assert "medewerker" in chat.say("kan ik iemand spreken?")
    assert chat.tracker()["paused"] is True
    assert chat.open_handover()["decision_point"] == "op_verzoek"
    assert stored(servers, chat) == ("overgeslagen", None)
