"""Reading one trainee message in the rehearsal: topic, open or closed, and what it does.

The topic comes from the learned classifier (:mod:`bot.practice.topics`); the moves that
the feedback judges (asking consent, proposing a partner with a reason, taking a decision
for the young person, a claim that contradicts the facts) are read here by small patterns,
because they are few, stable phrasings of the professional's own intent, and a pattern can
be shown to a trainer. Everything the feedback says is decided from these readings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.knowledge.text import fold
from bot.practice.cases import Case
from bot.practice.topics import classifier

_LEAD = re.compile(
    r"^(?:(?:en|maar|dus|oke|ok|okay|goed|oh|ah|nou|hmm|ja|nee|super|fijn|top|duidelijk|"
    r"hoi|hallo|hey|dag)\b[\s,!.]*)+"
)
_OPEN = re.compile(
    r"^(?:wat|hoe|waarom|waardoor|welke?|wie|waar\w*|wanneer|vertel|beschrijf|leg\b|"
    r"(?:kun|kan|zou|wil)\s+(?:je|jij|u)\s+(?:eens\s+|daar\s+|er\s+|me\s+|mij\s+|iets\s+|wat\s+|"
    r"meer\s+|nog\s+)*(?:vertellen|uitleggen|beschrijven|aangeven|noemen|meer)|en\s+verder)\b"
)
_VERB_FIRST = re.compile(
    r"^(?:heb|ben|zit|wil|kan|kun|mag|moet|vind|vindt|ga|gaat|doe|woon|is|zijn|heeft|krijg|"
    r"weet|werk|ken|hoor|leer|denk|zou|zal|zullen|klopt|speelt|staat|sta|loop|haal|wordt|word)"
    r"\s+(?:je|jij|u|hij|ze|zij|het|er|dat|jullie|finn|ik|we|die)\b"
)
_CONSENT = re.compile(
    r"toestemming|\bmag (?:ik|de|het|hij|je|jouw|uw)\b|vind(?:t)?\s+(?:je|jij|u)\s+(?:het|dat)\s+"
    r"(?:goed|oke|ok|prima)|vinden jullie|is (?:het|dat) (?:goed|oke|ok|prima)|\bgoed als\b|"
    r"wat vind(?:t)? (?:je|jij|u) (?:ervan|daarvan) als|zou (?:je|jij|u) het goed vinden|"
    r"\bals (?:jij|je|u|jullie) (?:dat|het) (?:goed vind|wil|ok|oke)|akkoord|zal ik\b|zullen we\b|"
    r"wil (?:je|jij|u) dat ik|zelf (?:beslissen|kiezen|toestemming)|met \w+ zelf"
)
_DECISION = re.compile(
    r"\bik (?:bel|meld|regel|stuur|geef|schrijf|zet|schakel|plan|maak|neem|verwijs|stuur)\b"
    r"|\bik ga (?:je|jou|haar|hem|de|het|een)?\s*\w*\s*(?:aanmelden|bellen|inschrijven|doorsturen|"
    r"doorgeven|regelen|inschakelen|verwijzen)|\bik heb (?:je|jou|haar|hem) (?:al )?(?:aangemeld|"
    r"ingeschreven|doorverwezen)|\bwe (?:melden|sturen|bellen|regelen|schakelen) "
    r"|\b(?:bel|meld|regel|stuur|geef|schrijf|zet|schakel|plan|verwijs) ik\b"
    r"|\b(?:je|jij|ze|hij) (?:gaat|moet) (?:gewoon |dus )?"
    r"(?:naar|werken|beginnen|starten|de|het|een|entree|bbl|bol)\b"
    r"|\bdat wordt (?:de|het|dus)\b|\bik heb besloten"
)
_REASON = re.compile(
    r"\bomdat\b|\bwant\b|\bzodat\b|\bdie (?:kan|kunnen|weet|weten|helpt|helpen|regelt|regelen|"
    r"kent)\b|\bkan (?:je|jou|haar|hem|jullie) (?:helpen|ondersteunen|verder helpen)\b|"
    r"\bkunnen (?:je|jou|haar|hem) (?:helpen|ondersteunen)\b|\bhelpt (?:bij|met)\b|"
    r"\b(?:kan|kunnen) (?:\w+ ){0,5}(?:helpen|regelen|doorgeven|bieden|kijken|zorgen)\b|"
    r"\bhelpen (?:bij|met)\b"
)
PARTNER_WORDS = {
    "gemeente": r"gemeente|leerplicht\w*|\brmc\b|doorstroompunt|klantmanager|jongerenloket|"
    r"schuldhulp\w*|\bwmo\b|wijkteam|sociaal team",
    "uwv": r"\buwv\b|doelgroepregister",
    "mbo_school": r"\bmbo\b|mbo-school|\broc\b|intaker|studentbegeleid\w*",
    "leerbedrijf": r"leerbedrijf|werkgever|stagebedrijf|stagebaas|leerbaan|stagebegeleider op",
    "toeleverend_onderwijs": r"vorige school|je school|praktijkschool|\bvso\b|\bisk\b|\bhavo\b|"
    r"mentor|vmbo-school|\bdocent\b",
    "begeleidingsinstantie": r"jobcoach|begeleider|jeugdhulp|begeleiding|maatschappelijk werk|"
    r"hulpverlen\w*",
}
_PARTNERS = {key: re.compile(pattern) for key, pattern in PARTNER_WORDS.items()}
_NEGATION = re.compile(r"\b(?:geen|niet|nog niet|nooit)\b")
_OWN_CONSENT = re.compile(
    r"\b(?:hij|zij|ze) (?:zelf|moet zelf|mag zelf)\b|\bzelf (?:toestemming|beslis)"
)
# A short open question that points back at the case's last answer.
_POINTS_BACK = re.compile(r"\b(?:dat|daar\w*|dit)\b")
_MONEY = re.compile(r"\bgeld\w*|schuld\w*|inkomen|\bloon\b|verdien\w*|uitkering")
_YES_FIRST = re.compile(r"^(?:ja|klopt|precies|inderdaad|zeker|jazeker|dat klopt)\b")
_STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        "omdat want zodat die dat kan kunnen helpen jouw haar zijn hem jou jij een het de van "
        "met voor bij naar ook nog wel niet geen als dan erbij meekijken gemeente wat vind goed "
        "ervan denk mijn",
    )
)


@dataclass(frozen=True)
class Reading:
    """One trainee message as the feedback sees it (``number`` counts from 1)."""

    number: int
    text: str
    topic: str | None  # a topic, "begroeting", or None (not placed)
    asked_topic: str | None  # the topic the case answers (a follow-up takes the earlier one)
    question: bool
    open: bool
    followup: bool
    consent: bool
    addressee: str  # jongere, ouder, beide or ""
    about_young_person: bool  # names the young person in the third person, or "zelf"
    decision: bool
    partners: tuple[str, ...]
    reason: bool
    claims: frozenset[str] = field(default_factory=frozenset)
    # A second topic the asked one may also be about; a follow-up may go there when the
    # first has no more to tell.
    also_topic: str | None = None

    @property
    def content(self) -> bool:
        """A question or statement about the young person's situation (not a greeting)."""
        return self.asked_topic not in (None, "begroeting", "toestemming")


