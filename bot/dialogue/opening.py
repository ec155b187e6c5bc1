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

from bot.dialogue.turn import UserTurn
from bot.dialogue.values import prefill_values
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
    # "jobcoach van de gemeente hier. ik begeleid een jonge vrouw die ..."
    r"|\bik\s+begeleid\s+(?:een|de|deze)\s+(?:jonge\s+(?:vrouw|man|meid|gast)|jongere|jongen|meisje"
    r"|leerling|student|cli[eë]nt|deelnemer)\b"
    rf"|^\W*(?:\w+\s+){{0,2}}(?:{_PROFESSIONAL_WORDS})\s+(?:van\s+(?:de|het)\s+\w+\s+)?hier\b"
)
# The young person is there too.
_TOGETHER = re.compile(
    r"\b(?:samen\s+met|zit\s+(?:hier\s+)?(?:naast|bij)\s+me|naast\s+me|hier\s+bij\s+me"
    r"|met\s+(?:mijn|de)\s+(?:student|leerling|cli[eë]nt|jongere)\s+(?:erbij|samen|hier))\b"
    r"|\bwe\s+zitten\s+samen\b|\bsamen\b"
)
# A parent or verzorger about their own child: "ik ben haar moeder", "mijn dochter is 15".
_PARENT_WORDS = (
    r"moeder|vader|ouder|ouders|verzorger|verzorgster|mama|papa|mam|pap|voogd"
    r"|pleegouder|pleegmoeder|pleegvader|stiefmoeder|stiefvader|oma|opa"
)
_CHILD_WORDS = r"zoon|dochter|kind|pleegzoon|pleegdochter|pleegkind|stiefzoon|stiefdochter"
_PARENT = re.compile(
    rf"\b(?:ik\s+ben|als|wij\s+zijn|we\s+zijn)\s+(?:de\s+|een\s+|zijn\s+|haar\s+|hun\s+)?"
    rf"(?:{_PARENT_WORDS})\b"
    rf"|\b(?:mijn|onze|m'n|me)\s+(?:{_CHILD_WORDS})\b"
)
# The young person with a professional: "ik zit hier met mijn mentor".
_WITH_MY_PROFESSIONAL = re.compile(
    rf"\b(?:met|naast|bij)\s+(?:mijn|me|m'n|mn|m n)\s+"
    rf"(?:\w+\s+)?(?:{_PROFESSIONAL_WORDS}|juf|meester)\b"
)
# The young person alone: "ik ben 16 en zit hier zelf", "een opleiding voor mezelf".
_YOUNG = re.compile(
    r"\b(?:ik\s+)?zit\s+hier\s+(?:zelf|alleen)\b|\bik\s+doe\s+(?:dit|het)\s+(?:zelf|alleen)\b"
    r"|\bvoor\s+(?:mezelf|mijzelf)\b|\bover\s+(?:mezelf|mijzelf)\b"
    r"|\bik\s+ben\s+(?:zelf\s+)?(?:de\s+)?(?:jongere|leerling|scholier)(?:\s+zelf)?\b"
    r"|\bik\s+ben\s+(?:1[2-9]|2[0-7])(?:\s+jaar)?(?:\s+oud)?\b(?!\s*(?:uur|minuten))"
    r"|\bik\s+zit\s+(?:nu\s+)?(?:in\s+)?(?:de\s+)?(?:klas|groep)\s+\d\b"
    r"|\bik\s+(?:zit|zat)\s+(?:nu\s+)?op\s+(?:het|de)\s+(?:vso|pro|praktijkonderwijs|vmbo|isk)\b"
    # "welke opleiding bij mij past", "ik zit in de 3e van het vmbo"
    r"|\bbij\s+mij\s+past\b|\bpast\s+bij\s+mij\b|\bik\s+zit\s+in\s+(?:de\s+)?\d(?:e|de|ste)?\b"
)
# "een vraag over een leerling": advice about a young person, whoever asks.
_ABOUT_A_YOUNG_PERSON = re.compile(
    r"\b(?:over|voor)\s+(?:een|mijn|onze|m'n|deze|die|de)\s+(?:leerling|student|studente|jongere"
    r"|cli[eë]nt|zoon|dochter|kind|pupil)\b"
)
# A young person telling their own age: "ik ben 16 en ...".
_OWN_AGE = re.compile(r"\bik\s+ben\s+(1[2-9]|2[0-7])\b(?!\s*(?:uur|minuten))")
# Saying who one is, later in the conversation: only these words change the role.
_SELF_PARENT = re.compile(
    rf"\bik\s+ben\s+(?:de\s+|een\s+|zijn\s+|haar\s+|hun\s+)?(?:{_PARENT_WORDS})\b"
)
_SELF_PROFESSIONAL = re.compile(
    rf"\bik\s+ben\s+(?:de\s+|een\s+|zijn\s+|haar\s+|hun\s+)?(?:\w+\s+)?(?:{_PROFESSIONAL_WORDS})\b"
)
_SELF_YOUNG = re.compile(
    r"\bik\s+ben\s+(?:het\s+)?zelf\s+(?:de\s+)?(?:jongere|leerling)\b"
    r"|\bik\s+ben\s+de\s+jongere(?:\s+zelf)?\b|\bik\s+ben\s+het\s+zelf\b"
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
    about_a_young_person: bool = False

    @property
    def tells_situation(self) -> bool:
        """True when the message is more than a greeting: it says who or what it is about."""
        return (
            self.role is not None
            or self.part is not None
            or bool(self.facts)
            or self.about_a_young_person
        )


def read_opening(turn: UserTurn) -> Opening:
    """The role, part and facts in a first message; all None for a bare greeting."""
    if turn.text.startswith("/"):
        return Opening()
    folded = fold(turn.text)
    role = role_in(folded)
    part = None
    if _VERVOLG.search(folded):
        part = "vervolg"
    elif _REALISATIE.search(folded):
        part = "realisatie"
    elif _VOORKANT.search(folded):
        part = "voorkant"
    facts = prefill_values(turn, load_knowledge().prefill_questions)
    own_age = _OWN_AGE.search(folded)
    if role == "jongere" and own_age and "leeftijd" not in facts:
        facts["leeftijd"] = int(own_age.group(1))  # "ik ben 16 en zit hier zelf"
    about = bool(_ABOUT_A_YOUNG_PERSON.search(folded))
    return Opening(role=role, part=part, facts=facts, about_a_young_person=about)


def role_in(folded: str) -> str | None:
    """Who talks, from a folded first message: ouder, samen, professional, jongere or None.

    A parent names their child ("mijn dochter"); a young person names their mentor ("met
    mijn mentor"): then they are together. A professional names their pupil; a young person
    alone says so, or tells their own age.
    """
    if _PARENT.search(folded):
        return "ouder"
    if _WITH_MY_PROFESSIONAL.search(folded):
        return "samen"
    if _PROFESSIONAL.search(folded):
        return "samen" if _TOGETHER.search(folded) else "professional"
    if _YOUNG.search(folded):
        return "jongere"
    return None


def without_own_age(folded: str) -> str:
    """The words without "ik ben 16": an own age says the young person types, not whether
    alone or with a professional beside them (then the role question decides)."""
    return _OWN_AGE.sub(" ", folded)


def role_statement(text: str) -> str | None:
    """The role a user says they have later on ("ik ben de moeder"), else None.

    Stricter than :func:`role_in`: "ik wil als jobcoach werken" in an answer about wishes
    is no correction, so only "ik ben ..." counts.
    """
    folded = fold(text)
    if _SELF_PARENT.search(folded):
        return "ouder"
    if _SELF_YOUNG.search(folded):
        return "jongere"
    if _SELF_PROFESSIONAL.search(folded):
        return "professional"
    return None
