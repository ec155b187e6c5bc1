"""The practice case in which consent comes first (issue 15), and its feedback."""

from __future__ import annotations

import pytest

from bot.knowledge.data_error import KnowledgeError
from bot.practice import load_cases
from bot.practice.cases import _case
from bot.practice.trainee_feedback import asked_consent, consent_feedback


def lotte():
    return {case.key: case for case in load_cases()}["toestemming_eerst_gemeente"]


@pytest.mark.parametrize(
    "said",
    [
        "Lotte, vind je het goed als de gemeente meekijkt?",
        "ik vraag eerst toestemming aan Lotte voor de gemeente",
        "mag de gemeente meekijken, Lotte?",
    ],
)
def test_asking_first_is_recognised(said: str) -> None:
    assert asked_consent(["de gemeente en de mbo-school", said])


def test_naming_a_partner_is_not_asking() -> None:
    assert not asked_consent(["de gemeente en de mbo-school", "ze is gestopt met school"])


def test_the_feedback_says_whether_consent_was_asked() -> None:
    case = lotte()
    assert case.consent_for == ("gemeente",)
    asked = consent_feedback(
        case, ["gemeente"], ["Lotte, vind je het goed als de gemeente meekijkt?"]
    )
    forgotten = consent_feedback(case, ["gemeente"], ["de gemeente en het mbo"])
    assert asked is not None and asked.startswith("Goed: je vroeg Lotte eerst")
    assert forgotten is not None and "je vroeg Lotte niet" in forgotten and "Gemeente" in forgotten


def test_other_cases_get_no_consent_feedback() -> None:
    other = next(case for case in load_cases() if not case.consent_for)
    assert consent_feedback(other, ["gemeente"], ["de gemeente"]) is None


def test_consent_for_a_partner_the_case_does_not_name_is_refused() -> None:
    entry = {
        "key": "fout",
        "naam": "Fout",
        "leeftijd": 17,
        "situatie": "Een casus met genoeg woorden om als situatie te tellen in de test.",
        "partners": {"gemeente": "omdat het moet"},
        "toestemming_voor": ["uwv"],
    }
    with pytest.raises(KnowledgeError, match="toestemming_voor"):
        _case("cases.yml", 1, entry)
