"""Which earlier question a user means when they want to change an answer."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.knowledge.text import fold

# Words people use for each question; checked in this order.
QUESTION_WORDS: dict[str, tuple[str, ...]] = {
    "leeftijd": ("leeftijd", "oud", "jaar"),
    "herkomst": ("school", "komt van", "herkomst", "vooropleiding"),
    "startkwalificatie": ("startkwalificatie", "sk", "diploma"),
    "wensen": ("wens", "wil", "goed in", "droom"),
    "leerstijl": ("leren", "leerstijl", "leert"),
    "ondersteuningsbehoefte": ("ondersteuning", "extra hulp"),
    "signalen": ("jeugdhulp", "thuis", "geld", "schulden", "wonen", "leven"),
    "betrokken_partners": ("organisatie", "betrokken", "helpen nu"),
    "begeleiding_nodig": ("begeleiding", "coach"),
    "bpv_plek": ("stage", "bpv", "leerbedrijf"),
    "inkomen_geregeld": ("inkomen", "geld"),
    "vervoer_geregeld": ("vervoer", "reizen"),
    "hulpmiddelen_nodig": ("hulpmiddel", "aanpassing"),
    "ouders_betrokken": ("ouders", "verzorger", "moeder", "vader"),
    "afspraken": ("afspraken", "wie doet wat"),
    "vervolg_richting": ("doel", "na de opleiding", "richting"),
    "arbeidsvermogen": ("minimumloon", "verdienen"),
    "nazorg_nodig": ("nazorg",),
    "warme_overdracht": ("overdracht",),
    "overnemende_partner": ("overneemt", "overnemen"),
    "rol": ("rol", "wie doet"),
    "deel": ("deel", "beginnen"),
}


def question_mentioned(text: str, candidates: Sequence[str]) -> str | None:
    """The first candidate question whose words appear in ``text``, if any."""
    lowered = f" {text.lower()} "
    for question in candidates:
        for word in QUESTION_WORDS.get(question, (question,)):
            if f" {word}" in lowered:
                return question
    return None


def without_question_words(question: str, text: str) -> str:
    """``text`` folded, without the words that name ``question`` ("na de opleiding")."""
    folded = fold(text)
    for word in QUESTION_WORDS.get(question, ()):
        folded = re.sub(rf"\b{re.escape(word)}\b", " ", folded)
    return " ".join(folded.split())
