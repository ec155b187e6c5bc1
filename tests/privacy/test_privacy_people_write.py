"""Names and details as people write them in chat (issue 10), and words that must stay."""

from __future__ import annotations

import pytest

from bot.privacy import mask

MASKED = [
    ("doorgestuurd door Bram van den Heuvel", "doorgestuurd door [naam]"),
    ("gesprek met Lisa", "gesprek met [naam]"),
    ("ik meld Jesse Mulder aan", "ik meld [naam] aan"),
    ("t.n.v. R. Jansen", "t.n.v. [naam]"),
    ("mentor Iris Smit, jobcoach Romano Kasanpawiro", "mentor [naam], jobcoach [naam]"),
    ("haar vader, Youssef Amrani", "haar vader, [naam]"),
    ("ik ben noor", "ik ben [naam]"),
    ("groetjes femke", "groetjes [naam]"),
    ("mevrouw de graaf", "mevrouw [naam]"),
    ("mn vader mehmet", "mn vader [naam]"),
    ("k heet zoë", "k heet [naam]"),
    ("me naam is kevin", "me naam is [naam]"),
    ("mw. K. Dijkstra", "mw. [naam]"),
    ("Samira", "[naam]"),
    ("Naam jongere: Milan Kowalski", "Naam jongere: [naam]"),
    ("Met vriendelijke groet, Anouk Visser", "Met vriendelijke groet, [naam]"),
    ("+48 512 345 678", "[telefoon]"),
    ("bel +380 67 123 4567", "bel [telefoon]"),
    ("06–23456789", "[telefoon]"),
    ("mail jan@gmail,com", "mail [e-mail]"),
    ("mail jayden2008@hotmail", "mail [e-mail]"),
    ("ik woon Dreef 12", "ik woon [adres]"),
    ("Achter het Hof 3", "[adres]"),
    ("Wilhelminastr. 8", "[adres]"),
    ("postcode 6821 ab", "postcode [postcode]"),
    ("geboren op 12052008", "geboren op [geboortedatum]"),
    ("geboortedatum 3-9-'07", "geboortedatum [geboortedatum]"),
    ("ik ben jarig op 14 november", "ik ben jarig op [geboortedatum]"),
    ("onderwijsnummer 102169968", "onderwijsnummer [onderwijsnummer]"),
    ("102169968", "[onderwijsnummer]"),  # valid onderwijsnummer (python-stdnum), no BSN
]
KEPT = [
    "Mijn broer Kan niet komen",
    "Ik ben Moe",
    "ik werk bij de Hema",
    "Roos",
    "ik wil Smid worden",
    "ik zit op het Graafschap College in Doetinchem",
    "Stichting MEE helpt ons",
    "ik wil bij Albert Heijn werken",
    "in 2024 en 2025",
    "ik woon sinds 2 jaar in Zwolle",
    "de hele dag Minecraft",
]


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_masked(text: str, expected: str) -> None:
    assert mask(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_words_stay(text: str) -> None:
    assert mask(text) == text