def _clauses(folded: str) -> list[str]:
    """The clauses of the sentence that asks (the last with a question mark), leads removed."""
    sentences = [x.strip() for x in re.split(r"(?<=[.!?])\s+", folded) if x.strip()]
    asking = [x for x in sentences if "?" in x]
    sentence = asking[-1] if asking else (sentences[-1] if sentences else folded)
    clauses = [_LEAD.sub("", c).strip(" ?!.") for c in re.split(r"[,;:]\s*", sentence)]
    return [c for c in clauses if c] or [""]


def is_question(text: str) -> bool:
    """A question: a question mark, a question word or a verb first."""
    clauses = _clauses(fold(text))
    return "?" in text or any(_OPEN.match(c) or _VERB_FIRST.match(c) for c in clauses)


def is_open(text: str) -> bool:
    """An open question invites a story (wat, hoe, waarom, vertel eens …)."""
    return any(_OPEN.match(c) for c in _clauses(fold(text)))


def _addressee(folded: str, case: Case) -> str:
    parent = fold(case.role.parent) if case.role and case.role.parent else None
    formal = bool(re.search(r"\b(?:u|uw|mevrouw|meneer)\b", folded)) or bool(
        parent and re.search(rf"\b{re.escape(parent)}\b", folded)
    )
    both = bool(re.search(r"\b(?:jullie|allebei|beiden|jullie allebei)\b", folded))
    informal = bool(re.search(r"\b(?:je|jij|jou|jouw)\b", folded))
    if both or (formal and informal):
        return "beide"
    return "ouder" if formal else ("jongere" if informal else "")


