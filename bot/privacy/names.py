"""Finding the names people give ("ik heet Sanne", "mijn zoon Jan", "naam: …").

Hand-written patterns instead of named-entity recognition: no Dutch NER model is
available offline, and the phrases people use to give a name are few and predictable. A
name is only taken after such a phrase, and (except after the strongest phrases) only
when it is capitalised, so ordinary words are left alone. Particles ("de", "van der")
are kept inside a name when a capitalised part follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.privacy.structured import mask_structured
from bot.privacy.wordlists import (
    COMMON_WORDS,
    LEADING_PARTICLES,
    LOWERCASE_BOUNDARY,
    NOT_NAMES,
    PARTICLES,
    PERSON_WORDS,
)

MAX_NAME_TOKENS = 6

_TOKEN = re.compile(r"'t(?![\w'])|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_GAP = re.compile(r"[ \t]+")
_AFTER_LOWERCASE_NAME = re.compile(r"[ \t]*(?:$|[.,!?;:)\n])")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")

_PERSON = "|".join(sorted(PERSON_WORDS, key=len, reverse=True))
_OWNER = r"(?:mijn|m'n|onze|ons|de|deze|die|zijn|z'n|haar|d'r|hun|jouw|je|uw)"
_ASIDE = r"(?:\s+(?:eigenlijk|officieel|voluit|gewoon|trouwens|echt))?"


@dataclass(frozen=True)
class _Trigger:
    """A phrase after which a name may follow, and how strict the name test is."""

    pattern: re.Pattern[str]
    allow_lowercase: bool = False
    allow_leading_particle: bool = False


def _trigger(regex: str, *, lower: bool = False, particle: bool = False) -> _Trigger:
    return _Trigger(re.compile(regex, re.IGNORECASE), lower, particle)


_TRIGGERS = (
    # Strong phrases: a lowercase word right after them is taken as a name too.
    _trigger(rf"\b(?:ik|hij|zij|ze|jij|en|{_OWNER}\s+(?:{_PERSON}))\s+heet{_ASIDE}\s+", lower=True),
    _trigger(rf"\b{_OWNER}\s+(?:voor|achter|roep)?naam\s+is{_ASIDE}\s+", lower=True, particle=True),
    _trigger(r"\b(?:voor|achter|roep)?naam\s*:\s*", lower=True, particle=True),
    _trigger(r"\bgenaamd\s+", lower=True),
    # Weaker phrases: only a capitalised word counts.
    _trigger(r"\bheet\s+(?:ik|hij|zij|ze)\s+"),
    _trigger(r"\b(?:ik\s+ben|dit\s+is|hier\s+is)\s+"),
    _trigger(rf"\b{_OWNER}\s+(?:{_PERSON})\s+"),
    _trigger(
        r"(?:\b(?:meneer|mevrouw|juffrouw|juf|meester|de\s+heer)|\b(?:mevr|mw|dhr)\.?)\s+",
        particle=True,
    ),
    _trigger(r"\b(?:beste|lieve|hoi|hallo|hey|hee)\s*,?\s+"),
    _trigger(
        r"\b(?:groetjes|groeten|groet|gr|mvg|met\s+vriendelijke\s+groet(?:en)?)\.?\s*[,!]?\s+"
    ),
)


def _tokens(text: str, start: int) -> list[re.Match[str]]:
    """Up to a few words from ``start``, separated by spaces only (no punctuation)."""
    found: list[re.Match[str]] = []
    pos = start
    while len(found) < MAX_NAME_TOKENS * 2:
        if found:
            gap = _GAP.match(text, pos)
            if gap is None:
                break
            pos = gap.end()
        token = _TOKEN.match(text, pos)
        if token is None:
            break
        found.append(token)
        pos = token.end()
    return found


def _is_capitalised_name(word: str) -> bool:
    if len(word) < 2 or not word[0].isupper() or word.isupper():
        return False
    first_part = re.split(r"['’-]", word)[0].lower()
    return word.lower() not in NOT_NAMES and first_part not in NOT_NAMES


def _is_lowercase_name(word: str) -> bool:
    return len(word) >= 2 and word.islower() and word not in COMMON_WORDS and word not in PARTICLES


def _particle_run(words: list[str], start: int, *, simple: bool = False) -> int:
    """How many particle words start at ``start`` ("van der"; "in 't" unless ``simple``)."""
    count = 0
    while start + count < len(words) and count < 3:
        word = words[start + count].lower()
        following = words[start + count + 1].lower() if start + count + 1 < len(words) else ""
        if word in PARTICLES or (
            not simple and word in LEADING_PARTICLES and following in PARTICLES
        ):
            count += 1
        else:
            break
    return count


def _name_span(text: str, start: int, trigger: _Trigger) -> tuple[int, int] | None:
    """The (start, end) of the name that begins at ``start``, if there is one."""
    tokens = _tokens(text, start)
    words = [t.group() for t in tokens]
    first = 0
    if trigger.allow_leading_particle:
        skip = _particle_run(words, 0)
        if skip and skip < len(words) and _is_capitalised_name(words[skip]):
            first = skip
    if first >= len(words):
        return None
    lowercase = False
    if not _is_capitalised_name(words[first]):
        if not (trigger.allow_lowercase and first == 0 and _is_lowercase_name(words[first])):
            return None
        lowercase = True
    last = first
    index = first + 1
    while index < len(words) and last - first + 1 < MAX_NAME_TOKENS:
        candidate = index + _particle_run(words, index, simple=lowercase)
        if candidate >= len(words):
            break
        word = words[candidate]
        if _is_capitalised_name(word) or (lowercase and _is_lowercase_name(word)):
            last = candidate
            index = candidate + 1
        else:
            break
    end = tokens[last].end()
    if lowercase and not _lowercase_name_ends_well(text, end):
        return None
    return tokens[0].start(), end


def _lowercase_name_ends_well(text: str, end: int) -> bool:
    """A lowercase name must end the sentence or be followed by "en", "ik", "maar" …"""
    if _AFTER_LOWERCASE_NAME.match(text, end):
        return True
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1).lower() in LOWERCASE_BOUNDARY


def name_spans(text: str, *, whole_answer: bool = True) -> list[tuple[int, int]]:
    """Spans of the names given in ``text``, in order, without overlaps."""
    spans: list[tuple[int, int]] = []
    for trigger in _TRIGGERS:
        for match in trigger.pattern.finditer(text):
            span = _name_span(text, match.end(), trigger)
            if span is not None:
                spans.append(span)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def extract_names(text: str) -> list[str]:
    """The names given in ``text`` (unique, in order), so later messages can mask them too.

    Contact details, numbers and dates are masked first, so a name is never taken from
    inside an e-mail address or a phone number.
    """
    cleaned = mask_structured(text)
    names: list[str] = []
    for start, end in name_spans(cleaned):
        name = " ".join(cleaned[start:end].split())
        if name not in names:
            names.append(name)
    return names
