"""Reading one data file strictly, so a typo becomes a clear error instead of silent data loss."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.knowledge.data_error import KnowledgeError


class _DuplicateKeyError(yaml.YAMLError):
    def __init__(self, key: object, line: int) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key
        self.line = line


class _StrictSafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys; plain PyYAML keeps the last one silently."""


def _construct_mapping(loader: _StrictSafeLoader, node: yaml.MappingNode) -> dict[object, object]:
    seen: set[object] = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
            seen.add(key)
        except TypeError:  # an unhashable key; construct_mapping reports it properly
            continue
        if duplicate:
            raise _DuplicateKeyError(key, key_node.start_mark.line + 1)
    return loader.construct_mapping(node, deep=True)


_StrictSafeLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


def read_yaml(path: Path) -> object:
    """Parse ``path`` with safe loading; every problem becomes a KnowledgeError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeError(
            path.name, None, f"het bestand ontbreekt (gezocht in {path.parent})."
        ) from None
    try:
        return yaml.load(text, Loader=_StrictSafeLoader)
    except _DuplicateKeyError as error:
        raise KnowledgeError(
            path.name,
            f"regelnummer {error.line}",
            f"'{error.key}' staat twee keer in hetzelfde blok. Elke sleutel mag maar één keer.",
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"regelnummer {mark.line + 1}" if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise KnowledgeError(
            path.name,
            where,
            f"de opmaak klopt niet ({problem})."
            " Let op inspringen, dubbele punten en aanhalingstekens.",
        ) from None
