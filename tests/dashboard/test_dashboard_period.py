"""The dashboard's periods: week from Monday, month, school year from 1 August, own dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.dashboard.period import make_period, parse_period, school_year_start

ZONE = ZoneInfo("Europe/Amsterdam")
TODAY = dt.date(2026, 12, 3)  # a Thursday


def test_a_week_runs_from_monday_to_sunday() -> None:
    week = make_period("week", TODAY, ZONE)
    assert (week.start, week.last_day) == (dt.date(2026, 11, 30), dt.date(2026, 12, 6))
    assert week.label.startswith("week 49") and week.per_day


def test_a_month_ends_at_the_first_of_the_next_one_also_in_december() -> None:
    month = make_period("maand", TODAY, ZONE)
    assert (month.start, month.end) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert month.label == "december 2026"


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (dt.date(2026, 7, 31), dt.date(2025, 8, 1)),
        (dt.date(2026, 8, 1), dt.date(2026, 8, 1)),
        (dt.date(2026, 1, 15), dt.date(2025, 8, 1)),
    ],
)
def test_the_school_year_starts_on_1_august(day: dt.date, start: dt.date) -> None:
    assert school_year_start(day) == start
    year = make_period("schooljaar", day, ZONE)
    assert year.start == start and year.end == dt.date(start.year + 1, 8, 1)
    assert year.label == f"schooljaar {start.year}–{start.year + 1}" and not year.per_day


def test_an_own_period_includes_both_days_and_accepts_them_swapped() -> None:
    own = parse_period({"periode": "eigen", "van": "2026-03-10", "tot": "2026-03-01"}, TODAY, ZONE)
    assert (own.start, own.last_day, own.days) == (dt.date(2026, 3, 1), dt.date(2026, 3, 10), 10)
    long = parse_period({"periode": "eigen", "van": "2000-01-01", "tot": "2026-01-01"}, TODAY, ZONE)
    assert long.days == 3 * 366


def test_what_cannot_be_read_falls_back_to_this_school_year() -> None:
    for params in ({}, {"periode": "eeuw"}, {"periode": "maand", "datum": "gisteren"}):
        period = parse_period(params, TODAY, ZONE)
        assert period.kind in ("schooljaar", "maand")
        assert period.start in (dt.date(2026, 8, 1), dt.date(2026, 12, 1))
    assert parse_period({"periode": "eigen"}, TODAY, ZONE).kind == "schooljaar"


def test_bounds_are_the_school_days_midnights_in_utc() -> None:
    start, end = make_period("schooljaar", TODAY, ZONE).bounds()
    assert start == dt.datetime(2026, 7, 31, 22, 0, tzinfo=dt.timezone.utc)  # summer time
    assert end == dt.datetime(2027, 7, 31, 22, 0, tzinfo=dt.timezone.utc)
    winter = make_period("maand", TODAY, ZONE).bounds()[0]
    assert winter == dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.timezone.utc)


def test_a_moment_just_after_midnight_counts_on_the_school_day() -> None:
    week = make_period("week", TODAY, ZONE)
    monday_0030 = dt.datetime(2026, 11, 29, 23, 30, tzinfo=dt.timezone.utc)  # 00:30 Monday
    assert week.bucket_of(monday_0030) == dt.date(2026, 11, 30)
    year = make_period("schooljaar", TODAY, ZONE)
    assert year.bucket_of(monday_0030) == dt.date(2026, 11, 30)  # the week's Monday
    assert year.bucket_starts()[0] == dt.date(2026, 7, 27)  # the week 1 August falls in
    assert len(year.bucket_starts()) == 53


def test_the_query_chooses_the_same_period_again() -> None:
    for period in (
        make_period("week", TODAY, ZONE),
        make_period("eigen", dt.date(2026, 2, 1), ZONE, dt.date(2026, 2, 20)),
    ):
        assert parse_period(period.query(), TODAY, ZONE) == period
