"""The role a case plays in a rehearsal: its answers per topic, hidden facts and pitfalls.

Kept beside the case (the ``rol`` block in ``data/cases.yml``) so a trainer can write a new
case without code. Validated at load, like the rest of the file: a topic, fact or pitfall
that the rehearsal does not know stops the load with a Dutch message naming the case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.knowledge.data_error import KnowledgeError

# What a trainee's message can be about. The first thirteen follow the praatplaat's
# questions; ``begroeting`` and ``doorvragen`` are moves, not subjects.
TOPICS = (
    "herkomst",
    "leeftijd",
    "diploma",
    "wensen",
    "leren",
    "ondersteuning",
    "leefsituatie",
    "betrokkenen",
    "toestemming",
    "partners",
    "route",
    "nodig",
    "vervolg",
)
MOVES = ("begroeting", "doorvragen")
# The three questions of the praatplaat, and the topics that cover each.
PARTS: Mapping[str, tuple[str, ...]] = {
    "voorkant": ("herkomst", "diploma", "wensen", "leren", "route"),
    "realisatie": ("ondersteuning", "leefsituatie", "nodig"),
    "vervolg": ("vervolg",),
}
# Pitfalls a case can be built to test (read in bot.practice.trainee_reading).
PITFALLS = (
    "vmbo_startkwalificatie",
    "geldzorgen",
    "banenafspraak_minimumloon",
    "beslissen_voor",
    "toestemming_jongere",
)
LANGUAGES = ("jong", "nieuwkomer", "gewoon", "ouder")
SPEAKERS = ("jongere", "ouder")
_ROLE_FIELDS = {
    "vooraf",
    "taal",
    "spreker",
    "opening",
    "onduidelijk",
    "antwoorden",
    "feiten",
    "route",
}
_ROLE_OPTIONAL = {"ouder", "valkuilen", "toestemming_van"}
_ANSWER_FIELDS = {"kort", "meer", "feit"}


@dataclass(frozen=True)
class Answer:
    """What the case says on a topic: ``kort`` always, ``meer`` (with its fact) when asked well."""

    kort: str
    meer: str | None = None
    fact: str | None = None


@dataclass(frozen=True)
class Role:
    """How the case behaves in the rehearsal."""

    known: str  # what the trainee knows beforehand (shown at the start)
    language: str
    speaker: str
    opening: str
    unclear: str
    answers: Mapping[str, Answer]
    facts: Mapping[str, str]  # hidden fact key -> what the trainee should have learned
    route: str
    parent: str | None = None  # the parent's name, when a parent takes part
    pitfalls: tuple[str, ...] = ()
    consent_from: tuple[str, ...] = ("jongere",)


def parse_role(file: str, where: str, entry: object) -> Role:
    """The ``rol`` block of one case; KnowledgeError when it is wrong."""
    if not isinstance(entry, dict):
        raise KnowledgeError(file, where, "rol moet een blok met velden zijn.")
    missing = sorted(_ROLE_FIELDS - set(entry))
    unknown = sorted(set(entry) - _ROLE_FIELDS - _ROLE_OPTIONAL)
    if missing:
        raise KnowledgeError(file, where, f"in rol ontbreken: {', '.join(missing)}.")
    if unknown:
        raise KnowledgeError(
            file,
            where,
            f"onbekende velden in rol: {', '.join(unknown)}.",
            sorted(_ROLE_FIELDS | _ROLE_OPTIONAL),
        )
    if entry["taal"] not in LANGUAGES:
        raise KnowledgeError(file, where, "rol.taal is onbekend.", LANGUAGES)
    if entry["spreker"] not in SPEAKERS:
        raise KnowledgeError(file, where, "rol.spreker is onbekend.", SPEAKERS)
    for name in ("vooraf", "opening", "onduidelijk", "route"):
        if not isinstance(entry[name], str) or not entry[name].strip():
            raise KnowledgeError(file, where, f"rol.{name} moet een tekst zijn.")
    facts = entry["feiten"]
    if not isinstance(facts, dict) or not facts:
        raise KnowledgeError(file, where, "rol.feiten moet minstens één verborgen feit hebben.")
    answers = _answers(file, where, entry["antwoorden"], facts)
    found = {answer.fact for answer in answers.values() if answer.fact}
    lost = sorted(set(facts) - found)
    if lost:
        raise KnowledgeError(file, where, f"deze feiten zijn nergens te vinden: {', '.join(lost)}.")
    pitfalls = entry.get("valkuilen") or []
    if not isinstance(pitfalls, list) or any(p not in PITFALLS for p in pitfalls):
        raise KnowledgeError(file, where, "rol.valkuilen heeft een onbekende valkuil.", PITFALLS)
    consent = entry.get("toestemming_van") or ["jongere"]
    if not isinstance(consent, list) or any(p not in SPEAKERS for p in consent):
        raise KnowledgeError(file, where, "rol.toestemming_van is jongere en/of ouder.", SPEAKERS)
    parent = entry.get("ouder")
    if parent is not None and (not isinstance(parent, str) or not parent.strip()):
        raise KnowledgeError(file, where, "rol.ouder moet een naam zijn.")
    if entry["spreker"] == "ouder" and not parent:
        raise KnowledgeError(file, where, "spreekt de ouder, geef dan rol.ouder een naam.")
    return Role(
        known=" ".join(entry["vooraf"].split()),
        language=entry["taal"],
        speaker=entry["spreker"],
        opening=" ".join(entry["opening"].split()),
        unclear=" ".join(entry["onduidelijk"].split()),
        answers=answers,
        facts={str(k): " ".join(str(v).split()) for k, v in facts.items()},
        route=" ".join(entry["route"].split()),
        parent=parent.strip() if parent else None,
        pitfalls=tuple(pitfalls),
        consent_from=tuple(consent),
    )


def _answers(file: str, where: str, raw: object, facts: Mapping[str, object]) -> dict[str, Answer]:
    if not isinstance(raw, dict) or not raw:
        raise KnowledgeError(file, where, "rol.antwoorden moet antwoorden per onderwerp hebben.")
    answers: dict[str, Answer] = {}
    for topic, value in raw.items():
        if topic not in TOPICS + MOVES:
            raise KnowledgeError(file, where, f"onbekend onderwerp '{topic}'.", TOPICS + MOVES)
        if isinstance(value, str):
            value = {"kort": value}
        if not isinstance(value, dict) or not isinstance(value.get("kort"), str):
            raise KnowledgeError(file, where, f"antwoord '{topic}' heeft een tekst 'kort' nodig.")
        unknown = sorted(set(value) - _ANSWER_FIELDS)
        if unknown:
            raise KnowledgeError(
                file,
                where,
                f"onbekende velden bij '{topic}': {', '.join(unknown)}.",
                sorted(_ANSWER_FIELDS),
            )
        fact = value.get("feit")
        if fact is not None and fact not in facts:
            raise KnowledgeError(file, where, f"feit '{fact}' bij '{topic}' staat niet in feiten.")
        if fact is not None and not value.get("meer"):
            raise KnowledgeError(file, where, f"'{topic}' noemt een feit, geef dan ook 'meer'.")
        meer = value.get("meer")
        answers[str(topic)] = Answer(
            kort=" ".join(value["kort"].split()),
            meer=" ".join(meer.split()) if isinstance(meer, str) else None,
            fact=fact,
        )
    return answers
