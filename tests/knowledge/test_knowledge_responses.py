"""The response reader, and every response name the code uses exists in domain.yml.

A name the code asks for but the domain lacks would only fail when a user reaches that
turn; this finds it at test time, for literal names and for the names built per decision
point.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from actions.conversation import BEGIN_AT_PART
from bot.handover.start import WHAT_IS_DECIDED
from bot.knowledge import DECISION_POINT_KEYS, KnowledgeError
from bot.knowledge.responses import buttons, names, text
from bot.practice.trainee_feedback import REFLECTION, reflection_questions

ROOT = Path(__file__).resolve().parents[2]


def _names_in_code() -> set[tuple[str, str]]:
    found = set()
    for folder in ("bot", "actions"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                value = node.value if isinstance(node, ast.Constant) else None
                # "utter_deel_" and "..._{point}" are prefixes and patterns, tested below.
                named = isinstance(value, str) and value.startswith("utter_")
                if named and not str(value).endswith(("_", "}")):
                    found.add((str(path.relative_to(ROOT)), str(value)))
    return found


@pytest.mark.parametrize(("path", "name"), sorted(_names_in_code()))
def test_every_response_the_code_names_is_in_the_domain(path: str, name: str) -> None:
    assert name in names(), f"{path} uses {name}, which domain.yml does not have"


def test_the_code_names_responses_at_all() -> None:
    assert len(_names_in_code()) > 30


@pytest.mark.parametrize("point", [p for p in DECISION_POINT_KEYS if p != "pre_intake"])
def test_each_decision_point_says_what_is_decided(point: str) -> None:
    assert WHAT_IS_DECIDED.format(decision_point=point) in names()


@pytest.mark.parametrize("point", ["leerroute", "ondersteuning", "vervolg"])
def test_each_practised_decision_point_has_its_own_reflection(point: str) -> None:
    assert REFLECTION.format(decision_point=point) in names()
    assert len(reflection_questions(point)) == 3


def test_a_point_without_reflection_questions_gets_those_of_the_leerroute() -> None:
    assert reflection_questions("op_verzoek") == reflection_questions("leerroute")


def test_variables_are_filled_as_rasa_fills_them() -> None:
    said = text("utter_fout_getal", label="leeftijd", voorbeeld=17)
    assert said == "Ik begrijp de leeftijd niet. Typ een getal, bijvoorbeeld 17."


def test_a_missing_variable_or_name_is_an_error_not_half_a_sentence() -> None:
    with pytest.raises(KeyError):
        text("utter_fout_getal", label="leeftijd")
    with pytest.raises(KeyError):
        text("utter_bestaat_niet")


def test_buttons_come_with_the_response() -> None:
    assert buttons("utter_medewerker_aanbieden") == [
        {"title": "Ik wil een medewerker", "payload": "/mens_spreken"}
    ]
    assert buttons("utter_fout_ja_nee") == []


@pytest.mark.parametrize("part", ["voorkant", "realisatie", "vervolg"])
def test_each_part_a_first_message_can_name_has_its_words(part: str) -> None:
    assert BEGIN_AT_PART.format(part=part) in names()


@pytest.mark.parametrize("state", ["overdracht", "opgepakt", "assistent"])
def test_each_state_of_the_widget_has_its_words(state: str) -> None:
    assert f"utter_status_{state}" in names()


def test_a_response_with_variants_is_not_read_as_one_text() -> None:
    with pytest.raises(KnowledgeError):
        text("utter_wat_nu")  # two variants, chosen by Rasa on the slot modus
