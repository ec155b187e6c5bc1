"""The decision point keys stand once, in ``decision_points.yml``; code, domain and staff texts
follow them. A list of keys typed again in Python would drift the day a point is added."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

from bot.knowledge import DECISION_POINT_KEYS, load_knowledge
from bot.knowledge.staff_texts import staff_section

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))
TOLD = "utter_overdracht_beslist_"
# Still to follow the data (work in progress there): the dashboard's two tuples of points.
NOT_YET = ("bot/dashboard/queries.py",)
# Stored meaning, frozen like a migration: the bit order of ``conversations.reached_points``
# (migration 0015) must never follow a reordering of the data; tests/dashboard checks that
# it holds exactly the keys of the data.
FROZEN = ("bot/store/vocabulary.py",)


def test_the_keys_are_those_of_the_data() -> None:
    assert tuple(load_knowledge().decision_points) == DECISION_POINT_KEYS


def test_the_domain_tells_the_user_what_is_decided_at_each_point() -> None:
    told = {name.removeprefix(TOLD) for name in DOMAIN["responses"] if name.startswith(TOLD)}
    # The pre-intake has its own words (utter_overdracht_pre_intake): the school decides.
    assert told == set(DECISION_POINT_KEYS) - {"pre_intake"}
    assert "utter_overdracht_pre_intake" in DOMAIN["responses"]
    forms = {point.form for point in load_knowledge().decision_points.values() if point.form}
    assert forms <= set(DOMAIN["forms"])


def test_every_free_decision_has_a_hint_for_the_professional() -> None:
    hints = set(staff_section("besluit_hints"))
    # The leerroute is chosen from a list, so it needs no hint.
    assert hints == (set(DECISION_POINT_KEYS) - {"leerroute"}) | {"standaard"}


def _typed_lists_of_points(path: Path) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            named = [
                element.value
                for element in node.elts
                if isinstance(element, ast.Constant) and element.value in DECISION_POINT_KEYS
            ]
            if len(named) >= 2 and len(named) == len(node.elts):  # a list of points, not topics
                lines.append(node.lineno)
    return lines


def test_no_module_types_the_keys_again() -> None:
    typed = {
        str(path.relative_to(ROOT)): lines
        for folder in ("bot", "actions")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts
        and str(path.relative_to(ROOT)) not in (*NOT_YET, *FROZEN)
        and (lines := _typed_lists_of_points(path))
    }
    assert typed == {}


def test_the_scan_sees_a_typed_list(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        'HUMAN = ("op_verzoek", "niet_begrepen")\nTOPICS = ("vervolg", "ondersteuning", "wensen")\n'
    )
    assert _typed_lists_of_points(module) == [1]
