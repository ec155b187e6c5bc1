"""Loading questions.yml: the question catalogue and, per question, the ways to write each answer.

The phrase index built here is what lets ``normalise`` understand free text ("ik zat op het
praktijkonderwijs") without code per question: keys, labels and synonyms all come from data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.fields import Fields, as_mapping, check_key, text_items
from bot.knowledge.model import KINDS, SPEAKING_ROLES, Partner, Question, Route
from bot.knowledge.text import squash_spaces, tokens

FILE = "questions.yml"
_QUESTION_FIELDS = (
    "part",
    "kind",
    "label",
    "values",
    "extra_values",
    "synonyms",
    "min",
    "max",
    "unit",
    "example",
    "max_length",
    "entity",
    "prefill",
    "prefer",
    "roles",
)

_VALUE_SOURCES = ("partners", "routes")
_YESNO = {"ja": "ja", "nee": "nee"}
DEFAULT_MAX_LENGTH = 500
_PARENTHESES = re.compile(r"\(([^)]*)\)")

Phrase = tuple[str, ...]


def load_catalogue(
    data: object, partners: Mapping[str, Partner], routes: Mapping[str, Route]
) -> tuple[Mapping[str, str], Mapping[str, Question]]:
    """Parts (key -> label) and questions (key -> Question), both in file order."""
    top = Fields(FILE, "bovenste niveau", data, ("parts", "general_synonyms", "questions"))
    parts = _labels(FILE, "parts", top.raw("parts"), "het blok 'parts'")
    if not parts:
        top.fail("het blok 'parts' ontbreekt of is leeg.")
    general = _general_synonyms(top.raw("general_synonyms"))
    raw_questions = as_mapping(FILE, "questions", top.raw("questions"), "het blok 'questions'")
    if not raw_questions:
        top.fail("het blok 'questions' ontbreekt of is leeg.")
    sources: dict[str, Mapping[str, tuple[str, tuple[str, ...]]]] = {
        "partners": {key: (p.name, p.aliases) for key, p in partners.items()},
        "routes": {key: (r.title, r.aliases) for key, r in routes.items()},
    }
    questions: dict[str, Question] = {}
    for key, entry in raw_questions.items():
        key = check_key(FILE, "questions", key)
        questions[key] = _question(key, entry, parts, general, sources)
    return MappingProxyType(parts), MappingProxyType(questions)


def _labels(file: str, entry: str, data: object, what: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for key, label in as_mapping(file, entry, data or {}, what).items():
        key = check_key(file, entry, key)
        if not isinstance(label, str) or not label.strip():
            raise KnowledgeError(file, entry, f"bij '{key}' hoort een naam (tekst).")
        result[key] = squash_spaces(label)
    return result


def _general_synonyms(data: object) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    owner: dict[Phrase, str] = {}
    for value, items in as_mapping(FILE, "general_synonyms", data or {}, "het blok").items():
        value = check_key(FILE, "general_synonyms", value)
        result[value] = text_items(FILE, "general_synonyms", value, items)
        for item in result[value]:
            phrase = tokens(item)
            if owner.setdefault(phrase, value) != value:
                raise KnowledgeError(
                    FILE,
                    "general_synonyms",
                    f"'{item}' staat bij '{owner[phrase]}' en bij '{value}'. Kies er één.",
                )
    return result


def _question(
    key: str,
    entry: object,
    parts: Mapping[str, str],
    general: Mapping[str, tuple[str, ...]],
    sources: Mapping[str, Mapping[str, tuple[str, tuple[str, ...]]]],
) -> Question:
    fields = Fields(FILE, f"vraag '{key}'", entry, _QUESTION_FIELDS)
    part = fields.text("part")
    if part not in parts:
        fields.fail(f"onbekend deel '{part}'.", tuple(parts))
    kind = fields.text("kind")
    if kind not in KINDS:
        fields.fail(f"onbekende soort '{kind}'.", KINDS)
    label = fields.text("label")
    values, source = _values(fields, kind, sources)
    _check_kind_fields(fields, kind)
    phrases: Mapping[Phrase, str] = MappingProxyType({})
    if values:
        synonyms = _synonyms(fields, values)
        if source is not None:
            for value, (_name, aliases) in sources[source].items():
                synonyms.setdefault(value, []).extend(aliases)
        phrases = MappingProxyType(_phrase_index(fields, values, synonyms, general))
    minimum, maximum = fields.integer("min"), fields.integer("max")
    if kind == "number" and (minimum is None or maximum is None or minimum > maximum):
        fields.fail("bij soort number horen 'min' en 'max', met min niet groter dan max.")
    max_length = fields.integer("max_length")
    if max_length is not None and max_length < 1:
        fields.fail("'max_length' moet groter dan 0 zijn.")
    return Question(
        key=key,
        part=part,
        kind=kind,
        label=label,
        values=MappingProxyType(values),
        phrases=phrases,
        value_source=source,
        minimum=minimum,
        maximum=maximum,
        unit=fields.optional_text("unit"),
        example=fields.integer("example"),
        max_length=(max_length or DEFAULT_MAX_LENGTH) if kind == "text" else None,
        entity=fields.optional_text("entity"),
        prefill=fields.boolean("prefill", False),
        prefer=_prefer(fields, values),
        roles=_roles(fields),
    )


def _roles(fields: Fields) -> tuple[str, ...]:
    """Who is asked: a professional's judgement is not a question for a parent."""
    roles = fields.text_list("roles") or SPEAKING_ROLES
    unknown = [role for role in roles if role not in SPEAKING_ROLES]
    if unknown:
        fields.fail(f"onbekende rol '{unknown[0]}' bij 'roles'.", SPEAKING_ROLES)
    return roles


