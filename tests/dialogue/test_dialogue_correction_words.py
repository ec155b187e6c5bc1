"""The correction words, one list for three readers: both sides of each case."""

from __future__ import annotations

import pytest

from bot.dialogue import correction_words as words
from bot.dialogue import reading


@pytest.mark.parametrize(
    ("text", "corrects"),
    [
        ("sorry, hij is 17", True),
        ("oh wacht het is pro", True),
        ("ik bedoel vmbo", True),
        ("het was vmbo, geen havo", True),
        ("hij is toch 18", True),
        ("ze woont inmiddels in een opvang", True),
        ("ik haalde twee leerlingen door elkaar", True),
        ("ik moet mijn vorige antwoord verbeteren", True),
        # a word that says something was wrong counts anywhere ("..., foutje")
        ("klein foutje, ze is 19", True),
        ("nee het is isk, ik typte het verkeerd", True),
        ("was niet 16 maar 17, excuus", True),
        ("bij inkomen moet nee staan", True),
        ("ik zie dat ik vmbo heb gekozen, maar hij komt van de isk", True),
        ("ho even, ze is pas 16", True),
        ("ik had werk gezegd maar hij gaat naar dagbesteding", True),
        ("ik ben eigenlijk 17, niet 16", True),
        ("hij werkt 20, niet 30 uur", False),
        # "wacht" and "bedoel" only in front or as "ik bedoel"; a plain answer is none
        ("nee hoe bedoel je, begeleiding op school of thuis?", False),
        ("ik wacht nog op de uitslag", False),
        ("ze heeft het gekozen omdat ze het leuk vindt", False),
        ("hij komt van het vmbo", False),
        ("ze is 17", False),
        ("toch wel handig", False),
    ],
)
def test_a_correction_is_a_marker_in_front_or_a_phrase_that_changes(
    text: str, corrects: bool
) -> None:
    assert words.is_correction(text) is corrects


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("nee wacht, ze heeft wel een leerbedrijf", "ze heeft wel een leerbedrijf"),
        ("Sorry, oh wacht: vmbo", "vmbo"),
        ("oeps", "oeps"),  # nothing left: the words stay
        ("ze zei sorry", "ze zei sorry"),  # not in front
    ],
)
def test_the_markers_in_front_are_taken_off(text: str, left: str) -> None:
    assert words.without_leading_markers(text) == left


@pytest.mark.parametrize(
    ("text", "named", "may"),
    [
        ("hij heeft trouwens wel een startkwalificatie", True, True),
        ("18 moet het zijn, typfout", True, True),
        ("ik heb me vergist", True, True),
        ("eigenlijk komt hij van het praktijkonderwijs", False, True),
        ("hij gaat toch wel", False, True),
        ("hij komt van het praktijkonderwijs", False, False),
        ("ze wil kapper worden", False, False),
    ],
)
def test_a_correction_word_anywhere_strong_or_soft(text: str, named: bool, may: bool) -> None:
    assert words.names_a_correction(text) is named
    assert words.may_correct(text) is may


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("was niet 16 maar 17", 17),
        ("sorry verkeerd getal, 18 moet het zijn", 18),
        ("hij is toch 18", 18),
        ("niet 20 maar 24 uur per week", None),
        ("hij werkt 18 uur", None),
    ],
)
def test_an_age_in_a_correction(text: str, age: int | None) -> None:
    assert reading.age_in(text) == age


@pytest.mark.parametrize(
    ("clause", "old"),
    [
        ("ik zie dat ik vmbo heb gekozen", True),
        ("ik heb dat over begeleiding verkeerd gezegd", True),
        ("vergeet het vso", True),
        ("hij komt van de isk", False),
        ("ik heb een stageplek gevonden", False),
    ],
)
def test_a_clause_that_names_the_old_answer(clause: str, old: bool) -> None:
    assert reading.is_old_answer(clause) is old
