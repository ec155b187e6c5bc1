"""Fixtures for the hand-over tests: a real SMTP server and a real HTTP receiver on loopback.

``tls_smtp`` is the same server requiring STARTTLS, with a certificate for 127.0.0.1 signed by
a certificate authority the test makes (:func:`make_authority`, with ``cryptography``).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SLOW_SECONDS = 2.0


@dataclass
class Mailbox:
    """What the SMTP server on loopback received."""

    mails: list[tuple[list[str], Message]] = field(default_factory=list)
    delay: float = SLOW_SECONDS  # a slow server by default: the conversation must not notice
    # Per mail, the TLS version it came over ("TLSv1.3"), None when in plain text.
    tls: list[str | None] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(self.delay)
        mail = message_from_bytes(envelope.content, policy=policy.default)
        self.mails.append((list(envelope.rcpt_tos), mail))
        tls = session.ssl.get("ssl_object") if session.ssl else None
        self.tls.append(tls.version() if tls is not None else None)
        return "250 OK"


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:  # type: ignore[no-untyped-def]
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"smtp-wachtwoord"
    return AuthResult(success=ok, handled=False)


@dataclass(frozen=True)
class Authority:
    """A certificate authority made by the test: its certificate as a PEM file, and its key."""

    ca_file: Path
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_authority(folder: Path, name: str) -> Authority:
    """A fresh CA (valid for a day), written to ``folder/<name>.pem``."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    ca_file = folder / f"{name}.pem"
    ca_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return Authority(ca_file, certificate, key)


def server_tls_context(authority: Authority, folder: Path) -> ssl.SSLContext:
    """The mail server's side: a certificate for 127.0.0.1 signed by ``authority``."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name("smtp.school.test"))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
            critical=False,
        )
        .sign(authority.key, hashes.SHA256())
    )
    chain, key_file = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    chain.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(chain, key_file)
    return context


def _start_smtp(
    monkeypatch: pytest.MonkeyPatch, tls_context: ssl.SSLContext | None
) -> tuple[Mailbox, Controller]:
    mailbox = Mailbox()
    with socket.socket() as probe:  # aiosmtpd checks its own port, so it cannot be 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=tls_context,
        # With TLS: nothing (no login, no mail) before STARTTLS.
        require_starttls=tls_context is not None,
        auth_require_tls=tls_context is not None,
        auth_required=True,
        authenticator=_authenticator,
    )
    controller.start()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("SMTP_STARTTLS", "true" if tls_context else "false")
    monkeypatch.setenv("SMTP_USERNAME", "assistent")
    monkeypatch.setenv("SMTP_PASSWORD", "smtp-wachtwoord")
    monkeypatch.setenv("SMTP_FROM", "assistent@school.example")
    return mailbox, controller


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """A plain SMTP server (no STARTTLS) that wants a login."""
    mailbox, controller = _start_smtp(monkeypatch, None)
    try:
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture
def school_ca(tmp_path: Path) -> Authority:
    """The school's own certificate authority, which signed its mail relay's certificate."""
    return make_authority(tmp_path, "school-ca")


@pytest.fixture
def tls_smtp(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, school_ca: Authority
) -> Iterator[Mailbox]:
    """An SMTP server that requires STARTTLS before login and mail, signed by ``school_ca``."""
    mailbox, controller = _start_smtp(monkeypatch, server_tls_context(school_ca, tmp_path))
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
