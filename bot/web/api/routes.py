"""The JSON API for professionals' tools (product brief, section 6): an adapter over casework.

Every call needs ``Authorization: Bearer <token>``. A token is a named service account:
``BOT_API_TOKEN`` acts as ``BOT_API_ACCOUNT`` (default ``api``); ``BOT_API_TOKENS`` (or the
file ``BOT_API_TOKENS_FILE``) adds more as ``name=token`` pairs. The account is who acts:
it takes, replies and is ``decided_by``; a ``professional`` field naming someone else is
refused (403). Errors are JSON
``{"error": <code>, "message": <Dutch text>}`` with 401, 404, 409, 422 or 502. The rules
(practice conversations never appear, take before you act, a decision is final) live in
:mod:`bot.handover.casework`; this module reads the request, calls the service and maps
its refusals to answers in one place (:mod:`bot.web.errors`).
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.knowledge.staff_texts import staff_text
from bot.settings import get_settings
from bot.store.models import HANDOVER_STATUSES
from bot.store.refusals import NotFound, Refusal, WordedRefusal
from bot.untrusted import download_name
from bot.web.api.openapi import openapi
from bot.web.errors import error
from bot.web.http.guard import bounded_id, read_json, same_secret
from bot.web.staff.case_actions import casework

Handler = Callable[[Request], Awaitable[Response]]


class BadRequest(WordedRefusal):
    """A request the API cannot read; answered with 422, the code and its text (``api_fouten``)."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code, staff_text(f"api_fouten.{code}", **values))


class OtherAccount(Refusal):
    """The body names someone other than the token's account."""

    status = 403
    code = "other_account"
    text_key = "ander_account"

    def params(self) -> Mapping[str, object]:
        return {"account": self.args[0]}


DEFAULT_ACCOUNT = "api"


def api_accounts() -> dict[str, str]:
    """Service account name per token, from the environment and the optional tokens file."""
    env = os.environ
    accounts: dict[str, str] = {}
    single = get_settings().bot_api_token
    if single:
        accounts[single] = env.get("BOT_API_ACCOUNT", "").strip() or DEFAULT_ACCOUNT
    pairs = env.get("BOT_API_TOKENS", "")
    path = env.get("BOT_API_TOKENS_FILE", "")
    if path:
        pairs += "\n" + Path(path).read_text(encoding="utf-8")
    for pair in pairs.replace(",", " ").split():
        name, _, token = pair.partition("=")
        if name.strip() and len(token.strip()) >= 16:
            accounts[token.strip()] = name.strip()
    return accounts


def caller(request: Request) -> str | None:
    """The service account of the bearer token (every token compared, in constant time)."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    found = None
    for token, name in api_accounts().items():
        if same_secret(given, token):
            found = name
    return found


def authorized(request: Request) -> bool:
    """A valid bearer token; no token configured means no access."""
    return caller(request) is not None


def protected(handler: Handler) -> Handler:
    """The token check, and the service's errors turned into answers."""

    async def wrapper(request: Request) -> Response:
        account = caller(request)
        if account is None:
            return error(401, "unauthorized", staff_text("weigeringen.geen_token"))
        request.state.account = account
        return await handler(request)  # refusals: bot.web.errors

    return wrapper


# -- reading the request -------------------------------------------------------------------


async def _json_body(request: Request) -> dict[str, Any]:
    return await read_json(request)


def _handover_id(request: Request) -> int:
    number = bounded_id(request.path_params["handover_id"])
    if number is None:
        raise NotFound("hand-over zonder geldig nummer")
    return number


def _text(body: dict[str, Any], field: str, code: str) -> str:
    value = body.get(field)
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(code)
    return value.strip()


def _professional(request: Request, body: dict[str, Any]) -> str:
    """Who acts: the token's account; ``professional`` may repeat it, not name another."""
    account: str = request.state.account
    named = body.get("professional")
    if named is not None and named != account:
        raise OtherAccount(account)
    return account


# -- handlers ------------------------------------------------------------------------------


async def list_handovers(request: Request) -> Response:
    status = request.query_params.get("status")
    if status is not None and status not in HANDOVER_STATUSES:
        raise BadRequest("invalid_status", keuzes=", ".join(HANDOVER_STATUSES))
    return JSONResponse({"handovers": await casework().handovers((status,))})


def _actor(request: Request) -> str:
    """Who reads, exports or erases: the token's account (the audit trail names it)."""
    account: str = request.state.account
    return account


