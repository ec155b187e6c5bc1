"""Typed access to one YAML entry, so every problem names its file, entry and field."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NoReturn

from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.text import squash_spaces

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_BOOL_HINT = (
    'Zet het tussen aanhalingstekens, bijvoorbeeld "yes", anders leest YAML het als waar/onwaar.'
)


def check_key(file: str, entry: str | None, key: object) -> str:
    """A key must be lower-case ascii with underscores, because code and tests use it."""
    if not isinstance(key, str) or not _KEY.match(key):
        raise KnowledgeError(
            file,
            entry,
            f"de sleutel {key!r} mag alleen kleine letters, cijfers en _ bevatten,"
            " en begint met een letter.",
        )
    return key


def as_mapping(file: str, entry: str | None, data: object, what: str) -> dict[object, object]:
    """``data`` as a mapping, or an error saying the block should be 'naam: waarde' lines."""
    if not isinstance(data, dict):
        raise KnowledgeError(file, entry, f"{what} moet een blok met 'naam: waarde' regels zijn.")
    return data


class Fields:
    """The fields of one entry; unknown field names are refused, since they are usually typos."""

    def __init__(self, file: str, entry: str, data: object, allowed: Iterable[str]) -> None:
        self.file = file
        self.entry = entry
        self.allowed = tuple(allowed)
        self.data = as_mapping(file, entry, data, "dit onderdeel")
        for name in self.data:
            if name not in self.allowed:
                self.fail(f"onbekend veld '{name}'.", self.allowed)

    def fail(self, problem: str, allowed: Iterable[str] = ()) -> NoReturn:
        """Raise a KnowledgeError for this entry."""
        raise KnowledgeError(self.file, self.entry, problem, allowed)

    def has(self, name: str) -> bool:
        """Whether the field is present (even if empty)."""
        return name in self.data

    def raw(self, name: str) -> object:
        """The field as parsed, or None."""
        return self.data.get(name)

    def text(self, name: str) -> str:
        """A required, non-empty text field, whitespace collapsed."""
        value = self.optional_text(name)
        if value is None:
            self.fail(f"het veld '{name}' ontbreekt of is leeg.")
        return value

    def optional_text(self, name: str) -> str | None:
        """A text field that may be absent."""
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, bool):
            self.fail(f"het veld '{name}' moet tekst zijn. {_BOOL_HINT}")
        if isinstance(value, int | float):
            value = str(value)
        if not isinstance(value, str):
            self.fail(f"het veld '{name}' moet tekst zijn.")
        value = squash_spaces(value)
        return value or None

    def text_list(self, name: str, *, required: bool = False) -> tuple[str, ...]:
        """A list of texts; numbers become text, booleans are refused with a quoting hint."""
        if name not in self.data:
            if required:
                self.fail(f"het veld '{name}' ontbreekt. Een lege lijst schrijf je als [].")
            return ()
        return text_items(self.file, self.entry, name, self.data[name])

    def integer(self, name: str) -> int | None:
        """A whole number field that may be absent."""
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"het veld '{name}' moet een heel getal zijn.")
        return value

    def boolean(self, name: str, default: bool) -> bool:
        """A true/false field."""
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            self.fail(f"het veld '{name}' moet true of false zijn.")
        return value


def text_items(file: str, entry: str | None, name: str, value: object) -> tuple[str, ...]:
    """A YAML list of short texts (aliases, synonyms, signal names)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise KnowledgeError(
            file, entry, f"het veld '{name}' moet een lijst zijn, bijvoorbeeld [een, twee]."
        )
    items: list[str] = []
    for item in value:
        if isinstance(item, bool):
            raise KnowledgeError(file, entry, f"'{item}' in '{name}' is geen tekst. {_BOOL_HINT}")
        if isinstance(item, int | float):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            raise KnowledgeError(file, entry, f"{item!r} in '{name}' is geen tekst.")
        items.append(squash_spaces(item))
    return tuple(items)
