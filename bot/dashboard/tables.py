"""The dashboard's tables and sections: what the page draws and the CSV export writes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from bot.dashboard.suppress import Cell


@dataclass(frozen=True)
class Table:
    """Rows of a label and cells; the CSV export writes exactly this."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]
    total_label: str | None = None  # the last row is a total row

    def csv_rows(self) -> list[list[str]]:
        return [
            list(self.columns),
            *([label, *(c.text for c in cells)] for label, cells in self.rows),
        ]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    sentence: str
    chart: Markup
    table: Table
    note: str | None = None


def rows(
    labels: Sequence[str], grid: Sequence[Sequence[Cell]]
) -> tuple[tuple[str, tuple[Cell, ...]], ...]:
    return tuple((label, tuple(cells)) for label, cells in zip(labels, grid, strict=True))


def column(grid: Sequence[Sequence[Cell]], index: int) -> list[Cell]:
    return [row[index] for row in grid]


def minutes(seconds: float) -> str:
    """A waiting time in the unit a reader takes in at once: minutes, hours or days."""
    whole = seconds / 60
    if whole < 90:
        return f"{whole:.0f} min"
    hours = whole / 60
    if hours < 48:
        return f"{hours:.1f} uur".replace(".", ",")
    return f"{hours / 24:.1f} dagen".replace(".", ",")
