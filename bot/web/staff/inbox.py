"""The hand-over inbox for professionals (``/medewerker/``), server-rendered with Jinja2.

- Login with an account from the ``professionals`` table (``python -m bot.accounts create``);
  a signed session cookie (``SameSite=Strict``, ``HttpOnly``) that ends after 8 hours at the
  latest, counted from the login, or at logout.
- Every page and every action needs a logged-in professional; every form carries the
  session's CSRF token.
- What a professional does with a hand-over (take, reply, decide, the transcript) is the
  casework service's (:mod:`bot.handover.casework`), with its rule: a hand-over must be
  **taken** before anyone can reply or record the decision, and only the professional who
  took it may do so. This module reads forms and maps the service's errors to the page in
  one place (:func:`error_page`).
- Jinja2 autoescapes everything, so words typed by a user are shown as text.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

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
from bot.handover.casework import (
    MAX_TEXT,
    AssistantUnavailable,
    InvalidDecision,
    NotResumed,
    TooLong,
)
from bot.handover.correction import NOT_CORRECTABLE, InvalidCorrection
from bot.handover.policy import NotAllowed
from bot.knowledge import load_knowledge
from bot.knowledge.decisions import LEVEL_OF_NUMBER, NUMBER_OF_LEVEL
from bot.knowledge.teams import load_teams
from bot.partners.service import TakerRefused
from bot.store.errors import AlreadyDecided, AlreadyTaken, NotFound, NotTaken, UnknownColleague
from bot.store.models import LABEL_LENGTH
from bot.web.chat.partner_relay import decision_parts, samen
from bot.web.chat.relay import sse_response
from bot.web.http import limits
from bot.web.http.guard import bounded_id
from bot.web.http.headers import session_max_age
from bot.web.staff.case_actions import casework
from bot.web.staff.display import (
    about,
    decision_hint,
    decision_text,
    display_names,
    levels,
    minutes_text,
    wait_label,
)
from bot.web.staff.templating import templates
from bot.web.state.pubsub import INBOX_TOPIC, live_hub, publish_inbox_changed

MAX_FORM_BYTES = 16_000
BASE = "/medewerker"
Handler = Callable[[Request], Awaitable[Response]]


STATUS_LABELS = {"open": "wacht", "in_behandeling": "in behandeling", "afgerond": "afgerond"}
NOTICES = {
    "opgepakt": "Je hebt deze overdracht opgepakt.",
    "teruggegeven": "Je hebt de overdracht teruggegeven aan het team.",
    "doorgegeven": "Je hebt de overdracht doorgegeven. Je collega krijgt een bericht.",
    "verstuurd": "Je bericht is verstuurd.",
    "label": "Het label is opgeslagen. Je ziet het in de lijst.",
    "besloten": "Het besluit is opgeslagen. De assistent gaat verder met het gesprek.",
    "gecorrigeerd": "Het antwoord is aangepast. De samenvatting en de partners zijn bijgewerkt.",
    "uitgelogd": "Je bent uitgelogd.",
    "uitgenodigd": "De partner is uitgenodigd. De jongere krijgt in de chat de vraag of dat mag.",
    "bijgedragen": "Je bijdrage is opgeslagen.",
    "verlopen": "Je sessie is verlopen. Log opnieuw in.",
}


# -- session, login, CSRF ------------------------------------------------------------------


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
        title="Formulier verlopen",
        text="Dit formulier is verlopen of niet van deze site. Laad de pagina opnieuw.",
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
            error="Gebruikersnaam of wachtwoord klopt niet.",
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
        error=f"Te vaak een verkeerd wachtwoord. Probeer het {wait_text(seconds)} opnieuw.",
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
        title="Geen toegang",
        text="Deze pagina is niet voor jouw account. Denk je dat dit fout is? Vraag de beheerder.",
        account=request.state.account,
    )


def requires_login(handler: Handler, roles: tuple[str, ...] = INBOX_ROLES) -> Handler:
    """A logged-in account with one of ``roles``; others get 403, strangers the login page."""

    async def wrapper(request: Request) -> Response:
        had_session = bool(request.session.get("user"))
        account = await current_account(request)
        if account is None:
            if request.url.path.endswith("/live"):
                return JSONResponse({"error": "unauthorized", "message": "Log eerst in."}, 401)
            return to_login("verlopen" if had_session else None)
        request.state.account = account
        if account.role not in roles:
            if request.url.path.endswith("/live"):
                return JSONResponse({"error": "forbidden", "message": "Geen toegang."}, 403)
            return not_allowed(request)
        return await handler(request)

    return wrapper


# -- pages ---------------------------------------------------------------------------------


def waiting(since: datetime | None, now: datetime | None = None) -> str:
    """ "wacht 5 min", "wacht 1 uur 20 min", "wacht minder dan 1 min"."""
    if since is None:
        return ""
    now = now or datetime.now(timezone.utc)
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return "wacht " + minutes_text(int((now - since).total_seconds() // 60))


def decision_label(key: str) -> str:
    point = load_knowledge().decision_points.get(key)
    return point.label if point else key


def team_name(key: str | None) -> str:
    team = load_teams().teams.get(key or "")
    return team.name if team else "geen team"


ACTIVE = ("open", "in_behandeling")


def _filters(request: Request) -> dict[str, str]:
    """The list's filters from the query (unknown values are ignored): team and status."""
    team = request.query_params.get("team", "")
    status = request.query_params.get("status", "")
    return {
        "team": team if team in load_teams().teams else "",
        "status": status if status in ACTIVE else "",
    }


