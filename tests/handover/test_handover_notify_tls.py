"""E-mail to the team over STARTTLS for real: a mail server on loopback that requires it.

The server (aiosmtpd) refuses login and mail before STARTTLS; its certificate for 127.0.0.1 is
signed by a certificate authority the test makes, which stands for a school's own mail relay.
With ``SMTP_CA_FILE`` naming that CA the mail arrives, over TLS. With the wrong CA (or the
system's CAs, which do not know it) the certificate check fails: the outbox row records the
failure and is retried, then given up and shown in ``/health``; the sender does not crash.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.handover.notify import MailSettings, Notifier, SendError, notify_settings, send_mail
from bot.store.repository import repository_scope
from tests.handover.conftest import Authority, Mailbox, make_authority
from tests.handover.test_handover_notify import (
    _conversation_with_personal_data,
    _open_by_action,
    _send_until_done,
)


def _rows() -> list[tuple[str, str, int, str | None]]:
    with repository_scope() as repository:
        [handover] = repository.list_handovers()
        return [
            (row.channel, row.status, row.attempts, row.last_error)
            for row in repository.outbox.of_handover(handover.id)
        ]


async def test_the_mail_arrives_over_starttls_checked_against_the_school_ca(
    sqlite_store: str,
    tls_smtp: Mailbox,
    school_ca: Authority,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tls_smtp.delay = 0
    monkeypatch.setenv("SMTP_CA_FILE", str(school_ca.ca_file))
    _conversation_with_personal_data("web-tls-gesprek")
    await _open_by_action("web-tls-gesprek")
    await _send_until_done(Notifier(notify_settings()))
    [(recipients, mail)] = tls_smtp.mails
    assert recipients == ["loopbaan@school.example"]
    assert "Open de overdracht" in mail.get_payload(decode=True).decode()
    [version] = tls_smtp.tls
    assert version in ("TLSv1.2", "TLSv1.3"), version
    print(f"mail delivered over STARTTLS ({version}), certificate checked against SMTP_CA_FILE")
    assert _rows() == [("email", "verstuurd", 1, None)]


def test_the_server_really_refuses_mail_without_starttls(
    tls_smtp: Mailbox, school_ca: Authority
) -> None:
    """So the mail above cannot have come in plain text."""
    plain = MailSettings(
        host="127.0.0.1",
        port=int(os.environ["SMTP_PORT"]),
        starttls=False,
        username="assistent",
        password="smtp-wachtwoord",
        sender="assistent@school.example",
    )
    with pytest.raises(SendError):
        send_mail(plain, "loopbaan@school.example", "onderwerp", "tekst")
    assert tls_smtp.mails == []


@pytest.mark.parametrize("trusted", ["andere-ca", "systeem", "ontbreekt"])
async def test_a_wrong_ca_fails_visibly_is_retried_then_given_up(
    sqlite_store: str,
    tls_smtp: Mailbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    trusted: str,
) -> None:
    from starlette.testclient import TestClient

    from bot.web.app import create_app

    tls_smtp.delay = 0
    if trusted == "andere-ca":
        monkeypatch.setenv("SMTP_CA_FILE", str(make_authority(tmp_path, "andere-ca").ca_file))
    elif trusted == "ontbreekt":
        monkeypatch.setenv("SMTP_CA_FILE", str(tmp_path / "bestaat-niet.pem"))
    else:
        monkeypatch.delenv("SMTP_CA_FILE", raising=False)  # the system's CAs
    monkeypatch.setenv("NOTIFY_RETRY_SECONDS", "0.01")
    monkeypatch.setenv("NOTIFY_MAX_ATTEMPTS", "2")
    _conversation_with_personal_data("web-tls-fout")
    await _open_by_action("web-tls-fout")
    notifier = Notifier(notify_settings())

    assert await notifier.run_once() == 1  # the first attempt fails, nothing raises
    [(channel, status, attempts, error)] = _rows()
    expected = "FileNotFoundError" if trusted == "ontbreekt" else "SSLCertVerificationError"
    assert (channel, status, attempts, error) == ("email", "wacht", 1, f"e-mail: {expected}")

    await _send_until_done(notifier)  # retried once more, then given up
    assert _rows() == [("email", "mislukt", 2, f"e-mail: {expected}")]
    assert tls_smtp.mails == []
    with repository_scope() as repository:
        assert list(repository.outbox.problems().values()) == [f"e-mail: {expected}"]
    monkeypatch.setenv("NOTIFY_POLL_SECONDS", "0")
    monkeypatch.setenv("BOT_API_TOKEN", "token")  # /health names the parts only with it
    health = TestClient(create_app()).get("/health", headers={"Authorization": "Bearer token"})
    health = health.json()
    assert health["parts"]["notifications"]["failed"] == 1
