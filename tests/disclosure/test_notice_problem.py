"""notice_problem: why the listing venue's rules keep a material release from going public now."""

import datetime as dt
import zoneinfo
from types import SimpleNamespace

from disclosure.exchange import notice_problem
from disclosure.models import ExchangeNotice

ET = zoneinfo.ZoneInfo("America/New_York")


def et(hour, minute=0, day=2):
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=ET)


def release(*, material=True, exchange="nasdaq", release_at=None):
    """A stand-in for a press release: only what the rule reads."""
    profile = SimpleNamespace(exchange=exchange)
    return SimpleNamespace(pk=1, is_material=material, profile=profile, release_at=release_at)


def notice(notified_at, release_at=None):
    return ExchangeNotice(notified_at=notified_at, release_at=release_at)


def test_news_that_is_not_material_is_never_held():
    """Only material news waits for the exchange."""
    assert notice_problem(release(material=False, release_at=et(10, 30)), now=et(10, 30), notices=[]) is None


def test_inside_the_window_without_a_notice_it_is_held():
    """Nasdaq's window asks for a notice ten minutes ahead; none recorded, the release waits."""
    problem = notice_problem(release(release_at=et(10, 30)), now=et(10, 30), notices=[])
    assert problem.startswith("Material release inside Nasdaq's notice window")
    assert "10:20 a.m. ET" in problem


def test_a_notice_in_time_for_this_release_time_lets_it_go():
    """A notice given by the deadline, for the time the release goes public, is enough."""
    page = release(release_at=et(10, 30))
    assert notice_problem(page, now=et(10, 30), notices=[notice(et(10, 15), release_at=et(10, 30))]) is None


def test_a_late_notice_does_not_count():
    """Notified after the deadline (five minutes before the time): still held."""
    page = release(release_at=et(10, 30))
    assert notice_problem(page, now=et(10, 30), notices=[notice(et(10, 25), release_at=et(10, 30))])


def test_a_notice_for_another_release_time_does_not_count():
    """A reschedule needs a new notice: one given for the old time covers nothing."""
    page = release(release_at=et(10, 30))
    assert notice_problem(page, now=et(10, 30), notices=[notice(et(9, 0), release_at=et(11, 0))])


def test_outside_the_window_a_notice_is_asked_but_nothing_is_held():
    """At 8 p.m. Nasdaq asks for a notice by the next morning, which does not block the release."""
    assert notice_problem(release(release_at=et(20, 0)), now=et(20, 0), notices=[]) is None


def test_the_closing_blackout_holds_it_whatever_the_notices():
    """Between 4:00 and 4:05 p.m. ET material news waits, notice or not."""
    page = release(exchange="nyse", release_at=et(16, 2))
    problem = notice_problem(page, now=et(16, 2), notices=[notice(et(9, 0))])
    assert problem.startswith("Material news is not released between 4:00 and 4:05 p.m. ET")


def test_approved_after_its_time_it_is_judged_at_the_moment_it_would_go_public():
    """A release timed at 3:30 p.m. but approved at 4:01 p.m. would go out in the blackout."""
    assert notice_problem(release(exchange="nyse", release_at=et(15, 30)), now=et(16, 1), notices=[])


def test_venues_without_rules_hold_nothing():
    """OTC and unlisted companies have no notice rule."""
    for exchange in ("otc", "none"):
        assert notice_problem(release(exchange=exchange, release_at=et(10, 30)), now=et(10, 30), notices=[]) is None
