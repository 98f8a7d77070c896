"""Exchange notice before material news: the listing venue's rules as data, and the checks built on them.

Wires do not notify the exchange; the company must (shared DOMAIN notes):

- Nasdaq (Rule 5250(b)(1), IM-5250-1): notify MarketWatch at least 10 minutes before material
  news released between 7:00 a.m. and 8:00 p.m. ET; for a release outside that window, by
  6:50 a.m. ET (the next morning's, for an evening release). Avoid 4:00 to 4:05 p.m. ET.
- NYSE (Listed Company Manual 202.05/202.06): call at least 10 minutes before material news
  released between 7:00 a.m. and 4:00 p.m. ET; after the close, wait until 4:05 p.m. ET.
  NYSE American is treated the same way here.
- OTC Markets and "not listed": no notice rule, the checks are off.

The rules are read on the exchange's clock (ET) whatever the company's market time zone.
Inside the window a material release cannot go live without a recorded notice given at least
the lead time before it goes public (disclosure.guard asks ``notice_problem`` at go-live), and
a material release timed between 4:00 and 4:05 p.m. ET is refused when it is drafted
(``check_release_time``, plugged into the release form through IR_RELEASE_TIME_CHECKS) and
again at go-live. That window is company.market_time's ``CLOSING_BLACKOUT``, the one rule the
release preflight also reads (it only warns, about releases that are not material).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from company import market_time
from company.market_time import CLOSING_BLACKOUT as CLOSING_BLACKOUT  # the one window, named here too
from company.market_time import EXCHANGE_TZ
from disclosure.models import ExchangeNotice

NOTICE_LEAD = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class VenueRule:
    """One listing venue's notice rule, in ET."""

    name: str
    window_start: dt.time
    window_end: dt.time
    outside_deadline: dt.time | None = None  # Nasdaq: by 6:50 a.m. ET for releases outside the window

    def in_window(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(EXCHANGE_TZ).time()
        return self.window_start <= local < self.window_end


VENUE_RULES: dict[str, VenueRule] = {
    "nasdaq": VenueRule("Nasdaq", dt.time(7, 0), dt.time(20, 0), outside_deadline=dt.time(6, 50)),
    "nyse": VenueRule("NYSE", dt.time(7, 0), dt.time(16, 0)),
    "nyse_american": VenueRule("NYSE American", dt.time(7, 0), dt.time(16, 0)),
}


def _et(moment: dt.datetime) -> str:
    local = moment.astimezone(EXCHANGE_TZ)
    hour = local.strftime("%I").lstrip("0")
    meridiem = "a.m." if local.hour < 12 else "p.m."
    return f"{hour}:{local:%M} {meridiem} ET on {local:%b} {local.day}, {local.year}"


@dataclass(frozen=True)
class NoticeRequirement:
    """What the venue asks for a release at a given time."""

    venue: str
    in_window: bool
    notify_by: dt.datetime  # the latest moment the exchange may be notified
    blocking: bool  # True: a material release cannot go live without the notice

    @property
    def summary(self) -> str:
        if self.in_window:
            return (
                f"Inside {self.venue}'s notice window: notify {self.venue} by {_et(self.notify_by)} "
                f"({int(NOTICE_LEAD.total_seconds() // 60)} minutes before the release time)."
            )
        return f"Outside {self.venue}'s notice window: notify {self.venue} by {_et(self.notify_by)}."


def notice_requirement(exchange: str, release_at: dt.datetime) -> NoticeRequirement | None:
    """The notice the venue asks for a release going public at `release_at`; None when it asks none."""
    rule = VENUE_RULES.get(exchange)
    if rule is None:
        return None
    if rule.in_window(release_at):
        return NoticeRequirement(rule.name, True, release_at - NOTICE_LEAD, blocking=True)
    if rule.outside_deadline is None:
        return None
    local = release_at.astimezone(EXCHANGE_TZ)
    day = local.date() if local.time() < rule.window_start else local.date() + dt.timedelta(days=1)
    deadline = dt.datetime.combine(day, rule.outside_deadline, tzinfo=EXCHANGE_TZ)
    return NoticeRequirement(rule.name, False, deadline, blocking=False)


def in_closing_blackout(exchange: str, moment: dt.datetime) -> bool:
    """The closing blackout (company.market_time's one rule), on the venues whose notice rules apply."""
    return exchange in VENUE_RULES and market_time.in_closing_blackout(moment)


BLACKOUT_MESSAGE = (
    "Material news is not released between 4:00 and 4:05 p.m. ET: the exchange sets its closing price then "
    "({venue}). Choose 4:05 p.m. ET or later, or before 4:00 p.m."
)


def check_release_time(page) -> None:
    """IR_RELEASE_TIME_CHECKS: refuse a material release timed inside the closing blackout."""
    if not page.is_material or page.release_at is None:
        return
    exchange = page.profile.exchange
    if in_closing_blackout(exchange, page.release_at):
        venue = VENUE_RULES[exchange].name
        raise ValidationError({"release_at": BLACKOUT_MESSAGE.format(venue=venue)})


def effective_release_time(page, now: dt.datetime | None = None) -> dt.datetime:
    """When the release actually goes public: its time, or now if approved after it."""
    now = now or timezone.now()
    return max(page.release_at, now) if page.release_at else now


def notice_problem(page, now: dt.datetime | None = None, *, notices=None) -> str | None:
    """Why a material release may not go live now under the venue's rules, or None.

    `notices`: the page's exchange notices when the caller has them (one list for many rows).
    """
    if not page.is_material:
        return None
    exchange = page.profile.exchange
    going_public = effective_release_time(page, now)
    if in_closing_blackout(exchange, going_public):
        return BLACKOUT_MESSAGE.format(venue=VENUE_RULES[exchange].name)
    requirement = notice_requirement(exchange, going_public)
    if requirement is None or not requirement.blocking:
        return None
    if notices is None:
        notices = ExchangeNotice.objects.filter(page_id=page.pk)
    if notice_on_record(notices, page.release_at, requirement.notify_by):
        return None
    return (
        f"Material release inside {requirement.venue}'s notice window: the exchange must be notified by "
        f"{_et(requirement.notify_by)} of its release time {_et(page.release_at or going_public)} and no such "
        "notice is recorded (Admin → Scheduled releases → Record exchange notice)."
    )


def notice_on_record(notices, release_at: dt.datetime | None, notify_by: dt.datetime) -> bool:
    """One of a release's `notices` told the exchange of `release_at`, by `notify_by`.

    A notice tells the exchange when the release goes public; one given for an earlier
    schedule does not cover a new time (records from before the time was kept count for any).
    """
    return any(notice.notified_at <= notify_by and notice.is_for(release_at) for notice in notices)
