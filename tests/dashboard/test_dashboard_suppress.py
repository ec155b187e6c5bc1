"""'< 5' for every figure based on 1–4 conversations, and no total that gives one away."""

from __future__ import annotations

import random

import pytest

from bot.dashboard.suppress import SMALL, WITHHELD, based_on, count, share, table


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_one_to_four_conversations_show_as_less_than_five(n: int) -> None:
    assert count(n).text == SMALL and count(n).value is None
    # "< 5" is for counts only: a share or a statistic over 1–4 reads "verborgen".
    assert share(n, 100).text == WITHHELD
    assert based_on(n, 12.0, "12 min").text == WITHHELD


def test_zero_and_five_or_more_are_shown() -> None:
    assert count(0).text == "0" and count(5).text == "5" and count(1234).text == "1234"
    assert share(5, 10).text == "50%" and share(10, 4).text == WITHHELD  # too few in the whole
    assert based_on(5, 12.0, "12 min").text == "12 min" and based_on(0, None, "").text == "–"


def test_a_total_does_not_give_a_small_cell_away() -> None:
    # 3 and 10 with a total of 13: showing 10 and 13 would reveal the 3.
    [[small, other, total]] = table([[3, 10]], row_totals=True, column_totals=False)
    assert small.text == SMALL and other.text == WITHHELD and total.text == "13"


def test_secondary_suppression_in_both_directions_hides_no_zero() -> None:
    grid = table([[3, 20, 0], [40, 50, 7]], row_totals=True, column_totals=True)
    texts = [[cell.text for cell in row] for row in grid]
    assert texts[0][0] == SMALL and texts[0][2] == "0"
    assert texts[-1][-1] == "120"  # the grand total stays
    _assert_no_line_with_one_hidden(grid)


def _assert_no_line_with_one_hidden(grid) -> None:
    for row in grid:
        assert sum(cell.hidden for cell in row) != 1, [c.text for c in row]
    for column in zip(*grid, strict=True):
        assert sum(cell.hidden for cell in column) != 1, [c.text for c in column]


def test_random_tables_never_leave_exactly_one_hidden_in_a_line() -> None:
    rng = random.Random(14)
    checked = 0
    for _ in range(300):
        rows, columns = rng.randint(1, 6), rng.randint(1, 5)
        counts = [
            [rng.choice([0, 1, 2, 4, 5, 8, 30, 200]) for _ in range(columns)] for _ in range(rows)
        ]
        grid = table(counts, row_totals=True, column_totals=True)
        for r, row in enumerate(counts):
            for c, n in enumerate(row):
                assert (grid[r][c].text == SMALL) == (0 < n < 5)
                assert grid[r][c].hidden or grid[r][c].text == str(n)
        _assert_no_line_with_one_hidden(grid)
        checked += 1
    assert checked == 300
