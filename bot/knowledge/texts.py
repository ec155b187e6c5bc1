"""Every sentence the project itself writes: the domain's responses and the knowledge files.

The transcript uses them to give back the assistant's own words that masking at rest hid:
a word the masker took for a name ("al kent" in a partner's reason) is restored only where
the very same words stand in one of these texts, so nothing a user typed comes back.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.knowledge.responses import DOMAIN
from bot.knowledge.yamlfile import read_yaml

DATA = Path(__file__).resolve().parent / "data"


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return []


@lru_cache(maxsize=1)
def own_texts() -> tuple[str, ...]:
    """The project's own sentences (ten characters or more), without duplicates."""
    found: dict[str, None] = {}
    for path in [DOMAIN, *sorted(DATA.glob("*.yml"))]:
        data = read_yaml(path)
        node = data.get("responses") if path == DOMAIN and isinstance(data, dict) else data
        for text in _strings(node):
            if len(text) >= 10:
                found.setdefault(text, None)
    return tuple(found)


_VARIABLE = re.compile(r"\{[^{}]*\}")
PHRASE_LENGTH = 10  # shorter pieces ("Ja", "Klopt") could be a user's words as well


@lru_cache(maxsize=1)
def own_words() -> re.Pattern[str]:
    """The project's own phrases as one pattern, for masking a bot line at rest.

    Each text is cut at its ``{variables}`` (a filled-in value may be the user's) and at its
    line breaks; the pieces of ten characters or more match as whole words, longest first.
    """
    pieces = {
        piece.strip()
        for text in own_texts()
        for part in _VARIABLE.split(text)
        for piece in part.split("\n")
        if len(piece.strip()) >= PHRASE_LENGTH
    }
    ordered = sorted(pieces, key=lambda piece: (-len(piece), piece))
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)")
