"""The 1 April of registration, computed from today's date within the school year."""

from __future__ import annotations

from datetime import date

import pytest

from bot.knowledge.schooljaar import aanmelddatum


@pytest.mark.parametrize(
    ("today", "deadline", "passed"),
    [
        (date(2026, 12, 7), date(2027, 4, 1), False),  # December: the date is still ahead
        (date(2026, 8, 1), date(2027, 4, 1), False),  # a new school year starts
        (date(2027, 1, 15), date(2027, 4, 1), False),
        (date(2027, 3, 31), date(2027, 4, 1), False),
        (date(2027, 4, 1), date(2027, 4, 1), False),  # on the day itself: not too late
        (date(2027, 4, 2), date(2027, 4, 1), True),
        (date(2027, 7, 31), date(2027, 4, 1), True),  # the last day of the school year
    ],
)
def test_the_registration_date_depends_on_today(today: date, deadline: date, passed: bool) -> None:
    found = aanmelddatum(today)
    assert (found.deadline, found.passed) == (deadline, passed)


def test_the_date_reads_in_dutch_with_its_year() -> None:
    assert aanmelddatum(date(2026, 12, 7)).text == "1 april 2027"
    assert aanmelddatum(date(2027, 5, 20)).text == "1 april 2027"
    assert aanmelddatum(date(2027, 9, 1)).text == "1 april 2028"
