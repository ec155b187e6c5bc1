"""The team is told at once: a real SMTP server and a real HTTP receiver on loopback.

The hand-over is opened by the real action (as Rasa would call it), so the test also shows
that the conversation does not wait for the sending: the action only writes to the outbox.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.handover import ActionOverdragen
from bot.handover.notify import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    Notifier,
    notify_settings,
)
from bot.knowledge import load_knowledge
from bot.knowledge.teams import load_teams
from bot.store.repository import repository_scope
from tests.actions.conftest import make_tracker
from tests.handover.conftest import SLOW_SECONDS, Mailbox, Receiver

SECRET = "test-geheim-van-de-school"
# Personal data the young person gave; none of it may leave in a notification.
NAME, PHONE, EMAIL = "Fatima", "0612345678", "fatima.jansen@voorbeeld.nl"


@pytest.fixture
def teams_with_webhook(teams_yml, receiver: Receiver, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """teams.yml with a webhook on loopback for the team loopbaan."""
    monkeypatch.setenv("TEAM_LOOPBAAN_WEBHOOK_SECRET", SECRET)
    webhook = {"url": receiver.url, "secret_env": "TEAM_LOOPBAAN_WEBHOOK_SECRET"}
    return teams_yml(lambda data: data["teams"]["loopbaan"].update(webhook=webhook))


def _conversation_with_personal_data(conversation_id: str) -> None:
    with repository_scope() as repository:
        repository.ensure_conversation(conversation_id, mode="advies", consent=True)
        repository.record_answer(conversation_id, "leeftijd", 17, answered_by="jongere")
        repository.record_answer(conversation_id, "herkomst", "vso", answered_by="jongere")
        repository.add_message(
            conversation_id, "jongere", f"Ik ben {NAME}, bel me op {PHONE} of {EMAIL}"
        )


async def _open_by_action(conversation_id: str) -> float:
    """Run the real hand-over action; returns how long the conversation waited (seconds)."""
    after = [{"event": "action", "name": "voorkant_form", "timestamp": 100.0}]
    tracker = make_tracker(
        sender_id=conversation_id,
        text=f"ik ben {NAME}, {PHONE}",
        intent="bevestigen",
        after=after,
        latest_action="voorkant_form",
        slots={"nagekeken": "ja"},  # the user confirmed the review (actions/review.py)
    )
    started = time.perf_counter()
    await ActionOverdragen().run(CollectingDispatcher(), tracker, {})
    return time.perf_counter() - started


async def _send_until_done(notifier: Notifier, rounds: int = 40) -> None:
    for _ in range(rounds):
        await notifier.run_once()
        with repository_scope() as repository:
            if not repository.outbox.counts().get("wacht"):
                return
        await asyncio.sleep(0.05)


async def test_the_team_gets_mail_and_a_signed_webhook_the_third_time_without_personal_data(
    sqlite_store: str,
    smtp: Mailbox,
    receiver: Receiver,
    teams_with_webhook: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PUBLIC_URL", "https://portaal.school.example")
    monkeypatch.setenv("NOTIFY_RETRY_SECONDS", "0.05")
    receiver.statuses = [500, 503]  # fails twice, gets it on the third try
    _conversation_with_personal_data("web-gesprek-met-naam")
    load_knowledge(), load_teams()  # loaded at start-up in the action server, not per message

    waited = await _open_by_action("web-gesprek-met-naam")
    print(f"hand-over action took {waited:.3f} s")
    assert waited < SLOW_SECONDS, "the action waited for the sending"
    assert not smtp.mails and not receiver.requests  # nothing is sent inside the action

    with repository_scope() as repository:
        [handover] = repository.list_handovers(status="open")
        assert handover.team == "loopbaan"
        handover_id = handover.id

    started = time.perf_counter()
    await _send_until_done(Notifier(notify_settings(), teams=teams_with_webhook))
    sending = time.perf_counter() - started
    print(f"sending took {sending:.3f} s")
    assert sending >= SLOW_SECONDS > waited  # the slow part happened outside the conversation

    [(recipients, mail)] = smtp.mails
    assert recipients == ["loopbaan@school.example"]
    link = f"https://portaal.school.example/medewerker/overdrachten/{handover_id}"
    body = mail.get_payload(decode=True).decode()
    assert link in body
    assert "welke leerroute past het best" in mail["Subject"]
    assert "adviesgesprek" in body

    assert receiver.answered == [500, 503, 200]
    headers, raw = receiver.requests[-1]
    timestamp = headers[TIMESTAMP_HEADER]
    expected = hmac.new(SECRET.encode(), timestamp.encode() + b"." + raw, hashlib.sha256)
    assert headers[SIGNATURE_HEADER] == f"sha256={expected.hexdigest()}"
    payload = json.loads(raw)
    assert payload["link"] == link and payload["beslispunt"] == "leerroute"
    assert payload["modus"] == "advies" and payload["team"] == "loopbaan"

    everything = (mail.as_string() + raw.decode()).lower()
    for personal in (NAME, PHONE, EMAIL, "web-gesprek-met-naam", "vso", "17 jaar"):
        assert personal.lower() not in everything

    with repository_scope() as repository:
        rows = repository.outbox.of_handover(handover_id)
        assert {(r.channel, r.status, r.attempts) for r in rows} == {
            ("email", "verstuurd", 1),
            ("webhook", "verstuurd", 3),
        }


async def test_a_retried_action_queues_the_team_once(sqlite_store: str) -> None:
    _conversation_with_personal_data("web-twee-keer")
    await _open_by_action("web-twee-keer")
    await _open_by_action("web-twee-keer")
    with repository_scope() as repository:
        [handover] = repository.list_handovers()
        assert len(repository.outbox.of_handover(handover.id)) == 1  # e-mail only, no webhook


async def test_without_smtp_mail_is_off_not_failed_and_said_once(
    sqlite_store: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("SMTP_HOST", raising=False)
    _conversation_with_personal_data("web-zonder-smtp")
    await _open_by_action("web-zonder-smtp")
    notifier = Notifier(notify_settings())
    with caplog.at_level("INFO"):
        notifier.say_how_configured()
    assert "E-mail over overdrachten staat uit" in caplog.text
    await notifier.run_once()
    with repository_scope() as repository:
        [row] = repository.outbox.counts().items()
        assert row == ("uit", 1)
        assert repository.outbox.problems() == {}


async def test_a_receiver_that_keeps_failing_is_given_up_and_shows_in_health(
    sqlite_store: str,
    receiver: Receiver,
    teams_with_webhook: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from starlette.testclient import TestClient

    from bot.web.app import create_app

    monkeypatch.setenv("NOTIFY_RETRY_SECONDS", "0.01")
    monkeypatch.setenv("NOTIFY_MAX_ATTEMPTS", "3")
    monkeypatch.delenv("SMTP_HOST", raising=False)
    receiver.statuses = [500] * 10
    _conversation_with_personal_data("web-kapot")
    await _open_by_action("web-kapot")
    await _send_until_done(Notifier(notify_settings(), teams=teams_with_webhook))
    assert receiver.answered == [500, 500, 500]
    with repository_scope() as repository:
        [(_handover, error)] = repository.outbox.problems().items()
    assert error == "webhook: HTTP 500"

    monkeypatch.setenv("NOTIFY_POLL_SECONDS", "0")
    monkeypatch.setenv("BOT_API_TOKEN", "token")  # /health names the parts only with it
    health = TestClient(create_app()).get("/health", headers={"Authorization": "Bearer token"})
    health = health.json()
    assert health["parts"]["notifications"] == {
        "up": False,
        "failed": 1,
        "waiting": 0,
        "email": False,
    }
    assert health["status"] == "degraded"
