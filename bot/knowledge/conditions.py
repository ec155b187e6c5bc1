"""Signal conditions over answers, and how they are evaluated.

A condition is either one check on one question (``{question: herkomst, equals: vso}``) or a
combination (``all``, ``any``, ``not``). Reading them from signals.yml, with the checks
against the catalogue, is :mod:`bot.knowledge.condition_parser`'s job; this module imports
nothing of the knowledge model, so the model can hold conditions without an import cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# operator -> kinds it works on
OPERATORS: dict[str, tuple[str, ...]] = {
    "equals": ("yesno", "choice", "number"),
    "in": ("yesno", "choice", "number"),
    "contains": ("multi",),
    "contains_any": ("multi",),
    "between": ("number",),
    "at_least": ("number",),
    "at_most": ("number",),
    "answered": ("yesno", "choice", "multi", "number", "text"),
}


@dataclass(frozen=True)
class Check:
    """One test on one answer.

    ``keys`` holds value keys (equals, in, contains, contains_any); ``numbers`` holds numbers
    for number questions, ``(low, high)`` for between; ``answered`` is for the answered test.
    """

    question: str
    operator: str
    keys: tuple[str, ...] = ()
    numbers: tuple[float, ...] = ()
    answered: bool = True


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Check | AllOf | AnyOf | Not


def holds(condition: Condition, answers: Mapping[str, object]) -> bool:
    """Whether ``condition`` is true for ``answers``; a missing answer makes a check false."""
    if isinstance(condition, AllOf):
        return all(holds(item, answers) for item in condition.items)
    if isinstance(condition, AnyOf):
        return any(holds(item, answers) for item in condition.items)
    if isinstance(condition, Not):
        return not holds(condition.item, answers)
    return _check(condition, answers.get(condition.question))


def is_answered(value: object) -> bool:
    """None, blank text and an empty list count as 'no answer yet'."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | set | frozenset):
        return bool(value)
    return True


def _check(check: Check, value: object) -> bool:
    if check.operator == "answered":
        return is_answered(value) == check.answered
    if not is_answered(value):
        return False
    if not check.numbers:
        # equals/in on one answer and contains/contains_any on several work the same way.
        return any(item in check.keys for item in answer_items(value))
    number = as_number(value)
    if number is None:
        return False
    if check.operator == "between":
        low, high = check.numbers
        return low <= number <= high
    if check.operator == "at_least":
        return number >= check.numbers[0]
    if check.operator == "at_most":
        return number <= check.numbers[0]
    return number in check.numbers


def answer_items(value: object) -> list[object]:
    """An answer as a list: a multi answer is a list, a single one (or a lone string) one item."""
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return [value]


def as_number(value: object) -> float | None:
    """A numeric answer as a number; digits in a string are accepted, anything else is not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
