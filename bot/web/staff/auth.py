"""Staff pages' sign-in: login and logout, the session and its CSRF token, who may see what.

Every staff page (inbox, partner, privacy, dashboard) renders through :func:`render` and is
guarded by :func:`requires_login`; a login lasts at most ``BOT_SESSION_MAX_AGE`` from the
moment it was made, and ends at logout or when the account's password changes.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from bot.accounts import (
    Account,
    AccountLocked,
    authenticate,
    end_session,
    lock_after,
    lock_seconds,
    session_account,
    start_session,
)
from bot.knowledge.staff_texts import staff_section, staff_text
from bot.web.http import limits
from bot.web.http.headers import session_max_age
from bot.web.staff.templating import templates

MAX_FORM_BYTES = 16_000


BASE = "/medewerker"


Handler = Callable[[Request], Awaitable[Response]]


NOTICES = staff_section("meldingen")


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def read_form(request: Request) -> dict[str, str] | None:
    """An ``application/x-www-form-urlencoded`` body (no multipart needed for these forms)."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return None
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        return None
    return {name: values[0] for name, values in fields.items()}


def csrf_ok(request: Request, form: dict[str, str] | None) -> bool:
    expected = request.session.get("csrf")
    given = (form or {}).get("csrf", "")
    return bool(expected) and secrets.compare_digest(str(given), str(expected))


async def current_account(request: Request) -> Account | None:
    """The professional of a login the server still knows (logout and new passwords end it)."""
    username, since = request.session.get("user"), request.session.get("since")
    token = request.session.get("sid")
    if not username or not isinstance(since, (int, float)) or not isinstance(token, str):
        return None
    if time.time() - since > session_max_age():
        request.session.clear()
        return None
    account = await asyncio.to_thread(session_account, token, session_max_age())
    if account is None or account.username != username:
        request.session.clear()
        return None
    return account


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    context.setdefault("csrf", csrf_token(request))
    context.setdefault("base", BASE)
    account = context.get("account")
    context.setdefault("home", home_of(account) if isinstance(account, Account) else f"{BASE}/")
    return templates.TemplateResponse(request, name, context, status_code=status)


def to_login(notice: str | None = None) -> RedirectResponse:
    suffix = f"?melding={notice}" if notice else ""
    return RedirectResponse(f"{BASE}/inloggen{suffix}", status_code=303)


def forbidden(request: Request) -> Response:
    return render(
        request,
        "message.html",
        status=403,
        title=staff_text("pagina.formulier_verlopen_titel"),
        text=staff_text("pagina.formulier_verlopen"),
        account=None,
    )


async def login_page(request: Request) -> Response:
    notice = NOTICES.get(request.query_params.get("melding", ""))
    return render(request, "login.html", notice=notice, error=None, username="")


async def login(request: Request) -> Response:
    form = await read_form(request)
    if not csrf_ok(request, form):
        return forbidden(request)
    assert form is not None
    username, password = form.get("gebruikersnaam", "")[:64], form.get("wachtwoord", "")[:1024]
    try:
        await limits.check("BOT_LIMIT_LOGINS_PER_CLIENT", limits.client_address(request))
    except limits.TooMany as problem:
        return locked_out(request, username, problem.retry_after)
    try:
        account = await asyncio.to_thread(authenticate, username, password) if password else None
    except AccountLocked as locked:
        return locked_out(request, username, locked.seconds)
    if account is None:  # the same waits and lock for every name, known or not
        failures, remaining = await limits.login_failure(username, lock_seconds())
        if failures >= lock_after():
            return locked_out(request, username, remaining)
        await asyncio.sleep(backoff(failures))
        return render(
            request,
            "login.html",
            status=401,
            notice=None,
            error=staff_text("pagina.verkeerd_wachtwoord"),
            username=username[:64],
        )
    await limits.login_succeeded(username)
    token = await asyncio.to_thread(start_session, account.username)
    request.session.clear()
    request.session.update(
        {
            "user": account.username,
            "since": time.time(),
            "sid": token,
            "csrf": secrets.token_urlsafe(32),
        }
    )
    return RedirectResponse(home_of(account), status_code=303)


def home_of(account: Account) -> str:
    """Where a login lands: kwaliteit at the dashboard, a partner at its own cases.

    Neither may open the inbox.
    """
    if account.role == "kwaliteit":
        return f"{BASE}/dashboard"
    return f"{BASE}/partner/" if account.role == "partner" else f"{BASE}/"


BACKOFF_SECONDS = 0.5


MAX_BACKOFF_SECONDS = 4.0


def backoff(failures: int) -> float:
    """Seconds a wrong password waits: doubling per failure in a row (``BOT_LOGIN_BACKOFF``)."""
    try:
        base = float(os.environ.get("BOT_LOGIN_BACKOFF", "") or BACKOFF_SECONDS)
    except ValueError:
        base = BACKOFF_SECONDS
    if failures <= 0:
        return 0.0
    return float(min(MAX_BACKOFF_SECONDS, base * 2 ** min(failures - 1, 10)))


def wait_text(seconds: int) -> str:
    """ "over 1 minuut", "over 15 minuten" (whole minutes, rounded up)."""
    minutes = max(1, -(-seconds // 60))
    return "over 1 minuut" if minutes == 1 else f"over {minutes} minuten"


def locked_out(request: Request, username: str, seconds: int) -> Response:
    response = render(
        request,
        "login.html",
        status=429,
        notice=None,
        error=staff_text("pagina.geblokkeerd", wanneer=wait_text(seconds)),
        username=username[:64],
    )
    response.headers["Retry-After"] = str(max(1, seconds))
    return response


async def logout(request: Request) -> Response:
    form = await read_form(request)
    if not csrf_ok(request, form):
        return forbidden(request)
    token = request.session.get("sid")
    if isinstance(token, str):
        await asyncio.to_thread(end_session, token)
    request.session.clear()
    return to_login("uitgelogd")


# Who sees the inbox (every case of the school): not a kwaliteit account (aggregates only)
# and not a partner (only the cases it is invited to).
INBOX_ROLES = ("medewerker", "beheerder")


def not_allowed(request: Request) -> Response:
    """Logged in, but this page is not for this account's role."""
    return render(
        request,
        "message.html",
        status=403,
        title=staff_text("pagina.geen_toegang_titel"),
        text=staff_text("pagina.geen_toegang"),
        account=request.state.account,
    )


def requires_login(handler: Handler, roles: tuple[str, ...] = INBOX_ROLES) -> Handler:
    """A logged-in account with one of ``roles``; others get 403, strangers the login page."""

    async def wrapper(request: Request) -> Response:
        had_session = bool(request.session.get("user"))
        account = await current_account(request)
        if account is None:
            if request.url.path.endswith("/live"):
                return JSONResponse(
                    {"error": "unauthorized", "message": staff_text("pagina.eerst_inloggen")}, 401
                )
            return to_login("verlopen" if had_session else None)
        request.state.account = account
        if account.role not in roles:
            if request.url.path.endswith("/live"):
                return JSONResponse(
                    {"error": "forbidden", "message": staff_text("pagina.geen_toegang_kort")}, 403
                )
            return not_allowed(request)
        return await handler(request)

    return wrapper
