"""Reading who talks and how old the young person is, from any message of the start block.

Real people do not answer the consent questions one by one. At "Is de jongere jonger dan 16
jaar?" a mother writes "ik ben de moeder van Sanne, ze zit nu op het vso en ...": she says
who she is, not the age. At "Heeft een ouder of verzorger dat gezegd?" she writes "ze is 15"
or "nee wacht, ze is 16": an age, never a yes or a no to consent. So every typed message
before consent is complete is read for a role, an age and facts in passing; what it finds
is kept in the conversation's slots and stored only once consent is complete (the
validator of the start block decides that). The rules of who consents are in
``bot/knowledge/data/consent.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.dialogue import reading
from bot.dialogue.consent import age_of_consent
from bot.dialogue.opening import read_opening, role_in, without_own_age
from bot.dialogue.turn import UserTurn
from bot.knowledge.text import fold

# The questions of the start block an age answers or corrects (never a yes/no to consent).
AGE_ANSWERS = ("toestemming", "jonger_dan_16", "ouder_akkoord", "jongere_akkoord")
# "ik ben 15": the young person's own age; "15" alone only where the age is asked.
_OWN_AGE = re.compile(r"\bik\s+ben\s+(?:net\s+|pas\s+|al\s+)?(1[2-9]|2\d)\b(?!\s*(?:uur|min))")
_LONE_AGE = re.compile(r"^\D*\b(1[2-9]|2\d)\b(?:\s*(?:jaar|jr))?\D*$")
# "ze wordt 16 in maart": not 16 yet.
_BECOMES = re.compile(r"\bwordt\s+(?:pas\s+|al\s+|binnenkort\s+|bijna\s+)*(1[2-9]|2\d)\b")
_SHORT = 6
# "Nee, 16 of ouder" (the button typed), "ouder dan 16", "onder de 16": the boundary, no age.
_BOUNDARY = re.compile(
    r"\b(?:1[2-9]|2\d)\s*(?:\+|jaar\s+)?(?:of|en)\s+(?:ouder|jonger|meer|minder)\b"
    r"|\b(?:ouder|jonger)\s+dan\s+(?:1[2-9]|2\d)\b"
    r"|\b(?:onder|boven|vanaf|tot)\s+(?:de\s+)?(?:1[2-9]|2\d)\b|\b(?:1[2-9]|2\d)\s*\+"
)
# "nee hoor, ik ben ouder" at the age question: older, not a parent ("ouder of verzorger" is).
_OLDER = re.compile(
    r"\b(?:ik\s+ben|ben\s+ik)\s+(?:al\s+|wel\s+|veel\s+)?ouder\b(?!\s+(?:of|van|en)\b)"
)
_PARENT_NAMED = re.compile(r"\b(?:moeder|vader|mama|papa|verzorger|voogd|zoon|dochter|kind)\b")


@dataclass(frozen=True)
class StartReading:
    """What one message of the start block tells besides its answer."""

    role: str | None = None
    age: int | None = None
    under_16: str | None = None  # "ja" / "nee" when the words settle it
    facts: dict[str, object] = field(default_factory=dict)

    @property
    def tells_something(self) -> bool:
        return self.role is not None or self.under_16 is not None or bool(self.facts)


def read_start_turn(
    turn: UserTurn, requested: str | None, answered: Mapping[str, object]
) -> StartReading:
    """The role (when not known yet), an age and facts in passing in a typed message.

    ``answered`` holds the slots so far; a role already known is not read again here (a
    correction "ik ben de moeder" has its own path). Facts are only those whose question
    has no value yet; the age is returned apart, because it decides who consents.
    """
    if turn.text.startswith("/"):
        return StartReading()
    folded = fold(turn.text)
    # "nee ik ben 17" at the age question answers the age; whether the young person is alone
    # or with their mentor is left to the role question.
    role = (
        role_in(without_own_age(folded))
        if answered.get("rol") is None and requested != "rol"
        else None
    )
    if role == "ouder" and _OLDER.search(folded) and not _PARENT_NAMED.search(folded):
        role = None  # "ik ben ouder" (dan 16): an age, not a parent
    age, under_16 = age_said(turn.text, requested)
    opening = read_opening(turn)
    facts = {
        question: value
        for question, value in opening.facts.items()
        if question not in ("leeftijd", "jonger_dan_16") and answered.get(question) is None
    }
    return StartReading(role=role, age=age, under_16=under_16, facts=facts)


def age_said(text: str, requested: str | None) -> tuple[int | None, str | None]:
    """The age in the words and whether that is under the age of consent.

    "ze wordt 16 in maart" is under 16 with no age to record; "15" alone counts only as
    the answer to the age question itself.
    """
    folded = _BOUNDARY.sub(" ", fold(text))
    text = folded
    becomes = _BECOMES.search(folded)
    if becomes:
        return None, "ja" if int(becomes.group(1)) - 1 < age_of_consent() else "nee"
    age = reading.age_in(text)
    if age is None:
        own = _OWN_AGE.search(folded)
        age = int(own.group(1)) if own else None
    if age is None and requested == "jonger_dan_16" and len(folded.split()) <= _SHORT:
        lone = _LONE_AGE.match(folded)
        age = int(lone.group(1)) if lone else None
    if age is None:
        return None, None
    return age, "ja" if age < age_of_consent() else "nee"


def age_values(reading_: StartReading, answered: Mapping[str, object]) -> dict[str, object]:
    """The slots an age sets: the age, under 16 or not, and the consent that no longer fits.

    Under 16 a parent's consent is asked (the young person's own consent through a parent
    or professional no longer counts); from 16 the parent's consent is no longer needed.
    """
    values: dict[str, object] = {}
    if reading_.age is not None:
        values["leeftijd"] = reading_.age
    if reading_.under_16 is None:
        return values
    values["jonger_dan_16"] = reading_.under_16
    if answered.get("jonger_dan_16") != reading_.under_16:
        if reading_.under_16 == "nee" and answered.get("ouder_akkoord") is not None:
            values["ouder_akkoord"] = None
        if reading_.under_16 == "ja" and answered.get("jongere_akkoord") is not None:
            values["jongere_akkoord"] = None
    return values
