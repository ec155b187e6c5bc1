"""Guided pre-intake ("aan de poort"): the small rules of that conversation.

Its texts are responses in ``domain.yml``, written in very simple Dutch: short sentences,
common words, one thing per sentence.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping

from bot.dialogue import reach
from bot.dialogue.turn import UserTurn
from bot.dialogue.values import prefill_values
from bot.knowledge import load_knowledge, normalise
from bot.knowledge.normalise import named_phrases
from bot.knowledge.responses import text as response_text

# The questions of the pre-intake that are about consent; they are not stored as answers.
CONSENT_QUESTIONS = ("toestemming", "jonger_dan_16", "ouder_akkoord")

DEFAULT_CONTACT_DAYS = 5
NO_CONTACT = "geen"
_NO_CONTACT_WORDS = re.compile(
    r"^\s*(nee|nee hoor|nee dank je|nee bedankt|liever niet|geen|niet|nvt|n\.v\.t\.)\s*[.!]?\s*$",
    re.IGNORECASE,
)

# "ik ben 21" (applicants rarely add "jaar"); not "ik ben 21 uur", "ik ben 10 euro".
_OWN_AGE = re.compile(r"\bik\s+ben\s+(1[2-9]|[2-6]\d)\b(?!\s*(?:uur|euro|keer|minuten))", re.I)

# Responses in domain.yml: the welcome, what registering after 1 April means, the end.
WELCOME = "utter_welkom_pre_intake"
APRIL_NOTE = "utter_na_1_april"
HANDOVER = "utter_overdracht_pre_intake"


APRIL_QUESTION = "aangemeld_voor_1_april"
# Words that are only a plain no; any other words for "nee" ("te laat", "na 1 april") say late.
_PLAIN_NO = frozenset({"nee", "niet aangemeld", "niet"})


def april_answer(value: object, text: str, *, deadline_passed: bool) -> object:
    """Before 1 April a plain "nee" means not yet (still in time); "nee, te laat" stays nee.

    A user who says it is too late means it, whatever the date: the record keeps their words.
    """
    if value != "nee" or deadline_passed or text.startswith("/"):
        return value
    said_late = any(
        named == "nee" and phrase not in _PLAIN_NO
        for named, phrase in named_phrases(APRIL_QUESTION, text)
    )
    return value if said_late else "nog_niet"


def contact_days() -> int:
    """School days within which the intake team contacts the applicant.

    Set with ``PRE_INTAKE_CONTACT_DAYS``; the default (5) is a stand-in until each school
    sets its own promise.
    """
    raw = os.environ.get("PRE_INTAKE_CONTACT_DAYS", "")
    try:
        days = int(raw)
    except ValueError:
        return DEFAULT_CONTACT_DAYS
    return days if days > 0 else DEFAULT_CONTACT_DAYS


def handover_message() -> str:
    """What the applicant reads at the end: what happens next and when, no promise."""
    return response_text(HANDOVER, dagen=contact_days())


def contact_answer(turn: UserTurn) -> str | None:
    """'nee' (or the 'Liever niet' button) means: no contact details, stored as 'geen'."""
    if turn.intent == "ontkennen" and (turn.text.startswith("/") or len(turn.text.split()) <= 4):
        return NO_CONTACT
    if _NO_CONTACT_WORDS.match(turn.text or ""):
        return NO_CONTACT
    return None


def opening_facts(turns: Iterable[UserTurn], wanted: Iterable[str]) -> dict[str, object]:
    """Facts from the applicant's first messages: the referrer (partner entity) and more."""
    prefill = load_knowledge().prefill_questions  # "ik ben 21 en kom van het uwv"
    wanted = [q for q in wanted if q in prefill]
    found: dict[str, object] = {}
    for turn in turns:
        if turn.text.startswith("/"):
            continue
        if "verwijzer" in wanted and "verwijzer" not in found:
            for value in turn.entity_values("partner"):
                try:
                    found["verwijzer"] = normalise("verwijzer", value)
                    break
                except ValueError:
                    continue
        others = [q for q in wanted if q != "verwijzer"]
        for question, fact in prefill_values(turn, others).items():
            found.setdefault(question, fact)
        own_age = _OWN_AGE.search(turn.text)
        if "leeftijd" in wanted and own_age:
            found.setdefault("leeftijd", int(own_age.group(1)))
    return found


def summary_answers(answers: Mapping[str, object]) -> dict[str, object]:
    """The answers for the summary: contact details stay only in the 'contact' answer."""
    shown = dict(answers)
    if shown.get("contact") not in (None, NO_CONTACT):
        shown["contact"] = "opgegeven (zie het antwoord bij contact)"
    if reach.QUESTION in shown:
        shown[reach.QUESTION] = reach.summary_value(shown[reach.QUESTION])
    return shown
