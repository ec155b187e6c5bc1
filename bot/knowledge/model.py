"""Frozen objects for the advice knowledge, so no code can change what the domain expert wrote.

The key sets below are contracts from the product brief (section 6): data, code, tests and the
outside world all use them, so the loader refuses files that add, drop or rename one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.knowledge.conditions import Condition

ROUTE_KEYS = ("mbo_diploma", "certificaat", "praktijkverklaring")
PARTNER_KEYS = (
    "toeleverend_onderwijs",
    "mbo_school",
    "leerbedrijf",
    "gemeente",
    "uwv",
    "begeleidingsinstantie",
)
# The decision point keys are named once, in the knowledge data; every other place reads them.
DECISION_POINT_KEYS: tuple[str, ...] = tuple(
    str(key)
    for key in yaml.safe_load(
        (Path(__file__).resolve().parent / "data" / "decision_points.yml").read_text("utf-8")
    )
)
KINDS = ("yesno", "choice", "multi", "number", "text")


@dataclass(frozen=True)
class Route:
    """One of the three mbo-leerroutes."""

    key: str
    title: str
    meaning: str
    for_whom: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Partner:
    """One of the six partners around the young person."""

    key: str
    name: str
    role: str
    involve_when: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term:
    """A term a user can ask about, explained at taalniveau B1."""

    key: str
    title: str
    explanation: str
    aliases: tuple[str, ...] = ()
    source: str = ""  # one of TERM_SOURCES: who says so
    checked: str = ""  # ISO date the explanation was compared with that source


# The organisations a term explanation may rest on (facts about Dutch education name their
# source; these five publish the rules the assistant explains).
TERM_SOURCES = ("rijksoverheid.nl", "UWV", "SBB", "MBO Raad", "DUO", "MEE NL")


@dataclass(frozen=True)
class DecisionPoint:
    """A moment of hand-over to a human; ``uses_all_rules`` for those that can come at any time."""

    key: str
    label: str
    uses_all_rules: bool = False
    part: str | None = None  # the part of the conversation that ends here
    form: str | None = None  # the form (question block) that ends here

    @property
    def at_any_time(self) -> bool:
        """Asked for by the user or reached by misunderstanding, not at the end of a part."""
        return self.uses_all_rules


# Who can type in the advice conversation (the values of the question 'rol').
SPEAKING_ROLES = ("jongere", "ouder", "professional", "samen")


@dataclass(frozen=True, eq=False)
class Question:
    """One entry of the question catalogue.

    ``values`` maps value key to Dutch label, in catalogue order. ``phrases`` maps a tokenised
    way of writing an answer to its value key; it is built on load so normalising is a lookup.
    """

    key: str
    part: str
    kind: str
    label: str
    values: Mapping[str, str]
    phrases: Mapping[tuple[str, ...], str]
    value_source: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    unit: str | None = None
    example: int | None = None
    max_length: int | None = None
    entity: str | None = None  # the NLU entity that carries this answer, if any
    prefill: bool = False  # may be read from any sentence, also when not asked yet
    prefer: str | None = None  # wins when an answer names more than one choice
    # who is asked (values of 'rol'); see left_to_professional for what the others see
    roles: tuple[str, ...] = SPEAKING_ROLES

    def asked_of(self, role: object) -> bool:
        """True when a user with ``role`` is asked this question (an unknown role is)."""
        return not isinstance(role, str) or role not in SPEAKING_ROLES or role in self.roles

    def left_to_professional(self, role: object) -> bool:
        """True for a judgement a user with ``role`` is not asked but a professional is.

        Not for a question that does not apply to the role at all: a young person is not
        asked whether the young person agrees, and a professional not how to reach them.
        """
        return not self.asked_of(role) and "professional" in self.roles and self.part != "start"

    @property
    def has_values(self) -> bool:
        """True for the kinds whose answers are value keys (yesno, choice, multi)."""
        return self.kind in ("yesno", "choice", "multi")


@dataclass(frozen=True)
class Signal:
    """A named situation derived from the answers, so each situation is defined once."""

    key: str
    description: str
    condition: Condition


@dataclass(frozen=True)
class SuggestionRule:
    """When the signals hold at one of ``decision_points``, suggest a partner, and why.

    Not a Rasa rule: these come from suggestion_rules.yml and only suggest partners. Exactly
    one of ``partner`` (a fixed partner key) and ``partner_from`` (a question whose answer
    holds partner keys) is set.
    """

    id: str
    when: tuple[str, ...]
    when_any: tuple[str, ...]
    partner: str | None
    partner_from: str | None
    reason: str
    decision_points: tuple[str, ...]
    source: str | None = None

    def holds(self, signals: frozenset[str]) -> bool:
        """Whether all ``when`` signals and (if any are listed) one ``when_any`` signal hold."""
        if not all(signal in signals for signal in self.when):
            return False
        return not self.when_any or any(signal in signals for signal in self.when_any)


@dataclass(frozen=True, eq=False)
class Knowledge:
    """Everything loaded from the data directory; mappings keep the order of the files."""

    data_dir: Path
    routes: Mapping[str, Route]
    partners: Mapping[str, Partner]
    terms: Mapping[str, Term]
    term_index: Mapping[str, str]
    parts: Mapping[str, str]
    questions: Mapping[str, Question]
    decision_points: Mapping[str, DecisionPoint]
    signals: Mapping[str, Signal]
    suggestion_rules: tuple[SuggestionRule, ...]

    def question(self, key: str) -> Question:
        """The question ``key``; a KeyError names the known keys, since callers pass slot names."""
        try:
            return self.questions[key]
        except KeyError:
            known = ", ".join(self.questions)
            raise KeyError(f"unknown question {key!r}; known: {known}") from None

    def decision_point(self, key: str) -> DecisionPoint:
        """The decision point ``key``; a ValueError names the known keys."""
        try:
            return self.decision_points[key]
        except KeyError:
            known = ", ".join(self.decision_points)
            raise ValueError(f"unknown decision point {key!r}; known: {known}") from None

    def decision_point_for_form(self, form: str) -> str | None:
        """The decision point at the end of ``form`` (e.g. voorkant_form -> leerroute)."""
        for key, point in self.decision_points.items():
            if point.form == form:
                return key
        return None

    def decision_point_of_part(self, part: str) -> str:
        """The decision point that ends ``part`` of the advice conversation."""
        for key, point in self.decision_points.items():
            if point.part == part:
                return key
        raise ValueError(f"no decision point ends part {part!r}")

    @property
    def form_decision_points(self) -> dict[str, str]:
        """Form -> decision point, for every form that ends in one."""
        return {p.form: key for key, p in self.decision_points.items() if p.form}

    @property
    def prefill_questions(self) -> tuple[str, ...]:
        """Questions whose answers may be read from any sentence, in catalogue order."""
        return tuple(key for key, q in self.questions.items() if q.prefill)

    @property
    def entity_for_question(self) -> dict[str, str]:
        """Question -> the NLU entity that carries its answer."""
        return {key: q.entity for key, q in self.questions.items() if q.entity}
