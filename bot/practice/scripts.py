"""Scoring the feedback against scripted rehearsals: does it give what a trainer would give?

A script is a case, the trainee's messages and the points a good trainer would give
(``key: verdict``). The feedback is run on the messages alone; then every expected point
must be given, no praise may be given that the script does not expect (false praise), and
few points may be given that the script does not expect at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.data_error import KnowledgeError
from bot.knowledge.yamlfile import read_yaml
from bot.practice.cases import Case, role_cases
from bot.practice.roleplay import play
from bot.practice.rubric import PRAISE, score


@dataclass(frozen=True)
class Script:
    """One scripted rehearsal with the points a trainer expects."""

    id: str
    case: str
    turns: tuple[str, ...]
    expected: Mapping[str, str]


@dataclass
class Outcome:
    """How the feedback did on scripts: counts and what went wrong, per script."""

    expected: int = 0
    given: int = 0
    missing: list[str] = field(default_factory=list)
    false_praise: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    @property
    def unexpected_share(self) -> float:
        return len(self.unexpected) / self.given if self.given else 0.0


def load_scripts(path: Path) -> list[Script]:
    """The scripts in one file; KnowledgeError for a wrong entry."""
    data = read_yaml(path)
    if not isinstance(data, list):
        raise KnowledgeError(path.name, None, "het bestand moet een lijst met scripts zijn.")
    cases = {case.key for case in role_cases()}
    scripts = []
    for entry in data:
        if not isinstance(entry, dict) or entry.get("casus") not in cases:
            raise KnowledgeError(path.name, str(entry), "een script heeft een bekende casus nodig.")
        scripts.append(
            Script(
                id=str(entry["id"]),
                case=str(entry["casus"]),
                turns=tuple(str(t) for t in entry["beurten"]),
                expected={str(k): str(v) for k, v in entry["verwacht"].items()},
            )
        )
    return scripts


def given_points(case: Case, turns: Sequence[str]) -> dict[str, str]:
    """The feedback's points for ``turns``: key -> verdict."""
    return {point.key: point.verdict for point in score(case, play(case, turns))}


def evaluate(scripts: Sequence[Script]) -> Outcome:
    """Run the feedback on every script and compare it with what the script expects."""
    cases = {case.key: case for case in role_cases()}
    outcome = Outcome()
    for script in scripts:
        given = given_points(cases[script.case], script.turns)
        outcome.expected += len(script.expected)
        outcome.given += len(given)
        for key, verdict in script.expected.items():
            if given.get(key) != verdict:
                outcome.missing.append(f"{script.id}: {key}={verdict} (gaf {given.get(key)})")
        for key, verdict in given.items():
            if script.expected.get(key) == verdict:
                continue
            outcome.unexpected.append(f"{script.id}: {key}={verdict}")
            if verdict in PRAISE:
                outcome.false_praise.append(f"{script.id}: {key}={verdict}")
    return outcome