async def _list_context(request: Request) -> dict[str, Any]:
    """The rows of the list (filtered), and the number waiting for the page title."""
    service = casework("inbox")
    filters = _filters(request)
    rows = await service.handovers((filters["status"],) if filters["status"] else ACTIVE)
    problems = await service.notification_problems()
    shown = []
    names = await asyncio.to_thread(display_names, (row["taken_by"] for row in rows))
    for row in rows:
        if filters["team"] and row["team"] != filters["team"]:
            continue
        row["team_name"] = team_name(row["team"])
        row["notify_problem"] = problems.get(row["id"])
        row["waiting"] = wait_label(row)
        row["about"] = about(row["summary"], row["label"])
        row["taken_by_name"] = names.get(row["taken_by"] or "", row["taken_by"])
        row["decision_label"] = decision_label(row["decision_point"])
        row["status_label"] = STATUS_LABELS.get(row["status"], row["status"])
        shown.append(row)
    return {
        "rows": shown,
        "waiting_count": sum(1 for row in shown if row["status"] == "open"),
        "filters": filters,
        "query": "&".join(f"{key}={value}" for key, value in filters.items() if value),
    }


async def inbox(request: Request) -> Response:
    context = await _list_context(request)
    teams = [{"key": key, "name": team.name} for key, team in load_teams().teams.items()]
    statuses = [{"key": key, "label": STATUS_LABELS[key]} for key in ACTIVE]
    return render(
        request,
        "inbox.html",
        account=request.state.account,
        teams=teams,
        statuses=statuses,
        **context,
    )


async def inbox_list(request: Request) -> Response:
    """Only the list, for the page's script to swap in when the live stream says it changed."""
    return render(request, "inbox_list.html", **(await _list_context(request)))


async def inbox_live(request: Request) -> Response:
    """Server-sent events that tell an open inbox page to reload its list."""
    return sse_response(live_hub().subscribe(INBOX_TOPIC, None))


def _display_value(question: Any, value: Any) -> str:
    values = getattr(question, "values", {}) or {}
    if isinstance(value, list):
        return ", ".join(str(values.get(item, item)) for item in value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, str):
        return str(values.get(value, value))
    return str(value)


