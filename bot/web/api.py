"""The JSON API for professionals' tools (product brief, section 6).

Every call needs ``Authorization: Bearer <BOT_API_TOKEN>``. Errors are JSON
``{"error": <code>, "message": <Dutch text>}`` with 401, 404, 409, 422 or 502.
Practice conversations never appear here.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.knowledge import load_knowledge
from bot.privacy.masking import mask
from bot.settings import get_settings
from bot.store.errors import AlreadyDecided, AlreadyTaken, NotFound
from bot.store.repository import repository_scope
from bot.store.serialize import handover_to_dict, message_to_dict
from bot.web.pubsub import publish_professional_reply, publish_resumed, publish_taken
from bot.web.rasa_client import RasaClient, RasaUnavailable
from bot.web.tracker_store import delete_conversation_events

HANDOVER_STATUSES = ("open", "in_behandeling", "afgerond")
MAX_TEXT = 2000
Handler = Callable[[Request], Awaitable[Response]]


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def authorized(request: Request) -> bool:
    """Constant-time check of the bearer token; no token configured means no access."""
    expected = get_settings().bot_api_token
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return bool(expected) and scheme.lower() == "bearer" and secrets.compare_digest(token, expected)


def protected(handler: Handler) -> Handler:
    async def wrapper(request: Request) -> Response:
        if not authorized(request):
            return error(
                401, "unauthorized", "Geef een geldig token mee: Authorization: Bearer <token>."
            )
        return await handler(request)

    return wrapper


async def _json_body(request: Request) -> dict[str, Any] | None:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def _visible_handover(repository: Any, handover_id: int) -> Any:
    """The hand-over, unless it belongs to a practice conversation (then: not found)."""
    handover = repository.get_handover(handover_id)
    if repository.get_conversation(handover.conversation_id).practice:
        raise NotFound(handover_id)
    return handover


def _parse_id(request: Request) -> int | None:
    try:
        return int(request.path_params["handover_id"])
    except ValueError:
        return None


# -- handlers ------------------------------------------------------------------------------


async def list_handovers(request: Request) -> Response:
    status = request.query_params.get("status")
    if status is not None and status not in HANDOVER_STATUSES:
        return error(
            422, "invalid_status", f"status moet een van deze zijn: {', '.join(HANDOVER_STATUSES)}."
        )

    def load() -> list[dict[str, Any]]:
        with repository_scope() as repository:
            return [handover_to_dict(h) for h in repository.list_handovers(status=status)]

    return JSONResponse({"handovers": await asyncio.to_thread(load)})


def _transcript(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """User and bot lines from Rasa's events; user text is masked like stored text."""
    lines: list[dict[str, Any]] = []
    for event in events:
        kind = event.get("event")
        if kind == "user" and event.get("text"):
            text = event["text"]
            if text.startswith("/"):
                continue
            lines.append({"sender": "jongere", "text": mask(text), "at": event.get("timestamp")})
        elif kind == "bot" and event.get("text"):
            sender = (
                "professional"
                if (event.get("metadata") or {}).get("afzender") == "medewerker"
                else "bot"
            )
            lines.append({"sender": sender, "text": event["text"], "at": event.get("timestamp")})
    return lines


async def conversation_detail(request: Request) -> Response:
    conversation_id = request.path_params["conversation_id"]

    def load() -> dict[str, Any] | None:
        with repository_scope() as repository:
            try:
                detail = repository.conversation_detail(conversation_id)
            except NotFound:
                return None
            if detail["practice"]:
                return None
            detail["messages"] = [message_to_dict(m) for m in repository.messages(conversation_id)]
            return detail

    detail = await asyncio.to_thread(load)
    if detail is None:
        return error(404, "not_found", f"Gesprek {conversation_id} bestaat niet.")
    try:
        detail["transcript"] = _transcript(await RasaClient(get_settings()).events(conversation_id))
    except RasaUnavailable:
        detail["transcript"] = None
    return JSONResponse(detail)


async def reply(request: Request) -> Response:
    handover_id = _parse_id(request)
    body = await _json_body(request)
    text = (body or {}).get("text")
    if not isinstance(text, str) or not text.strip():
        return error(422, "invalid_text", 'Stuur een bericht als {"text": "..."}.')
    if len(text) > MAX_TEXT:
        return error(422, "text_too_long", f"Een bericht is hooguit {MAX_TEXT} tekens.")
    if handover_id is None:
        return error(404, "not_found", "Deze overdracht bestaat niet.")

    def find() -> dict[str, Any] | None:
        with repository_scope() as repository:
            try:
                return handover_to_dict(_visible_handover(repository, handover_id))
            except NotFound:
                return None

    handover = await asyncio.to_thread(find)
    if handover is None:
        return error(404, "not_found", f"Overdracht {handover_id} bestaat niet.")
    if handover["status"] == "afgerond":
        return error(409, "already_decided", "Over deze overdracht is al besloten.")
    try:
        await RasaClient(get_settings()).add_professional_message(
            handover["conversation_id"], text.strip()
        )
    except RasaUnavailable as problem:
        return error(502, "rasa_unavailable", str(problem))

    def store() -> dict[str, Any]:
        with repository_scope() as repository:
            message = repository.add_message(
                handover["conversation_id"], "professional", text.strip(), handover_id=handover_id
            )
            return message_to_dict(message)

    stored = await asyncio.to_thread(store)
    publish_professional_reply(handover["conversation_id"], text.strip())
    return JSONResponse({"message": stored}, status_code=201)


