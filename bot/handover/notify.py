"""Telling the team at once: e-mail over SMTP and a signed webhook, from the outbox.

A hand-over that nobody sees leaves a young person waiting, so the team hears of it at
once. But sending must never hold up or break the conversation: the action only queues a
row in the outbox (:mod:`bot.handover.queueing`, same transaction as the hand-over) and the
web process sends it (:class:`Notifier`), retrying with backoff; each round also queues
the reminders that are due (:mod:`bot.handover.reminders`). What is sent holds no personal data:
the decision point in Dutch, the mode, the waiting time and a link to the case page, where
the professional logs in to read more.

Configuration (environment, read when the notifier starts):

- ``SMTP_HOST`` (empty: e-mail is off, said once in the log), ``SMTP_PORT`` (587),
  ``SMTP_STARTTLS`` (``true``: the server's certificate is checked against the system's CAs,
  or against ``SMTP_CA_FILE``, a PEM bundle for a school's own mail relay),
  ``SMTP_USERNAME``/``SMTP_PASSWORD`` (optional), ``SMTP_FROM`` (sender address).
- A team's webhook in teams.yml names the environment variable with its secret. The body is
  JSON; ``X-Overdracht-Tijd`` is the Unix time and ``X-Overdracht-Handtekening`` is
  ``sha256=`` + hex HMAC-SHA256 of ``"<tijd>." + body`` with the secret.
- ``PUBLIC_URL`` (the inbox's address as professionals reach it; default the web service),
  ``NOTIFY_POLL_SECONDS`` (2; 0 switches the sender off), ``NOTIFY_RETRY_SECONDS`` (30, doubled
  after each failure, at most an hour), ``NOTIFY_MAX_ATTEMPTS`` (8).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import os
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from typing import Any

import httpx

from bot.handover.reminders import queue_reminders
from bot.knowledge import load_knowledge
from bot.knowledge.staff_texts import staff_section, staff_text
from bot.knowledge.teams import Team, Teams, load_teams
from bot.settings import get_settings
from bot.store.models import Handover, Notification
from bot.store.repository import Repository, repository_scope

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Overdracht-Handtekening"
TIMESTAMP_HEADER = "X-Overdracht-Tijd"
MAX_BACKOFF_SECONDS = 3600.0
SEND_TIMEOUT_SECONDS = 10.0


class SendError(Exception):
    """One attempt failed; the message is short, has no personal data and goes to the inbox."""


@dataclass(frozen=True)
class MailSettings:
    """How to reach the school's SMTP server; ``host`` empty means e-mail is off."""

    host: str
    port: int
    starttls: bool
    username: str
    password: str
    sender: str
    ca_file: str = ""  # a PEM bundle to trust instead of the system's CAs

    @property
    def enabled(self) -> bool:
        return bool(self.host)

    def tls_context(self) -> ssl.SSLContext:
        """Certificate and host name always checked; a missing CA file is an ``OSError``."""
        return ssl.create_default_context(cafile=self.ca_file or None)


@dataclass(frozen=True)
class NotifySettings:
    """Where links point to and how the sender polls and retries."""

    public_url: str
    poll_seconds: float
    retry_seconds: float
    max_attempts: int
    mail: MailSettings


def notify_settings() -> NotifySettings:
    """Read the settings from the environment (see the module docstring)."""
    env = os.environ
    mail = MailSettings(
        host=env.get("SMTP_HOST", ""),
        port=int(env.get("SMTP_PORT", "587")),
        starttls=env.get("SMTP_STARTTLS", "true").lower() not in ("0", "false", "nee", "no"),
        username=env.get("SMTP_USERNAME", ""),
        password=env.get("SMTP_PASSWORD", ""),
        sender=env.get("SMTP_FROM", "assistent@localhost"),
        ca_file=env.get("SMTP_CA_FILE", ""),
    )
    return NotifySettings(
        public_url=(env.get("PUBLIC_URL") or get_settings().web_url).rstrip("/"),
        poll_seconds=float(env.get("NOTIFY_POLL_SECONDS", "2")),
        retry_seconds=float(env.get("NOTIFY_RETRY_SECONDS", "30")),
        max_attempts=int(env.get("NOTIFY_MAX_ATTEMPTS", "8")),
        mail=mail,
    )