def _claims(folded: str, question: bool, case: Case, previous_topic: str | None) -> frozenset[str]:
    claims: set[str] = set()
    negated = bool(_NEGATION.search(folded))
    if "startkwalificatie" in folded and ("vmbo" in folded or previous_topic == "diploma"):
        claims.add("vmbo_geen_sk" if negated else "vmbo_is_sk")
    elif previous_topic == "diploma" and _YES_FIRST.match(folded) and not negated:
        claims.add("vmbo_is_sk")  # "ja klopt" on "dan heb ik toch een startkwalificatie?"
    if _MONEY.search(folded):
        denial = not question and re.search(
            r"(?:geen|niet)\s+(?:\w+\s+){0,2}(?:geldzorgen|geldproblemen|schulden|probleem)"
            r"|geld is (?:dus )?geen (?:probleem|punt)|geen zorgen om geld",
            folded,
        )
        claims.add("geld_ontkend" if denial else "geld_benoemd")
    if "banenafspraak" in folded:
        claims.add("banenafspraak")
    if "minimumloon" in folded:
        claims.add("geen_minimumloon" if negated else "wel_minimumloon")
    return frozenset(claims)


def read_turn(number: int, text: str, case: Case, previous: Reading | None = None) -> Reading:
    """Read one trainee message; ``previous`` is the reading before it (for a follow-up)."""
    folded = fold(text)
    names = [case.naam] + ([case.role.parent] if case.role and case.role.parent else [])
    guess = classifier().guess(text, names)
    topic = guess.topic
    question = is_question(text)
    open_question = question and is_open(text)
    followup = False
    asked = topic
    also = guess.also
    if topic is None and _POINTS_BACK.search(folded) and is_open(text) and len(folded.split()) <= 7:
        topic = "doorvragen"  # "wat betekent dat voor jou?": about what was just said
    if topic == "doorvragen":
        followup = previous is not None and previous.asked_topic not in (None, "begroeting")
        asked = previous.asked_topic if followup and previous else None
        also = previous.also_topic if followup and previous else None
    partners = tuple(key for key, pattern in _PARTNERS.items() if pattern.search(folded))
    consent = bool(_CONSENT.search(folded)) and (question or "als" in folded.split())
    decision = bool(_DECISION.search(folded)) and not consent and not question
    if topic == "toestemming" and not consent and question:
        consent = True
    parent_speaks = case.role is not None and case.role.speaker == "ouder"
    names_young = bool(re.search(rf"\b{re.escape(fold(case.naam))}\b", folded))
    about = (parent_speaks and names_young) or bool(_OWN_CONSENT.search(folded))
    return Reading(
        number=number,
        text=text,
        topic=topic,
        asked_topic=asked,
        question=question,
        open=open_question,
        followup=followup,
        consent=consent,
        addressee=_addressee(folded, case),
        about_young_person=about,
        decision=decision,
        partners=partners,
        reason=bool(_REASON.search(folded)),
        claims=_claims(folded, question, case, previous.asked_topic if previous else None),
        also_topic=also,
    )


def read_conversation(texts: Sequence[str], case: Case) -> list[Reading]:
    """Every trainee message of the rehearsal, in order.

    A follow-up goes back to the last topic the case could place: after "hoe laat is het?"
    (not placed), "kun je daar meer over vertellen?" is still about the school it was asked.
    """
    readings: list[Reading] = []
    for number, text in enumerate(texts, start=1):
        placed = [r for r in readings if r.asked_topic is not None]
        previous = placed[-1] if placed else (readings[-1] if readings else None)
        readings.append(read_turn(number, text, case, previous))
    return readings


def reason_fits(reading: Reading, case: Case) -> bool:
    """The reason shares a content word with the case's partner reasons or facts."""
    if not reading.reason:
        return False
    source = " ".join(case.partners.values())
    if case.role:
        source += " " + " ".join(case.role.facts.values()) + " " + case.role.route
    wanted = {w[:5] for w in re.findall(r"[a-z]{4,}", fold(source)) if w not in _STOP_WORDS}
    said = {w[:5] for w in re.findall(r"[a-z]{4,}", fold(reading.text)) if w not in _STOP_WORDS}
    return bool(wanted & said)
