"""Reading signal conditions from signals.yml, checked against the question catalogue.

Checking on load means a wrong question or value name fails when the assistant starts, not
silently during a conversation.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.knowledge.conditions import OPERATORS, AllOf, AnyOf, Check, Condition, Not
from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.model import Question


class ConditionParser:
    """Turns the YAML form into Condition objects, checking names against the catalogue."""

    def __init__(self, file: str, entry: str, questions: Mapping[str, Question]) -> None:
        self.file = file
        self.entry = entry
        self.questions = questions

    def fail(self, problem: str, allowed: tuple[str, ...] = ()) -> KnowledgeError:
        return KnowledgeError(self.file, self.entry, problem, allowed)

    def parse(self, data: object) -> Condition:
        if not isinstance(data, dict) or not data:
            raise self.fail(
                "een condition is een blok, bijvoorbeeld {question: herkomst, equals: vso},"
                " of all:, any: of not:."
            )
        if "question" not in data:
            return self._combination(data)
        return self._check(data)

    def _combination(self, data: dict[object, object]) -> Condition:
        if len(data) != 1 or next(iter(data)) not in ("all", "any", "not"):
            raise self.fail(
                f"onbekende condition {sorted(map(str, data))}.",
                ("question", "all", "any", "not"),
            )
        ((name, value),) = data.items()
        if name == "not":
            return Not(self.parse(value))
        if not isinstance(value, list) or not value:
            raise self.fail(f"na '{name}:' hoort een lijst met minstens één condition.")
        items = tuple(self.parse(item) for item in value)
        return AllOf(items) if name == "all" else AnyOf(items)

    def _check(self, data: dict[object, object]) -> Check:
        key = data["question"]
        question = self.questions.get(key) if isinstance(key, str) else None
        if question is None:
            raise self.fail(f"onbekende vraag '{key}'.", tuple(self.questions))
        operators = [name for name in data if name != "question"]
        if len(operators) != 1 or operators[0] not in OPERATORS:
            raise self.fail(
                f"bij vraag '{key}' hoort precies één toets, gevonden: {operators or 'geen'}.",
                tuple(OPERATORS),
            )
        operator = str(operators[0])
        allowed_kinds = OPERATORS[operator]
        if question.kind not in allowed_kinds:
            fitting = tuple(name for name, kinds in OPERATORS.items() if question.kind in kinds)
            raise self.fail(
                f"'{operator}' past niet bij vraag '{key}' (soort {question.kind}).", fitting
            )
        return self._build(question, operator, data[operator])

    def _build(self, question: Question, operator: str, value: object) -> Check:
        key = question.key
        if operator == "answered":
            if not isinstance(value, bool):
                raise self.fail("na 'answered:' hoort true of false.")
            return Check(key, operator, answered=value)
        if operator in ("in", "contains_any"):
            if not isinstance(value, list) or not value:
                raise self.fail(f"na '{operator}:' hoort een lijst, bijvoorbeeld [pro, vso].")
            items = value
        elif operator == "between":
            if not isinstance(value, list) or len(value) != 2:
                raise self.fail("na 'between:' horen twee getallen, bijvoorbeeld [16, 17].")
            items = value
        else:
            items = [value]
        if question.kind != "number":
            return Check(key, operator, keys=tuple(self._value(question, item) for item in items))
        numbers = tuple(self._number(question, item) for item in items)
        if operator == "between" and numbers[0] > numbers[1]:
            raise self.fail(f"bij 'between' moet het eerste getal het kleinste zijn: {value}.")
        return Check(key, operator, numbers=numbers)

    def _number(self, question: Question, value: object) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self.fail(f"bij vraag '{question.key}' hoort een getal, niet {value!r}.")
        return value

    def _value(self, question: Question, value: object) -> str:
        if isinstance(value, bool):
            raise self.fail(
                f"{value} bij vraag '{question.key}' is geen antwoord. Zet het tussen"
                " aanhalingstekens als je 'yes', 'no', 'on' of 'off' bedoelt.",
                tuple(question.values),
            )
        if not isinstance(value, str) or value not in question.values:
            raise self.fail(
                f"onbekend antwoord {value!r} bij vraag '{question.key}'.", tuple(question.values)
            )
        return value
