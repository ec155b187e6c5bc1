"""Only a clear no refuses consent; a condition is explained; a refusal may be undone."""

from __future__ import annotations

import pytest

from bot.dialogue.consent import age_of_consent, changes_mind, consent_by, sets_a_condition


def test_the_age_of_consent_comes_from_the_knowledge_file() -> None:
    assert age_of_consent() == 16


@pytest.mark.parametrize(
    "text",
    [
        "nee, niet voordat ik snap waar dit heen gaat",
        "pas als ik weet wie het leest",
        "eerst meer uitleg graag",
        "hangt ervan af",
    ],
)
def test_a_condition_is_no_refusal(text: str) -> None:
    assert sets_a_condition(text)


@pytest.mark.parametrize("text", ["nee", "nee dank je", "ja hoor", "/ontkennen"])
def test_a_plain_answer_sets_no_condition(text: str) -> None:
    assert not sets_a_condition(text)


@pytest.mark.parametrize(
    ("text", "intent", "changed"),
    [
        ("oke, toch wel akkoord", "informeren", True),
        ("ik wil toch verder", "informeren", True),
        ("mijn moeder vindt het toch goed", "informeren", True),
        ("/bevestigen", "bevestigen", True),
        ("ja", "bevestigen", True),
        ("nee echt niet", "ontkennen", False),
        ("nee toch niet", "informeren", False),
        ("wat is er uitgekomen", "uitkomst_vragen", False),
    ],
)
def test_a_change_of_mind(text: str, intent: str, changed: bool) -> None:
    assert changes_mind(text, intent) is changed


@pytest.mark.parametrize(
    ("slots", "who"),
    [
        ({"jonger_dan_16": "nee", "rol": "jongere"}, "jongere"),
        ({"jonger_dan_16": "nee", "rol": "samen"}, "jongere"),
        # From 16 a parent or professional speaks for the young person only with the young
        # person's own yes (jongere_akkoord); until then nobody consented.
        ({"jonger_dan_16": "nee", "rol": "ouder"}, None),
        ({"jonger_dan_16": "nee", "rol": "professional"}, None),
        ({"jonger_dan_16": "nee", "rol": "ouder", "jongere_akkoord": "ja"}, "via_ouder"),
        (
            {"jonger_dan_16": "nee", "rol": "professional", "jongere_akkoord": "ja"},
            "via_professional",
        ),
        ({"jonger_dan_16": "nee", "rol": "professional", "jongere_akkoord": "nee"}, None),
        ({"jonger_dan_16": "nee", "rol": "jongere", "jongere_akkoord": "nee"}, "jongere"),
        ({"jonger_dan_16": "ja", "ouder_akkoord": "ja", "rol": "ouder"}, "ouder"),
        ({"jonger_dan_16": "ja", "ouder_akkoord": "ja", "rol": "professional"}, "ouder"),
        ({"jonger_dan_16": "ja", "ouder_akkoord": "ja", "rol": "jongere"}, "ouder"),
        ({"jonger_dan_16": "ja", "ouder_akkoord": "nee", "rol": "ouder"}, None),
        ({"jonger_dan_16": "nee"}, None),
        ({"jonger_dan_16": "nee", "rol": "aanmelder"}, "jongere"),  # the pre-intake's applicant
        ({"jonger_dan_16": "ja", "ouder_akkoord": "ja", "rol": "aanmelder"}, "ouder"),
    ],
)
def test_who_consented(slots: dict[str, str], who: str | None) -> None:
    assert consent_by(slots) == who


def test_every_value_of_consent_by_may_be_stored() -> None:
    from bot.store.vocabulary import CONSENT_BY

    for slots in (
        {"jonger_dan_16": "nee", "rol": "ouder", "jongere_akkoord": "ja"},
        {"jonger_dan_16": "nee", "rol": "professional", "jongere_akkoord": "ja"},
        {"jonger_dan_16": "nee", "rol": "samen"},
        {"jonger_dan_16": "ja", "ouder_akkoord": "ja"},
    ):
        who = consent_by(slots)
        assert who in CONSENT_BY and len(str(who)) <= 16  # the column is String(16)
