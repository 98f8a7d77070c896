"""iCalendar (RFC 5545) for events: one event's `.ics` file, and the calendar investors subscribe to.

Written with `icalendar`, which folds lines at 75 octets, ends them with CRLF and escapes text.
What the rules need from us (/work/shared/DOMAIN.md, Calendars):

- `VERSION:2.0` and a `PRODID`; at least one component (the `VTIMEZONE` is always there, so a
  calendar with no events yet is still a valid one);
- each `VEVENT` with a `UID` that never changes (`<uuid>@<host>`, EventPage.calendar_uid), a
  `DTSTAMP` in UTC, `DTSTART` and `DTEND` (never `DURATION` as well) with
  `TZID=<market time zone>` (America/New_York) and the matching `VTIMEZONE`, generated from
  zoneinfo for the years the events span;
- `SEQUENCE` raised on each published reschedule (events.services.next_sequence), and
  `STATUS:CANCELLED` for a cancelled event, which stays in the calendar so subscribers' copies
  change too (`CONFIRMED` otherwise).

No METHOD: these are published calendars, not invitations, so DTSTAMP says when the event's
entry last changed (its last publication), and the output is the same on every request.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from django.utils import timezone

from icalendar import Calendar, Event, Timezone

from company.models import CompanyProfile
from events.models import CANCELLED, EventPage

CONTENT_TYPE = "text/calendar; charset=utf-8"
# How often calendar programs that subscribe fetch the calendar again (RFC 7986 REFRESH-INTERVAL,
# and X-PUBLISHED-TTL, which Outlook and Apple Calendar read).
REFRESH = dt.timedelta(hours=6)
# The subscribed calendar holds every upcoming event and those of the last year.
PAST_IN_FEED = dt.timedelta(days=365)


def _prodid(profile: CompanyProfile) -> str:
    return f"-//{profile.legal_name}//Investor relations events//EN"


def _description(event: EventPage, url: str) -> str:
    """The entry's notes: the summary, how to join, the page (where slides and replay appear)."""
    parts = []
    if event.is_cancelled:
        parts.append("This event has been cancelled.")
    if event.summary:
        parts.append(event.summary.strip())
    if not event.is_cancelled:
        if event.webcast_url:
            parts.append(f"Webcast: {event.webcast_url}")
        if event.location.strip():
            parts.append(f"Location: {event.location.strip()}")
        dial_in = [f"{line.label}: {line.number}" if line.number else line.label for line in event.dial_in]
        if dial_in:
            parts.append("Dial-in: " + "; ".join(dial_in))
        if event.dial_in_passcode:
            parts.append(f"Passcode: {event.dial_in_passcode}")
    parts.append(f"Details, slides and replay: {url}")
    return "\n\n".join(parts)


def event_component(event: EventPage, tz: zoneinfo.ZoneInfo, url: str, host: str) -> Event:
    """One event's VEVENT, its times in the market time zone; `host` is the site's, for the UID."""
    entry = Event()
    entry.add("uid", event.calendar_uid(host))
    changed = event.last_published_at or timezone.now()
    entry.add("dtstamp", changed.astimezone(dt.UTC))
    entry.add("last-modified", changed.astimezone(dt.UTC))
    if event.first_published_at:
        entry.add("created", event.first_published_at.astimezone(dt.UTC))
    entry.add("dtstart", event.start_at.astimezone(tz))
    entry.add("dtend", event.end_at.astimezone(tz))
    entry.add("sequence", event.sequence)
    entry.add("status", "CANCELLED" if event.status == CANCELLED else "CONFIRMED")
    entry.add("summary", f"Cancelled: {event.title}" if event.is_cancelled else event.title)
    entry.add("description", _description(event, url))
    if event.calendar_location:
        entry.add("location", event.calendar_location)
    entry.add("url", url)
    entry.add("categories", [event.get_kind_display()])
    if event.is_quiet_period:
        # Weeks long and not attended: shown in subscribers' calendars without marking them busy.
        entry.add("transp", "TRANSPARENT")
    return entry


def _timezone(tz: zoneinfo.ZoneInfo, events: list[EventPage]) -> Timezone:
    """The VTIMEZONE for the years the events span (this year's when there are none)."""
    if events:
        first_year = min(e.start_at.astimezone(tz).year for e in events)
        last_year = max(e.end_at.astimezone(tz).year for e in events)
    else:
        first_year = last_year = timezone.localtime(timezone.now(), tz).year
    return Timezone.from_tzid(tz.key, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year + 1, 1, 1))


def write_calendar(
    events: Iterable[EventPage],
    *,
    profile: CompanyProfile,
    urls: dict[int, str],
    host: str,
    name: str | None = None,
) -> bytes:
    """A VCALENDAR of `events` (`urls`: page id -> the event page's absolute URL; `host`: the site's
    hostname, for the UIDs); `name` for a subscribed calendar."""
    events = list(events)
    tz = profile.tz
    calendar = Calendar()
    calendar.add("prodid", _prodid(profile))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", tz.key)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH)
    calendar.add_component(_timezone(tz, events))
    for event in events:
        calendar.add_component(event_component(event, tz, urls[event.pk], host))
    return calendar.to_ical()


def calendar_name(profile: CompanyProfile) -> str:
    """`Tecogen events`: how a calendar program names the subscribed calendar."""
    return f"{profile.short_name} events"


def feed_events(events, now: dt.datetime):
    """What the subscribed calendar holds: upcoming events and those of the last year, cancelled ones included."""
    return events.filter(end_at__gte=now - PAST_IN_FEED).order_by("start_at", "pk")
