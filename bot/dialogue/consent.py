"""Consent the AVG way: who may give it, and what counts as a yes, a no or neither.

A young person of 16 or older decides about their own data; under 16 a parent or verzorger
with gezag does (UAVG art. 5; the rules and their sources are in
``bot/knowledge/data/consent.yml``). Only a clear no is a refusal: "nee, niet voordat ik snap
waar dit heen gaat" sets a condition, and is answered with an explanation and the question
again. Whoever said no may still change their mind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.text import fold
from bot.knowledge.yamlfile import read_yaml

RULES = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "consent.yml"

# A condition or a wish to know more first: no refusal.
_CONDITION = re.compile(
    r"\b(?:voordat|voor\s+ik\s+(?:snap|weet|begrijp)|pas\s+als|pas\s+wanneer|eerst\s+(?:weten|"
    r"snappen|uitleg|horen|meer)|als\s+ik\s+eerst|onder\s+voorwaarde|tenzij|op\s+voorwaarde"
    r"|hangt\s+(?:er\s*)?van\s+af|wat\s+gebeurt\s+er)\b"
)
# A change of mind after a refusal: "toch wel", "alsnog akkoord", "ik wil toch verder".
_CHANGE_OF_MIND = re.compile(
    r"\b(?:toch\s+(?:wel|maar|akkoord|goed|verder|door)|alsnog|ik\s+wil\s+(?:toch\s+)?(?:wel\s+)?"
    r"(?:verder|door|akkoord)|ik\s+(?:ga|ben)\s+(?:toch\s+)?(?:wel\s+)?akkoord"
    r"|(?:mijn|me|m'n)\s+(?:moeder|vader|ouders?|verzorger)\s+(?:vindt|vind|vinden)\s+het\s+"
    r"(?:toch\s+)?(?:wel\s+)?goed)\b"
)
_CLEAR_NO = re.compile(r"^\s*(?:nee|neen|nope|no)\b")
# "ik heb het gezag (samen met haar vader)", "wij hebben samen gezag": a parent with gezag.
_HOLDS_GEZAG = re.compile(
    r"\b(?:ik\s+heb|wij\s+hebben|we\s+hebben|heb\s+ik|hebben\s+wij|hebben\s+we)\s+"
    r"(?:ook\s+|samen\s+|allebei\s+|gewoon\s+)*(?:het\s+|de\s+)?(?:ouderlijk\s+)?gezag\b"
)
_NO_GEZAG = re.compile(
    r"\b(?:geen|niet\s+het|niet\s+de)\s+(?:ouderlijk\s+)?gezag\b|\bgezag\s+niet\b"
)


@lru_cache(maxsize=1)
def age_of_consent() -> int:
    """From this age the young person consents themselves (16 in the Netherlands)."""
    data = read_yaml(RULES)
    age = data.get("age_of_consent") if isinstance(data, dict) else None
    if not isinstance(age, int) or isinstance(age, bool):
        raise KnowledgeError(RULES.name, "age_of_consent", "moet een getal zijn.")
    return age


def sets_a_condition(text: str) -> bool:
    """True for "nee, niet voordat ik snap waar dit heen gaat": a condition, not a no."""
    return not text.startswith("/") and bool(_CONDITION.search(fold(text)))


def holds_gezag(text: str) -> bool:
    """True when the typist says they have gezag ("ja, ik heb het gezag samen met zijn vader").

    At the consent question a parent who agrees and says so has answered the question whether
    they have gezag and agree; "ik heb geen gezag" or a question about it never counts.
    """
    folded = fold(text)
    return (
        not text.startswith("/")
        and "?" not in folded
        and bool(_HOLDS_GEZAG.search(folded))
        and not _NO_GEZAG.search(folded)
    )


def changes_mind(text: str, intent: str | None) -> bool:
    """True when someone who refused now agrees ("oke, toch wel akkoord", a yes button)."""
    if text.startswith("/"):
        return intent == "bevestigen"
    folded = fold(text)
    if _CLEAR_NO.search(folded):
        return False
    return bool(_CHANGE_OF_MIND.search(folded)) or intent == "bevestigen"


# Who consented (conversations.consent_by): the young person at the keyboard (16+), a
# parent or verzorger with gezag (under 16), or the young person (16+) through the parent or
# professional who types and says the young person knows and agrees.
BY_YOUNG_PERSON = "jongere"
BY_PARENT = "ouder"
VIA_PARENT = "via_ouder"
VIA_PROFESSIONAL = "via_professional"
# Roles that speak about a young person who is not at the keyboard.
SPEAKS_FOR_SOMEONE = ("ouder", "professional")


def needs_young_persons_consent(slots: Mapping[str, object]) -> bool:
    """16 or older and a parent or professional types: the young person must know and agree."""
    return slots.get("jonger_dan_16") == "nee" and slots.get("rol") in SPEAKS_FOR_SOMEONE


def consent_by(slots: Mapping[str, object]) -> str | None:
    """Who gave consent for the young person's data, as far as the conversation tells.

    Under 16 a parent or verzorger agreed (ouder_akkoord); from 16 the young person decides:
    at the keyboard themselves (jongere, samen, the applicant of a pre-intake), or through
    the parent or professional who types and says the young person knows and agrees
    (jongere_akkoord). None while unknown.
    """
    if slots.get("jonger_dan_16") == "ja":
        return BY_PARENT if slots.get("ouder_akkoord") == "ja" else None
    role = slots.get("rol")
    if role in ("jongere", "samen", "aanmelder"):
        return BY_YOUNG_PERSON
    if needs_young_persons_consent(slots) and slots.get("jongere_akkoord") == "ja":
        return VIA_PARENT if role == "ouder" else VIA_PROFESSIONAL
    return None