def _prefer(fields: Fields, values: Mapping[str, str]) -> str | None:
    """The choice that wins when an answer names more than one ("samen met mijn mentor")."""
    prefer = fields.optional_text("prefer")
    if prefer is not None and prefer not in values:
        fields.fail(f"'prefer' noemt onbekend antwoord '{prefer}'.", tuple(values))
    return prefer


def _check_kind_fields(fields: Fields, kind: str) -> None:
    only = {"min": "number", "max": "number", "unit": "number", "example": "number"}
    only["max_length"] = "text"
    for name, needed in only.items():
        if fields.has(name) and kind != needed:
            fields.fail(f"het veld '{name}' hoort alleen bij soort {needed}.")
    if kind not in ("yesno", "choice", "multi") and fields.has("synonyms"):
        fields.fail("'synonyms' hoort alleen bij yesno, choice en multi.")


def _values(
    fields: Fields, kind: str, sources: Mapping[str, Mapping[str, tuple[str, tuple[str, ...]]]]
) -> tuple[dict[str, str], str | None]:
    raw = fields.raw("values")
    if kind in ("number", "text"):
        if fields.has("values") or fields.has("extra_values"):
            fields.fail(f"bij soort {kind} horen geen 'values'.")
        return {}, None
    if kind == "yesno":
        if raw is not None and (not isinstance(raw, dict) or set(raw) != set(_YESNO)):
            fields.fail("bij soort yesno zijn de antwoorden precies ja en nee.", tuple(_YESNO))
        return _labels(FILE, fields.entry, raw, "'values'") if raw else dict(_YESNO), None
    if isinstance(raw, str):
        if raw not in _VALUE_SOURCES:
            fields.fail(f"onbekende bron '{raw}' bij 'values'.", _VALUE_SOURCES)
        values = {key: name for key, (name, _aliases) in sources[raw].items()}
        extra = _labels(FILE, fields.entry, fields.raw("extra_values"), "'extra_values'")
        for key, label in extra.items():
            if key in values:
                fields.fail(f"'{key}' staat al in {raw}; zet het niet bij 'extra_values'.")
            values[key] = label
        return values, raw
    if fields.has("extra_values"):
        fields.fail("'extra_values' kan alleen samen met 'values: partners' of 'values: routes'.")
    values = _labels(FILE, fields.entry, raw, "'values'")
    if not values:
        fields.fail(f"bij soort {kind} hoort 'values' met minstens één antwoord.")
    return values, None


def _synonyms(fields: Fields, values: Mapping[str, str]) -> dict[str, list[str]]:
    raw = as_mapping(FILE, fields.entry, fields.raw("synonyms") or {}, "'synonyms'")
    result: dict[str, list[str]] = {}
    for value, items in raw.items():
        if value not in values:
            fields.fail(f"'synonyms' noemt onbekend antwoord '{value}'.", tuple(values))
        texts = text_items(FILE, fields.entry, f"synonyms.{value}", items)
        result[str(value)] = [variant for text in texts for variant in expand(text)]
    return result


_CHOICE = re.compile(r"\{([^{}]*)\}")


def expand(text: str) -> list[str]:
    """Every text a synonym with choices stands for: "ruzie met {mijn|mn} {pa|ma}" is four.

    An empty choice leaves the words out ("{vaak |}ruzie"). Keeps the catalogue readable where
    people say the same thing with other small words.
    """
    match = _CHOICE.search(text)
    if match is None:
        return [text]
    head, tail = text[: match.start()], text[match.end() :]
    return [
        variant
        for choice in match.group(1).split("|")
        for variant in expand(f"{head}{choice}{tail}")
    ]


def _phrase_index(
    fields: Fields,
    values: Mapping[str, str],
    synonyms: Mapping[str, list[str]],
    general: Mapping[str, tuple[str, ...]],
) -> dict[Phrase, str]:
    """Every way of writing each answer, as word tuples.

    Priority, highest first: the value key, its label, the synonyms (of the question, or of the
    partner or route), then the parts of a label around brackets, then general_synonyms. A phrase
    given for two answers at the same explicit level is an error; at the derived levels (label
    parts, general synonyms) it is dropped, because it says nothing about which answer is meant.
    """
    levels: list[tuple[bool, dict[str, list[str]]]] = [
        (True, {value: [value] for value in values}),
        (True, {value: [label] for value, label in values.items()}),
        (True, {value: list(items) for value, items in synonyms.items()}),
        (False, {value: _label_parts(label) for value, label in values.items()}),
        (False, {value: list(general.get(value, ())) for value in values}),
    ]
    index: dict[Phrase, str] = {}
    for strict, level in levels:
        found: dict[Phrase, set[str]] = {}
        for value, texts in level.items():
            for text in texts:
                phrase = tokens(text)
                if phrase:
                    found.setdefault(phrase, set()).add(value)
        for phrase, owners in found.items():
            if len(owners) > 1:
                if strict:
                    fields.fail(
                        f"'{' '.join(phrase)}' hoort bij meer dan één antwoord:"
                        f" {', '.join(sorted(owners))}. Kies er één."
                    )
                continue
            index.setdefault(phrase, next(iter(owners)))
    return index


def _label_parts(label: str) -> list[str]:
    """'speciaal onderwijs (vso)' also means 'speciaal onderwijs' and 'vso'."""
    inside = _PARENTHESES.findall(label)
    outside = _PARENTHESES.sub(" ", label)
    return [*inside, outside] if inside else []
