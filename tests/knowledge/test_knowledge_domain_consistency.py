"""domain.yml and the knowledge data must agree: forms, questions and button values.

The domain says which questions a form asks and which buttons it offers; questions.yml says
which part a question belongs to and which values it allows. A button whose value the
catalogue does not know would be refused as an answer; a question missing from its form
would never be asked. This test fails on both.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from bot.knowledge import load_knowledge

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text("utf-8"))
# Slots a form asks that are not answers about the young person.
NOT_QUESTIONS = {
    "casus", "oefen_partners", "leeftijd_klopt", "feedback_antwoord", "feedback_opmerking",
    "nagekeken",
    "rollenspel_einde",
}  # fmt: skip
# Answers that come from the professional's decision, never asked in the chat.
DECIDED = {"gekozen_route", "gekozen_niveau"}
ASK = re.compile(r"^utter_ask_(?:(?P<form>\w+_form)_)?(?P<slot>\w+)$")
BUTTON_VALUE = re.compile(r"^/informeren(?P<entities>\{.*\})$")


def _asked_buttons() -> list[tuple[str, str, str]]:
    found = []
    for name, variants in DOMAIN["responses"].items():
        match = ASK.match(name)
        if not match or match["slot"] in NOT_QUESTIONS:
            continue
        for variant in variants:
            for button in variant.get("buttons") or ():
                found.append((name, match["slot"], button["payload"]))
    return found


@pytest.mark.parametrize("part", ["start", "voorkant", "realisatie", "vervolg"])
def test_each_part_form_asks_exactly_the_questions_of_its_part(part: str) -> None:
    questions = load_knowledge().questions
    expected = {key for key, q in questions.items() if q.part == part and key not in DECIDED}
    asked = set(DOMAIN["forms"][f"{part}_form"]["required_slots"])
    assert asked == expected


def test_the_pre_intake_form_asks_its_own_questions_and_known_ones() -> None:
    questions = load_knowledge().questions
    asked = DOMAIN["forms"]["pre_intake_form"]["required_slots"]
    own = {key for key, question in questions.items() if question.part == "pre_intake"}
    assert own <= set(asked) and set(asked) <= set(questions)


def test_every_form_slot_is_a_question_or_a_known_exception() -> None:
    questions = load_knowledge().questions
    for form, spec in DOMAIN["forms"].items():
        unknown = [s for s in spec["required_slots"] if s not in {*questions, *NOT_QUESTIONS}]
        assert not unknown, f"{form} asks {unknown}, which questions.yml does not know"


@pytest.mark.parametrize(("response", "slot", "payload"), _asked_buttons())
def test_every_button_value_is_allowed_by_the_catalogue(
    response: str, slot: str, payload: str
) -> None:
    question = load_knowledge().questions[slot]
    value_button = BUTTON_VALUE.match(payload)
    if value_button:
        value = json.loads(value_button["entities"])["waarde"]
        assert value in question.values, f"{response}: '{value}' is not a value of {slot}"
    elif payload in ("/bevestigen", "/ontkennen"):
        value = "ja" if payload == "/bevestigen" else "nee"
        if slot == "contact":
            return  # "Liever niet" is read as no contact details (bot.dialogue.pre_intake)
        assert question.kind == "yesno" or value in question.values, (response, payload)
    else:
        assert payload in ("/weet_niet", "/privacy_vraag"), f"{response}: unexpected {payload}"


def test_every_question_has_a_way_to_be_asked() -> None:
    asked = {match["slot"] for name in DOMAIN["responses"] if (match := ASK.match(name))}
    for key in load_knowledge().questions:
        if key not in DECIDED:
            assert key in asked, f"no utter_ask_ response for {key}"


def test_decision_points_name_forms_of_the_domain_and_parts_of_the_conversation() -> None:
    from bot.dialogue.flow import PARTS

    knowledge = load_knowledge()
    ends = {point.form: point.part for point in knowledge.decision_points.values() if point.form}
    assert set(ends) <= set(DOMAIN["forms"])
    assert {knowledge.decision_point_of_part(part) for part in PARTS} == {
        "leerroute",
        "ondersteuning",
        "vervolg",
    }
    assert all(f"{part}_form" == form for form, part in ends.items())
