"""Normalising user input: valid forms per kind, and Dutch error messages for invalid input."""

from __future__ import annotations

import pytest

from bot.knowledge import normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("17", 17),
        (17, 17),
        ("17 jaar", 17),
        ("ik ben 17", 17),
        ("zeventien", 17),
        ("Zeventien jaar", 17),
        ("twaalf", 12),
        ("dertig", 30),
        ("eenentwintig", 21),
        ("tweeëntwintig", 22),
        ("een-en-twintig", 21),
        ("bijna 18", 17),
        ("bijna achttien", 17),
        ("ik word binnenkort 18", 17),
        ("ik ben 17 en word bijna 18", 17),
        ("een 17-jarige", 17),
        ("17,5", 17),
    ],
)
def test_number_accepts_digits_words_and_bijna(knowledge, raw, expected):
    assert normalise("leeftijd", raw, knowledge) == expected


@pytest.mark.parametrize("raw", ["oud", "", "weet ik niet", None, True, "16 of 17"])
def test_number_not_understood(knowledge, raw):
    with pytest.raises(ValueError) as caught:
        normalise("leeftijd", raw, knowledge)
    message = str(caught.value)
    assert "Typ" in message and "getal" in message


def test_number_not_understood_message_is_the_documented_one(knowledge):
    with pytest.raises(
        ValueError, match=r"^Ik begrijp de leeftijd niet\. Typ een getal, bijvoorbeeld 17\.$"
    ):
        normalise("leeftijd", "oud", knowledge)


@pytest.mark.parametrize("raw", ["8", "100", "elf"])
def test_number_out_of_range(knowledge, raw):
    with pytest.raises(ValueError, match="tussen 12 en 99 jaar"):
        normalise("leeftijd", raw, knowledge)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ja", "ja"),
        ("Jazeker", "ja"),
        ("klopt", "ja"),
        ("yes", "ja"),
        ("OK!", "ja"),
        ("nee", "nee"),
        ("Neen.", "nee"),
        ("niet", "nee"),
        ("nee hoor", "nee"),
    ],
)
def test_yesno(knowledge, raw, expected):
    assert normalise("toestemming", raw, knowledge) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("weet ik niet", "weet_niet"),
        ("Geen idee", "weet_niet"),
        ("weet_niet", "weet_niet"),
        ("geen", "nee"),
        ("nee, geen diploma", "nee"),
        ("jazeker", "ja"),
    ],
)
def test_choice_with_general_synonyms(knowledge, raw, expected):
    assert normalise("startkwalificatie", raw, knowledge) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("pro", "pro"),
        ("Praktijkonderwijs", "pro"),
        ("praktijkschool", "pro"),
        ("PrO", "pro"),
        ("voortgezet speciaal onderwijs", "vso"),
        ("speciaal onderwijs", "vso"),
        ("ik zat op het vso", "vso"),
        ("voortgezet speciaal onderwijs (vso)", "vso"),
        ("isk", "isk"),
        ("Internationale schakelklas", "isk"),
        ("nieuwkomer", "isk"),
        ("havo", "havo_vwo"),
        ("VWO", "havo_vwo"),
        ("thuiszitter", "geen_school"),
        ("geen school", "geen_school"),
        ("vmbo-t", "vmbo"),
        ("iets anders", "anders"),
    ],
)
def test_herkomst(knowledge, raw, expected):
    assert normalise("herkomst", raw, knowledge) == expected


