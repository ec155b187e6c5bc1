"""CORS for the chat (``/chat/*``): a school portal on another origin may embed the widget.

``BOT_ALLOWED_ORIGINS`` lists the portal origins (space- or comma-separated, e.g.
``https://portaal.school.nl``). For those, preflights are answered and answers carry
``Access-Control-Allow-Origin``; never credentials (the chat uses no cookies). A request
from any other origin to ``/chat/*`` is refused with 403 before it reaches the chat, so a
page elsewhere cannot even make the service do work. Same-origin requests (the demo portal)
and requests without ``Origin`` (curl, tests) pass as before.
"""

from __future__ import annotations

import os
from typing import Any

from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse

PREFIX = "/chat/"


def allowed_origins() -> list[str]:
    text = os.environ.get("BOT_ALLOWED_ORIGINS", "").replace(",", " ")
    return [origin.rstrip("/") for origin in text.split() if origin.strip()]


class ChatCors:
    """Pure ASGI: the allow-list check, then Starlette's CORS handling, for ``/chat/*`` only."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.origins = allowed_origins()
        self.cors = CORSMiddleware(
            app,
            allow_origins=self.origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Last-Event-ID"],
            allow_credentials=False,
            max_age=600,
        )

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        origin = headers.get(b"origin", b"").decode("latin-1").rstrip("/")
        if not origin:
            await self.app(scope, receive, send)
            return
        # Same origin: the host matches (the scheme may differ behind a TLS proxy).
        host = headers.get(b"host", b"").decode("latin-1")
        if host and origin.partition("://")[2] == host:
            await self.app(scope, receive, send)
            return
        if origin not in self.origins:
            refused = JSONResponse(
                {
                    "error": "origin_not_allowed",
                    "message": "Deze website mag de chat niet gebruiken.",
                },
                status_code=403,
            )
            await refused(scope, receive, send)
            return
        await self.cors(scope, receive, send)
