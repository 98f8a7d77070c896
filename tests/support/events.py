"""Events for tests: the index, events published the way the demo publishes them, their calendars parsed."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from icalendar import Calendar

from company.models import HomePage
from disclosure.guard import historical_record
from events.models import EventIndexPage, EventPage

ET = zoneinfo.ZoneInfo("America/New_York")


def et(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A wall-clock time in ET, as the editor enters it."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=ET)


def make_events_index(home: HomePage, *, publish: bool = True) -> EventIndexPage:
    """`/events/` under the home page, live unless publish=False."""
    index = home.add_child(instance=EventIndexPage(title="Events and presentations", slug="events", live=False))
    revision = index.save_revision()
    if publish:
        with historical_record("test fixture"):
            revision.publish()
    return EventIndexPage.objects.get(pk=index.pk)


def make_event(
    index: EventIndexPage,
    *,
    title: str = "Fourth quarter 2026 results conference call",
    start_at: dt.datetime | None = None,
    end_at: dt.datetime | None = None,
    publish: bool = True,
    releases=(),
    **fields,
) -> EventPage:
    """An event under the index (an hour's earnings call with a webcast by default), published unless told not to."""
    start_at = start_at or et(2027, 3, 4, 16, 30)
    fields.setdefault("webcast_url", "https://webcast.example.com/tecogen-q4")
    event = EventPage(
        title=title, start_at=start_at, end_at=end_at or start_at + dt.timedelta(hours=1), live=False, **fields
    )
    index.add_child(instance=event)
    for release in releases:
        event.related_releases.create(release=release)
    revision = event.save_revision()
    if publish:
        with historical_record("test fixture"):
            revision.publish()
    return EventPage.objects.get(pk=event.pk)


def republish(event: EventPage, **changes) -> EventPage:
    """A new revision of the event with `changes`, published as the Disclosure Policy would."""
    draft = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    revision = draft.save_revision()
    with historical_record("test fixture"):
        revision.publish()
    return EventPage.objects.get(pk=event.pk)


def event_form(**overrides) -> dict:
    """The page editor's POST for a new event: the annual meeting, 9:00 to 10:00 ET on Jan. 14, 2027."""
    data = {
        "title": "Annual Meeting of Stockholders",
        "slug": "annual-meeting-2027",
        "kind": "annual_meeting",
        "status": "scheduled",
        "start_at": "2027-01-14 09:00",
        "end_at": "2027-01-14 10:00",
        "related_releases-TOTAL_FORMS": "0",
        "related_releases-INITIAL_FORMS": "0",
        "related_releases-MIN_NUM_FORMS": "0",
        "related_releases-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def parse_calendar(response) -> Calendar:
    """The response's body read back with icalendar (which refuses what is not iCalendar)."""
    return Calendar.from_ical(response.content)


def vevents(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


# -- the .ics routes ------------------------------------------------------------------------
# -- browser journeys (tests/e2e/test_events_journey.py) ----------------------------------------

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, axe_path) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as shown (rule, impact, help, where)."""
    page.add_script_tag(path=str(axe_path))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"], "where": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the screen (0 or less: it fits)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
