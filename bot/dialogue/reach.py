"""Reaching a young person who chats alone: how the school may contact them.

When a professional is in the conversation, the professional is the contact. A young person
or a parent alone (roles ``jongere`` and ``ouder``) is asked once, before the first
hand-over at a decision point, how the school may reach them: by phone, by e-mail, through
their school or referrer, or not at all. The answer is the one personal detail the advice
route keeps as typed: the store seals it (:mod:`bot.store.sealed`), Rasa's slot keeps only
the masked words (:func:`slot_value`), and only the team of the hand-over reads it
(:mod:`bot.handover.policy`).

A click on "Bellen of appen" or "Mailen" without the number or address asks for it in a
second line (``bereikbaar_kanaal`` remembers which); the answer is still one answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.dialogue import arbitration
from bot.dialogue.extraction import Extraction, extract
from bot.dialogue.turn import INTERRUPTIONS, UserTurn, looks_like_question
from bot.knowledge import load_knowledge, normalise
from bot.knowledge.responses import text as response_text
from bot.privacy import mask
from bot.store.sealed import is_private

QUESTION = "bereikbaar"
CHANNEL_SLOT = "bereikbaar_kanaal"  # "telefoon" or "e_mail" chosen, details still to come
ASKED_OF = ("jongere", "ouder")  # a professional (also in samen) is the contact
FORMS = ("voorkant_form", "realisatie_form", "vervolg_form")
PHONE, MAIL, VIA_SCHOOL, NONE = "telefoon", "e_mail", "via_school", "geen"
DONT_KNOW = arbitration.DONT_KNOW
# The question, and the second line that asks for the number or the address.
ASK = "utter_ask_bereikbaar"
SKIPPED_NOTE = "utter_bereikbaar_overgeslagen"
ASK_DETAILS = {PHONE: "utter_bereikbaar_vraag_telefoon", MAIL: "utter_bereikbaar_vraag_e_mail"}
MAX_SHORT_WORDS = 5
# The placeholders the masker writes for contact details (bot.privacy.masking).
_DETAILS = {"[telefoon]": PHONE, "[e-mail]": MAIL}


def asked(form: str, slots: Mapping[str, Any]) -> bool:
    """Whether this advice form asks the question now: alone, in advice, not yet answered."""
    return (
        form in FORMS
        and slots.get("rol") in ASKED_OF
        and (slots.get("modus") or "advies") == "advies"
        and slots.get(QUESTION) is None
    )


def details_in(text: str) -> str | None:
    """``telefoon`` or ``e_mail`` when the words hold a number or an address, else None."""
    masked = mask(text)
    for placeholder, channel in _DETAILS.items():
        if placeholder in masked:
            return channel
    return None


def ask_response(slots: Mapping[str, Any]) -> str:
    """The question, or the line asking for the number or address of the chosen channel."""
    return ASK_DETAILS.get(str(slots.get(CHANNEL_SLOT)), ASK)


def read(turn: UserTurn, answered: Mapping[str, Any] | None = None) -> Extraction:
    """The one answer: contact details as typed, or a channel, school or no contact.

    Details win over the classifier ("bel me op 06 ..." is no request for a human). A
    channel without details asks for them; typed words about the school are kept as typed
    (a mentor's name helps the team), a button as its value.
    """
    text = "" if turn.text.startswith("/") else turn.text.strip()
    if text and details_in(text):
        return Extraction(values={QUESTION: text, CHANNEL_SLOT: None})
    if turn.intent == "weet_niet" and (not text or arbitration.says_dont_know(text)):
        return Extraction(values={QUESTION: DONT_KNOW, CHANNEL_SLOT: None})
    if text and arbitration.says_dont_know(text) and len(text.split()) <= MAX_SHORT_WORDS:
        return Extraction(values={QUESTION: DONT_KNOW, CHANNEL_SLOT: None})
    short = _short_answer(text)  # "bel me maar" answers here, whatever the classifier says
    if short in ASK_DETAILS:
        return Extraction(values={CHANNEL_SLOT: short})
    if short is not None:  # a typed button title or a few words for it: its value
        return Extraction(values={QUESTION: short, CHANNEL_SLOT: None})
    result = extract(turn, QUESTION, [QUESTION], dict(answered or {}))
    if result.interrupted or (turn.intent in INTERRUPTIONS and QUESTION not in result.values):
        return result
    value = result.values.get(QUESTION)
    if value in ASK_DETAILS:
        return Extraction(values={CHANNEL_SLOT: value})
    if value == VIA_SCHOOL and text and len(text.split()) > 3:
        result.values[QUESTION] = text
    if QUESTION in result.values:
        result.values[CHANNEL_SLOT] = None
    return result


def _short_answer(text: str) -> str | None:
    """The value of a few plain words that are no question ("bel me maar", "via mijn mentor")."""
    if not text or len(text.split()) > MAX_SHORT_WORDS or looks_like_question(text):
        return None
    try:
        return str(normalise(QUESTION, text))
    except ValueError:
        return None


def slot_value(value: Any) -> Any:
    """What Rasa's slot keeps: the masked words (the store keeps them sealed, as typed)."""
    return mask(value) if is_private(QUESTION, value) else value


def channel_of(value: Any) -> str | None:
    """How the stored answer says the school may reach them: a value key, or None (unknown)."""
    if not isinstance(value, str):
        return None
    if value in load_knowledge().questions[QUESTION].values:
        return value
    return details_in(value) or (VIA_SCHOOL if is_private(QUESTION, value) else None)


def summary_value(value: Any) -> Any:
    """The answer as the summary (and every team) reads it: the channel, not the details."""
    if not is_private(QUESTION, value):
        return value
    channel = channel_of(value) or VIA_SCHOOL
    label = load_knowledge().questions[QUESTION].values[channel]
    return f"{label} (de gegevens staan versleuteld bij de antwoorden)"


def skipped() -> Extraction:
    """The question skipped after two answers that were not understood: nothing is guessed."""
    return Extraction(
        values={QUESTION: arbitration.SKIPPED, CHANNEL_SLOT: None},
        note=response_text(SKIPPED_NOTE),
    )
