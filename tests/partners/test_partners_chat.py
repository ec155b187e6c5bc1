"""Reading what the young person says about partners (bot.partners.chat)."""

from __future__ import annotations

import pytest

from bot.partners.chat import is_withdrawal, named

GEMEENTE = {"partner": "gemeente", "organisation": "gemeente_leerplicht"}
UWV = {"partner": "uwv", "organisation": "uwv_midden"}


@pytest.mark.parametrize(
    "text",
    [
        "ik wil niet meer dat de gemeente meekijkt",
        "De gemeente mag niet meer meekijken!",
        "trek mijn toestemming voor het UWV in",
        "ik wil niet dat het uwv meekijkt",
    ],
)
def test_withdrawals_are_recognised(text: str) -> None:
    assert is_withdrawal(text)


@pytest.mark.parametrize(
    "text",
    ["ik wil niet meer naar school", "stop maar", "ja", "de gemeente helpt al", "nee"],
)
def test_other_words_are_left_to_the_assistant(text: str) -> None:
    assert not is_withdrawal(text)


def test_the_organisation_is_found_by_its_partner_or_its_own_name() -> None:
    assert named("ik wil niet meer dat de gemeente meekijkt", [GEMEENTE, UWV]) == [GEMEENTE]
    assert named("het RMC mag niet meer meekijken", [GEMEENTE, UWV]) == [GEMEENTE]
    assert named("UWV-kantoor niet meer meekijken", [GEMEENTE, UWV]) == [UWV]
    assert named("niemand mag meer meekijken", [GEMEENTE, UWV]) == []
