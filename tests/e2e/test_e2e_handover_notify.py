"""A conversation through the running servers reaches a decision point; the team gets a mail.

The processes are started the way ``make run`` starts them, with ``SMTP_HOST`` pointing at a
real SMTP server on loopback (aiosmtpd) that is slow on purpose. The young person's turn that
opens the hand-over must not wait for it; the mail reaches the team the routing names, with
the link to the case and none of the personal data typed in the chat. (The signed webhook and
its retries are shown at the notifier's level in tests/handover/test_handover_notify.py.)
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge.teams import load_teams
from tests.conftest import RunningServers, start_servers
from tests.e2e.chat import Chat
from tests.handover.conftest import Mailbox, smtp  # noqa: F401  (the SMTP server fixture)

pytestmark = pytest.mark.servers

SLOW_MAIL_SECONDS = 8.0  # the mail server takes this long to accept a mail
PUBLIC_URL = "https://portaal.school.example"
NAME, PHONE, EMAIL = "Fatima", "0612345678", "fatima.jansen@voorbeeld.nl"


@pytest.fixture
def mailing_servers(
    tmp_path: Path,
    smtp: Mailbox,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[RunningServers, Mailbox]]:
    """Servers of their own, whose web process mails the team over SMTP on loopback."""
    smtp.delay = SLOW_MAIL_SECONDS
    monkeypatch.setenv("PUBLIC_URL", PUBLIC_URL)
    monkeypatch.setenv("NOTIFY_POLL_SECONDS", "0.5")
    with start_servers(
        tmp_path, f"sqlite:///{tmp_path / 'bot.db'}", f"sqlite:///{tmp_path / 'tracker.db'}"
    ) as running:
        yield running, smtp


def test_the_team_is_mailed_at_once_without_personal_data_and_the_chat_does_not_wait(
    mailing_servers: tuple[RunningServers, Mailbox],
) -> None:
    servers, mailbox = mailing_servers
    chat = Chat(servers, f"melding-{uuid.uuid4().hex[:8]}")
    chat.say(f"Hallo, ik ben {NAME}")
    chat.say("ja, dat is goed")
    chat.say("nee hoor, ik ben ouder")
    chat.say("ik ben mentor")
    chat.say(
        "ja, de jongere weet ervan en vindt het goed"
    )  # from 16: the young person knows and agrees
    chat.click("Wat komt er na de opleiding")
    chat.say_all("hij wil gewoon aan het werk", "een deel ervan denk ik", "ja", "ja zeker")
    chat.say(f"ja, bel me op {PHONE} of mail {EMAIL}")
    chat.say("het uwv")
    started = time.perf_counter()
    reply = chat.confirm_review()
    turn_seconds = time.perf_counter() - started
    print(f"the turn that opened the hand-over took {turn_seconds:.2f} s")
    assert "medewerker" in reply
    handover = chat.open_handover()
    assert handover["decision_point"] == "vervolg"
    assert not mailbox.mails  # the turn came back before the mail server answered
    assert turn_seconds < SLOW_MAIL_SECONDS

    deadline = time.monotonic() + SLOW_MAIL_SECONDS + 60
    while not mailbox.mails and time.monotonic() < deadline:
        time.sleep(0.5)
    assert mailbox.mails, "no mail reached the team"
    [(recipients, mail)] = mailbox.mails
    team = load_teams().team_for("advies", "vervolg")
    assert recipients == [team.email]
    body = mail.get_payload(decode=True).decode()
    assert f"{PUBLIC_URL}/medewerker/overdrachten/{handover['id']}" in body
    everything = mail.as_string().lower()
    for personal in (NAME, PHONE, EMAIL, chat.sender, "uwv"):
        assert personal.lower() not in everything
