"""``GET /health``: is every part of the assistant answering?

A school's IT department points its monitoring here; the status code is 503 as soon as
one part is down. Without a token the answer says only that (``{"status": "ok"}`` or
``"degraded"``): the model id, the database's kind and the number of waiting
notifications told a stranger more than up or down. With the API's bearer token
(``Authorization: Bearer <BOT_API_TOKEN>``) it names each part (this service, Rasa with a
loaded model, the action server, the database, the notifications to teams, the live
backend). ``/health/live`` (the load balancer's check) says only that this worker answers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import httpx
from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.settings import Settings, get_settings
from bot.web.api.routes import caller
from bot.web.state.shared import shared

TIMEOUT_SECONDS = 2.0


async def _check_rasa(client: httpx.AsyncClient, settings: Settings) -> dict[str, object]:
    params = {"token": settings.rasa_token} if settings.rasa_token else None
    response = await client.get(f"{settings.rasa_url}/status", params=params)
    if response.status_code != 200:
        return {"up": False, "detail": f"HTTP {response.status_code}"}
    model = response.json().get("model_id") or ""
    return {"up": bool(model), "model": model or None}


async def _check_action_server(client: httpx.AsyncClient, settings: Settings) -> dict[str, object]:
    response = await client.get(f"{settings.action_server_url}/health")
    return {"up": response.status_code == 200}


def _check_database_sync() -> dict[str, object]:
    from bot.store.db import get_engine

    engine = get_engine()
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return {"up": True, "dialect": engine.dialect.name}


async def _check_database() -> dict[str, object]:
    return await asyncio.to_thread(_check_database_sync)


def _check_notifications_sync() -> dict[str, object]:
    """Down while a waiting hand-over's team could not be told (the inbox names which)."""
    from bot.handover.notify import notify_settings
    from bot.store.repository import repository_scope

    with repository_scope() as repository:
        problems = repository.outbox.problems()
        counts = repository.outbox.counts()
    return {
        "up": not problems,
        "failed": len(problems),
        "waiting": counts.get("wacht", 0),
        "email": notify_settings().mail.enabled,
    }


async def _check_notifications() -> dict[str, object]:
    return await asyncio.to_thread(_check_notifications_sync)


async def _guard(
    name: str, check: Coroutine[Any, Any, dict[str, object]]
) -> tuple[str, dict[str, object]]:
    """Run one check; a failure becomes ``up: false`` with a short reason."""
    try:
        result = await asyncio.wait_for(check, timeout=TIMEOUT_SECONDS + 1)
    except Exception as error:
        reason = type(error).__name__
        return name, {"up": False, "detail": reason}
    return name, result


async def live(request: Request) -> JSONResponse:
    """This web worker answers (the load balancer's check; ``/health`` checks every part)."""
    return JSONResponse({"up": True})


async def health(request: Request) -> JSONResponse:
    """Report every part; 200 when all are up, 503 otherwise."""
    settings = get_settings()
    async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
        results = await asyncio.gather(
            _guard("rasa", _check_rasa(client, settings)),
            _guard("action_server", _check_action_server(client, settings)),
            _guard("database", _check_database()),
            _guard("notifications", _check_notifications()),
            _guard("live", shared().check()),
        )
    parts: dict[str, dict[str, object]] = {"web": {"up": True}}
    parts.update(dict(results))
    all_up = all(part["up"] for part in parts.values())
    body: dict[str, object] = {"status": "ok" if all_up else "degraded"}
    if caller(request) is not None:
        body["parts"] = parts
    return JSONResponse(body, status_code=200 if all_up else 503)
