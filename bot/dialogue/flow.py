"""Which part of the conversation comes next, and where the conversation stands."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from bot.dialogue.consent import needs_young_persons_consent
from bot.knowledge import load_knowledge

PARTS = ("voorkant", "realisatie", "vervolg")

# The responses (domain.yml) that say why the conversation stops without consent.
STOP_WITHOUT_CONSENT = "utter_gestopt_zonder_toestemming"
STOP_WITHOUT_PARENT = "utter_gestopt_zonder_ouder"
STOP_WITHOUT_YOUNG_PERSON = "utter_gestopt_zonder_jongere"


# Words that ask for a new round after a stop or the end ("opnieuw beginnen"); a greeting
# or a remark about the chat ("hallo?? ik zie niks") does not.
_NEW_START = re.compile(
    r"\b(?:opnieuw|overnieuw|nog\s+een\s+keer|weer)\s+(?:beginnen|starten|begin|start)\b"
    r"|\b(?:begin|start|beginnen|starten)\s+(?:\w+\s+)?(?:opnieuw|overnieuw)\b"
    r"|\b(?:een\s+)?nieuw(?:e)?\s+(?:gesprek|ronde|advies)\b"
    # "ik wil een adviesgesprek beginnen" after practice: a real conversation is asked for
    r"|\b(?:advies\w*|echt\w*\s+gesprek)\s+(?:beginnen|starten)\b"
    r"|\b(?:begin|start|beginnen|starten)\s+(?:een\s+|het\s+)?(?:advies\w*|echt\w*\s+gesprek)\b"
)


def asks_for_a_new_start(text: str) -> bool:
    """A button to begin, or words that ask for a new round; not a greeting or a remark."""
    if text.startswith("/"):
        return True
    return bool(_NEW_START.search(text.lower()))


def consent_problem(slots: Mapping[str, object]) -> str | None:
    """The response that says why we stop when consent is missing, else None."""
    if slots.get("toestemming") != "ja":
        return STOP_WITHOUT_CONSENT
    if slots.get("jonger_dan_16") == "ja" and slots.get("ouder_akkoord") != "ja":
        return STOP_WITHOUT_PARENT
    if needs_young_persons_consent(slots) and slots.get("jongere_akkoord") != "ja":
        return STOP_WITHOUT_YOUNG_PERSON
    return None


def conversation_state(slots: Mapping[str, object], active_loop: str | None) -> str:
    """Where the conversation stands, for answering a message no rule placed.

    ``nieuw`` (nothing started yet), ``bezig`` (a part or the start block is open, or a
    part was just decided), ``gestopt`` (stopped, or no consent) or ``klaar`` (all parts
    done).
    """
    if active_loop:
        return "bezig"
    if slots.get("modus") is None and slots.get("toestemming") is None:
        return "nieuw"
    step = slots.get("volgende_stap")
    if step == "afronden":
        return "klaar"
    if step == "gestopt":
        return "gestopt"
    return "bezig"


def next_step(start_part: str | None, decided: Collection[str]) -> str:
    """The first part, from the chosen start, whose decision has not been made yet.

    Returns a part name, or ``afronden`` when every part from the start is decided.
    """
    start = start_part if start_part in PARTS else "voorkant"
    for part in PARTS[PARTS.index(start) :]:
        if load_knowledge().decision_point_of_part(part) not in decided:
            return part
    return "afronden"
