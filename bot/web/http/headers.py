"""Security headers on every response, and the session settings of the inbox.

Content-Security-Policy: everything comes from this service (``default-src 'self'``), no inline
scripts or styles, no plugins, forms post only here. ``frame-ancestors`` says who may embed the
pages in a frame: ``'self'`` unless ``BOT_FRAME_ANCESTORS`` lists the school portal's origins
(space-separated, e.g. ``https://portaal.school.nl``). The widget itself is embedded with a
``<script>`` tag, not a frame, so a portal needs no setting for that.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from bot.settings import SESSION_MAX_AGE as SESSION_MAX_AGE
from bot.settings import session_max_age as session_max_age


def content_security_policy() -> str:
    ancestors = os.environ.get("BOT_FRAME_ANCESTORS", "").strip() or "'self'"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        f"form-action 'self'; frame-ancestors {ancestors}"
    )


_RUN_SECRET = secrets.token_urlsafe(32)


def session_secret() -> str:
    """``BOT_SESSION_SECRET``, or a random secret for this run (sessions end on restart)."""
    return os.environ.get("BOT_SESSION_SECRET") or _RUN_SECRET


def https_only() -> bool:
    return os.environ.get("BOT_SESSION_HTTPS_ONLY", "").lower() in ("1", "true", "yes")


def header_items() -> list[tuple[bytes, bytes]]:
    """The headers every response carries (also the last-resort error answer)."""
    return [
        (b"content-security-policy", content_security_policy().encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
    ]


NO_STORE_PREFIXES = ("/medewerker", "/api/", "/chat/api/")


class SecurityHeaders:
    """Pure ASGI middleware (keeps streaming responses streaming).

    Inbox pages and API answers hold personal data: ``Cache-Control: no-store`` there, so
    neither a shared computer's browser cache nor a proxy keeps a copy.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.extra = header_items()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        no_store = str(scope.get("path", "")).startswith(NO_STORE_PREFIXES)

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {name.lower() for name, _ in headers}
                headers.extend(item for item in self.extra if item[0] not in names)
                if no_store and b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
