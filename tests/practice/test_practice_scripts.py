"""Scripted rehearsals scored by the feedback: every expected point, no false praise.

``afgestemd.yml`` was used to tune the reading and the rubric; ``apart.yml`` was written
before tuning and kept out of it (held out). Both must meet the same bar.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.practice.cases import role_cases
from bot.practice.scripts import evaluate, load_scripts

SCRIPTS = Path(__file__).parent / "scripts"
MAX_UNEXPECTED_SHARE = 1 / 20


def test_there_are_at_least_30_scripts_and_a_third_is_held_out() -> None:
    tuned = load_scripts(SCRIPTS / "afgestemd.yml")
    held_out = load_scripts(SCRIPTS / "apart.yml")
    assert len(tuned) + len(held_out) >= 30
    assert len(held_out) * 3 >= len(tuned) + len(held_out)
    assert {s.case for s in tuned + held_out} == {c.key for c in role_cases()}


@pytest.mark.parametrize("name", ["afgestemd.yml", "apart.yml"])
def test_the_feedback_gives_what_a_trainer_would_give(name: str) -> None:
    outcome = evaluate(load_scripts(SCRIPTS / name))
    report = "\n".join(
        [f"gemist: {m}" for m in outcome.missing]
        + [f"valse lof: {m}" for m in outcome.false_praise]
        + [f"onverwacht: {m}" for m in outcome.unexpected]
    )
    print(
        f"{name}: {outcome.expected} verwacht, {outcome.given} gegeven, "
        f"{len(outcome.missing)} gemist, {len(outcome.false_praise)} valse lof, "
        f"{len(outcome.unexpected)} onverwacht ({outcome.unexpected_share:.1%})"
    )
    assert not outcome.false_praise, report
    assert not outcome.missing, report
    assert outcome.unexpected_share <= MAX_UNEXPECTED_SHARE, report
