"""Every question speaks to whoever types: "je" to a young person, "je kind" to a parent.

Rasa picks a response variation by the slot ``rol``; when two conditional variations match,
it picks one at random, so the variations of a question must exclude each other. The test
reads the responses in domain.yml and the roles each question is asked of (questions.yml).
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.core.nlg.generator import ResponseVariationFilter

from bot.knowledge import load_knowledge
from bot.knowledge.model import SPEAKING_ROLES
from bot.knowledge.readability import measure

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"
_DOMAIN = yaml.safe_load(DOMAIN.read_text("utf-8"))
RESPONSES: dict[str, list[dict[str, Any]]] = _DOMAIN["responses"]
# The forms of the advice conversation, asked once the role is known.
FORMS = ("voorkant_form", "realisatie_form", "vervolg_form")
ASKED = {slot for form in FORMS for slot in _DOMAIN["forms"][form]["required_slots"]}
# Asked at the start, also when the role is known from the first message.
START = ("jonger_dan_16", "ouder_akkoord")
# Words that speak about the young person in the third person.
THIRD_PERSON = ("de jongere", "van de jongere")
# Slot values that other conditions of these responses use.
OTHER_SLOTS: dict[str, tuple[object, ...]] = {
    "gekozen_route": (None, "mbo_diploma", "certificaat", "praktijkverklaring"),
    "jonger_dan_16": (None, "ja", "nee"),
}
CONSENT = {"utter_ask_jonger_dan_16", "utter_ask_ouder_akkoord", "utter_ask_leeftijd_klopt"}


def questions() -> list[tuple[str, str]]:
    knowledge = load_knowledge()
    return [
        (key, role)
        for key, question in knowledge.questions.items()
        if key in ASKED or key in START
        for role in question.roles
    ] + [("leeftijd_klopt", role) for role in SPEAKING_ROLES]


def chosen(name: str, slots: dict[str, object]) -> list[dict[str, Any]]:
    """The variations Rasa may say for these slot values (one, or a random pick)."""
    return ResponseVariationFilter(RESPONSES).responses_for_utter_action(name, "rest", slots)


def slot_combinations(role: str) -> list[dict[str, object]]:
    names = list(OTHER_SLOTS)
    return [
        {"rol": role, **dict(zip(names, values, strict=True))}
        for values in itertools.product(*(OTHER_SLOTS[n] for n in names))
    ]


@pytest.mark.parametrize(("question", "role"), questions())
def test_each_question_speaks_to_the_role_it_is_asked_of(question: str, role: str) -> None:
    name = f"utter_ask_{question}"
    assert name in RESPONSES, f"{name} is missing"
    for slots in slot_combinations(role):
        variations = chosen(name, slots)
        assert len(variations) == 1, f"{name}: {len(variations)} variations for {slots}"
        text = variations[0]["text"]
        if role == "professional":
            continue
        if question == "leeftijd_klopt" and slots["jonger_dan_16"] is None:
            continue  # asked only when the age contradicts an earlier ja or nee
        if role == "samen" and "begeleider" in text:
            continue  # a judgement for the professional beside the young person
        assert not any(words in text for words in THIRD_PERSON), (
            f"{name} speaks of 'de jongere' to {role} ({slots}): {text}"
        )


@pytest.mark.parametrize(("question", "role"), questions())
def test_parents_and_young_people_always_have_weet_ik_niet(question: str, role: str) -> None:
    name = f"utter_ask_{question}"
    if role == "professional" or name in CONSENT:
        return
    for slots in slot_combinations(role):
        if question == "leeftijd_klopt" and slots["jonger_dan_16"] is None:
            continue
        (variation,) = chosen(name, slots)
        payloads = [button["payload"] for button in variation.get("buttons") or ()]
        assert "/weet_niet" in payloads, f"{name} has no 'Weet ik niet' for {role}"


def test_every_role_variation_reads_easily() -> None:
    for name, variations in RESPONSES.items():
        for variation in variations:
            if not any(c.get("name") == "rol" for c in variation.get("condition") or ()):
                continue
            result = measure(variation["text"])
            assert result.longest_sentence <= 20, name
            if result.words >= 10:
                assert result.flesch_douma >= 60, (name, result.flesch_douma)


def test_the_variation_test_fails_for_a_question_without_a_role_variation() -> None:
    bare = {"utter_ask_x": [{"text": "Hoe oud is de jongere?"}]}
    (variation,) = ResponseVariationFilter(bare).responses_for_utter_action(
        "utter_ask_x", "rest", {"rol": "jongere"}
    )
    assert any(words in variation["text"] for words in THIRD_PERSON)


def test_judgements_are_asked_of_professionals_only() -> None:
    knowledge = load_knowledge()
    for key in ("arbeidsvermogen", "warme_overdracht"):
        assert not knowledge.questions[key].asked_of("ouder")
        assert not knowledge.questions[key].asked_of("jongere")
        assert knowledge.questions[key].asked_of("professional")
