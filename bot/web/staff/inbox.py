"""The hand-over inbox for professionals (``/medewerker/``), server-rendered with Jinja2.

- Login with an account from the ``professionals`` table (``python -m bot.accounts create``);
  a signed session cookie (``SameSite=Strict``, ``HttpOnly``) that ends after 8 hours at the
  latest, counted from the login, or at logout.
- Every page and every action needs a logged-in professional; every form carries the
  session's CSRF token.
- What a professional does with a hand-over (take, reply, decide, the transcript) is the
  casework service's (:mod:`bot.handover.casework`), with its rule: a hand-over must be
  **taken** before anyone can reply or record the decision, and only the professional who
  took it may do so. This module reads forms; a refusal is shown on the page it came from
  (:func:`refusal_page`, registered in :mod:`bot.web.errors`).
- Jinja2 autoescapes everything, so words typed by a user are shown as text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from bot.accounts import (
    Account,
)
from bot.handover.casework import (
    MAX_TEXT,
    InvalidDecision,
)
from bot.handover.correction import NOT_CORRECTABLE
from bot.handover.policy import NotAllowed
from bot.knowledge import load_knowledge
from bot.knowledge.decisions import LEVEL_OF_NUMBER, NUMBER_OF_LEVEL
from bot.knowledge.staff_texts import staff_text
from bot.knowledge.teams import load_teams
from bot.store.models import LABEL_LENGTH
from bot.store.refusals import NotFound, Refusal
from bot.web.chat.partner_relay import decision_parts, samen
from bot.web.chat.relay import sse_response
from bot.web.errors import FormError, refusal_text
from bot.web.http.guard import bounded_id
from bot.web.staff.auth import BASE as BASE
from bot.web.staff.auth import (
    NOTICES,
    Handler,
    csrf_ok,
    forbidden,
    login,
    login_page,
    logout,
    not_allowed,
    read_form,
    render,
    requires_login,
)
from bot.web.staff.case_actions import casework
from bot.web.staff.display import (
    STATUS_LABELS,
    about,
    decision_hint,
    decision_label,
    decision_text,
    display_names,
    display_value,
    levels,
    wait_label,
)
from bot.web.state.pubsub import INBOX_TOPIC, live_hub, publish_inbox_changed

# -- session, login, CSRF ------------------------------------------------------------------


# -- pages ---------------------------------------------------------------------------------


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
        value = "gewist" if answer["value"] is None else display_value(question, answer["value"])
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
            title=staff_text("pagina.niet_gevonden_titel"),
            text=staff_text("weigeringen.niet_gevonden"),
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


async def refusal_page(request: Request, problem: Refusal) -> Response:
    """A refused action on a staff page: the hand-over page again, with the refusal's words."""
    if "handover_id" not in request.path_params:
        return render(
            request,
            "message.html",
            status=problem.http_status(),
            title=staff_text("pagina.niet_gelukt_titel"),
            text=refusal_text(request, problem),
            account=getattr(request.state, "account", None),
        )
    if isinstance(problem, NotFound):
        return await _handover_page(request, status=404)
    error = refusal_text(request, problem)
    return await _handover_page(request, status=problem.http_status(), error=error)


def handover_action(act: Callable[[Request, dict[str, str], str], Awaitable[str]]) -> Handler:
    """A form post on a hand-over: CSRF check, the action, then back to the page with a notice.

    ``act`` gets the form and the professional's username and returns the notice key.
    """

    async def handler(request: Request) -> Response:
        form = await read_form(request)
        if form is None or not csrf_ok(request, form):
            return forbidden(request)
        account: Account = request.state.account
        notice = await act(request, form, account.username)  # refusals: refusal_page
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
        raise FormError(staff_text("formulieren.label", limiet=LABEL_LENGTH))
    await casework("inbox").label(_handover_id(request), professional, label)
    publish_inbox_changed("label")
    return "label"


@handover_action
async def reply(request: Request, form: dict[str, str], professional: str) -> str:
    text = form.get("bericht", "").strip()
    service, handover_id = casework("inbox"), _handover_id(request)
    if not text or len(text) > MAX_TEXT:
        await service.check_taken(handover_id, professional)  # take-before-act comes first
        raise FormError(staff_text("formulieren.bericht", limiet=MAX_TEXT))
    await service.reply(handover_id, professional, text)
    return "verstuurd"


@handover_action
async def decide(request: Request, form: dict[str, str], professional: str) -> str:
    decision = form.get("besluit", "").strip()[:255]
    level = form.get("niveau", "").strip()  # a level key ("niveau_2") or a number (1-4)
    if level.isdigit() and int(level) in LEVEL_OF_NUMBER:
        level = LEVEL_OF_NUMBER[int(level)]
    if level and level not in NUMBER_OF_LEVEL:
        raise FormError(staff_text("formulieren.niveau"))
    if decision and level:  # a route with its level: "mbo_diploma:niveau_2"
        decision = f"{decision}:{level}"
    note = form.get("notitie", "").strip()[:MAX_TEXT] or None
    service, handover_id = casework("inbox"), _handover_id(request)
    if not decision:
        handover = await service.check_taken(handover_id, professional)
        if handover["decision_point"] == "leerroute":
            raise InvalidDecision(handover["decision_point"], tuple(load_knowledge().routes))
        raise FormError(staff_text("formulieren.besluit"))
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
        raise FormError(staff_text("formulieren.antwoord"))
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