def _for_display(handover: dict[str, Any]) -> dict[str, Any]:
    """The hand-over with Dutch labels: decision point, status, partners, questions, routes."""
    knowledge = load_knowledge()
    shown = dict(handover)
    shown["waiting"] = wait_label(handover)
    shown["about"] = about(handover["summary"], handover["label"])
    shown["decision_text"] = decision_text(handover["decision_point"], handover["decision"])
    shown["decision_hint"] = decision_hint(handover["decision_point"])
    shown["levels"] = levels()
    shown["decision_label"] = decision_label(handover["decision_point"])
    shown["status_label"] = STATUS_LABELS.get(handover["status"], handover["status"])
    shown["partners"] = [
        {
            "name": knowledge.partners[s["partner"]].name
            if s["partner"] in knowledge.partners
            else s["partner"],
            "reason": s["reason"],
        }
        for s in handover["suggested_partners"]
    ]
    shown["answers"] = []
    corrected = {a["question"]: a["corrected_by"] for a in handover.get("record", ())}
    for answer in handover["answers"]:
        question = knowledge.questions.get(answer["question"])
        value = "gewist" if answer["value"] is None else _display_value(question, answer["value"])
        if corrected.get(answer["question"]):
            value = f"{value} (gecorrigeerd door {corrected[answer['question']]})"
        shown["answers"].append(
            {
                "label": question.label if question else answer["question"],
                "value": value,
            }
        )
    shown["questions"] = [
        {"key": key, "label": q.label}
        for key, q in knowledge.questions.items()
        if key not in NOT_CORRECTABLE
    ]
    shown["routes"] = [{"key": key, "title": r.title} for key, r in knowledge.routes.items()]
    return shown


def _handover_id(request: Request) -> int:
    return bounded_id(request.path_params["handover_id"]) or -1


async def _handover_page(request: Request, status: int = 200, error: str | None = None) -> Response:
    service = casework("inbox")
    try:
        viewer = request.state.account.username
        handover = _for_display(await service.handover(_handover_id(request), viewer=viewer))
    except NotAllowed:
        return not_allowed(request)
    except NotFound:
        return render(
            request,
            "message.html",
            status=404,
            title="Niet gevonden",
            text="Deze overdracht bestaat niet.",
            account=request.state.account,
        )
    transcript = await service.transcript(handover["conversation_id"])
    if transcript is None:  # Rasa is away: the lines the project stored itself
        transcript = [{"sender": m["sender"], "text": m["text"]} for m in handover["messages"]]
    account: Account = request.state.account
    together = await samen().case(handover["conversation_id"])
    authors = [c["author"] for c in together.get("contributions", [])]
    names = await asyncio.to_thread(display_names, (handover["taken_by"], *authors))
    handover["taken_by_name"] = names.get(handover["taken_by"] or "", handover["taken_by"])
    for contribution in together.get("contributions", []):  # names, not login names
        contribution["author_name"] = names.get(contribution["author"], contribution["author"])
    return render(
        request,
        "handover.html",
        samen=together,
        status=status,
        account=account,
        handover=handover,
        transcript=transcript,
        mine=handover["taken_by"] == account.username,
        notice=NOTICES.get(request.query_params.get("melding", "")),
        notice_key=request.query_params.get("melding", ""),
        label_length=LABEL_LENGTH,
        error=error,
    )


async def handover_page(request: Request) -> Response:
    return await _handover_page(request)


def _after(request: Request, notice: str) -> RedirectResponse:
    handover_id = _handover_id(request)
    # The page puts the focus on the next control (autofocus), which also scrolls it into view;
    # a #fragment would stop the browser from honouring autofocus.
    return RedirectResponse(f"{BASE}/overdrachten/{handover_id}?melding={notice}", status_code=303)


class FormError(Exception):
    """A form the professional must fill in again; answered with 422 and this text."""


