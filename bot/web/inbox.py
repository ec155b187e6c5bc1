"""The hand-over inbox for professionals (``/medewerker/``), server-rendered with Jinja2.

- Login with an account from the ``professionals`` table (``python -m bot.accounts create``);
  a signed session cookie (``SameSite=Strict``, ``HttpOnly``) that ends after 8 hours at the
  latest, counted from the login, or at logout.
- Every page and every action needs a logged-in professional; every form carries the
  session's CSRF token.
- Rule: a case must be **taken** before anyone can reply or record the decision, and only the
  professional who took it may do so. Two professionals cannot take the same case
  (``Repository.take_handover`` decides with one conditional UPDATE).
- Jinja2 autoescapes everything, so words typed by a user are shown as text.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from bot.accounts import Account, active_account, authenticate
from bot.knowledge import load_knowledge
from bot.settings import get_settings
from bot.store.errors import AlreadyDecided, AlreadyTaken, NotFound
from bot.store.repository import repository_scope
from bot.store.serialize import handover_to_dict, message_to_dict
from bot.web.api import _transcript
from bot.web.chat import sse_response
from bot.web.pubsub import hub, publish_professional_reply, publish_resumed, publish_taken
from bot.web.rasa_client import RasaClient, RasaUnavailable
from bot.web.security import session_max_age
from bot.web.templating import templates

MAX_FORM_BYTES = 16_000
MAX_TEXT = 2000
BASE = "/medewerker"


STATUS_LABELS = {"open": "wacht", "in_behandeling": "in behandeling", "afgerond": "afgerond"}
NOTICES = {
    "opgepakt": "Je hebt deze overdracht opgepakt.",
    "verstuurd": "Je bericht is verstuurd.",
    "besloten": "Het besluit is opgeslagen. De assistent gaat verder met het gesprek.",
    "uitgelogd": "Je bent uitgelogd.",
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
    username, since = request.session.get("user"), request.session.get("since")
    if not username or not isinstance(since, (int, float)):
        return None
    if time.time() - since > session_max_age():
        request.session.clear()
        return None
    return await asyncio.to_thread(active_account, username)


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    context.setdefault("csrf", csrf_token(request))
    context.setdefault("base", BASE)
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
    username, password = form.get("gebruikersnaam", ""), form.get("wachtwoord", "")
    account = await asyncio.to_thread(authenticate, username, password) if password else None
    if account is None:
        return render(
            request,
            "login.html",
            status=401,
            notice=None,
            error="Gebruikersnaam of wachtwoord klopt niet.",
            username=username[:64],
        )
    request.session.clear()
    request.session.update(
        {"user": account.username, "since": time.time(), "csrf": secrets.token_urlsafe(32)}
    )
    return RedirectResponse(f"{BASE}/", status_code=303)


async def logout(request: Request) -> Response:
    form = await read_form(request)
    if not csrf_ok(request, form):
        return forbidden(request)
    request.session.clear()
    return to_login("uitgelogd")


def requires_login(handler: Any) -> Any:
    async def wrapper(request: Request) -> Response:
        had_session = bool(request.session.get("user"))
        account = await current_account(request)
        if account is None:
            if request.url.path.endswith("/live"):
                return JSONResponse({"error": "unauthorized", "message": "Log eerst in."}, 401)
            return to_login("verlopen" if had_session else None)
        request.state.account = account
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
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 1:
        return "wacht minder dan 1 min"
    hours, minutes = divmod(minutes, 60)
    if hours >= 24:
        days = hours // 24
        return f"wacht {days} dag" if days == 1 else f"wacht {days} dagen"
    if hours:
        return f"wacht {hours} uur {minutes} min" if minutes else f"wacht {hours} uur"
    return f"wacht {minutes} min"


def decision_label(key: str) -> str:
    point = load_knowledge().decision_points.get(key)
    return point.label if point else key


async def inbox(request: Request) -> Response:
    def load() -> list[dict[str, Any]]:
        rows = []
        with repository_scope() as repository:
            for status in ("open", "in_behandeling"):
                for handover in repository.list_handovers(status=status):
                    rows.append(
                        {
                            **handover_to_dict(handover),
                            "created": handover.created_at,
                            "waiting": waiting(handover.created_at),
                        }
                    )
        rows.sort(key=lambda row: (row["created"], row["id"]), reverse=True)
        return rows

    rows = await asyncio.to_thread(load)
    for row in rows:
        row["decision_label"] = decision_label(row["decision_point"])
        row["status_label"] = STATUS_LABELS.get(row["status"], row["status"])
    return render(request, "inbox.html", account=request.state.account, rows=rows)


def _display_value(question: Any, value: Any) -> str:
    values = getattr(question, "values", {}) or {}
    if isinstance(value, list):
        return ", ".join(str(values.get(item, item)) for item in value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, str):
        return str(values.get(value, value))
    return str(value)


def _load_case(handover_id: int) -> dict[str, Any] | None:
    knowledge = load_knowledge()
    with repository_scope() as repository:
        try:
            handover = repository.get_handover(handover_id)
            conversation = repository.get_conversation(handover.conversation_id)
        except NotFound:
            return None
        if conversation.practice:
            return None
        case = handover_to_dict(handover)
        case["waiting"] = waiting(handover.created_at)
        detail = repository.conversation_detail(handover.conversation_id)
        stored = [message_to_dict(m) for m in repository.messages(handover.conversation_id)]
    case["decision_label"] = decision_label(case["decision_point"])
    case["status_label"] = STATUS_LABELS.get(case["status"], case["status"])
    case["partners"] = [
        {
            "name": knowledge.partners[s["partner"]].name
            if s["partner"] in knowledge.partners
            else s["partner"],
            "reason": s["reason"],
        }
        for s in case["suggested_partners"]
    ]
    case["answers"] = []
    for answer in detail["answers"]:
        question = knowledge.questions.get(answer["question"])
        case["answers"].append(
            {
                "label": question.label if question else answer["question"],
                "value": _display_value(question, answer["value"]),
            }
        )
    case["stored_messages"] = stored
    case["routes"] = [{"key": key, "title": route.title} for key, route in knowledge.routes.items()]
    return case


def _parse_id(request: Request) -> int | None:
    try:
        return int(request.path_params["handover_id"])
    except ValueError:
        return None


async def _case_page(
    request: Request, handover_id: int, status: int = 200, error: str | None = None
) -> Response:
    case = await asyncio.to_thread(_load_case, handover_id)
    if case is None:
        return render(
            request,
            "message.html",
            status=404,
            title="Niet gevonden",
            text="Deze overdracht bestaat niet.",
            account=request.state.account,
        )
    try:
        events = await RasaClient(get_settings()).events(case["conversation_id"])
        transcript = _transcript(events)
    except RasaUnavailable:
        transcript = [{"sender": m["sender"], "text": m["text"]} for m in case["stored_messages"]]
    account: Account = request.state.account
    return render(
        request,
        "case.html",
        status=status,
        account=account,
        case=case,
        transcript=transcript,
        mine=case["taken_by"] == account.username,
        notice=NOTICES.get(request.query_params.get("melding", "")),
        error=error,
    )


async def case_page(request: Request) -> Response:
    handover_id = _parse_id(request)
    return await _case_page(request, handover_id if handover_id is not None else -1)


def _after(handover_id: int, notice: str) -> RedirectResponse:
    return RedirectResponse(f"{BASE}/overdrachten/{handover_id}?melding={notice}", status_code=303)


async def take(request: Request) -> Response:
    form = await read_form(request)
    if not csrf_ok(request, form):
        return forbidden(request)
    handover_id = _parse_id(request) or -1
    account: Account = request.state.account

    def claim() -> tuple[str, Any]:
        with repository_scope() as repository:
            try:
                handover = repository.get_handover(handover_id)
                if repository.get_conversation(handover.conversation_id).practice:
                    return "missing", None
                taken = repository.take_handover(handover_id, account.username)
                return "ok", taken.conversation_id
            except NotFound:
                return "missing", None
            except AlreadyTaken as taken:
                return "taken", taken.taken_by
            except AlreadyDecided:
                return "decided", None

    outcome, value = await asyncio.to_thread(claim)
    if outcome == "ok":
        publish_taken(value)
        return _after(handover_id, "opgepakt")
    if outcome == "taken":
        message = f"Een andere medewerker ({value}) heeft deze overdracht al opgepakt."
        return await _case_page(request, handover_id, status=409, error=message)
    if outcome == "decided":
        return await _case_page(
            request, handover_id, status=409, error="Over deze overdracht is al besloten."
        )
    return await _case_page(request, handover_id, status=404)


def _own_case(handover_id: int, username: str) -> tuple[str, dict[str, Any] | None]:
    with repository_scope() as repository:
        try:
            handover = repository.get_handover(handover_id)
            if repository.get_conversation(handover.conversation_id).practice:
                return "missing", None
        except NotFound:
            return "missing", None
        if handover.status == "afgerond":
            return "decided", None
        if handover.taken_by != username or handover.status != "in_behandeling":
            return "not_mine", None
        return "ok", handover_to_dict(handover)


OWN_ERRORS = {
    "decided": "Over deze overdracht is al besloten.",
    "not_mine": "Pak de overdracht eerst op. Alleen wie hem heeft opgepakt, kan antwoorden "
    "en besluiten.",
}


async def _checked_own_case(
    request: Request,
) -> tuple[Response | None, dict[str, str], int, dict[str, Any]]:
    """Reply and decide share this check: a valid form, and a case this professional took.

    Returns an error response to send as is, or ``None`` with the form, the hand-over id
    and the hand-over.
    """
    form = await read_form(request)
    if not csrf_ok(request, form):
        return forbidden(request), {}, -1, {}
    assert form is not None
    handover_id = _parse_id(request) or -1
    account: Account = request.state.account
    outcome, handover = await asyncio.to_thread(_own_case, handover_id, account.username)
    if outcome == "missing":
        return await _case_page(request, handover_id, status=404), form, handover_id, {}
    if outcome != "ok":
        page = await _case_page(request, handover_id, status=409, error=OWN_ERRORS[outcome])
        return page, form, handover_id, {}
    assert handover is not None
    return None, form, handover_id, handover


async def reply(request: Request) -> Response:
    refused, form, handover_id, handover = await _checked_own_case(request)
    if refused is not None:
        return refused
    text = form.get("bericht", "").strip()
    if not text or len(text) > MAX_TEXT:
        message = f"Typ een bericht van hooguit {MAX_TEXT} tekens."
        return await _case_page(request, handover_id, status=422, error=message)
    try:
        await RasaClient(get_settings()).add_professional_message(handover["conversation_id"], text)
    except RasaUnavailable:
        message = "De assistent is niet bereikbaar. Je bericht is niet verstuurd."
        return await _case_page(request, handover_id, status=502, error=message)

    def store() -> None:
        with repository_scope() as repository:
            repository.add_message(
                handover["conversation_id"], "professional", text, handover_id=handover_id
            )

    await asyncio.to_thread(store)
    publish_professional_reply(handover["conversation_id"], text)
    return _after(handover_id, "verstuurd")


async def decide(request: Request) -> Response:
    refused, form, handover_id, handover = await _checked_own_case(request)
    if refused is not None:
        return refused
    decision = form.get("besluit", "").strip()[:255]
    note = form.get("notitie", "").strip()[:MAX_TEXT] or None
    if handover["decision_point"] == "leerroute" and decision not in load_knowledge().routes:
        return await _case_page(request, handover_id, status=422, error="Kies een leerroute.")
    if not decision:
        return await _case_page(request, handover_id, status=422, error="Schrijf het besluit op.")

    def record() -> bool:
        with repository_scope() as repository:
            try:
                repository.record_decision(
                    handover_id, decision, note, request.state.account.username
                )
            except AlreadyDecided:
                return False
            return True

    if not await asyncio.to_thread(record):
        return await _case_page(request, handover_id, status=409, error=OWN_ERRORS["decided"])
    conversation_id = handover["conversation_id"]
    try:
        messages = await RasaClient(get_settings()).resume(conversation_id)
    except RasaUnavailable:
        message = "Het besluit is opgeslagen, maar de assistent is niet bereikbaar."
        return await _case_page(request, handover_id, status=502, error=message)

    def keep() -> None:
        with repository_scope() as repository:
            for item in messages:
                if item.get("text"):
                    repository.add_message(
                        conversation_id, "bot", item["text"], handover_id=handover_id
                    )

    await asyncio.to_thread(keep)
    publish_resumed(conversation_id, messages)
    return _after(handover_id, "besloten")


async def live(request: Request) -> Response:
    """The case's events for the inbox page (same hub as the widget's stream)."""
    handover_id = _parse_id(request) or -1
    case = await asyncio.to_thread(_own_or_any, handover_id)
    if case is None:
        return JSONResponse({"error": "not_found"}, status_code=404)
    return sse_response(hub.subscribe(case, None))


def _own_or_any(handover_id: int) -> str | None:
    with repository_scope() as repository:
        try:
            handover = repository.get_handover(handover_id)
        except NotFound:
            return None
        if repository.get_conversation(handover.conversation_id).practice:
            return None
        return handover.conversation_id


routes = [
    Route(f"{BASE}/inloggen", login_page, methods=["GET"]),
    Route(f"{BASE}/inloggen", login, methods=["POST"]),
    Route(f"{BASE}/uitloggen", logout, methods=["POST"]),
    Route(f"{BASE}/", requires_login(inbox), methods=["GET"]),
    Route(f"{BASE}/overdrachten/{{handover_id}}", requires_login(case_page), methods=["GET"]),
    Route(f"{BASE}/overdrachten/{{handover_id}}/oppakken", requires_login(take), methods=["POST"]),
    Route(f"{BASE}/overdrachten/{{handover_id}}/bericht", requires_login(reply), methods=["POST"]),
    Route(f"{BASE}/overdrachten/{{handover_id}}/besluit", requires_login(decide), methods=["POST"]),
    Route(f"{BASE}/overdrachten/{{handover_id}}/live", requires_login(live), methods=["GET"]),
]
