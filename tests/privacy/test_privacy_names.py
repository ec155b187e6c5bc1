"""extract_names() and masking of names remembered from earlier messages (known_names)."""

from __future__ import annotations

import pytest

from bot.privacy import extract_names, mask


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ik heet Sanne", ["Sanne"]),
        ("mijn naam is Sanne de Vries", ["Sanne de Vries"]),
        ("Naam: Jan van der Berg. Mijn zoon Piet heet ook zo", ["Jan van der Berg", "Piet"]),
        ("hij heet Mo en zij heet Fatima", ["Mo", "Fatima"]),
        ("dit is Ahmed", ["Ahmed"]),
        ("ik heet sanne", ["sanne"]),
        ("mevrouw van Dijk", ["van Dijk"]),
        ("ik heet niet zo", []),
        ("Ik woon in Utrecht en doe BBL", []),
        ("Ik ben Nederlands", []),
        ("mail sanne@example.nl", []),
        ("", []),
    ],
)
def test_extract_names(text, names):
    assert extract_names(text) == names


def test_known_names_are_masked_everywhere_whole_word_any_case():
    text = "Sanne wil koken. SANNE is 16. Sannes broer ook, Susanne en Sannemarie niet."
    assert mask(text, ["Sanne"]) == (
        "[naam] wil koken. [naam] is 16. [naam] broer ook, Susanne en Sannemarie niet."
    )


def test_parts_of_a_known_full_name_are_masked_too():
    masked = mask("Sanne belt. De Vries ook. sanne de vries", ["Sanne de Vries"])
    assert masked == "[naam] belt. De [naam] ook. [naam]"


def test_known_name_that_is_a_common_word_is_only_masked_as_written():
    assert mask("ik ben blij, Ben komt ook", ["Ben"]) == "ik ben blij, [naam] komt ook"
    masked = mask("Hij wil boer worden; Boer is zijn achternaam", ["Sanne de Boer"])
    assert masked == "Hij wil boer worden; [naam] is zijn achternaam"


def test_names_from_earlier_messages_round_trip():
    remembered = extract_names("Hoi, ik ben Daan Bakker")
    assert remembered == ["Daan Bakker"]
    assert mask("daan vindt techniek leuk", remembered) == "[naam] vindt techniek leuk"


def test_empty_and_placeholder_known_names_are_ignored():
    assert mask("niets bijzonders", ["", " ", "[naam]", "x"]) == "niets bijzonders"


def test_extract_names_is_also_importable_from_masking():
    from bot.privacy import masking

    assert masking.extract_names is extract_names
