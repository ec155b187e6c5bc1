"""The words that say a message corrects an earlier answer, in one place.

Three readers need them, each in its own way:

- :func:`is_correction` (the turn's act, :mod:`bot.dialogue.reading`): a marker at the start
  ("sorry, ...", "oh wacht"), a phrase anywhere that says an answer changed ("het was vmbo,
  geen havo", "hij is toch 18", "inmiddels") or a correction word anywhere ("..., foutje");
- :func:`without_leading_markers` (:mod:`bot.dialogue.phrasing`): the answer without the
  markers in front ("nee wacht, ze heeft wel een leerbedrijf");
- :func:`names_a_correction` and :func:`may_correct` (:mod:`bot.dialogue.confidence`): a
  correction word anywhere ("18 moet het zijn, typfout") or a softer one ("eigenlijk").

A leaf module: the readers import it, it imports none of them. Which earlier answer the
words change is decided in :mod:`bot.dialogue.corrections`.
"""

from __future__ import annotations

import re

# Words that open a correction: "sorry, hij is 17", "oh wacht", "ik bedoel vmbo".
_MARKERS = (
    r"sorry|sory|oeps|oops|excuus|pardon|correctie|verbetering|foutje|nee\s+wacht|oh?\s+wacht"
    r"|wacht|o\s+nee|oh\s+nee|o\s+ja|oh\s+ja|ah\s+ja|ik\s+bedoel|ik\s+bedoelde|ho\s+even"
    r"|ho\s+ho|mijn\s+fout|even\s+terug"
)
_LEADING = re.compile(rf"^\W*(?:{_MARKERS})\b")
_LEADING_RUN = re.compile(rf"^\W*(?:(?:{_MARKERS})\b\W*)+", re.IGNORECASE)
# Anywhere in a message, the markers and the words that say something was wrong.
_ANYWHERE = re.compile(
    rf"\b(?:{_MARKERS}|trouwens|typfout|bedoel\w*|vergist|verkeerd\w*|ohja|oja|ik\s+zei)\b"
)
# The words of :data:`_ANYWHERE` that say something was wrong wherever they stand; not
# "wacht" ("ik wacht nog op de uitslag"), "hoe bedoel je" (a question back) or "ik zei".
_WRONG_ANYWHERE = re.compile(
    r"\b(?:sorry|sory|oeps|oops|excuus|pardon|correctie|verbetering|foutje|mijn\s+fout"
    r"|trouwens|typfout|vergist|verkeerd\w*|ik\s+bedoel\w*)\b"
)
# Softer words that may start a correction ("eigenlijk komt hij van pro"), but are common
# in plain answers ("er is eigenlijk nog niemand"): they only make the reader look for it.
_SOFT = re.compile(r"\b(?:eigenlijk|toch|inmiddels|intussen|ondertussen)\b")
# Phrases anywhere that say an earlier answer changed or was wrong.
_PHRASES = re.compile(
    r"\b(?:inmiddels|intussen|ondertussen)\b"
    # "bij school klopt het niet: het is pro, geen vmbo", "ik haalde twee leerlingen door elkaar"
    r"|\bklopt\s+(?:het|dat)\s+niet\b"
    r"|\b(?:haalde|haal|had)\s+[^.?!]{0,30}\bdoor\s+elkaar\b"
    r"|\b(?:is|was|zit|woont|heeft|had|zat|komt|kwam)\s+(?:hij\s+|ze\s+|zij\s+|het\s+)?toch\b"
    # "moeder doet toch niet mee", "hij gaat toch wel": a verb, then "toch" and a polarity
    r"|\b[a-z]+[td]\s+(?:hij\s+|ze\s+|zij\s+|het\s+)?toch\s+(?:niet|wel|geen|nog|al)\b"
    r"|\btoch\s+(?:al\s+)?\d"
    r"|\bnet\s+\d+\s+geworden\b|\bik\s+(?:heb|had)\s+(?:me\s+|mij\s+)?vergist\b"
    r"|\bik\s+zei\s+(?:net\s+|eerder\s+)?(?:iets\s+)?(?:verkeerd|fout)\b|\bmoet\s+zijn\b"
    r"|\bhet\s+was\s+[a-z0-9 -]+,?\s+(?:geen|niet)\b|\bniet\s+meer\b|\bklopt\s+niet\b"
    r"|\bik\s+(?:zei|had\s+gezegd|typte)\s+(?!al\b)[^.?!]{1,40}\s+maar\b"
    # "ik had werk gezegd maar ...", "ze is 17, niet 16"
    r"|\bik\s+(?:had|heb)\s+(?:[a-z0-9-]+\s+){1,4}?(?:gezegd|getypt)\s+maar\b"
    r"|\b(?:1[2-9]|[2-9]\d)\s*(?:jaar\s*)?,?\s+(?:en\s+)?niet\s+(?:1[2-9]|[2-9]\d)\b"
    r"(?!\s*(?:uur|euro|keer|minuten|procent|%))"
    # "ik moet mijn vorige antwoord verbeteren", "ik wil dat antwoord aanpassen"
    r"|\b(?:mijn|m'n|het|dat|ons)\s+(?:vorige|eerdere|laatste)\s+antwoord\b"
    r"|\bantwoord\s+(?:verbeteren|aanpassen|wijzigen|veranderen|corrigeren)\b"
    # "was niet 16 maar 17", "bij inkomen moet nee staan", "dat had ik fout"
    r"|\bwas\s+niet\s+[a-z0-9-]+\s+maar\b|\bmoet\s+[a-z0-9-]+\s+staan\b"
    r"|\b(?:had|heb)\s+(?:ik\s+)?(?:het\s+|dat\s+)?(?:fout|verkeerd)\b"
    r"|\b(?:verkeerd|fout)\s+(?:ingevuld|getypt|gezegd|gekozen|aangeklikt)\b"
    r"|\biets\s+terug\s*nemen\b|\bvergeet\s+(?:het|dat|wat)\b"
    # "ik zie dat ik vmbo heb gekozen, maar ...": the old answer named, then the new one
    r"|\bik\s+(?:[a-z0-9-]+\s+){0,5}?(?:heb|had)\s+(?:[a-z0-9-]+\s+){0,5}?"
    r"(?:gekozen|ingevuld|aangeklikt)\b[^.?!]{0,10}\bmaar\b"
)


def is_correction(folded: str) -> bool:
    """A marker at the start, a phrase that says an answer changed, or a correction word
    anywhere ("klein foutje, ze is 19"; folded text). The reader still lets the words answer
    the open question when they do ("hij wil trouwens kok worden" at the wish)."""
    return bool(
        _LEADING.search(folded) or _PHRASES.search(folded) or _WRONG_ANYWHERE.search(folded)
    )


def without_leading_markers(text: str) -> str:
    """ "nee wacht, ze heeft wel een leerbedrijf" → "ze heeft wel een leerbedrijf"."""
    return _LEADING_RUN.sub("", text).strip() or text


def names_a_correction(folded: str) -> bool:
    """A correction word anywhere: "18 moet het zijn, sorry", "trouwens", "typfout"."""
    return bool(_ANYWHERE.search(folded))


def may_correct(folded: str) -> bool:
    """A correction word, strong or soft ("eigenlijk", "toch"): look for a correction."""
    return bool(_ANYWHERE.search(folded) or _SOFT.search(folded))
