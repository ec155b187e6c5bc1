"""Reading a first message that tells the situation, so the right conversation starts.

People rarely open with "start advies". A mentor writes "Goedemorgen, ik ben
studentbegeleider. Mijn student rondt binnenkort niveau 2 af en we willen het hebben over
wat daarna komt."; a young person writes "ik ga van school af, welke opleiding past bij me".
Such a message says who is talking, which part of the praatplaat it is about, and often a
few facts (age, school). Whatever it says is kept, so nobody is asked it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.dialogue.extraction import UserTurn, prefill_values
from bot.knowledge import load_knowledge
from bot.knowledge.text import fold

# "ik ben (de) mentor", "als jobcoach", "mijn cliënt": a professional is talking.
_PROFESSIONAL_WORDS = (
    r"mentor|studentbegeleider|begeleider|consulent|jobcoach|job\s*coach|loopbaanbegeleider"
    r"|loopbaancoach|intaker|docent|leraar|decaan|zorgco[oö]rdinator|trajectbegeleider"
    r"|leerplichtambtenaar|leerplicht|rmc|casemanager|coach|orthopedagoog|maatschappelijk\s+werker"
    r"|klantmanager|werkcoach|schoolmaatschappelijk\s+werker|ib-?er|ambulant\s+begeleider"
    r"|stagebegeleider|praktijkbegeleider|jeugdconsulent|jongerencoach|professional"
)
_PROFESSIONAL = re.compile(
    rf"\b(?:ik\s+ben|ik\s+werk\s+als|als|hier\s+is\s+de|met\s+de)\s+(?:de\s+|een\s+|hun\s+|zijn\s+"
    rf"|haar\s+)?(?:\w+\s+)?\w*(?:{_PROFESSIONAL_WORDS})\b"
    r"|\bmijn\s+(?:student|studente|leerling|cli[eë]nt|deelnemer|pupil|jongere)\b"
)
# The young person is there too.
_TOGETHER = re.compile(
    r"\b(?:samen\s+met|zit\s+(?:hier\s+)?(?:naast|bij)\s+me|naast\s+me|hier\s+bij\s+me"
    r"|met\s+(?:mijn|de)\s+(?:student|leerling|cli[eë]nt|jongere)\s+(?:erbij|samen|hier))\b"
    r"|\bwe\s+zitten\s+samen\b|\bsamen\b"
)
_VERVOLG = re.compile(
    r"\bwat\s+(?:er\s+)?(?:daarna|daarna\s+kan|erna|hierna)\b|\bwat\s+komt\s+er\s+na\b"
    r"|\bna\s+(?:de|het|zijn|haar|hun)\s+(?:opleiding|diploma|school|studie|mbo)\b"
    r"|\b(?:rondt|rond)\b.*\baf\b|\bhaalt\b.*\bdiploma\b"
    r"|(?<!geen\s)\bdiploma\s+(?:halen|gehaald|binnen)\b"
    r"|\bafstuderen\b|\bklaar\s+met\s+(?:de|zijn|haar)\s+opleiding\b|\bachterkant\b"
    r"|\bvervolg\b|\bwat\s+(?:kan|kun)\s+(?:er\s+)?(?:hierna|daarna|na)\b"
)
_REALISATIE = re.compile(
    r"\bwat\s+(?:is|er)\s+(?:er\s+)?nodig\b|\bwat\s+heeft\s+(?:hij|ze|zij|de\s+jongere)\s+nodig\b"
    r"|\b(?:begeleiding|ondersteuning|stageplek|stage|bpv|leerbedrijf|vervoer)\s+regelen\b"
    r"|\b(?:is|zijn)\s+(?:al\s+)?aangenomen\b|\bgaat\s+(?:binnenkort\s+)?beginnen\s+(?:aan|met|op)\b"
    r"|\bgekozen\s+route\b|\bde\s+route\s+(?:laten\s+)?slagen\b"
)
_VOORKANT = re.compile(
    r"\bwelke\s+(?:mbo\s*-?\s*)?(?:opleiding|route|leerroute|richting|studie)\b"
    r"|\b(?:ga|gaat)\s+van\s+(?:school|het\s+\w+)\s+af\b|\bbij\s+(?:me|mij|hem|haar)\s+past\b"
    r"|\bwat\s+(?:ik|hij|ze|zij)\s+(?:kan|kun|moet)\s+(?:gaan\s+)?(?:doen|leren|studeren)\b"
)


@dataclass(frozen=True)
class Opening:
    """What a first message tells: who talks, which part, and facts about the young person."""

    role: str | None = None
    part: str | None = None
    facts: dict[str, object] = field(default_factory=dict)

    @property
    def tells_situation(self) -> bool:
        """True when the message is more than a greeting: it says who or what it is about."""
        return self.role is not None or self.part is not None or bool(self.facts)


def read_opening(turn: UserTurn) -> Opening:
    """The role, part and facts in a first message; all None for a bare greeting."""
    if turn.text.startswith("/"):
        return Opening()
    folded = fold(turn.text)
    role = None
    if _PROFESSIONAL.search(folded):
        role = "samen" if _TOGETHER.search(folded) else "professional"
    part = None
    if _VERVOLG.search(folded):
        part = "vervolg"
    elif _REALISATIE.search(folded):
        part = "realisatie"
    elif _VOORKANT.search(folded):
        part = "voorkant"
    facts = prefill_values(turn, load_knowledge().prefill_questions)
    return Opening(role=role, part=part, facts=facts)
