"""The Samen service as the web process wires it: the chat hears it live, its buttons are offered.

Kept apart from the pages (:mod:`bot.web.staff.partner_pages`) so the chat relay and the inbox can
call it without importing each other.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.partners import chat as partner_chat
from bot.partners.service import DecisionParts, Samen
from bot.settings import get_settings
from bot.web.chat.rasa_client import RasaClient, RasaUnavailable, offered_from_events
from bot.web.staff.case_actions import casework
from bot.web.state.pubsub import live_hub
from bot.web.state.shared import shared

Message = dict[str, Any]
logger = logging.getLogger(__name__)


async def say(conversation_id: str, text: str, buttons: list[dict[str, str]]) -> None:
    """A message of the assistant in the open chat, with buttons the relay will accept."""
    live_hub().publish(
        conversation_id, {"type": "message", "sender": "bot", "text": text, "buttons": buttons}
    )
    offered = await shared().offered.get(conversation_id)
    if offered is None:  # not known in this worker: what Rasa offered last, as the relay does
        try:
            offered = offered_from_events(await RasaClient(get_settings()).events(conversation_id))
        except RasaUnavailable:
            offered = frozenset()
    payloads = frozenset(b["payload"] for b in buttons)
    await shared().offered.remember(conversation_id, offered | payloads)


def samen(via: str = "inbox") -> Samen:
    """A service for one request (``via`` names the surface in the audit trail)."""
    return Samen(say, via=via)


async def chat_answer(conversation_id: str, outgoing: str, *, typed: bool) -> list[Message] | None:
    """The relay's first look: the answer when the message is about partners, else None."""

    async def masked() -> str:
        return await casework().masked_user_text(conversation_id, outgoing)

    try:
        return await partner_chat.answer(
            samen("chat"), conversation_id, outgoing, typed=typed, masked=masked
        )
    except Exception:  # the store is away: the assistant still gets its turn, never silence
        logger.exception("Samen could not read this message; it goes on to the assistant.")
        return None


async def still_asked(conversation_id: str, button: str) -> bool:
    """A consent question's button counts as offered while the question waits for its answer.

    Two partners may be asked one after the other; the relay remembers only the buttons of
    the last answer, so without this the first question could no longer be answered.
    """
    try:
        return await partner_chat.offered(samen("chat"), conversation_id, button)
    except Exception:  # the store is away: only the buttons the relay remembers count
        logger.exception("Could not check the open consent questions.")
        return False


def decision_parts(form: dict[str, str]) -> DecisionParts:
    """Who took part and whose advice the decision follows; the document when a partner takes over.

    ``volgt_advies`` is an organisation key or ``school``; ``overnemer`` the invitation of
    the consented partner that takes over (at ``vervolg`` the form proposes one). Written in
    the decision's own transaction (:meth:`bot.handover.casework.Casework.decide`).
    """
    taker = form.get("overnemer", "")
    return samen().decision_parts(
        form.get("volgt_advies") or None,
        int(taker) if taker.isdigit() and len(taker) < 10 else None,
    )
