"""The Starlette application served by uvicorn on 127.0.0.1:8000.

Starlette was chosen over Rasa's own Sanic because it is small, well kept, has a
test client, and keeps the web service independent of Rasa's server internals.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.web import api
from bot.web.health import health


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
    routes = [Route("/health", health, methods=["GET"]), *api.routes]
    return Starlette(routes=routes, exception_handlers={HTTPException: http_error})


app = create_app()
