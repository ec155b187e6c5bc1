"""Folding text to a comparable form, so lookups ignore case, accents, spaces and hyphens."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case without accents: 'Entrée' and 'entree' are the same word to a user."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokens(text: str) -> tuple[str, ...]:
    """The words of ``text`` after folding; punctuation, hyphens and underscores separate words."""
    return tuple(_WORD.findall(fold(text)))


def compact(text: str) -> str:
    """One string without separators, so 'BBL-opleiding' equals 'bbl opleiding'."""
    return "".join(tokens(text))


def squash_spaces(text: str) -> str:
    """Strip and collapse runs of whitespace (YAML folded text and user input both need it)."""
    return " ".join(text.split())
