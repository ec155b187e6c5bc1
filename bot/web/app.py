"""The Starlette application served by uvicorn on 127.0.0.1:8000.

Starlette was chosen over Rasa's own Sanic because it is small, well kept, has a
test client, and keeps the web service independent of Rasa's server internals.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.handover.notify import Notifier, notify_settings
from bot.runtime.logs import install_web_filters
from bot.store.refusals import Refusal
from bot.web import errors
from bot.web.api import routes as api
from bot.web.chat import relay as chat
from bot.web.chat import transparency_page
from bot.web.http import cors, guard, metrics
from bot.web.http import headers as security
from bot.web.http.health import health, live
from bot.web.staff import dashboard_pages as dashboard
from bot.web.staff import inbox, practice_report, privacy_pages
from bot.web.staff import partner_pages as samen_pages
from bot.web.state.pubsub import publish_inbox_changed


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    """Run the sender of the outbox (:mod:`bot.handover.notify`) beside the requests."""
    settings = notify_settings()
    if settings.poll_seconds <= 0:
        yield
        return
    stop = asyncio.Event()
    notifier = Notifier(settings, on_new_handover=lambda: publish_inbox_changed("nieuw"))
    task = asyncio.create_task(notifier.run(stop))
    try:
        yield
    finally:
        stop.set()
        with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(task, timeout=5)


async def http_error(request: Request, exc: Exception) -> Response:
    """Unknown paths and wrong methods answer in JSON too, like the rest of the API."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    code = {404: "not_found", 405: "method_not_allowed"}.get(status, "error")
    message = {404: "Dit adres bestaat niet.", 405: "Deze methode kan hier niet."}.get(
        status, "Er ging iets mis."
    )
    return JSONResponse({"error": code, "message": message}, status_code=status)


def create_app() -> Starlette:
    """Build the application (no database or network access happens here)."""
    routes = [
        Route("/health", health, methods=["GET"]),
        Route("/health/live", live, methods=["GET"]),
        Route("/metrics", api.protected(metrics.metrics), methods=["GET"]),
        *api.routes,
        *chat.routes,
        *inbox.routes,
        *dashboard.routes,
        *samen_pages.routes,
        *privacy_pages.routes,
        *transparency_page.routes,
        *practice_report.routes,
        Mount("/static", StaticFiles(directory=chat.STATIC_DIR), name="static"),
    ]
    middleware = [
        Middleware(security.SecurityHeaders),
        Middleware(guard.BodyLimit),
        Middleware(cors.ChatCors),
        # The inbox's login session; the chat uses no cookies (the widget keeps its
        # conversation id in sessionStorage), and this cookie is only set after a visit
        # to the inbox.
        Middleware(
            SessionMiddleware,
            secret_key=security.session_secret(),
            session_cookie="medewerker_sessie",
            path="/medewerker",
            max_age=security.session_max_age(),
            same_site="strict",
            https_only=security.https_only(),
        ),
    ]
    chat.install_shutdown_hook()
    install_web_filters()
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={
            HTTPException: http_error,
            # The one mapping of refusals: staff pages show them, the API and chat in JSON.
            Refusal: errors.refusal_handler({inbox.BASE: inbox.refusal_page}),
            Exception: guard.last_resort,
        },
        lifespan=lifespan,
    )


app = create_app()
