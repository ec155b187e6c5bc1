"""What the young person says about the partners in the chat, read before Rasa sees it.

The chat relay (:mod:`bot.web.chat.relay`) asks :func:`answer` first. It answers the Samen
buttons (yes/no per partner, approve or change the document, which part) and two kinds of
typed words: the new text of a document part the young person chose to change, and a
withdrawal ("ik wil niet meer dat de gemeente meekijkt"). This works also while the
conversation is paused for a professional, when Rasa would stay silent: consent must be
withdrawable at any time. Everything else goes on to Rasa unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from bot.knowledge import load_knowledge
from bot.knowledge.directory import load_directory
from bot.knowledge.responses import text as response_text
from bot.knowledge.text import tokens
from bot.partners.service import Samen, payload
from bot.store.refusals import NotFound


def normalise_text(text: str) -> str:
    """Folded words joined by single spaces (case, accents and punctuation ignored)."""
    return " ".join(tokens(text))


Message = dict[str, Any]
_BUTTON = re.compile(r"^samen:(toestemming|intrekken|document|deel):(\d{1,9}):([a-z_]{1,20})$")
# A withdrawal names what stops (looking along, the consent) and that it stops.
_STOPS = re.compile(
    r"\b(niet meer|niet langer|intrekken|trek\w* .*\bin\b|stop\w*|geen toestemming|"
    r"wil niet dat|mag niet|hoeft niet meer|weg)\b"
)
_ACCESS = re.compile(r"\b(mee ?kijk\w*|mee ?le\w*|toestemming|inzien|mijn gegevens zien)\b")


def is_withdrawal(text: str) -> bool:
    """ "ik wil niet meer dat de gemeente meekijkt", "trek mijn toestemming voor uwv in"."""
    words = normalise_text(text)
    return bool(_STOPS.search(words) and _ACCESS.search(words))


def names_of(invitation: Mapping[str, Any]) -> set[str]:
    """The words by which the young person may name an invited organisation."""
    knowledge = load_knowledge()
    names = {invitation["partner"].replace("_", " ")}
    partner = knowledge.partners.get(invitation["partner"])
    if partner is not None:
        names.add(partner.name.lower())
        names.update(alias.lower() for alias in partner.aliases)
    organisation = load_directory().organisations.get(invitation["organisation"])
    if organisation is not None:
        names.add(organisation.name.lower())
        names.update(
            word
            for word in tokens(organisation.name)
            if len(word) > 2 and word not in {"het", "van", "een", "team", "school"}
        )
    return {normalise_text(name) for name in names if name}


def named(text: str, invitations: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The invitations whose organisation the text names."""
    words = f" {normalise_text(text)} "
    return [
        invitation
        for invitation in invitations
        if any(f" {name} " in words for name in names_of(invitation))
    ]


async def answer(
    samen: Samen,
    conversation_id: str,
    outgoing: str,
    *,
    typed: bool,
    masked: Callable[[], Awaitable[str]],
) -> list[Message] | None:
    """The chat's answer when the message is about partners; None: Rasa's turn."""
    if not typed:
        match = _BUTTON.match(outgoing.strip())
        if match is None:
            return None
        answered: list[Message] | None = await _button(samen, conversation_id, *match.groups())
        return answered
    if await samen.changing(conversation_id):
        return await samen.change(conversation_id, await masked())
    if is_withdrawal(outgoing):
        return await _withdrawal(samen, conversation_id, outgoing)
    choice = consent_word(outgoing)
    if choice is None:
        return None
    pending = await samen.pending(conversation_id)
    if not pending:
        return None
    chosen = named(outgoing, pending)
    if len(chosen) == 1 or (not chosen and len(pending) == 1):
        target = chosen[0] if chosen else pending[0]
        said = await samen.answer_consent(conversation_id, target["id"], choice)
        return [{"text": said, "buttons": []}]
    return [samen.question(invitation) for invitation in chosen or pending]


async def _withdrawal(samen: Samen, conversation_id: str, outgoing: str) -> list[Message] | None:
    """Only the partner the words name; the question which one when they name none or several.

    A partner still waiting for the young person's answer counts too: "ik wil niet dat
    het UWV meekijkt" is then a no to the UWV, never a withdrawal of another partner.
    """
    live = await samen.invitations_of(conversation_id, ("toegestemd", "gevraagd"))
    if not live:
        return None
    chosen = named(outgoing, live)
    if len(chosen) == 1 or (not chosen and len(live) == 1):
        target = chosen[0] if chosen else live[0]
        return [{"text": await samen.withdraw(conversation_id, target["id"]), "buttons": []}]
    options = chosen or live
    buttons = [
        {"title": o["organisation_name"], "payload": payload("intrekken", o["id"], "ja")}
        for o in options
    ]
    return [{"text": response_text("utter_samen_welke_intrekken"), "buttons": buttons}]


_YES = re.compile(r"^(ja|jawel|jazeker|oke|ok|okay|prima|goed|is goed|akkoord|dat mag|mag)\b")
_NO = re.compile(r"^(nee|neen|liever niet|niet|nope|mag niet)\b")


def consent_word(text: str) -> bool | None:
    """A typed yes (True) or no (False) to a consent question; None when it is neither."""
    words = normalise_text(text)
    if _NO.match(words):
        return False
    if _YES.match(words):
        return True
    return None


async def offered(samen: Samen, conversation_id: str, button: str) -> bool:
    """Is this a yes or no button of a consent question that still waits for its answer?"""
    match = _BUTTON.match(button.strip())
    if match is None or match.group(1) != "toestemming":
        return False
    return any(str(i["id"]) == match.group(2) for i in await samen.pending(conversation_id))


async def _button(samen: Samen, conversation_id: str, kind: str, row: str, choice: str) -> Any:
    row_id = int(row)
    try:
        if kind == "toestemming" and choice in ("ja", "nee"):
            said = await samen.answer_consent(conversation_id, row_id, choice == "ja")
        elif kind == "intrekken":
            said = await samen.withdraw(conversation_id, row_id)
        elif kind == "document" and choice == "goedkeuren":
            said = await samen.approve(conversation_id, row_id)
        elif kind == "document" and choice == "veranderen":
            return [await samen.start_change(conversation_id, row_id, None)]
        elif kind == "deel":
            return [await samen.start_change(conversation_id, row_id, choice)]
        else:
            return None
    except NotFound:
        return [{"text": response_text("utter_chat_knop_onbekend"), "buttons": []}]
    return [{"text": said, "buttons": []}]
