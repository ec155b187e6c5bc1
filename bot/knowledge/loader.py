"""Loading and validating the advice knowledge from bot/knowledge/data.

Everything is checked on load, so a mistake by whoever edits the YAML stops the assistant at
start-up with a message naming the file, the entry and what is allowed, instead of giving wrong
suggestions in a conversation. Nothing is read at import time; ``load_knowledge`` caches.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from bot.knowledge.catalogue import load_catalogue
from bot.knowledge.condition_parser import ConditionParser
from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.fields import Fields, as_mapping, check_key
from bot.knowledge.model import (
    DECISION_POINT_KEYS,
    PARTNER_KEYS,
    ROUTE_KEYS,
    TERM_SOURCES,
    DecisionPoint,
    Knowledge,
    Partner,
    Question,
    Route,
    Signal,
    SuggestionRule,
    Term,
)
from bot.knowledge.text import compact
from bot.knowledge.yamlfile import read_yaml

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
SUGGESTION_RULES_FILE = "suggestion_rules.yml"

_Entry = TypeVar("_Entry")


def load_knowledge(data_dir: Path | str | None = None) -> Knowledge:
    """The knowledge in ``data_dir`` (default: the package's data folder), loaded once per dir."""
    path = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    return _load_cached(path.resolve())


def clear_knowledge_cache() -> None:
    """Forget loaded knowledge, e.g. after a domain expert changed a file in a running process."""
    _load_cached.cache_clear()


@functools.lru_cache(maxsize=8)
def _load_cached(data_dir: Path) -> Knowledge:
    routes = _fixed_entries(data_dir, "routes.yml", "route", ROUTE_KEYS, _route)
    partners = _fixed_entries(data_dir, "partners.yml", "partner", PARTNER_KEYS, _partner)
    decision_points = _fixed_entries(
        data_dir, "decision_points.yml", "beslispunt", DECISION_POINT_KEYS, _decision_point
    )
    terms, term_index = _terms(read_yaml(data_dir / "terms.yml"))
    parts, questions = load_catalogue(read_yaml(data_dir / "questions.yml"), partners, routes)
    signals = _signals(read_yaml(data_dir / "signals.yml"), questions)
    suggestion_rules = _suggestion_rules(
        read_yaml(data_dir / SUGGESTION_RULES_FILE), signals, partners, questions, decision_points
    )
    return Knowledge(
        data_dir=data_dir,
        routes=routes,
        partners=partners,
        terms=terms,
        term_index=term_index,
        parts=parts,
        questions=questions,
        decision_points=decision_points,
        signals=signals,
        suggestion_rules=suggestion_rules,
    )


def _fixed_entries(
    data_dir: Path,
    file: str,
    what: str,
    keys: tuple[str, ...],
    build: Callable[[str, str, object], _Entry],
) -> Mapping[str, _Entry]:
    """A file whose keys are a contract: every key must be there, and no other."""
    data = as_mapping(file, None, read_yaml(data_dir / file), "het bestand")
    for key in data:
        if key not in keys:
            raise KnowledgeError(file, f"{what} '{key}'", f"onbekende {what}sleutel '{key}'.", keys)
    missing = [key for key in keys if key not in data]
    if missing:
        raise KnowledgeError(file, None, f"de {what} '{missing[0]}' ontbreekt.", keys)
    # Every key is one of ``keys`` now, so a str; keep the order of the file.
    return MappingProxyType({str(key): build(file, str(key), data[key]) for key in data})


def _route(file: str, key: str, entry: object) -> Route:
    fields = Fields(file, f"route '{key}'", entry, ("title", "meaning", "for_whom", "aliases"))
    return Route(
        key=key,
        title=fields.text("title"),
        meaning=fields.text("meaning"),
        for_whom=fields.text("for_whom"),
        aliases=fields.text_list("aliases"),
    )


def _partner(file: str, key: str, entry: object) -> Partner:
    fields = Fields(file, f"partner '{key}'", entry, ("name", "role", "involve_when", "aliases"))
    return Partner(
        key=key,
        name=fields.text("name"),
        role=fields.text("role"),
        involve_when=fields.text("involve_when"),
        aliases=fields.text_list("aliases"),
    )


def _decision_point(file: str, key: str, entry: object) -> DecisionPoint:
    fields = Fields(file, f"beslispunt '{key}'", entry, ("label", "uses_all_rules", "part", "form"))
    return DecisionPoint(
        key=key,
        label=fields.text("label"),
        uses_all_rules=fields.boolean("uses_all_rules", False),
        part=fields.optional_text("part"),
        form=fields.optional_text("form"),
    )


def _terms(data: object) -> tuple[Mapping[str, Term], Mapping[str, str]]:
    """Terms, and an index from every compacted way of writing one to its key."""
    file = "terms.yml"
    terms: dict[str, Term] = {}
    index: dict[str, str] = {}
    for key, entry in as_mapping(file, None, data, "het bestand").items():
        key = check_key(file, None, key)
        fields = Fields(
            file, f"term '{key}'", entry, ("title", "explanation", "aliases", "source", "checked")
        )
        source = fields.text("source")
        if source not in TERM_SOURCES:
            fields.fail(f"source '{source}' is geen bekende bron", TERM_SOURCES)
        checked = fields.text("checked")
        try:
            date.fromisoformat(checked)
        except ValueError:
            fields.fail(f"checked '{checked}' is geen datum als 2026-12-07")
        term = Term(
            key=key,
            title=fields.text("title"),
            explanation=fields.text("explanation"),
            aliases=fields.text_list("aliases"),
            source=source,
            checked=checked,
        )
        terms[key] = term
        # The title without its bracketed part: 'Entree (niveau 1)' must not claim 'niveau 1'.
        for form in (key, term.title, term.title.split("(")[0], *term.aliases):
            folded = compact(form)
            if not folded:
                continue
            owner = index.setdefault(folded, key)
            if owner != key:
                fields.fail(f"'{form}' hoort ook bij term '{owner}'. Een woord mag bij één term.")
    return MappingProxyType(terms), MappingProxyType(index)


def _signals(data: object, questions: Mapping[str, Question]) -> Mapping[str, Signal]:
    file = "signals.yml"
    signals: dict[str, Signal] = {}
    for key, entry in as_mapping(file, None, data, "het bestand").items():
        key = check_key(file, None, key)
        entry_name = f"signaal '{key}'"
        fields = Fields(file, entry_name, entry, ("description", "condition"))
        if not fields.has("condition"):
            fields.fail("het veld 'condition' ontbreekt.")
        condition = ConditionParser(file, entry_name, questions).parse(fields.raw("condition"))
        signals[key] = Signal(key=key, description=fields.text("description"), condition=condition)
    return MappingProxyType(signals)


_RULE_FIELDS = (
    "id",
    "when",
    "when_any",
    "partner",
    "partner_from",
    "reason",
    "decision_points",
    "source",
)


def _suggestion_rules(
    data: object,
    signals: Mapping[str, Signal],
    partners: Mapping[str, Partner],
    questions: Mapping[str, Question],
    decision_points: Mapping[str, DecisionPoint],
) -> tuple[SuggestionRule, ...]:
    file = SUGGESTION_RULES_FILE
    if not isinstance(data, list) or not data:
        raise KnowledgeError(file, None, "het bestand moet een lijst met regels zijn (- id: ...).")
    points_allowed = tuple(
        key for key, point in decision_points.items() if not point.uses_all_rules
    )
    partner_questions = tuple(k for k, q in questions.items() if q.value_source == "partners")
    rules: list[SuggestionRule] = []
    seen: set[str] = set()
    for number, entry in enumerate(data, start=1):
        rule_id = entry.get("id") if isinstance(entry, dict) else None
        name = f"regel '{rule_id}'" if isinstance(rule_id, str) else f"regel nummer {number}"
        fields = Fields(file, name, entry, _RULE_FIELDS)
        rule_id = check_key(file, name, fields.text("id"))
        if rule_id in seen:
            fields.fail(f"de id '{rule_id}' komt twee keer voor. Elke regel heeft een eigen id.")
        seen.add(rule_id)
        when = fields.text_list("when", required=True)
        when_any = fields.text_list("when_any")
        if fields.has("when_any") and not when_any:
            fields.fail("'when_any' is leeg. Noem minstens één signaal of laat het veld weg.")
        for signal in (*when, *when_any):
            if signal not in signals:
                fields.fail(f"onbekend signaal '{signal}'.", tuple(signals))
        partner, partner_from = _rule_partner(fields, partners, partner_questions)
        reason = fields.text("reason")
        if not reason.startswith("omdat "):
            fields.fail(
                "de reden moet beginnen met 'omdat', bijvoorbeeld"
                " 'omdat de gemeente let op de leerplicht'."
            )
        points = fields.text_list("decision_points", required=True)
        if not points:
            fields.fail("'decision_points' is leeg. Noem minstens één beslispunt.", points_allowed)
        for point in points:
            if point not in points_allowed:
                fields.fail(f"onbekend beslispunt '{point}' bij 'decision_points'.", points_allowed)
        rules.append(
            SuggestionRule(
                id=rule_id,
                when=when,
                when_any=when_any,
                partner=partner,
                partner_from=partner_from,
                reason=reason,
                decision_points=points,
                source=fields.optional_text("source"),
            )
        )
    return tuple(rules)


def _rule_partner(
    fields: Fields, partners: Mapping[str, Partner], partner_questions: tuple[str, ...]
) -> tuple[str | None, str | None]:
    partner = fields.optional_text("partner")
    partner_from = fields.optional_text("partner_from")
    if (partner is None) == (partner_from is None):
        fields.fail("geef precies één van 'partner' en 'partner_from'.")
    if partner is not None and partner not in partners:
        fields.fail(f"onbekende partner '{partner}'.", tuple(partners))
    if partner_from is not None and partner_from not in partner_questions:
        fields.fail(
            f"'partner_from' moet een vraag met 'values: partners' zijn, niet '{partner_from}'.",
            partner_questions,
        )
    return partner, partner_from
