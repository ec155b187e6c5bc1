"""Dates of the school year that texts depend on: the registration date of 1 April.

Who registers for an mbo-opleiding before 1 April has a right to a place (toelatingsrecht;
MBO Raad, see the term ``toelatingsrecht``). Whether that date is still ahead or already
passed depends on today: from August to March the next 1 April is still to come, from
April to July this year's has passed. Every text about it takes the date from here, so
nothing reads in December as if the date had passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
SCHOOL_YEAR_STARTS = 8  # August
DEADLINE_MONTH, DEADLINE_DAY = 4, 1


@dataclass(frozen=True)
class Aanmelddatum:
    """The 1 April that counts for the school year a registration is for."""

    deadline: date
    passed: bool

    @property
    def text(self) -> str:
        """As a user reads it: "1 april 2027"."""
        return f"{self.deadline.day} {MONTHS[self.deadline.month - 1]} {self.deadline.year}"


def today() -> date:
    """Today's date (one place, so tests can fix it)."""
    return date.today()


def aanmelddatum(on: date | None = None) -> Aanmelddatum:
    """The registration date for the next school year, and whether ``on`` (today) is past it.

    On 1 April itself the date has not passed (sources differ between "voor" and "uiterlijk
    op" 1 April; the user is not told it is too late on the day itself).
    """
    day = on or today()
    year = day.year + 1 if day.month >= SCHOOL_YEAR_STARTS else day.year
    deadline = date(year, DEADLINE_MONTH, DEADLINE_DAY)
    return Aanmelddatum(deadline, passed=day > deadline)
