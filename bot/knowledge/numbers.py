"""Dutch number words, so 'zeventien' and 'eenentwintig' are understood like 17 and 21."""

from __future__ import annotations

import functools

_UNITS = {
    "een": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
}
_TEENS = {
    "nul": 0,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "achtien": 18,  # a common misspelling
    "negentien": 19,
}
_TENS = {
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
}


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, int]:
    words = {**_UNITS, **_TEENS, **_TENS}
    for tens_word, tens in _TENS.items():
        for unit_word, unit in _UNITS.items():
            # 'tweeëntwintig' folds to 'tweeentwintig'; both spellings then match.
            words[f"{unit_word}en{tens_word}"] = tens + unit
    return words


def number_word(word: str) -> int | None:
    """The value of one folded Dutch number word (0-99), or None."""
    return _words().get(word)
