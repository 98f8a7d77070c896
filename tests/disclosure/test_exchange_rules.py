"""The listing venues' notice rules, read on the exchange's clock (ET), as a table."""

import datetime as dt
import zoneinfo

import pytest

from disclosure.exchange import in_closing_blackout, notice_requirement

ET = zoneinfo.ZoneInfo("America/New_York")


def et(day, hour, minute=0):
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=ET)


# venue, release time (ET), in window?, notify by (ET) or None when no notice is asked
CASES = [
    ("nasdaq", et(2, 10, 30), True, et(2, 10, 20)),
    ("nasdaq", et(2, 7, 0), True, et(2, 6, 50)),
    ("nasdaq", et(2, 19, 59), True, et(2, 19, 49)),
    ("nasdaq", et(2, 20, 0), False, et(3, 6, 50)),  # evening: by 6:50 a.m. the next morning
    ("nasdaq", et(2, 6, 0), False, et(2, 6, 50)),  # early morning: by 6:50 a.m. that morning
    ("nyse", et(2, 15, 59), True, et(2, 15, 49)),
    ("nyse", et(2, 16, 30), False, None),  # after the close: no notice rule, only the 4:05 wait
    ("nyse", et(2, 6, 59), False, None),
    ("nyse_american", et(2, 9, 0), True, et(2, 8, 50)),
    ("otc", et(2, 10, 30), False, None),
    ("none", et(2, 10, 30), False, None),
]


@pytest.mark.parametrize(("venue", "release_at", "in_window", "notify_by"), CASES)
def test_notice_requirement(venue, release_at, in_window, notify_by):
    requirement = notice_requirement(venue, release_at.astimezone(dt.UTC))
    if notify_by is None:
        assert requirement is None
        return
    assert requirement.in_window is in_window
    assert requirement.blocking is in_window
    assert requirement.notify_by == notify_by


def test_rules_follow_daylight_saving():
    """10:30 a.m. ET in July (EDT) and December (EST) are both inside the window."""
    summer = dt.datetime(2026, 7, 1, 14, 30, tzinfo=dt.UTC)  # 10:30 EDT
    winter = dt.datetime(2026, 12, 2, 15, 30, tzinfo=dt.UTC)  # 10:30 EST
    assert notice_requirement("nasdaq", summer).notify_by.astimezone(ET).time() == dt.time(10, 20)
    assert notice_requirement("nasdaq", winter).notify_by.astimezone(ET).time() == dt.time(10, 20)


@pytest.mark.parametrize(
    ("venue", "moment", "refused"),
    [
        ("nasdaq", et(2, 16, 0), True),
        ("nasdaq", et(2, 16, 4), True),
        ("nasdaq", et(2, 16, 5), False),
        ("nyse", et(2, 15, 59), False),
        ("nyse", et(2, 16, 2), True),
        ("otc", et(2, 16, 2), False),
        ("none", et(2, 16, 2), False),
    ],
)
def test_closing_blackout(venue, moment, refused):
    assert in_closing_blackout(venue, moment) is refused
