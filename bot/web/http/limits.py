"""Rate limits for the public chat and the inbox login, and the per-conversation queue.

Each limit is ``count/seconds`` in an environment variable (a fixed window per key):

=======================================  ==========  ==========================================
variable                                 default     counts
=======================================  ==========  ==========================================
``BOT_LIMIT_MESSAGES_PER_CLIENT``        ``60/60``   chat messages from one client address
``BOT_LIMIT_MESSAGES_PER_CONVERSATION``  ``20/60``   chat messages to one conversation
``BOT_LIMIT_NEW_CONVERSATIONS``          ``10/600``  new conversations from one client address
``BOT_LIMIT_STREAMS_PER_CLIENT``         ``30/60``   live streams opened by one client address
``BOT_LIMIT_LOGINS_PER_CLIENT``          ``20/900``  login attempts from one client address
=======================================  ==========  ==========================================

The counters live in memory (one web worker) unless ``REDIS_URL`` is set; then in Redis, so
that several workers share them. Behind a reverse proxy the client address is read from the
header named in ``BOT_TRUSTED_PROXY_HEADER`` (e.g. ``X-Forwarded-For``: its last address, the
one the proxy added) and only when the direct peer is in ``BOT_TRUSTED_PROXIES`` (addresses
or networks; default loopback); otherwise the header is ignored, so a client cannot pick
its own address.

Messages to one conversation are handled one at a time, in the order they came
(:class:`ConversationQueue`); at most ``BOT_MAX_QUEUED`` (5) are in line, the one being
answered included; more get a 429 instead of waiting for Rasa's timeout.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import math
import os

from starlette.requests import Request
from starlette.responses import JSONResponse

from bot.knowledge.responses import text as response_text
from bot.settings import LIMIT_DEFAULTS
from bot.settings import Limit as Limit
from bot.settings import limit as limit
from bot.web.state.limit_state import (
    MAX_KEYS as MAX_KEYS,
)
from bot.web.state.limit_state import (
    MAX_QUEUED as MAX_QUEUED,
)
from bot.web.state.limit_state import (
    ConversationQueue as ConversationQueue,
)
from bot.web.state.limit_state import (
    Counters as Counters,
)
from bot.web.state.limit_state import (
    MemoryCounters as MemoryCounters,
)
from bot.web.state.limit_state import (
    RedisCounters as RedisCounters,
)
from bot.web.state.limit_state import (
    TooMany as TooMany,
)

logger = logging.getLogger(__name__)

DEFAULTS = LIMIT_DEFAULTS


def counters() -> Counters:
    """Redis when ``REDIS_URL`` is set, else memory (:func:`bot.web.state.shared.shared`)."""
    from bot.web.state.shared import shared

    return shared().counters


def reset_counters() -> None:
    """Forget every count (tests; a restart does the same for the memory counters)."""
    from bot.web.state.shared import shared

    current = shared()
    if current.backend == "memory":
        current.counters = MemoryCounters()


async def check(name: str, key: str) -> None:
    """Count one for ``key`` under the limit ``name``; :class:`TooMany` when over it."""
    rule = limit(name)
    try:
        count, remaining = await counters().hit(f"{name}:{key}", rule.seconds)
    except OSError as error:  # Redis away: no limit rather than no chat
        logger.warning("Rate limit %s not checked: %s", name, error)
        return
    if count > rule.count:
        raise TooMany(remaining)


def _login_key(username: str) -> str:
    return f"login-failures:{username.strip().lower()[:64]}"


async def login_failure(username: str, seconds: float) -> tuple[int, int]:
    """Count a wrong login for ``username`` whether or not the account exists.

    The backoff and the lock read this count, so a made-up name waits exactly as long
    as a real one (a count kept only for real accounts told them apart by timing).
    Returns the count in the window and the seconds left of it.
    """
    try:
        count, remaining = await counters().hit(_login_key(username), seconds)
    except OSError as error:  # Redis away: the accounts' own lock still works
        logger.warning("Login failures not counted: %s", error)
        return 0, 0
    return count, max(1, math.ceil(remaining))


async def login_succeeded(username: str) -> None:
    with contextlib.suppress(OSError):
        await counters().reset(_login_key(username))


def seconds_text(seconds: int) -> str:
    if seconds < 60:
        return "1 seconde" if seconds == 1 else f"{seconds} seconden"
    minutes = math.ceil(seconds / 60)
    return "1 minuut" if minutes == 1 else f"{minutes} minuten"


def too_many_response(problem: TooMany) -> JSONResponse:
    """429 with ``Retry-After`` and the Dutch words the widget shows."""
    wait = seconds_text(problem.retry_after)
    return JSONResponse(
        {
            "error": "too_many_requests",
            "message": response_text("utter_chat_te_snel", wacht=wait),
            "retry_after": problem.retry_after,
        },
        status_code=429,
        headers={"Retry-After": str(problem.retry_after)},
    )


def _is_trusted(peer: str, trusted: list[str]) -> bool:
    """An exact address, or one inside a listed network (an ingress controller's pods get a
    new address when they restart, so Kubernetes names their network, e.g. 10.42.0.0/16)."""
    if peer in trusted:
        return True
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    for entry in trusted:
        if "/" not in entry:
            continue
        with contextlib.suppress(ValueError):
            if address in ipaddress.ip_network(entry, strict=False):
                return True
    return False


def client_address(request: Request) -> str:
    """The client's address; a proxy's header only when the peer is a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    header = os.environ.get("BOT_TRUSTED_PROXY_HEADER", "").strip()
    if not header:
        return peer
    trusted = os.environ.get("BOT_TRUSTED_PROXIES", "127.0.0.1 ::1").replace(",", " ").split()
    if not _is_trusted(peer, trusted):
        return peer
    forwarded = [part.strip() for part in request.headers.get(header, "").split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-1][:64] if forwarded else peer