async def error_page(request: Request, problem: Exception) -> Response:
    """The one mapping from the service's errors to the hand-over page with a message."""
    if isinstance(problem, NotFound):
        return await _handover_page(request, status=404)
    if isinstance(problem, FormError):
        return await _handover_page(request, status=422, error=str(problem))
    if isinstance(problem, TooLong):
        message = f"Dit is te lang: hooguit {problem.limit} tekens."
        return await _handover_page(request, status=422, error=message)
    if isinstance(problem, InvalidDecision):
        return await _handover_page(request, status=422, error="Kies een leerroute.")
    if isinstance(problem, InvalidCorrection):
        return await _handover_page(request, status=422, error=problem.message)
    if isinstance(problem, UnknownColleague):
        message = "Kies een collega met een actief account."
        return await _handover_page(request, status=422, error=message)
    if isinstance(problem, AlreadyTaken):
        message = f"Een andere medewerker ({problem.taken_by}) heeft deze overdracht al opgepakt."
        return await _handover_page(request, status=409, error=message)
    if isinstance(problem, AlreadyDecided):
        return await _handover_page(request, status=409, error=DECIDED)
    if isinstance(problem, NotTaken):
        return await _handover_page(request, status=409, error=TAKE_FIRST)
    if isinstance(problem, NotAllowed):
        return await _handover_page(request, status=403, error=NOT_YOUR_TEAM)
    if isinstance(problem, TakerRefused):
        return await _handover_page(request, status=409, error=str(problem))
    if isinstance(problem, NotResumed):
        message = "Het besluit is opgeslagen, maar de assistent is niet bereikbaar."
        return await _handover_page(request, status=502, error=message)
    if isinstance(problem, AssistantUnavailable):
        message = "De assistent is niet bereikbaar. Je bericht is niet verstuurd."
        return await _handover_page(request, status=502, error=message)
    raise problem


DECIDED = "Over deze overdracht is al besloten."
NOT_YOUR_TEAM = "Deze overdracht is van een ander team. Alleen dat team kan hem oppakken."
TAKE_FIRST = (
    "Pak de overdracht eerst op. Alleen wie hem heeft opgepakt, kan antwoorden en besluiten."
)
ANSWERED = (
    NotFound,
    FormError,
    TooLong,
    InvalidDecision,
    InvalidCorrection,
    AlreadyTaken,
    AlreadyDecided,
    NotTaken,
    UnknownColleague,
    NotAllowed,
    TakerRefused,
)


def handover_action(act: Callable[[Request, dict[str, str], str], Awaitable[str]]) -> Handler:
    """A form post on a hand-over: CSRF check, the action, then back to the page with a notice.

    ``act`` gets the form and the professional's username and returns the notice key.
    """

    async def handler(request: Request) -> Response:
        form = await read_form(request)
        if form is None or not csrf_ok(request, form):
            return forbidden(request)
        account: Account = request.state.account
        try:
            notice = await act(request, form, account.username)
        except (*ANSWERED, AssistantUnavailable) as problem:
            return await error_page(request, problem)
        return _after(request, notice)

    return handler


@handover_action
async def take(request: Request, form: dict[str, str], professional: str) -> str:
    await casework("inbox").take(_handover_id(request), professional, form.get("naam_in_chat"))
    return "opgepakt"


@handover_action
async def release(request: Request, form: dict[str, str], professional: str) -> str:
    await casework("inbox").release(_handover_id(request), professional)
    return "teruggegeven"


@handover_action
async def reassign(request: Request, form: dict[str, str], professional: str) -> str:
    colleague = form.get("collega", "").strip()[:64]
    await casework("inbox").reassign(_handover_id(request), professional, colleague)
    return "doorgegeven"


@handover_action
async def set_label(request: Request, form: dict[str, str], professional: str) -> str:
    """The list's label for this case ("SdB, Da Vinci"); empty brings back the first facts."""
    label = " ".join(form.get("label", "").split())
    if len(label) > LABEL_LENGTH:
        raise FormError(f"Een label is hooguit {LABEL_LENGTH} tekens.")
    await casework("inbox").label(_handover_id(request), professional, label)
    publish_inbox_changed("label")
    return "label"


@handover_action
async def reply(request: Request, form: dict[str, str], professional: str) -> str:
    text = form.get("bericht", "").strip()
    service, handover_id = casework("inbox"), _handover_id(request)
    if not text or len(text) > MAX_TEXT:
        await service.check_taken(handover_id, professional)  # take-before-act comes first
        raise FormError(f"Typ een bericht van hooguit {MAX_TEXT} tekens.")
    await service.reply(handover_id, professional, text)
    return "verstuurd"


