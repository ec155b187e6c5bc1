"""Deriving signals from (partial) answers."""

from __future__ import annotations

from bot.knowledge import derive_signals


def test_vso_seventeen_without_startkwalificatie_with_jeugdhulp(knowledge):
    signals = derive_signals(
        {"herkomst": "vso", "leeftijd": 17, "startkwalificatie": "nee", "signalen": ["jeugdhulp"]},
        knowledge,
    )
    assert {
        "herkomst_vso",
        "herkomst_pro_of_vso",
        "leeftijd_16_17",
        "leeftijd_bijna_18",
        "leeftijd_onder_18",
        "geen_startkwalificatie",
        "signaal_jeugdhulp",
    } <= signals
    assert "herkomst_pro" not in signals
    assert "leeftijd_18_plus" not in signals
    assert "signaal_schulden" not in signals


def test_no_answers_no_signals(knowledge):
    assert derive_signals({}, knowledge) == frozenset()


def test_age_bands_at_their_edges(knowledge):
    def bands(age: int) -> set[str]:
        return {s for s in derive_signals({"leeftijd": age}, knowledge) if s.startswith("leeftijd")}

    assert bands(15) == {"leeftijd_onder_16", "leeftijd_onder_18"}
    assert bands(16) == {"leeftijd_16_17", "leeftijd_onder_18"}
    assert "leeftijd_18_tot_27" in bands(18) and "leeftijd_18_plus" in bands(18)
    assert "leeftijd_18_tot_27" in bands(26)
    assert bands(27) == {"leeftijd_18_plus", "leeftijd_27_plus"}


def test_numbers_given_as_digit_strings_still_count(knowledge):
    assert "leeftijd_16_17" in derive_signals({"leeftijd": "16"}, knowledge)


def test_multi_answer_given_as_single_string(knowledge):
    assert "signaal_schulden" in derive_signals({"signalen": "schulden"}, knowledge)


def test_in_and_answered_conditions(knowledge):
    signals = derive_signals({"inkomen_geregeld": "weet_niet", "verwijzer": "gemeente"}, knowledge)
    assert "inkomen_niet_geregeld" in signals
    assert "verwezen" in signals
    assert "verwezen" not in derive_signals({"verwijzer": ""}, knowledge)


def test_unknown_answer_keys_are_ignored(knowledge):
    assert derive_signals({"slot_van_iemand_anders": "x"}, knowledge) == frozenset()