async def conversation_detail(request: Request) -> Response:
    conversation_id = request.path_params["conversation_id"]
    return JSONResponse(await casework().conversation(conversation_id, viewer=_actor(request)))


async def export_conversation(request: Request) -> Response:
    """Inzage (AVG art. 15): everything recorded about the conversation, as one JSON file."""
    conversation_id = request.path_params["conversation_id"]
    exported = await casework().export(conversation_id, _actor(request))
    name = download_name("inzage", conversation_id, "json")
    return JSONResponse(exported, headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def take(request: Request) -> Response:
    handover_id = _handover_id(request)
    body = await _json_body(request)
    professional = _professional(request, body)
    shown = body.get("shown_name") if isinstance(body.get("shown_name"), str) else None
    return JSONResponse({"handover": await casework().take(handover_id, professional, shown)})


async def release(request: Request) -> Response:
    handover_id = _handover_id(request)
    professional = _professional(request, await _json_body(request))
    return JSONResponse({"handover": await casework().release(handover_id, professional)})


async def reassign(request: Request) -> Response:
    """``{"colleague": who gets it}``, from the token's account (who took it); they are told."""
    body = await _json_body(request)
    colleague = _text(body, "colleague", "invalid_colleague")
    handover = await casework().reassign(
        _handover_id(request), _professional(request, body), colleague
    )
    return JSONResponse({"handover": handover})


async def reply(request: Request) -> Response:
    handover_id = _handover_id(request)
    body = await _json_body(request)
    text = _text(body, "text", "invalid_text")
    professional = _professional(request, body)
    message = await casework().reply(handover_id, professional, text)
    return JSONResponse({"message": message}, status_code=201)


async def decide(request: Request) -> Response:
    handover_id = _handover_id(request)
    body = await _json_body(request)
    decision = _text(body, "decision", "invalid_decision")
    note = body.get("note")
    if note is not None and not isinstance(note, str):
        raise BadRequest("invalid_note")
    level = body.get("level")
    if level is not None and (isinstance(level, bool) or not isinstance(level, int)):
        raise BadRequest("invalid_level")
    for_user = body.get("note_for_young_person", False)
    if not isinstance(for_user, bool):
        raise BadRequest("invalid_note_for_young_person")
    professional = _professional(request, body)
    handover, messages = await casework().decide(
        handover_id, professional, decision, note, level=level, note_for_user=for_user
    )
    return JSONResponse({"handover": handover, "messages": messages})


async def correct_answer(request: Request) -> Response:
    """``{"question": key, "value": new value or null}``: change or clear an answer of the case."""
    handover_id = _handover_id(request)
    body = await _json_body(request)
    question = _text(body, "question", "invalid_question")
    if "value" not in body:
        raise BadRequest("invalid_value")
    professional = _professional(request, body)
    corrected = await casework().correct(handover_id, professional, question, body["value"])
    return JSONResponse(corrected)


async def delete_conversation(request: Request) -> Response:
    await casework().erase(request.path_params["conversation_id"], _actor(request))
    return Response(status_code=204)


routes = [
    Route("/api/openapi.json", openapi, methods=["GET"]),
    Route("/api/handovers", protected(list_handovers), methods=["GET"]),
    Route("/api/handovers/{handover_id}/take", protected(take), methods=["POST"]),
    Route("/api/handovers/{handover_id}/release", protected(release), methods=["POST"]),
    Route("/api/handovers/{handover_id}/reassign", protected(reassign), methods=["POST"]),
    Route("/api/handovers/{handover_id}/reply", protected(reply), methods=["POST"]),
    Route("/api/handovers/{handover_id}/decision", protected(decide), methods=["POST"]),
    Route("/api/handovers/{handover_id}/answers", protected(correct_answer), methods=["POST"]),
    Route("/api/conversations/{conversation_id}", protected(conversation_detail), methods=["GET"]),
    Route(
        "/api/conversations/{conversation_id}/export",
        protected(export_conversation),
        methods=["GET"],
    ),
    Route(
        "/api/conversations/{conversation_id}", protected(delete_conversation), methods=["DELETE"]
    ),
    # ``:path``: an id with "/" (made before ids were checked) can be erased too.
    Route(
        "/api/conversations/{conversation_id:path}",
        protected(delete_conversation),
        methods=["DELETE"],
    ),
]
