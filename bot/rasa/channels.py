"""Rasa input channels that close the ``/intent`` back door.

Rasa parses any text that starts with ``/`` as an intent with entities. That is how
buttons work, but it also lets a user type ``/restart`` (which ends a pause) or
``/EXTERNAL_besluit`` (which would fake a professional's decision). These channels let a
``/`` text through only when it is exactly a button payload the assistant offered in its
last turn, and never while the conversation is paused; anything else loses its leading
``/`` and is read as ordinary words. While paused, the user's message is also kept
(masked) for the professional's transcript.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput

from bot.rasa.speedups import install as install_rasa_speedups
from bot.untrusted import normalise, sender_id_ok, without_command

logger = logging.getLogger(__name__)
# Rasa imports this module (credentials.yml) before it serves a message.
install_rasa_speedups()

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def offered_payloads(events: Iterable[Any]) -> set[str]:
    """Button payloads of the bot messages after the latest user message."""
    payloads: set[str] = set()
    for event in reversed(list(events)):
        kind = getattr(event, "type_name", None)
        if kind == "user":
            break
        if kind == "bot":
            for button in (getattr(event, "data", None) or {}).get("buttons") or ():
                if button.get("payload"):
                    payloads.add(str(button["payload"]).strip())
    return payloads


def guard_text(text: str, offered: set[str], paused: bool) -> str:
    """The text Rasa may see: a ``/`` command only if it was offered and not paused.

    Look-alike slashes and zero-width characters count as ``/`` (:mod:`bot.untrusted`).
    """
    stripped = normalise(text).strip()
    if not stripped.startswith("/"):
        return text
    if not paused and stripped in offered:
        return stripped
    return without_command(stripped) or "?"


def _record_paused_message(sender_id: str, text: str) -> None:
    from bot.store.repository import repository_scope

    with repository_scope() as repository:
        handover = repository.active_handover(sender_id)
        if handover is not None:
            repository.add_message(sender_id, "jongere", text, handover_id=handover.id)


async def _guard(message: UserMessage) -> None:
    from sanic import Sanic

    agent = Sanic.get_app().ctx.agent
    tracker = await agent.tracker_store.retrieve(message.sender_id)
    if tracker is None:
        message.text = guard_text(message.text or "", set(), paused=False)
        return
    paused = tracker.is_paused()
    guarded = guard_text(message.text or "", offered_payloads(tracker.events), paused)
    if guarded != message.text:
        logger.info("A '/' command that was not offered was read as plain text.")
    message.text = guarded
    if paused and guarded.strip():
        try:
            await asyncio.to_thread(_record_paused_message, message.sender_id, guarded)
        except Exception:
            logger.exception("Could not keep a message sent during a hand-over.")


def _guarded(on_new_message: OnNewMessage) -> OnNewMessage:
    async def handler(message: UserMessage) -> Any:
        await _guard(message)
        return await on_new_message(message)

    return handler


class GuardedRestInput(RestInput):
    """The REST channel (``/webhooks/rest/webhook``) with the ``/`` guard.

    Rasa's own channel takes any sender id; this one only the shapes the channels make
    (:func:`bot.untrusted.sender_id_ok`), and answers 400 to anything else.
    """

    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _extract_sender(self, req: Any) -> Any:
        sender = await super()._extract_sender(req)
        if not sender_id_ok(sender):
            from sanic.exceptions import InvalidUsage

            raise InvalidUsage("Dit gespreksnummer kan niet: alleen letters, cijfers, - _ en .")
        return sender

    def blueprint(self, on_new_message: OnNewMessage) -> Any:
        return super().blueprint(_guarded(on_new_message))


class GuardedSocketIOInput(SocketIOInput):
    """The socket.io channel with the same guard."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: OnNewMessage) -> Any:
        return super().blueprint(_guarded(on_new_message))