async def decide(request: Request) -> Response:
    handover_id = _parse_id(request)
    body = await _json_body(request)
    if body is None:
        return error(422, "invalid_body", 'Stuur {"decision": "...", "note": "..."}.')
    decision, note = body.get("decision"), body.get("note")
    decided_by = body.get("decided_by") or "api"
    if not isinstance(decision, str) or not decision.strip():
        return error(422, "invalid_decision", "Geef een besluit mee in het veld decision.")
    if note is not None and not isinstance(note, str):
        return error(422, "invalid_note", "Het veld note moet tekst zijn.")
    if handover_id is None:
        return error(404, "not_found", "Deze overdracht bestaat niet.")
    routes = tuple(load_knowledge().routes)

    def record() -> tuple[int, dict[str, Any]]:
        with repository_scope() as repository:
            try:
                handover = _visible_handover(repository, handover_id)
            except NotFound:
                return 404, {}
            if handover.decision_point == "leerroute" and decision not in routes:
                return 422, {"routes": routes}
            try:
                decided = repository.record_decision(
                    handover_id, decision.strip(), note, str(decided_by)
                )
            except AlreadyDecided:
                return 409, {}
            return 200, handover_to_dict(decided)

    status, result = await asyncio.to_thread(record)
    if status == 404:
        return error(404, "not_found", f"Overdracht {handover_id} bestaat niet.")
    if status == 422:
        return error(422, "invalid_route", f"Kies een leerroute: {', '.join(result['routes'])}.")
    if status == 409:
        return error(409, "already_decided", "Over deze overdracht is al besloten.")
    try:
        messages = await RasaClient(get_settings()).resume(result["conversation_id"])
    except RasaUnavailable as problem:
        return error(502, "rasa_unavailable", f"Het besluit is opgeslagen, maar: {problem}.")

    def keep(texts: list[str]) -> None:
        with repository_scope() as repository:
            for text in texts:
                repository.add_message(
                    result["conversation_id"], "bot", text, handover_id=handover_id
                )

    await asyncio.to_thread(keep, [m["text"] for m in messages if m.get("text")])
    publish_resumed(result["conversation_id"], messages)
    return JSONResponse({"handover": result, "messages": messages})


async def take(request: Request) -> Response:
    handover_id = _parse_id(request)
    body = await _json_body(request) or {}
    professional = body.get("professional")
    if not isinstance(professional, str) or not professional.strip():
        return error(
            422, "invalid_professional", "Geef de naam van de medewerker mee in professional."
        )

    def claim() -> tuple[int, Any]:
        with repository_scope() as repository:
            try:
                _visible_handover(repository, handover_id or -1)
                return 200, handover_to_dict(
                    repository.take_handover(handover_id or -1, professional.strip())
                )
            except NotFound:
                return 404, None
            except AlreadyTaken as taken:
                return 409, str(taken)
            except AlreadyDecided:
                return 409, "Over deze overdracht is al besloten."

    status, result = await asyncio.to_thread(claim)
    if status == 404:
        return error(404, "not_found", f"Overdracht {handover_id} bestaat niet.")
    if status == 409:
        return error(
            409, "already_taken", "Een andere medewerker heeft deze overdracht al opgepakt."
        )
    publish_taken(result["conversation_id"])
    return JSONResponse({"handover": result})


async def delete_conversation(request: Request) -> Response:
    conversation_id = request.path_params["conversation_id"]

    def erase() -> bool:
        with repository_scope() as repository:
            deleted = repository.delete_conversation(conversation_id)
        events = delete_conversation_events(get_settings().tracker_store_url, conversation_id)
        return deleted or events > 0

    if not await asyncio.to_thread(erase):
        return error(404, "not_found", f"Gesprek {conversation_id} bestaat niet.")
    return Response(status_code=204)


routes = [
    Route("/api/handovers", protected(list_handovers), methods=["GET"]),
    Route("/api/handovers/{handover_id}/reply", protected(reply), methods=["POST"]),
    Route("/api/handovers/{handover_id}/decision", protected(decide), methods=["POST"]),
    Route("/api/handovers/{handover_id}/take", protected(take), methods=["POST"]),
    Route("/api/conversations/{conversation_id}", protected(conversation_detail), methods=["GET"]),
    Route(
        "/api/conversations/{conversation_id}", protected(delete_conversation), methods=["DELETE"]
    ),
]
