"""The JSON API for professionals' tools (product brief, section 6): an adapter over casework.

Every call needs ``Authorization: Bearer <BOT_API_TOKEN>``. Errors are JSON
``{"error": <code>, "message": <Dutch text>}`` with 401, 404, 409, 422 or 502. The rules
(practice conversations never appear, take before you act, a decision is final) live in
:mod:`bot.handover.casework`; this module reads the request, calls the service and maps
its errors to answers in one place (:func:`answers_errors`).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.handover.casework import AssistantUnavailable, InvalidDecision, NotResumed
from bot.settings import get_settings
from bot.store.errors import AlreadyDecided, AlreadyTaken, NotFound, NotTaken, UnknownColleague
from bot.store.models import HANDOVER_STATUSES
from bot.web.casework import casework

MAX_TEXT = 2000
Handler = Callable[[Request], Awaitable[Response]]


class BadRequest(Exception):
    """A request the API cannot read; answered with 422 and the code and text given."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def authorized(request: Request) -> bool:
    """Constant-time check of the bearer token; no token configured means no access."""
    expected = get_settings().bot_api_token
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return bool(expected) and scheme.lower() == "bearer" and secrets.compare_digest(token, expected)


def error_response(request: Request, problem: Exception) -> JSONResponse:
    """The one mapping from the service's (and the request's) errors to API answers."""
    if isinstance(problem, BadRequest):
        return error(422, problem.code, problem.message)
    if isinstance(problem, NotFound):
        if "conversation_id" in request.path_params:
            return error(404, "not_found", "Dit gesprek bestaat niet.")
        return error(404, "not_found", "Deze overdracht bestaat niet.")
    if isinstance(problem, AlreadyDecided):
        return error(409, "already_decided", "Over deze overdracht is al besloten.")
    if isinstance(problem, AlreadyTaken):
        return error(
            409, "already_taken", "Een andere medewerker heeft deze overdracht al opgepakt."
        )
    if isinstance(problem, NotTaken):
        return error(
            409,
            "not_taken",
            "Pak de overdracht eerst op (take). Alleen wie hem heeft opgepakt, kan antwoorden, "
            "besluiten of hem teruggeven.",
        )
    if isinstance(problem, UnknownColleague):
        return error(422, "unknown_colleague", "Deze collega heeft geen actief account.")
    if isinstance(problem, InvalidDecision):
        return error(422, "invalid_route", f"Kies een leerroute: {', '.join(problem.allowed)}.")
    if isinstance(problem, NotResumed):
        return error(502, "rasa_unavailable", f"Het besluit is opgeslagen, maar: {problem}.")
    if isinstance(problem, AssistantUnavailable):
        return error(502, "rasa_unavailable", str(problem))
    raise problem


ANSWERED = (
    BadRequest,
    NotFound,
    AlreadyDecided,
    AlreadyTaken,
    NotTaken,
    InvalidDecision,
    UnknownColleague,
)


def protected(handler: Handler) -> Handler:
    """The token check, and the service's errors turned into answers."""

    async def wrapper(request: Request) -> Response:
        if not authorized(request):
            return error(
                401, "unauthorized", "Geef een geldig token mee: Authorization: Bearer <token>."
            )
        try:
            return await handler(request)
        except (*ANSWERED, AssistantUnavailable) as problem:
            return error_response(request, problem)

    return wrapper


# -- reading the request -------------------------------------------------------------------


async def _json_body(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise BadRequest("invalid_body", 'Stuur een JSON-object, bijvoorbeeld {"text": "..."}.')
    return body


def _handover_id(request: Request) -> int:
    try:
        return int(request.path_params["handover_id"])
    except ValueError:
        raise NotFound("hand-over zonder geldig nummer") from None


def _text(body: dict[str, Any], field: str, code: str, message: str) -> str:
    value = body.get(field)
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(code, message)
    return value.strip()


def _professional(body: dict[str, Any]) -> str:
    """Who acts: the professional who took (or takes) the hand-over."""
    return _text(
        body,
        "professional",
        "invalid_professional",
        "Geef de naam van de medewerker mee in professional.",
    )


# -- handlers ------------------------------------------------------------------------------


async def list_handovers(request: Request) -> Response:
    status = request.query_params.get("status")
    if status is not None and status not in HANDOVER_STATUSES:
        raise BadRequest(
            "invalid_status", f"status moet een van deze zijn: {', '.join(HANDOVER_STATUSES)}."
        )
    return JSONResponse({"handovers": await casework().handovers((status,))})


async def conversation_detail(request: Request) -> Response:
    return JSONResponse(await casework().conversation(request.path_params["conversation_id"]))


async def take(request: Request) -> Response:
    handover_id = _handover_id(request)
    professional = _professional(await _json_body(request))
    return JSONResponse({"handover": await casework().take(handover_id, professional)})


async def release(request: Request) -> Response:
    handover_id = _handover_id(request)
    professional = _professional(await _json_body(request))
    return JSONResponse({"handover": await casework().release(handover_id, professional)})


async def reassign(request: Request) -> Response:
    """``{"professional": who took it, "colleague": who gets it}``; the colleague is told."""
    body = await _json_body(request)
    colleague = _text(
        body, "colleague", "invalid_colleague", "Geef de collega mee in colleague."
    )
    handover = await casework().reassign(_handover_id(request), _professional(body), colleague)
    return JSONResponse({"handover": handover})


async def reply(request: Request) -> Response:
    body = await _json_body(request)
    text = _text(body, "text", "invalid_text", 'Stuur een bericht als {"text": "..."}.')
    if len(text) > MAX_TEXT:
        raise BadRequest("text_too_long", f"Een bericht is hooguit {MAX_TEXT} tekens.")
    professional = _professional(body)
    message = await casework().reply(_handover_id(request), professional, text)
    return JSONResponse({"message": message}, status_code=201)


async def decide(request: Request) -> Response:
    body = await _json_body(request)
    decision = _text(body, "decision", "invalid_decision", "Geef een besluit mee in decision.")
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        raise BadRequest("invalid_note", "Het veld note moet tekst zijn.")
    professional = _professional(body)
    handover, messages = await casework().decide(
        _handover_id(request), professional, decision, note
    )
    return JSONResponse({"handover": handover, "messages": messages})


async def delete_conversation(request: Request) -> Response:
    await casework().erase(request.path_params["conversation_id"])
    return Response(status_code=204)


routes = [
    Route("/api/handovers", protected(list_handovers), methods=["GET"]),
    Route("/api/handovers/{handover_id}/take", protected(take), methods=["POST"]),
    Route("/api/handovers/{handover_id}/release", protected(release), methods=["POST"]),
    Route("/api/handovers/{handover_id}/reassign", protected(reassign), methods=["POST"]),
    Route("/api/handovers/{handover_id}/reply", protected(reply), methods=["POST"]),
    Route("/api/handovers/{handover_id}/decision", protected(decide), methods=["POST"]),
    Route("/api/conversations/{conversation_id}", protected(conversation_detail), methods=["GET"]),
    Route(
        "/api/conversations/{conversation_id}", protected(delete_conversation), methods=["DELETE"]
    ),
]
