"""Words for staff and documents, read from one file through one function.

Chat words are responses in ``domain.yml`` (:mod:`bot.knowledge.responses`); what a
professional reads in the inbox, what the API answers and what the project writes in its
mails and documents stands in ``data/staff_texts.yml``, so one readability test sees all of
it and a wording is changed in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.knowledge.yamlfile import read_yaml

STAFF_TEXTS_FILE = Path(__file__).resolve().parent / "data" / "staff_texts.yml"
_VARIABLE = re.compile(r"\{(\w+)\}")  # {name}; other braces (a JSON example) stay


@lru_cache(maxsize=1)
def _texts() -> dict[str, Any]:
    loaded = read_yaml(STAFF_TEXTS_FILE)
    assert isinstance(loaded, dict), STAFF_TEXTS_FILE
    return loaded


def staff_text(key: str, **values: object) -> str:
    """The text at ``key`` (``section.name``) with its ``{variables}`` filled in.

    An unknown key or a missing value is a programming error (KeyError), never a half
    sentence in front of a professional.
    """
    node: Any = _texts()
    for part in key.split("."):
        node = node[part]
    if not isinstance(node, str):
        raise KeyError(key)
    return _VARIABLE.sub(lambda match: str(values[match.group(1)]), node)


def staff_section(section: str) -> dict[str, str]:
    """All texts of one section, unfilled (for lookups such as the inbox's notices)."""
    return {str(key): str(value) for key, value in _texts()[section].items()}


def all_staff_texts() -> Iterator[tuple[str, str]]:
    """Every text with its key, for the readability test."""

    def walk(prefix: str, node: Any) -> Iterator[tuple[str, str]]:
        if isinstance(node, str):
            yield prefix, node
        elif isinstance(node, dict):
            for key, value in node.items():
                yield from walk(f"{prefix}.{key}" if prefix else str(key), value)

    yield from walk("", _texts())
