"""Readability of the Dutch texts users read: Flesch-Douma and sentence length.

Taalniveau B1 has no official formula; Flesch-Douma (Douma 1960) is cheap and well known,
so the tests use it as a floor beside a maximum sentence length, not as proof of B1.
Syllables come from pyphen's Dutch hyphenation dictionary (LGPL/MPL, pure Python): a
hand-written syllable counter would miscount Dutch compounds like "startkwalificatie".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_VOWEL_GROUPS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", re.IGNORECASE)


@dataclass(frozen=True)
class Readability:
    """Flesch-Douma (higher is easier; 60-70 'normaal', 70-80 'tamelijk gemakkelijk')."""

    flesch_douma: float
    words: int
    sentences: int
    longest_sentence: int


@lru_cache(maxsize=1)
def _dictionary() -> object:
    import pyphen  # type: ignore[import-untyped]

    return pyphen.Pyphen(lang="nl_NL")


def syllables(word: str) -> int:
    """Syllables of one Dutch word, from the hyphenation points (at least one)."""
    inserted = _dictionary().inserted(word.lower())  # type: ignore[attr-defined]
    parts = [part for part in re.split(r"[-]", inserted) if part]
    counted = sum(max(1, len(_VOWEL_GROUPS.findall(part))) for part in parts)
    return max(1, counted if len(parts) > 1 else len(_VOWEL_GROUPS.findall(word)) or 1)


def measure(text: str) -> Readability:
    """Flesch-Douma of ``text``: 206.84 - 77 x syllables/word - 0.93 x words/sentence."""
    text = _PLACEHOLDER.sub("iets", text)
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    counts = [len(_WORD.findall(s)) for s in sentences]
    words = [w for s in sentences for w in _WORD.findall(s)]
    if not words:
        return Readability(100.0, 0, 0, 0)
    per_word = sum(syllables(w) for w in words) / len(words)
    per_sentence = len(words) / len(sentences)
    score = 206.84 - 77 * per_word - 0.93 * per_sentence
    return Readability(round(score, 1), len(words), len(sentences), max(counts))
