"""The chat for the school portal: the widget's files, the relay to Rasa and the live stream.

The browser talks only to this service, never to Rasa:

- ``POST /chat/api/message`` ``{"conversation_id"?, "text"?, "payload"?}`` relays one message to
  Rasa's REST channel and answers ``{"conversation_id", "messages", "handover"}``. Without a
  conversation id the service makes one (``web-`` + 22 random characters) and the widget keeps
  it in ``sessionStorage``.
- The first answer also carries ``token``: an HMAC of the conversation id with the
  service's secret. Every later message and the stream need it, so knowing an id is not
  enough to read or write a conversation, and an id the client made up is refused (403).
- ``GET /chat/api/stream?conversation_id=…&token=…`` is a server-sent event stream (see
  :mod:`bot.web.state.pubsub` for why SSE) with the professional's replies, the assistant's words
  after a decision, and state changes (``overdracht``, ``opgepakt``, ``assistent``).

Injection filter: typed text never becomes a command: leading ``/`` characters are removed.
A button ``payload`` is passed only when it is one of the buttons the assistant offered in its
last answer for this conversation, whether that answer came back from the relay or over the
live stream after a decision (kept per conversation in :mod:`bot.web.state.shared`: memory, or Redis
for several workers; a payload not known there is looked up in Rasa's tracker). Rasa's own
channel guard (``bot/rasa/channels.py``) checks the same again.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from bot.knowledge.responses import buttons
from bot.knowledge.responses import text as response_text
from bot.settings import get_settings
from bot.store.repository import repository_scope
from bot.store.tracker_erasure import ERASED
from bot.untrusted import without_command
from bot.web.chat.partner_relay import chat_answer, still_asked
from bot.web.chat.rasa_client import RasaClient, RasaUnavailable, offered_from_events
from bot.web.chat.unneeded_notice import notice_for, remember_said
from bot.web.http import limits
from bot.web.http.guard import InputRefused, full_match, read_json, same_secret
from bot.web.http.headers import session_secret
from bot.web.http.limits import client_address
from bot.web.http.metrics import ERRORS
from bot.web.staff.case_actions import casework
from bot.web.state.pubsub import handover_state, live_hub, parse_after, publish_inbox_changed
from bot.web.state.shared import offered_payloads, shared

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
CONVERSATION_ID = re.compile(r"web-[A-Za-z0-9_-]{22}")
MAX_TEXT = 1000


def new_conversation_id() -> str:
    return f"web-{secrets.token_urlsafe(16)}"


def chat_token(conversation_id: str) -> str:
    """The browser's proof that this service gave it the conversation id."""
    secret = (os.environ.get("BOT_CHAT_SECRET") or session_secret()).encode()
    digest = hmac.new(secret, b"chat:" + conversation_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_ok(conversation_id: str, token: object) -> bool:
    return isinstance(token, str) and same_secret(token, chat_token(conversation_id))


def clean_text(text: str) -> str:
    """Typed text as Rasa may see it: never a ``/`` command, also not a look-alike one."""
    return without_command(text)


async def was_offered(conversation_id: str, payload: str) -> bool:
    """Whether ``payload`` is a button of the assistant's last answer in this conversation.

    The remembered set answers first. When it does not know the payload, Rasa's tracker
    decides: the assistant may have answered without this worker seeing it (after a
    restart, or the words after a decision that reached another worker over the stream).
    """
    known = await shared().offered.get(conversation_id)
    if known is not None and payload in known:
        return True
    try:
        events = await RasaClient(get_settings()).events(conversation_id)
    except RasaUnavailable:
        return False
    return payload in offered_from_events(events)


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def _refused(status: int, code: str, response: str, **values: object) -> JSONResponse:
    """An error the widget may show: its words are a response in domain.yml."""
    return _error(status, code, response_text(response, **values))


def _active_handover_status(conversation_id: str) -> str | None:
    with repository_scope() as repository:
        handover = repository.active_handover(conversation_id)
        return None if handover is None else str(handover.status)


async def message(request: Request) -> Response:
    try:
        body = await read_json(request)
    except InputRefused as refused:
        return refused.response()
    conversation_id = body.get("conversation_id")
    client = client_address(request)
    try:
        await limits.check("BOT_LIMIT_MESSAGES_PER_CLIENT", client)
        if conversation_id is None:
            await limits.check("BOT_LIMIT_NEW_CONVERSATIONS", client)
            conversation_id = new_conversation_id()
        elif not full_match(CONVERSATION_ID, conversation_id):
            return _refused(422, "invalid_conversation", "utter_chat_gesprek_onbekend")
        elif not token_ok(conversation_id, body.get("token")):
            return _refused(403, "not_your_conversation", "utter_chat_niet_van_jou")
        await limits.check("BOT_LIMIT_MESSAGES_PER_CONVERSATION", conversation_id)
        async with shared().queue.turn(conversation_id):
            return await _relay(conversation_id, body)
    except limits.TooMany as problem:
        return limits.too_many_response(problem)


async def _relay(conversation_id: str, body: dict[str, Any]) -> Response:
    """One message to Rasa and its answer (the caller holds the conversation's turn)."""
    text, payload = body.get("text"), body.get("payload")

    if payload is not None:
        if not isinstance(payload, str) or (
            not await was_offered(conversation_id, payload.strip())
            and not await still_asked(conversation_id, payload)
        ):
            return _refused(409, "button_not_offered", "utter_chat_knop_onbekend")
        outgoing = payload.strip()
    else:
        if not isinstance(text, str):
            return _error(422, "invalid_text", 'Stuur een bericht als {"text": "..."}.')
        if len(text) > MAX_TEXT:
            return _refused(422, "text_too_long", "utter_chat_te_lang", tekens=MAX_TEXT)
        outgoing = clean_text(text)
        if not outgoing:
            return _refused(422, "empty_text", "utter_chat_leeg")

    # Consent per partner and the overdrachtsdocument are answered here, also while paused.
    samen_answer = await chat_answer(conversation_id, outgoing, typed=payload is None)
    rasa = RasaClient(get_settings())
    typed = payload is None and not samen_answer
    notice = await notice_for(rasa, conversation_id, outgoing) if typed else None
    try:
        messages = samen_answer or await rasa.send_message(conversation_id, outgoing)
    except RasaUnavailable:
        return _refused(502, "rasa_unavailable", "utter_chat_assistent_weg")
    answer = [
        {"text": m.get("text") or "", "buttons": m.get("buttons") or []}
        for m in messages
        if m.get("text") or m.get("buttons")
    ]
    status = await asyncio.to_thread(_active_handover_status, conversation_id)
    if not answer and status is None:
        # Rasa answered nothing outside a hand-over: an action server (or its database)
        # failed and Rasa went on without the action's words. Never leave the user in silence.
        ERRORS.labels(kind="silent_turn").inc()
        name = "utter_chat_even_geduld"
        answer = [{"text": response_text(name), "buttons": buttons(name)}]
        messages = answer
    await shared().offered.remember(conversation_id, offered_payloads(messages))
    if notice is not None and status is None:
        answer.insert(0, {"text": notice, "buttons": []})  # before the next question
        await remember_said(rasa, conversation_id, notice)
    state = None
    if status is not None:
        state = handover_state(status)
        said = outgoing if payload is None else (text if isinstance(text, str) else outgoing)
        shown = await casework().masked_user_text(conversation_id, said)
        hub = live_hub()
        hub.publish(conversation_id, {"type": "message", "sender": "jongere", "text": shown})
        hub.publish(conversation_id, state)
        publish_inbox_changed("bericht")
    return JSONResponse(
        {
            "conversation_id": conversation_id,
            "token": chat_token(conversation_id),
            "messages": answer,
            "handover": state,
            "erased": any((m.get("custom") or {}).get(ERASED) is True for m in messages),
        }
    )


async def stream(request: Request) -> Response:
    conversation_id = request.query_params.get("conversation_id", "")
    if not full_match(CONVERSATION_ID, conversation_id):
        return _refused(422, "invalid_conversation", "utter_chat_gesprek_onbekend")
    if not token_ok(conversation_id, request.query_params.get("token")):
        return _refused(403, "not_your_conversation", "utter_chat_niet_van_jou")
    try:
        await limits.check("BOT_LIMIT_STREAMS_PER_CLIENT", client_address(request))
    except limits.TooMany as problem:
        return limits.too_many_response(problem)
    after = parse_after(request.headers.get("last-event-id") or request.query_params.get("after"))
    return sse_response(live_hub().subscribe(conversation_id, after))


def sse_response(frames: Any) -> StreamingResponse:
    return StreamingResponse(
        frames,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _static(name: str, media_type: str) -> Any:
    async def serve(request: Request) -> Response:
        return FileResponse(
            STATIC_DIR / name, media_type=media_type, headers={"Cache-Control": "no-cache"}
        )

    return serve


def install_shutdown_hook() -> None:
    """End open streams when uvicorn shuts down, so Ctrl-C is not held up by browsers."""
    try:
        from uvicorn.server import Server
    except ImportError:  # pragma: no cover - uvicorn is always installed here
        return
    original = Server.handle_exit
    if getattr(original, "closes_streams", False):
        return

    def handle_exit(self: Any, sig: int, frame: Any) -> None:
        shared().hub.close_all()
        original(self, sig, frame)

    handle_exit.closes_streams = True  # type: ignore[attr-defined]
    Server.handle_exit = handle_exit  # type: ignore[method-assign]


async def portal(request: Request) -> Response:
    """A demo of a school portal page that embeds the assistant with one script tag."""
    from bot.web.staff.templating import templates

    return templates.TemplateResponse(request, "portal.html", {})


routes = [
    Route("/", portal, methods=["GET"]),
    Route("/portaal", portal, methods=["GET"]),
    Route("/chat/widget.js", _static("widget.js", "text/javascript"), methods=["GET"]),
    Route("/chat/widget.css", _static("widget.css", "text/css"), methods=["GET"]),
    Route("/chat/api/message", message, methods=["POST"]),
    Route("/chat/api/stream", stream, methods=["GET"]),
]
