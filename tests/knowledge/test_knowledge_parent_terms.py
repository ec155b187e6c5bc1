"""What parents and young people ask is in the terms, with a source and a date."""

from __future__ import annotations

import pytest

from bot.knowledge import load_knowledge
from bot.knowledge.terms import find_terms

# The questions from the issue, as parents and young people type them -> the term.
ASKED = [
    ("wat is een leerroute precies?", "leerroute"),
    ("wat is het verschil tussen vso en praktijkonderwijs?", "vso_of_pro"),
    ("wat is entree?", "entree"),
    ("wat betekent niveau 2?", "niveau_2"),
    ("wat is bbl", "bbl"),
    ("en bol?", "bol"),
    ("wat is een praktijkverklaring", "praktijkverklaring"),
    ("wat is MEE?", "mee"),
    ("wat doet een jobcoach", "jobcoach"),
    ("wat is dagbesteding", "dagbesteding"),
    ("wat is beschut werk?", "beschut_werk"),
    ("krijgt hij studiefinanciering?", "studiefinanciering"),
    ("moet ik lesgeld betalen?", "schoolkosten"),
    ("krijgt ze op het mbo ook vervoer?", "vervoer_mbo"),
    ("is er passend onderwijs op het mbo?", "extra_ondersteuning_mbo"),
    ("mag hij studeren met een wajong?", "wajong_studeren"),
    ("wat is het doelgroepregister", "doelgroepregister"),
    ("wat bedoelt u met een leerbedrijf?", "leerbedrijf"),
]


@pytest.mark.parametrize(("text", "term"), ASKED)
def test_what_parents_and_young_people_ask_is_explained(text: str, term: str) -> None:
    assert term in [found.key for found in find_terms(text)]
    found = load_knowledge().terms[term]
    assert found.source and found.checked and found.explanation