# -- what is sent ----------------------------------------------------------------------------


def notice(
    handover: Handover,
    mode: str | None,
    kind: str,
    team: Team,
    public_url: str,
    recipient: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The message about a hand-over: no summary, no answers, no names, no conversation id."""
    now = now or datetime.now(timezone.utc)
    created = handover.created_at
    return {
        "type": "overdracht",
        "soort": kind,
        "overdracht": handover.id,
        "team": team.key,
        "teamnaam": team.name,
        "beslispunt": handover.decision_point,
        "beslispunt_tekst": load_knowledge().decision_point(handover.decision_point).label,
        "modus": mode,
        "wacht_sinds": created.isoformat(),
        "wachttijd_minuten": max(0, int((now - created).total_seconds() // 60)),
        "voor": recipient,
        "link": f"{public_url}/medewerker/overdrachten/{handover.id}",
    }


def mail_text(message: dict[str, Any], team: Team) -> tuple[str, str]:
    """Subject and plain-text body in Dutch for the team's mailbox."""
    kind = str(message["soort"])
    since = datetime.fromisoformat(message["wacht_sinds"]).astimezone(team.office_hours.timezone)
    subject = staff_text(f"mail_onderwerpen.{kind}", beslispunt=message["beslispunt_tekst"])
    modes = staff_section("mail_soorten_gesprek")
    body = staff_text(
        "mail.tekst",
        opening=staff_text(f"mail_openingen.{kind}", team=team.name),
        beslispunt=message["beslispunt_tekst"],
        modus=modes.get(str(message["modus"]), modes["anders"]),
        sinds=f"{since.day}-{since.month} {since.hour}.{since.minute:02d} uur",
        wachttijd=message["wachttijd_minuten"],
        voor=staff_text("mail.voor", voor=message["voor"]) + "\n" if message["voor"] else "",
        link=message["link"],
    )
    return subject, body


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 over ``"<timestamp>." + body`` (see the README)."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def send_mail(settings: MailSettings, to: str, subject: str, body: str) -> None:
    """Deliver one mail (blocking; run it in a thread)."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.sender, to, subject
    message.set_content(body)
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=SEND_TIMEOUT_SECONDS) as smtp:
            if settings.starttls:
                smtp.starttls(context=settings.tls_context())
            if settings.username:
                smtp.login(settings.username, settings.password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise SendError(f"e-mail: {type(error).__name__}") from error


async def post_webhook(client: httpx.AsyncClient, url: str, secret: str, data: Any) -> None:
    """POST the signed JSON; anything but a 2xx answer is a failure."""
    body = json.dumps(data, ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }
    try:
        response = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError as error:
        raise SendError(f"webhook: {type(error).__name__}") from error
    if not 200 <= response.status_code < 300:
        raise SendError(f"webhook: HTTP {response.status_code}")


# -- the sender in the web process -----------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    id: int
    channel: str
    kind: str
    attempts: int
    team: Team | None
    message: dict[str, Any] | None


class Notifier:
    """Sends due notifications from the outbox; one per web process."""

    def __init__(
        self,
        settings: NotifySettings | None = None,
        *,
        database_url: str | None = None,
        teams: Teams | None = None,
        on_new_handover: Callable[[], None] | None = None,
    ) -> None:
        self.settings = settings or notify_settings()
        self.database_url = database_url
        self.teams = teams or load_teams()
        # Hand-overs are opened by the action server; the web process hears of them here.
        self.on_new_handover = on_new_handover

    def say_how_configured(self) -> None:
        """One clear log line about e-mail, so an administrator sees why no mail comes."""
        mail = self.settings.mail
        if mail.enabled:
            log.info(
                "Overdrachten worden gemaild via %s:%s (%s).",
                mail.host,
                mail.port,
                "STARTTLS" if mail.starttls else "zonder TLS",
            )
        else:
            log.warning("E-mail over overdrachten staat uit: zet SMTP_HOST om teams te mailen.")

    def _jobs(self, now: datetime) -> list[_Job]:
        """Queue the reminders that are due, then read what is due to be sent."""
        with repository_scope(self.database_url) as repository:
            queue_reminders(repository, self.teams, now)
        with repository_scope(self.database_url) as repository:
            jobs = []
            for row in repository.outbox.claim(datetime.now(timezone.utc)):
                jobs.append(self._job(repository, row, now))
            return jobs

    def _job(self, repository: Repository, row: Notification, now: datetime) -> _Job:
        team = self.teams.teams.get(row.team)
        handover = repository.get_handover(row.handover_id)
        mode = repository.get_conversation(handover.conversation_id).mode
        message = None
        if team is not None:
            public_url = self.settings.public_url
            message = notice(handover, mode, row.kind, team, public_url, row.recipient, now)
        return _Job(row.id, row.channel, row.kind, row.attempts, team, message)

    async def _send(self, job: _Job, client: httpx.AsyncClient) -> str | None:
        """Send one job; a reason when the channel is off, None when sent."""
        if job.team is None or job.message is None:
            raise SendError("onbekend team in teams.yml")
        if job.channel == "email":
            mail = self.settings.mail
            if not mail.enabled:
                return "e-mail staat uit (SMTP_HOST)"
            if not job.team.email:
                return "team heeft geen e-mailadres"
            subject, body = mail_text(job.message, job.team)
            await asyncio.to_thread(send_mail, mail, job.team.email, subject, body)
            return None
        webhook = job.team.webhook
        if webhook is None:
            return "team heeft geen webhook"
        secret = os.environ.get(webhook.secret_env, "")
        if not secret:
            raise SendError(f"webhook: geheim ontbreekt ({webhook.secret_env})")
        await post_webhook(client, webhook.url, secret, job.message)
        return None

    def _retry_at(self, attempts: int, now: datetime) -> datetime | None:
        """Backoff: the base delay doubled per failed attempt; None after the last attempt."""
        if attempts + 1 >= self.settings.max_attempts:
            return None
        delay = min(self.settings.retry_seconds * 2**attempts, MAX_BACKOFF_SECONDS)
        return now + timedelta(seconds=delay)

    def _record(self, job: _Job, off: str | None, error: str | None) -> None:
        with repository_scope(self.database_url) as repository:
            outbox = repository.outbox
            if error is not None:
                now = datetime.now(timezone.utc)
                outbox.failed(job.id, error, self._retry_at(job.attempts, now))
            elif off is not None:
                outbox.switched_off(job.id, off)
            else:
                outbox.sent(job.id)

    async def run_once(self, client: httpx.AsyncClient | None = None) -> int:
        """Send everything due now; returns how many were handled."""
        jobs = await asyncio.to_thread(self._jobs, datetime.now(timezone.utc))
        if not jobs:
            return 0
        own = client is None
        client = client or httpx.AsyncClient(timeout=SEND_TIMEOUT_SECONDS)
        try:
            for job in jobs:
                off = error = None
                try:
                    off = await self._send(job, client)
                except SendError as problem:
                    error = str(problem)
                    log.warning("Melding %s over een overdracht mislukt: %s", job.id, error)
                await asyncio.to_thread(self._record, job, off, error)
            if self.on_new_handover and any(job.kind == "nieuw" for job in jobs):
                self.on_new_handover()
        finally:
            if own:
                await client.aclose()
        return len(jobs)

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until ``stop`` is set; an error in one round is logged, never fatal."""
        self.say_how_configured()
        async with httpx.AsyncClient(timeout=SEND_TIMEOUT_SECONDS) as client:
            while not stop.is_set():
                try:
                    await self.run_once(client)
                except Exception:  # the sender must outlive a database hiccup
                    log.exception("De verzender van meldingen liep vast; volgende ronde opnieuw.")
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.settings.poll_seconds)
