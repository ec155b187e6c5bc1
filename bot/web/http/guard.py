"""Bad input never reaches the code that would fail on it with a 500.

- :class:`BodyLimit` refuses a body larger than ``BOT_MAX_BODY_BYTES`` (413) before anything
  parses it, also when the client sends no ``Content-Length``.
- :func:`read_json` is the one way the JSON endpoints read a body: ``application/json`` only
  (415: a cross-site form cannot post ``text/plain``), nested at most :data:`MAX_DEPTH`
  deep, UTF-8 without lone surrogates.
- :func:`bounded_id` reads a number from a path (no ``OverflowError`` in the database),
  :func:`full_match` checks an id against a whole pattern (``$`` lets a trailing newline by).
- :func:`same_secret` compares tokens on bytes (``compare_digest`` refuses non-ASCII str).
- :func:`last_resort` answers whatever still fails with Dutch JSON or a Dutch page, with the
  security headers (it runs outside the other middleware).
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from bot.store.refusals import WordedRefusal
from bot.untrusted import has_lone_surrogate

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64_000
MAX_DEPTH = 20
MAX_ID = 2**53  # below SQLite's and PostgreSQL's 2^63, and exact in JavaScript
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class InputRefused(WordedRefusal):
    """A request this service will not read; answered with ``status`` and a Dutch text."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code, message, status)

    def response(self) -> JSONResponse:
        return JSONResponse(
            {"error": self.error_code(), "message": self.message}, self.http_status()
        )


def max_body_bytes() -> int:
    try:
        return max(1024, int(os.environ.get("BOT_MAX_BODY_BYTES", "") or MAX_BODY_BYTES))
    except ValueError:
        return MAX_BODY_BYTES


def _too_large() -> JSONResponse:
    return JSONResponse(
        {"error": "body_too_large", "message": "Dit bericht is te groot."}, status_code=413
    )


class BodyLimit:
    """Pure ASGI middleware: read at most the limit, then hand the buffered body on."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        limit = max_body_bytes()
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").strip()
        if declared and (not declared.isdigit() or int(declared) > limit):
            await _too_large()(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away; the app sees an empty body
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _too_large()(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _depth(text: str) -> int:
    """The deepest nesting of ``[``/``{`` outside strings (linear, no recursion)."""
    deepest = depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _clean_strings(value: Any) -> bool:
    """True when no string (key or value) in the parsed JSON holds a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_lone_surrogate(item):
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def is_json(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


async def read_json(request: Request) -> dict[str, Any]:
    """The body as a JSON object, or :class:`InputRefused` (415 or 422) saying why not."""
    if not is_json(request):
        raise InputRefused(
            415, "unsupported_media_type", "Stuur JSON met Content-Type: application/json."
        )
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputRefused(422, "invalid_body", "Dit bericht is geen geldige UTF-8.") from None
    if (text.count("[") + text.count("{") > MAX_DEPTH) and _depth(text) > MAX_DEPTH:
        raise InputRefused(422, "invalid_body", "Dit JSON-bericht is te diep genest.")
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        raise InputRefused(
            422, "invalid_body", 'Stuur een JSON-object, bijvoorbeeld {"text": "..."}.'
        )
    if not _clean_strings(body):
        raise InputRefused(422, "invalid_text", "Dit bericht bevat tekens die niet kunnen.")
    return body


def bounded_id(value: str) -> int | None:
    """A positive number of at most 16 digits, or None (never an int the database refuses)."""
    if re.fullmatch(r"[0-9]{1,16}", value) is None:
        return None
    number = int(value)
    return number if 0 < number < MAX_ID else None


def full_match(pattern: re.Pattern[str], value: object) -> bool:
    """``value`` is a str matched by the whole pattern (a trailing newline does not pass)."""
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison on bytes: any characters, never a TypeError."""
    if not expected:
        return False
    return secrets.compare_digest(
        given.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape")
    )


ERROR_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Er ging iets mis</title></head>
<body><h1>Er ging iets mis</h1>
<p>Dit lukte niet door een fout bij ons. Probeer het over een paar minuten opnieuw.</p>
</body></html>
"""


def _last_resort_text() -> str:
    """The widget shows this; from the domain, with a fixed fallback should the domain fail too."""
    try:
        from bot.knowledge.responses import text as response_text

        return response_text("utter_chat_fout")
    except Exception:  # the last resort must answer whatever broke
        return "Er ging iets mis bij ons. Probeer het later opnieuw."


async def last_resort(request: Request, exc: Exception) -> Response:
    """Any uncaught error: a Dutch answer with the security headers; the type in the log only."""
    from bot.web.http.headers import header_items

    logger.error("Unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
    headers = {name.decode(): value.decode() for name, value in header_items()}
    headers["Cache-Control"] = "no-store"
    if request.url.path.startswith("/medewerker"):
        return HTMLResponse(ERROR_PAGE, status_code=500, headers=headers)
    return JSONResponse(
        {
            "error": "internal_error",
            "message": _last_resort_text(),
        },
        status_code=500,
        headers=headers,
    )
