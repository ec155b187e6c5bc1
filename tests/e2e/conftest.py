"""The simulator's report: figures per persona set at the end of the session.

The persona tests (``test_e2e_simulator.py``) put each result in ``config.stash``; this
hook prints the figures per set (dev, heldout) and writes them, with every persona's
outcome, to ``var/simulator-report.json`` (``var/`` is not in git).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

from tests.conftest import PROJECT_ROOT
from tests.e2e.simulator import RESULTS, figures_per_set

REPORT_PATH = PROJECT_ROOT / "var" / "simulator-report.json"


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    results = config.stash.get(RESULTS, [])
    if not results:
        return
    figures = figures_per_set(results)
    write = terminalreporter.write_line
    terminalreporter.section("user simulator")
    for result in sorted(results, key=lambda r: r.persona.id):
        mark = "pass" if result.passed else "FAIL"
        reason = f"  ({result.failures[0]})" if result.failures else ""
        write(f"{mark}  {result.persona.id}{reason[:150]}")
    write("")
    write(
        f"{'set':<17} {'passed':>9} {'decision pt':>12} {'silent':>7} {'mistaken':>9} "
        f"{'turns':>6} {'fallback/turn':>14} {'restarts':>9} {'refused':>8} {'not given':>10}"
    )
    roles = sorted(name for name in figures if name.startswith("rol:"))
    for name in ("dev", "heldout", *roles, "all"):
        if name not in figures:
            continue
        f = figures[name]
        write(
            f"{name:<17} {f['passed']:>4}/{f['personas']:<4} "
            f"{f['reached_expected_decision_point']:>5}/{f['personas']:<6} "
            f"{f['silent_turns']:>7} {f['mistaken_stops']:>9} {f['turns']:>6} "
            f"{f['fallback_rate_per_turn']:>14.3f} {f['restarts']:>9} "
            f"{f['refused_buttons']:>8} {f['values_not_given']:>10}"
        )
    REPORT_PATH.parent.mkdir(parents=True, exist_ok=True)
    REPORT_PATH.write_text(
        json.dumps(
            {
                "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "figures": figures,
                "personas": [r.summary() for r in sorted(results, key=lambda r: r.persona.id)],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    write(f"figures written to {REPORT_PATH.relative_to(PROJECT_ROOT)}")
