"""Small numbers are never shown: a figure based on 1 to 4 conversations reads "< 5".

This is the one place for that rule, for the page and the CSV alike. A count of 1–4 is
hidden (primary suppression). In a table with totals, a line (a row or a column with its
total) with exactly one hidden member would give that member away by subtraction, so the
smallest other non-zero member of the line is hidden too (secondary suppression, shown as
"verborgen", since it is not below 5), until no line has exactly one. Zero stays zero: it
tells nothing about anyone. A share, a median or a rate is hidden when the number of
conversations it is based on is below 5; it then reads "verborgen", never "< 5", because
"< 5" belongs to counts only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5
SMALL = "< 5"
# A figure of 5 or more hidden only because it would give a small one away.
WITHHELD = "verborgen"


@dataclass(frozen=True)
class Cell:
    """One figure as the page and the CSV show it; ``value`` is None when it is hidden."""

    text: str
    value: float | None = None

    @property
    def hidden(self) -> bool:
        return self.text in (SMALL, WITHHELD)


HIDDEN = Cell(SMALL)
# A share or a statistic over 1–4 conversations: hidden by the same rule, but "< 5" would
# read as its value ("< 5%", "< 5 min"), so it says that it is hidden.
HIDDEN_FIGURE = Cell(WITHHELD)


def too_small(count: int) -> bool:
    """Whether a figure based on ``count`` conversations must be hidden."""
    return 0 < count < THRESHOLD


def count(n: int) -> Cell:
    """A count of conversations (or of rows belonging to that many conversations)."""
    return HIDDEN if too_small(n) else Cell(str(n), float(n))


def share(part: int, whole: int) -> Cell:
    """``part`` of ``whole`` as a percentage; hidden when either is based on 1–4 conversations."""
    if whole <= 0:
        return Cell("–")
    if too_small(part) or whole < THRESHOLD:
        return HIDDEN_FIGURE
    percent = 100.0 * part / whole
    return Cell(f"{percent:.0f}%", percent)


def based_on(n: int, value: float | None, text: str) -> Cell:
    """A statistic (median, rate) over ``n`` conversations: hidden below 5, "–" without any."""
    if n <= 0 or value is None:
        return Cell("–")
    if n < THRESHOLD:
        return HIDDEN_FIGURE
    return Cell(text, value)


def table(
    counts: Sequence[Sequence[int]], row_totals: bool, column_totals: bool
) -> list[list[Cell]]:
    """The counts as cells, with a total column and/or a total row added, all protected.

    ``counts[r][c]`` is the number of conversations in row ``r`` and column ``c``. Totals
    are sums of the counts, so every row (with its total) and every column (with its
    total) is a line whose members must not have exactly one hidden member.
    """
    grid = [list(row) for row in counts]
    if row_totals:
        grid = [[*row, sum(row)] for row in grid]
    if column_totals and grid:
        grid.append([sum(row[c] for row in grid) for c in range(len(grid[0]))])
    hidden = [[too_small(n) for n in row] for row in grid]
    lines: list[list[tuple[int, int]]] = []
    if row_totals:
        lines += [[(r, c) for c in range(len(grid[r]))] for r in range(len(grid))]
    if column_totals:
        lines += [[(r, c) for r in range(len(grid))] for c in range(len(grid[0]) if grid else 0)]
    total_of_line = {id(line): line[-1] for line in lines}
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(hidden[r][c] for r, c in line) != 1:
                continue
            total = total_of_line[id(line)]
            candidates = [
                (grid[r][c], (r, c)) for r, c in line if not hidden[r][c] and grid[r][c] > 0
            ]
            if not candidates:
                continue
            inner = [item for item in candidates if item[1] != total]
            r, c = min(inner or candidates)[1]
            hidden[r][c] = True
            changed = True
    return [
        [
            (HIDDEN if too_small(n) else Cell(WITHHELD)) if hidden[r][c] else Cell(str(n), float(n))
            for c, n in enumerate(row)
        ]
        for r, row in enumerate(grid)
    ]
