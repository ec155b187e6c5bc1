"""Every interruption has a rule in every form, so no interruption meets silence.

`data/rules/onderbrekingen.yml` is written by hand (10 interruptions x 7 forms); this test
fails when a form or an interruption is added without its rule.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from actions.review import FORM as REVIEW_FORM
from actions.review import READ_BY_THE_REVIEW
from bot.dialogue.turn import INTERRUPTIONS

ROOT = Path(__file__).resolve().parents[2]


# Pause, come back and the outcome have their rules beside the rest of their flow, and so
# does the review before a hand-over.
REVIEW_RULES = "data/rules/nakijken.yml"
RULE_FILES = ("data/rules/onderbrekingen.yml", "data/rules/na_afloop.yml", REVIEW_RULES)


def _rules() -> list[dict]:
    return [
        rule
        for name in RULE_FILES
        for rule in yaml.safe_load((ROOT / name).read_text("utf-8"))["rules"]
        if any(c.get("active_loop") for c in rule.get("condition", ()))
        and (name != REVIEW_RULES or _interrupts(rule))
    ]


def _interrupts(rule: dict) -> bool:
    """A rule of the review that answers an interruption, not one of its own steps."""
    first = rule["steps"][0]
    return "intent" in first or first.get("action") == "utter_vragen_verwijderen"


def _handled(rule: dict) -> str:
    first = rule["steps"][0]
    if "intent" in first:
        return first["intent"]
    return f"{first['action']} > {rule['steps'][1]['intent']}"


def test_each_form_has_a_rule_for_each_interruption() -> None:
    forms = yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))["forms"]
    expected = set(INTERRUPTIONS) | {
        "utter_vragen_verwijderen > bevestigen",
        "utter_vragen_verwijderen > ontkennen",
    }
    handled: dict[str, set[str]] = {form: set() for form in forms}
    for rule in _rules():
        [loop] = [c["active_loop"] for c in rule.get("condition", ()) if "active_loop" in c]
        handled[loop].add(_handled(rule))
    # The review's validator reads a request for a human, a change and anything unplaced.
    handled[REVIEW_FORM] |= READ_BY_THE_REVIEW
    # The rehearsal reads every message itself: it goes to the case unless it is one of the
    # few requests bot/practice/control.py answers (klaar, stop, help, a human).
    handled["rollenspel_form"] |= expected
    missing = {f: sorted(expected - found) for f, found in handled.items() if found != expected}
    assert not missing, f"interruption rules missing: {missing}"
