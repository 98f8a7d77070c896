"""The four-business-day clock of a Code waiver's disclosure, at its edges (conduct.business_days)."""

import datetime as dt
import zoneinfo

import pytest

from conduct.business_days import (
    add_business_days,
    business_days_between,
    disclosure_due,
    end_of_day,
    federal_holiday,
    is_business_day,
    market_date,
    warning_day,
)

ET = zoneinfo.ZoneInfo("America/New_York")


def et(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ET)


def test_a_friday_decision_is_due_the_next_thursday():
    """Decided on Friday: Monday, Tuesday, Wednesday, Thursday; due Thursday, warned Wednesday."""
    due = disclosure_due(et(2026, 12, 4, 15, 0), ET)
    assert due == dt.date(2026, 12, 10)
    assert due.strftime("%A") == "Thursday"
    assert warning_day(due) == dt.date(2026, 12, 9)


def test_a_weekend_decision_counts_from_the_next_business_day():
    """A board that meets on a Saturday: the four days are Monday to Thursday."""
    assert disclosure_due(et(2026, 12, 5, 10, 0), ET) == dt.date(2026, 12, 10)


def test_the_day_before_thanksgiving():
    """Decided Wednesday 25 Nov 2026: Thanksgiving does not count, the Friday after does; due Wednesday 2 Dec."""
    assert federal_holiday(dt.date(2026, 11, 26)) == "Thanksgiving Day"
    assert is_business_day(dt.date(2026, 11, 27))  # the day after Thanksgiving is no federal holiday
    assert disclosure_due(et(2026, 11, 25, 16, 0), ET) == dt.date(2026, 12, 2)


def test_across_new_year_observed_on_the_friday_before():
    """New Year's Day 2022 fell on a Saturday and was observed on Friday 31 Dec 2021: not a business day."""
    assert "New Year" in federal_holiday(dt.date(2021, 12, 31))
    assert not is_business_day(dt.date(2021, 12, 31))
    # Tuesday 28 Dec: Wed 29, Thu 30, (Fri 31 observed holiday, weekend), Mon 3, Tue 4 Jan.
    assert disclosure_due(et(2021, 12, 28, 11, 0), ET) == dt.date(2022, 1, 4)
    # Christmas 2021 (a Saturday) was observed on Friday 24 Dec.
    assert disclosure_due(et(2021, 12, 23, 11, 0), ET) == dt.date(2021, 12, 30)


def test_across_new_year_observed_on_the_monday_after():
    """New Year's Day 2023 fell on a Sunday and was observed on Monday 2 Jan."""
    assert not is_business_day(dt.date(2023, 1, 2))
    assert disclosure_due(et(2022, 12, 29, 11, 0), ET) == dt.date(2023, 1, 5)


def test_the_date_is_the_market_date_not_utc_across_spring_dst():
    """Thursday 5 Mar 2026 at 11:30 p.m. EST is Friday in UTC: still a Thursday decision, due Wednesday 11 Mar.

    Clocks go forward on Sunday 8 March, so the due day ends at midnight EDT (04:00 UTC), not 05:00.
    """
    decided = et(2026, 3, 5, 23, 30)
    assert decided.astimezone(dt.UTC).date() == dt.date(2026, 3, 6)
    assert market_date(decided, ET) == dt.date(2026, 3, 5)
    due = disclosure_due(decided.astimezone(dt.UTC), ET)
    assert due == dt.date(2026, 3, 11)
    assert end_of_day(due, ET) == dt.datetime(2026, 3, 12, 4, 0, tzinfo=dt.UTC)


def test_across_autumn_dst():
    """Thursday 29 Oct 2026, 11:45 p.m. EDT (Friday in UTC): due Wednesday 4 Nov, ends 05:00 UTC (EST)."""
    decided = et(2026, 10, 29, 23, 45).astimezone(dt.UTC)
    due = disclosure_due(decided, ET)
    assert due == dt.date(2026, 11, 4)
    assert end_of_day(due, ET) == dt.datetime(2026, 11, 5, 5, 0, tzinfo=dt.UTC)


def test_just_after_midnight_et_is_the_next_day():
    """Ten past midnight ET on a Friday is a Friday decision (due Thursday), not the Thursday before."""
    decided = et(2026, 12, 4, 0, 10)
    assert disclosure_due(decided, ET) == dt.date(2026, 12, 10)


def test_warning_day_skips_holidays_and_weekends():
    """The warning comes one business day before the deadline, skipping weekends and observed holidays."""
    assert warning_day(dt.date(2022, 1, 4)) == dt.date(2022, 1, 3)
    assert warning_day(dt.date(2022, 1, 3)) == dt.date(2021, 12, 30)  # Fri 31 Dec observed holiday skipped


def test_other_federal_holidays_observed():
    """Juneteenth 2027 (a Saturday) observed on Friday 18 June; Independence Day 2026 (Saturday) on Friday 3 July."""
    assert not is_business_day(dt.date(2027, 6, 18))
    assert not is_business_day(dt.date(2026, 7, 3))
    assert add_business_days(dt.date(2026, 7, 2), 1) == dt.date(2026, 7, 6)


def test_business_days_between():
    """The register's "days left": business days after one date up to and including another."""
    assert business_days_between(dt.date(2026, 12, 4), dt.date(2026, 12, 10)) == 4
    assert business_days_between(dt.date(2026, 12, 10), dt.date(2026, 12, 10)) == 0


def test_a_naive_time_is_refused():
    """Stored times are UTC and aware: a naive one has no market date, and saying so beats guessing."""
    with pytest.raises(ValueError, match="naive"):
        market_date(dt.datetime(2026, 12, 4, 15, 0), ET)
