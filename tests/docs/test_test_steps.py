"""`make test` runs named steps; together its pytest steps must select every test exactly once.

The steps are read from the Makefile: the variables PYTEST_UNIT, PYTEST_E2E, PYTEST_BROWSER and
PYTEST_CLUSTER hold each step's pytest arguments (folders, --ignore, -m). A test folder that no
step selects would silently stop running in CI; one that two steps select with overlapping
markers would run twice. Both are checked per folder that holds test files.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = ROOT / "Makefile"
STEPS = ["lint", "types", "data", "unit", "e2e", "browser", "cluster"]
BANNERS = ["lint", "types", "data", "unit", "end-to-end", "browser", "cluster"]
PYTEST_STEPS = {
    "unit": "PYTEST_UNIT",
    "e2e": "PYTEST_E2E",
    "browser": "PYTEST_BROWSER",
    "cluster": "PYTEST_CLUSTER",
}


@dataclass(frozen=True)
class Step:
    name: str
    paths: tuple[str, ...]
    ignored: tuple[str, ...]
    marker: str | None

    def selects(self, folder: str) -> bool:
        def inside(parent: str) -> bool:
            parent = parent.rstrip("/")
            return folder == parent or folder.startswith(parent + "/")

        return any(inside(path) for path in self.paths) and not any(inside(i) for i in self.ignored)


def parse_step(name: str, arguments: str) -> Step:
    words = shlex.split(arguments)
    paths: list[str] = []
    ignored: list[str] = []
    marker: str | None = None
    index = 0
    while index < len(words):
        word = words[index]
        if word == "-m":
            marker = words[index + 1]
            index += 1
        elif word.startswith("--ignore="):
            ignored.append(word.split("=", 1)[1])
        elif word.startswith("-"):
            raise AssertionError(f"step {name}: option {word} is not understood by this check")
        else:
            paths.append(word)
        index += 1
    return Step(name, tuple(paths or ["tests"]), tuple(ignored), marker)


def makefile_steps(text: str) -> list[Step]:
    steps = []
    for name, variable in PYTEST_STEPS.items():
        match = re.search(rf"^{variable}\s*:=\s*(.+)$", text, re.MULTILINE)
        assert match, f"{variable} is missing from the Makefile"
        steps.append(parse_step(name, match.group(1)))
    return steps


def test_folders() -> list[str]:
    """Every folder under tests/ that holds test files, relative to the project."""
    files = (ROOT / "tests").rglob("test_*.py")
    return sorted({str(path.parent.relative_to(ROOT)) for path in files})


test_folders.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def coverage_problems(steps: list[Step], folders: list[str]) -> list[str]:
    """Folders no step selects, or that several steps select without splitting on one marker."""
    problems = []
    for folder in folders:
        selecting = [step for step in steps if step.selects(folder)]
        markers = sorted((step.marker or "") for step in selecting)
        if not selecting:
            problems.append(f"{folder}: in no step")
        elif len(selecting) == 1:
            if selecting[0].marker is not None:
                only = selecting[0]
                problems.append(f"{folder}: only step {only.name} (-m {only.marker}) selects it")
        elif not (len(selecting) == 2 and any(f"not {m}" in markers for m in markers if m)):
            names = ", ".join(f"{step.name} (-m {step.marker})" for step in selecting)
            problems.append(f"{folder}: several steps that do not split it: {names}")
    return problems


def test_every_test_folder_runs_in_exactly_one_step() -> None:
    folders = test_folders()
    assert "tests/e2e" in folders and "tests/cluster" in folders
    assert coverage_problems(makefile_steps(MAKEFILE.read_text(encoding="utf-8")), folders) == []


def test_the_check_finds_a_folder_left_out_and_one_run_twice() -> None:
    steps = [
        parse_step("unit", 'tests -m "not servers" --ignore=tests/browser'),
        parse_step("e2e", "tests -m servers --ignore=tests/cluster --ignore=tests/web"),
        parse_step("browser", "tests/browser tests/web"),
    ]
    folders = ["tests/browser", "tests/cluster", "tests/e2e", "tests/web"]
    assert coverage_problems(steps, folders) == [
        "tests/browser: several steps that do not split it: e2e (-m servers), browser (-m None)",
        "tests/cluster: only step unit (-m not servers) selects it",
        "tests/web: several steps that do not split it: unit (-m not servers), browser (-m None)",
    ]


def test_make_test_runs_the_seven_steps_in_order_with_their_banners() -> None:
    text = MAKEFILE.read_text(encoding="utf-8")
    match = re.search(r"^test:([^#\n]*)", text, re.MULTILINE)
    assert match
    assert match.group(1).split() == [f"test-{step}" for step in STEPS]
    for number, (step, banner) in enumerate(zip(STEPS, BANNERS, strict=True), start=1):
        recipe = re.search(rf"^test-{step}:.*\n((?:\t.*\n)+)", text, re.MULTILINE)
        assert recipe, f"no recipe for test-{step}"
        assert f"$(call step,{number},{banner})" in recipe.group(1)
        assert f"$(call failed,{number},{banner})" in recipe.group(1)
        if step in PYTEST_STEPS:
            assert f"-m pytest $({PYTEST_STEPS[step]})" in recipe.group(1)
    assert 'step = echo "[test] step $(1)/7: $(2)"' in text
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE)
