"""US federal business days: the clock of a Code waiver's disclosure (four business days).

Form 8-K Item 5.05 (and Nasdaq Rule 5610) give four business days from the board's decision.
The SEC's "business day" (Rule 0-3, Regulation S-T) is any day but a Saturday, a Sunday or a
federal holiday. The holidays are the federal legal holidays of 5 U.S.C. 6103 with their
observed dates (a holiday on a Saturday is observed the Friday before, on a Sunday the Monday
after: New Year's Day 2022, a Saturday, was observed on Friday 31 December 2021), from the
maintained `holidays` package (its "public" category for the US, no state), never a list of
our own. Closures ordered ad hoc by executive order (a Christmas Eve, a national day of
mourning) are not counted: the deadline is then a day early, never late.

Days are counted in the company's market time zone: a decision at 11:30 p.m. ET on a Friday
is a Friday decision, whatever the UTC date. Plain functions, no model.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

import holidays

DISCLOSURE_BUSINESS_DAYS = 4


@functools.cache
def _federal_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("US", years=year, categories=(holidays.PUBLIC,))


def federal_holiday(day: dt.date) -> str | None:
    """The federal holiday (observed) on `day`, or None."""
    # A year's calendar can hold the next year's New Year's Day observed on 31 December.
    return _federal_holidays(day.year).get(day)


def is_business_day(day: dt.date) -> bool:
    """Not a Saturday, a Sunday or a federal holiday (observed)."""
    return day.weekday() < 5 and federal_holiday(day) is None


def next_business_day(day: dt.date) -> dt.date:
    """The first business day after `day`."""
    day += dt.timedelta(days=1)
    while not is_business_day(day):
        day += dt.timedelta(days=1)
    return day


def previous_business_day(day: dt.date) -> dt.date:
    """The last business day before `day`."""
    day -= dt.timedelta(days=1)
    while not is_business_day(day):
        day -= dt.timedelta(days=1)
    return day


def add_business_days(day: dt.date, count: int) -> dt.date:
    """The `count`-th business day after `day` (the day itself not counted, business day or not)."""
    for _ in range(count):
        day = next_business_day(day)
    return day


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_business_day(day)
    return count


def market_date(moment: dt.datetime, tz: zoneinfo.ZoneInfo) -> dt.date:
    """The calendar date of an aware moment in the market time zone."""
    if moment.tzinfo is None:
        raise ValueError("A naive datetime has no market date: give an aware one (stored times are UTC).")
    return moment.astimezone(tz).date()


def end_of_day(day: dt.date, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """The last moment of `day` in the market time zone, in UTC (the next midnight, exclusive)."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return midnight.astimezone(dt.UTC)


def disclosure_due(decided_at: dt.datetime, tz: zoneinfo.ZoneInfo, days: int = DISCLOSURE_BUSINESS_DAYS) -> dt.date:
    """The last day to disclose a waiver decided at `decided_at`: the fourth business day after its market date.

    A decision on a Friday is due the next Thursday; on a Saturday, the next Thursday too (the
    days counted are the business days after the decision's date).
    """
    return add_business_days(market_date(decided_at, tz), days)


def warning_day(due: dt.date) -> dt.date:
    """One business day before the deadline: when the register and the dashboard start warning."""
    return previous_business_day(due)
