"""Small phrasings that change what a clause says about the options it names.

A preference ("allebei, maar liefst in de praktijk"), an exception before a negation
("behalve de dyslexie niets bijzonders") and a value that is wanted rather than so ("ik wil
mbo school"). Used by :mod:`bot.dialogue.reading` (clauses) and :mod:`bot.dialogue.values`;
kept apart so the reading module stays small. Works on folded text, like the readers.
Tests for both sides: tests/dialogue/test_dialogue_everyday_phrasing.py.
"""

from __future__ import annotations

import re

from bot.dialogue import correction_words
from bot.knowledge.text import fold

# "maar liefst in de praktijk", "leert het best door te doen": the clause says what is
# preferred. "liefst niet" and "het best niet" prefer nothing.
_PREFERENCE = re.compile(
    r"\b(?:het\s+|t\s+|aller)?(?:liefst(?:e)?|liever)\b(?!\s+(?:niet|geen)\b)"
    r"|\bhet\s+(?:best|beste|meest)\b(?!\s+(?:niet|geen)\b)"
    r"|\b(?:vooral|voornamelijk|meestal)\b"
    # "als ze het voorgedaan krijgt, gaat het veel beter": what works better is preferred
    r"|\b(?:gaat|werkt|lukt)\s+(?:het\s+)?(?:dan\s+)?(?:veel\s+|een\s+stuk\s+|wel\s+)?beter\b"
)

# "behalve de dyslexie niets bijzonders": the exception is said, the rest is denied.
_EXCEPTION_FIRST = re.compile(
    r"^\W*(?:maar\s+)?behalve\s+(?P<kept>.+?)\s+(?P<denied>(?:verder\s+|eigenlijk\s+|nog\s+)*"
    r"(?:niets|niks|geen|nee|niet|nooit|niemand)\b.*)$"
)

# The words just before what is wanted: "ik wil mbo school", "en wil naar het mbo", "zou
# graag naar de havo"; not "ik wil advies over een leerling van het pro".
_WANTED_NEXT = re.compile(
    r"\b(?:wil|wilt|willen|wou|wilde|zou\s+graag|hoopt\s+op|droomt\s+van|kiest\s+voor)\s+"
    r"(?:(?:graag|later|weer|straks|nog|liever|eigenlijk|heel|het|liefst|naar|de|een|op|in"
    r"|terug|gaan|opleiding|aan|iets|met)\s+)*$"
)


def prefers(clause: str) -> bool:
    """Whether ``clause`` says which of several options is preferred ("maar liefst X")."""
    return bool(_PREFERENCE.search(fold(clause)))


def exception_first(clause: str) -> list[str]:
    """ "behalve X niets" as ["X", "niets"], so X is said and only the rest is denied.

    "niets behalve X" is split by the clause reader itself; other clauses stay whole.
    """
    found = _EXCEPTION_FIRST.match(clause)
    return [found["kept"], found["denied"]] if found else [clause]


def wanted_next(before: str) -> bool:
    """Whether the words just before a value say it is wanted ("ik wil (naar het) ...")."""
    return bool(_WANTED_NEXT.search(fold(before)))


def without_correction_marker(text: str) -> str:
    """ "nee wacht, ze heeft wel een leerbedrijf" → "ze heeft wel een leerbedrijf"."""
    return correction_words.without_leading_markers(text)


# Words of a wish that names nothing yet ("ik wil toch weer iets gaan doen met school").
GENERIC_WISH_WORDS = frozenset(
    {
        "ik",
        "wil",
        "toch",
        "weer",
        "iets",
        "wat",
        "gaan",
        "doen",
        "met",
        "school",
        "opleiding",
        "mbo",
        "leren",
        "een",
        "de",
        "het",
        "op",
        "naar",
        "verder",
        "graag",
        "nou",
        "dan",
        "ook",
    }
)
