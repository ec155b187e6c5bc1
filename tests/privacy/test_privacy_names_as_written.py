"""Names as people write them: whole surnames, lowercase first names, a name given first."""

from __future__ import annotations

import pytest

from bot.privacy import mask


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mijn naam is Rahaf Al-Hassan", "mijn naam is [naam]"),
        ("ik heet Tim Bakker-van Dam", "ik heet [naam]"),
        ("mijn broer heet Ahmed Ben Ali", "mijn broer heet [naam]"),
        ("ik ben lisa van den berg", "ik ben [naam]"),
        ("Hallo ik ben milan en ik ben 16", "Hallo ik ben [naam] en ik ben 16"),
        ("mijn begeleider is marieke", "mijn begeleider is [naam]"),
        ("mijn jobcoach is Faith Mensah", "mijn jobcoach is [naam]"),
        ("Bram de Boer is mijn naam en ik ben 18", "[naam] is mijn naam en ik ben 18"),
        ("kees is mijn naam", "[naam] is mijn naam"),
        ("sanne de jong", "[naam]"),
        ("mijn mentor meneer op de beek", "mijn mentor meneer [naam]"),
        ("mijn buurman Op de Beek", "mijn buurman [naam]"),
    ],
)
def test_the_whole_name_is_masked(text: str, masked: str) -> None:
    assert mask(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "ik ben moe van school",
        "mijn begeleider is ziek deze week",
        "mijn coach is van de gemeente",
        "mijn mentor van het vmbo heeft me doorgestuurd",
        "ik moet me aanmelden van mijn begeleider van het wijkteam",
        "Hij helpt de buurman op de boerderij, met de dieren en op de trekker.",
        "dat is mijn naam niet",
        "Ben je er nog?",
    ],
)
def test_ordinary_words_stay(text: str) -> None:
    assert mask(text) == text