@pytest.mark.parametrize(
    ("question", "raw", "expected"),
    [
        ("leerstijl", "in de praktijk", "doen"),
        ("leerstijl", "allebei", "beide"),
        ("ouders_betrokken", "niet nodig", "niet_nodig"),
        ("ouders_betrokken", "nee", "nee"),
        ("arbeidsvermogen", "niet helemaal", "beperkt"),
        ("arbeidsvermogen", "helemaal niet", "geen"),
        ("bpv_plek", "zoek nog", "zoekt"),
        ("verwijzer", "de leerplichtambtenaar", "gemeente"),
        ("verwijzer", "UWV", "uwv"),
        ("verwijzer", "jeugdzorg", "begeleidingsinstantie"),
        ("overnemende_partner", "weet ik niet", "weet_niet"),
        ("gekozen_route", "praktijkleerroute", "praktijkverklaring"),
        ("gekozen_route", "Certificaatgerichte leerroute", "certificaat"),
        ("aangemeld_voor_1_april", "te laat", "nee"),
        ("vervolg_richting", "beschut werken", "beschut_werk"),
        ("rol", "samen met de jongere", "samen"),
    ],
)
def test_other_choices(knowledge, question, raw, expected):
    assert normalise(question, raw, knowledge) == expected


def test_choice_not_understood_lists_the_options(knowledge):
    with pytest.raises(ValueError) as caught:
        normalise("herkomst", "banaan", knowledge)
    message = str(caught.value)
    assert message.startswith("Ik begrijp je antwoord niet.")
    assert "praktijkonderwijs (pro)" in message and "iets anders" in message


def test_choice_ambiguous(knowledge):
    with pytest.raises(ValueError, match="meer dan één keuze"):
        normalise("toestemming", "ja maar ook nee", knowledge)


def test_choice_refuses_a_list(knowledge):
    with pytest.raises(ValueError):
        normalise("herkomst", ["pro", "vso"], knowledge)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["jeugdhulp", "lvb"], ["jeugdhulp", "lvb"]),
        ("schulden, jeugdhulp", ["jeugdhulp", "schulden"]),
        ("schulden en problemen thuis", ["schulden", "thuissituatie"]),
        ("Jeugdzorg; psychische klachten", ["jeugdhulp", "psychisch"]),
        ("geen schulden, wel jeugdhulp", ["jeugdhulp"]),
        ("hij heeft geen inkomen", ["geen_inkomen"]),
        ("nee", ["geen"]),
        ("geen van deze", ["geen"]),
        (["lvb", "lvb"], ["lvb"]),
        ("licht verstandelijke beperking", ["lvb"]),
    ],
)
def test_multi(knowledge, raw, expected):
    assert normalise("signalen", raw, knowledge) == expected


def test_multi_partners(knowledge):
    assert normalise("betrokken_partners", "de gemeente en UWV", knowledge) == ["gemeente", "uwv"]
    assert normalise("betrokken_partners", "niemand", knowledge) == ["geen"]


@pytest.mark.parametrize("raw", ["banaan", [], "", [3]])
def test_multi_not_understood(knowledge, raw):
    with pytest.raises(ValueError, match="Noem een of meer"):
        normalise("signalen", raw, knowledge)


def test_multi_geen_with_something_else(knowledge):
    with pytest.raises(ValueError, match="ook iets anders"):
        normalise("signalen", ["geen", "schulden"], knowledge)


def test_text_is_stripped_collapsed_and_capped(knowledge):
    assert normalise("wensen", "  iets  met\n dieren ", knowledge) == "iets met dieren"
    assert len(normalise("wensen", "woord " * 200, knowledge)) <= 500
    with pytest.raises(ValueError, match="geen antwoord"):
        normalise("wensen", "   ", knowledge)


def test_unknown_question_is_a_key_error(knowledge):
    with pytest.raises(KeyError, match="herkomst"):
        normalise("afkomst", "pro", knowledge)


@pytest.mark.parametrize(
    "text",
    [
        "mn moeder en ik hebben vaak ruzie",
        "ik heb ruzie met m'n vader",
        "ze heeft ruzie met haar pa",
    ],
)
def test_a_quarrel_with_a_parent_is_a_difficult_home(text: str) -> None:
    assert normalise("signalen", text) == ["thuissituatie"]


def test_a_quarrel_with_a_friend_is_no_difficult_home() -> None:
    with pytest.raises(ValueError):
        normalise("signalen", "ik had ruzie met mn vriend")
