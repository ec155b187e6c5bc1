"""Fixtures for the hand-over tests: a real SMTP server and a real HTTP receiver on loopback."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

SLOW_SECONDS = 2.0


@dataclass
class Mailbox:
    """What the SMTP server on loopback received."""

    mails: list[tuple[list[str], Message]] = field(default_factory=list)
    delay: float = SLOW_SECONDS  # a slow server by default: the conversation must not notice

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(self.delay)
        mail = message_from_bytes(envelope.content, policy=policy.default)
        self.mails.append((list(envelope.rcpt_tos), mail))
        return "250 OK"


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:  # type: ignore[no-untyped-def]
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"smtp-wachtwoord"
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    mailbox = Mailbox()
    with socket.socket() as probe:  # aiosmtpd checks its own port, so it cannot be 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        auth_require_tls=False,
        auth_required=True,
        authenticator=_authenticator,
    )
    controller.start()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("SMTP_STARTTLS", "false")  # no certificate on loopback
    monkeypatch.setenv("SMTP_USERNAME", "assistent")
    monkeypatch.setenv("SMTP_PASSWORD", "smtp-wachtwoord")
    monkeypatch.setenv("SMTP_FROM", "assistent@school.example")
    try:
        yield mailbox
    finally:
        controller.stop()


@dataclass
class Receiver:
    """An HTTP server on loopback that answers the given statuses in turn, then 200."""

    url: str
    statuses: list[int]
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="", statuses=[])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.requests.append((dict(self.headers), body))
            status = state.statuses.pop(0) if state.statuses else 200
            state.answered.append(status)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/overdracht"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
