"""Figures that tests measure (counts of requests, limits, faults), printed after the run.

pytest hides what a passing test prints; ``report`` keeps the lines and the hook in
``tests/conftest.py`` shows them in a section "figures" at the end of ``make test``.
"""

from __future__ import annotations

LINES: list[str] = []


def report(*lines: str) -> None:
    """Keep each line for the summary (and print it, for ``pytest -s``)."""
    for line in lines:
        LINES.append(line.strip("\n"))
        print(line)