@handover_action
async def decide(request: Request, form: dict[str, str], professional: str) -> str:
    decision = form.get("besluit", "").strip()[:255]
    level = form.get("niveau", "").strip()  # a level key ("niveau_2") or a number (1-4)
    if level.isdigit() and int(level) in LEVEL_OF_NUMBER:
        level = LEVEL_OF_NUMBER[int(level)]
    if level and level not in NUMBER_OF_LEVEL:
        raise FormError("Kies een niveau uit de lijst, of: staat nog niet vast.")
    if decision and level:  # a route with its level: "mbo_diploma:niveau_2"
        decision = f"{decision}:{level}"
    note = form.get("notitie", "").strip()[:MAX_TEXT] or None
    service, handover_id = casework("inbox"), _handover_id(request)
    if not decision:
        handover = await service.check_taken(handover_id, professional)
        if handover["decision_point"] == "leerroute":
            raise InvalidDecision(handover["decision_point"], tuple(load_knowledge().routes))
        raise FormError("Schrijf het besluit op.")
    parts = decision_parts(form)
    await service.decide(
        handover_id,
        professional,
        decision,
        note,
        along=parts,
        note_for_user=form.get("notitie_voor_jongere") == "ja",
    )
    await parts.announce()
    return "besloten"


@handover_action
async def correct(request: Request, form: dict[str, str], professional: str) -> str:
    """Change an answer of the case (a value key, its label or text), or clear it."""
    question = form.get("vraag", "").strip()[:64]
    value: str | None = form.get("waarde", "").strip()[:500]
    if form.get("wissen") == "ja":
        value = None
    elif not value:
        await casework("inbox").check_taken(_handover_id(request), professional)
        raise FormError("Schrijf het nieuwe antwoord op, of kies: antwoord wissen.")
    await casework("inbox").correct(_handover_id(request), professional, question, value)
    return "gecorrigeerd"


async def live(request: Request) -> Response:
    """The hand-over's events for the inbox page (same hub as the widget's stream)."""
    try:
        conversation_id = await casework("inbox").conversation_of(_handover_id(request))
    except NotFound:
        return JSONResponse({"error": "not_found"}, status_code=404)
    return sse_response(live_hub().subscribe(conversation_id, None))


routes = [
    Route(f"{BASE}/inloggen", login_page, methods=["GET"]),
    Route(f"{BASE}/inloggen", login, methods=["POST"]),
    Route(f"{BASE}/uitloggen", logout, methods=["POST"]),
    Route(f"{BASE}/", requires_login(inbox), methods=["GET"]),
    Route(f"{BASE}/lijst", requires_login(inbox_list), methods=["GET"]),
    Route(f"{BASE}/lijst/live", requires_login(inbox_live), methods=["GET"]),
    Route(f"{BASE}/overdrachten/{{handover_id}}", requires_login(handover_page), methods=["GET"]),
    Route(f"{BASE}/overdrachten/{{handover_id}}/oppakken", requires_login(take), methods=["POST"]),
    Route(f"{BASE}/overdrachten/{{handover_id}}/bericht", requires_login(reply), methods=["POST"]),
    Route(
        f"{BASE}/overdrachten/{{handover_id}}/label", requires_login(set_label), methods=["POST"]
    ),
    Route(
        f"{BASE}/overdrachten/{{handover_id}}/teruggeven", requires_login(release), methods=["POST"]
    ),
    Route(
        f"{BASE}/overdrachten/{{handover_id}}/doorgeven", requires_login(reassign), methods=["POST"]
    ),
    Route(f"{BASE}/overdrachten/{{handover_id}}/besluit", requires_login(decide), methods=["POST"]),
    Route(
        f"{BASE}/overdrachten/{{handover_id}}/antwoord", requires_login(correct), methods=["POST"]
    ),
    Route(f"{BASE}/overdrachten/{{handover_id}}/live", requires_login(live), methods=["GET"]),
]
