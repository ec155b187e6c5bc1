"""``mask()``: the one function the store calls before free text is written.

First the fixed formats (:mod:`bot.privacy.structured`), then names: those given in the
text itself (:mod:`bot.privacy.names`) and those remembered from earlier messages
(``known_names``), everywhere they occur as a whole word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bot.privacy.name_keys import is_key, mask_keyed_words
from bot.privacy.names import extract_names, name_spans
from bot.privacy.structured import (
    ADDRESS,
    BIRTH_DATE,
    BSN,
    DATE,
    EMAIL,
    IBAN,
    PHONE,
    POSTCODE,
    STUDENT_NUMBER,
    mask_structured,
)
from bot.privacy.wordlists import AMBIGUOUS_NAMES, COMMON_WORDS, PARTICLES

__all__ = ["NAME", "PLACEHOLDERS", "extract_names", "mask", "mask_said"]

NAME = "[naam]"
PLACEHOLDERS = (NAME, EMAIL, PHONE, BSN, STUDENT_NUMBER, POSTCODE, BIRTH_DATE, DATE, IBAN, ADDRESS)


def _name_pattern(name: str, *, ignore_case: bool) -> str:
    body = r"\s+".join(re.escape(part) for part in name.split())
    return f"(?i:{body})" if ignore_case else body


def _variants(name: str) -> list[str]:
    """Regex alternatives for one name: the full name and its parts (not the particles).

    A part that is also a common word ("Ben", "Wil", or a surname like "Boer", also when it
    is given alone: "Boer is zijn achternaam") is only matched as written, so "ik ben" and
    "boer worden" stay readable.
    """
    parts = name.split()
    single_common = len(parts) == 1 and name.lower() in COMMON_WORDS | AMBIGUOUS_NAMES
    variants = [_name_pattern(name, ignore_case=not single_common)]
    for index, part in enumerate(parts if len(parts) > 1 else []):
        if part.lower() in PARTICLES or len(part) < 2:
            continue
        first_name = index == 0 and part.lower() not in COMMON_WORDS
        variants.append(_name_pattern(part, ignore_case=first_name))
    return variants


@lru_cache(maxsize=256)
def _names_regex(names: tuple[str, ...]) -> re.Pattern[str] | None:
    ordered = sorted({n for n in names if len(n) >= 2}, key=len, reverse=True)
    alternatives: list[str] = []
    for name in ordered:
        for variant in _variants(name):
            if variant not in alternatives:
                alternatives.append(variant)
    if not alternatives:
        return None
    # A possessive ("Sannes", "Mo's") gives the name away just as well.
    return re.compile(rf"(?<![\w\[])(?:{'|'.join(alternatives)})(?:['’]?s)?(?![\w\]])")


def _clean_names(names: Iterable[str]) -> tuple[str, ...]:
    cleaned = {" ".join(str(name).split()) for name in names if name and not is_key(str(name))}
    return tuple(sorted(n for n in cleaned if n not in PLACEHOLDERS))


_REPEATED_NAME = re.compile(r"\[naam\](?:[ \t]+\[naam\])+")


def mask(text: str, known_names: Iterable[str] = (), *, whole_answer: bool = True) -> str:
    """``text`` with personal data replaced by Dutch placeholders such as ``[naam]``.

    ``known_names`` are names remembered from earlier messages; they are masked wherever
    they occur as a whole word, in any capitalisation. Entries that are keys from
    :mod:`bot.privacy.name_keys` (``#k:…``) mask the words they were made from.
    ``whole_answer=False`` is for values that are not a message of their own (slot values,
    entity values): a short text is then not read as a bare name.
    """
    if not text:
        return text
    known = [str(name) for name in known_names if name]
    masked = mask_structured(text)
    given = [masked[start:end] for start, end in name_spans(masked, whole_answer=whole_answer)]
    regex = _names_regex(_clean_names([*given, *known]))
    if regex is not None:
        masked = regex.sub(NAME, masked)
    masked = mask_keyed_words(masked, [n for n in known if is_key(n)], NAME)
    return _REPEATED_NAME.sub(NAME, masked)


def mask_said(
    text: str, known_names: Iterable[str] = (), own_words: re.Pattern[str] | None = None
) -> str:
    """A line the assistant said, masked only where it repeats what the user typed.

    ``own_words`` matches the project's own phrases (its responses and labels, see
    :func:`bot.knowledge.texts.own_words`). They are the assistant's words, never personal
    data, so they stay as they are even when a word in them is also a known name ("Leert het
    best" with a false name "Leert"); the rest of the line (a value the user gave, quoted back)
    is masked like any value.
    """
    if not text or own_words is None:
        return mask(text, known_names, whole_answer=False)
    known = list(known_names)
    pieces: list[str] = []
    position = 0
    for match in own_words.finditer(text):
        if match.start() > position:
            pieces.append(mask(text[position : match.start()], known, whole_answer=False))
        pieces.append(match.group(0))
        position = match.end()
    if position < len(text):
        pieces.append(mask(text[position:], known, whole_answer=False))
    return "".join(pieces)
