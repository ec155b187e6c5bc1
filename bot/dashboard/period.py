"""The period a dashboard shows: a week, a month, a school year (1 August to 31 July) or own dates.

Days are the school's days (the time zone of ``teams.yml``), so a conversation at 00:30 on
a Monday counts in that week, not in the Sunday before it in UTC. A period is read from the
page's query; anything that cannot be read falls back to the school year of today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.knowledge.teams import _MONTHS as MONTHS  # the Dutch month names, written once

KINDS = ("week", "maand", "schooljaar", "eigen")
KIND_LABELS = {
    "week": "week",
    "maand": "maand",
    "schooljaar": "schooljaar",
    "eigen": "eigen periode",
}
SHORT_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
MAX_DAYS = 3 * 366  # an own period longer than this is cut to it
DAILY_UP_TO_DAYS = 31  # a shorter period is shown per day, a longer one per week


def school_year_start(day: dt.date) -> dt.date:
    """1 August of the school year ``day`` is in."""
    return dt.date(day.year if day.month >= 8 else day.year - 1, 8, 1)


def day_words(day: dt.date) -> str:
    """ "3 december 2026"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Period:
    """``start`` up to and without ``end`` (both school days), and how it was chosen."""

    kind: str
    start: dt.date
    end: dt.date
    zone: ZoneInfo

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def label(self) -> str:
        """The period in words, as the page's heading says it."""
        if self.kind == "schooljaar":
            return f"schooljaar {self.start.year}–{self.start.year + 1}"
        if self.kind == "maand":
            return f"{MONTHS[self.start.month - 1]} {self.start.year}"
        if self.kind == "week":
            week = self.start.isocalendar()[1]
            return f"week {week} ({day_words(self.start)} tot en met {day_words(self.last_day)})"
        return f"{day_words(self.start)} tot en met {day_words(self.last_day)}"

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as aware UTC moments (start included, end not), for the queries."""
        start = dt.datetime.combine(self.start, dt.time(), tzinfo=self.zone)
        end = dt.datetime.combine(self.end, dt.time(), tzinfo=self.zone)
        return start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc)

    @property
    def per_day(self) -> bool:
        return self.days <= DAILY_UP_TO_DAYS

    def bucket_starts(self) -> list[dt.date]:
        """The first day of each bar in the time chart: days, or weeks from Monday."""
        if self.per_day:
            return [self.start + dt.timedelta(days=n) for n in range(self.days)]
        first = self.start - dt.timedelta(days=self.start.weekday())
        starts = []
        day = first
        while day < self.end:
            starts.append(day)
            day += dt.timedelta(days=7)
        return starts

    def bucket_of(self, moment: dt.datetime) -> dt.date:
        """The bucket (its first day) ``moment`` falls in."""
        return self.bucket_of_day(moment.astimezone(self.zone).date())

    def bucket_of_day(self, day: dt.date) -> dt.date:
        """The bucket (its first day) a day of the school's calendar falls in."""
        return day if self.per_day else day - dt.timedelta(days=day.weekday())

    def bucket_label(self, start: dt.date, short: bool = False) -> str:
        """ "4 mrt" for a day; "week 10 (2 mrt)" for a week, or only "2 mrt" when ``short``."""
        if self.per_day or short:
            return f"{start.day} {SHORT_MONTHS[start.month - 1]}"
        return f"week {start.isocalendar()[1]} ({start.day} {SHORT_MONTHS[start.month - 1]})"

    def query(self) -> dict[str, str]:
        """The query parameters that choose this period again (links and CSV downloads)."""
        if self.kind == "eigen":
            return {
                "periode": "eigen",
                "van": self.start.isoformat(),
                "tot": self.last_day.isoformat(),
            }
        return {"periode": self.kind, "datum": self.start.isoformat()}


# A sane range: no school year outside it, and no week or month of it runs past the limits
# of Python's dates (0001-01-01 and 9999-12-31 used to end in a 500).
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)


class OutOfRange(ValueError):
    """A date outside :data:`FIRST_DAY` .. :data:`LAST_DAY`; the page answers 422 in Dutch."""

    def __init__(self, day: dt.date) -> None:
        super().__init__(f"{day.isoformat()} valt buiten {FIRST_DAY} .. {LAST_DAY}")
        self.day = day

    @property
    def dutch(self) -> str:
        return (
            f"Kies een datum tussen {day_words(FIRST_DAY)} en {day_words(LAST_DAY)}."
            f" {day_words(self.day)} kan niet."
        )


def _in_range(day: dt.date | None) -> dt.date | None:
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise OutOfRange(day)
    return day


def _date(text: str | None) -> dt.date | None:
    try:
        day = dt.date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None
    return _in_range(day)


def make_period(kind: str, day: dt.date, zone: ZoneInfo, until: dt.date | None = None) -> Period:
    """The week, month or school year around ``day``, or ``day`` to ``until`` (both included)."""
    if kind == "week":
        start = day - dt.timedelta(days=day.weekday())
        return Period(kind, start, start + dt.timedelta(days=7), zone)
    if kind == "maand":
        start = day.replace(day=1)
        following = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return Period(kind, start, following, zone)
    if kind == "eigen":
        last = until or day
        first, last = min(day, last), max(day, last)
        last = min(last, first + dt.timedelta(days=MAX_DAYS - 1))
        return Period(kind, first, last + dt.timedelta(days=1), zone)
    start = school_year_start(day)
    return Period("schooljaar", start, dt.date(start.year + 1, 8, 1), zone)


def parse_period(params: Mapping[str, str], today: dt.date, zone: ZoneInfo) -> Period:
    """The period the page asks for (``periode``, ``datum``, or ``van`` and ``tot``).

    :class:`OutOfRange` for a date outside the sane range (a 422, not a 500).
    """
    kind = params.get("periode", "")
    if kind not in KINDS:
        kind = "schooljaar"
    if kind == "eigen":
        first, last = _date(params.get("van")), _date(params.get("tot"))
        if first is None and last is None:
            return make_period("schooljaar", today, zone)
        return make_period("eigen", first or last or today, zone, last or first)
    return make_period(kind, _date(params.get("datum")) or today, zone)
