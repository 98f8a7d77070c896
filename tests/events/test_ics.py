"""The `.ics` files, parsed with icalendar and held to RFC 5545 as DOMAIN.md (Calendars) reads it.

VCALENDAR with VERSION:2.0 and PRODID; each VEVENT with a stable UID, DTSTAMP in UTC, DTSTART and
DTEND (not DURATION) with TZID=America/New_York and a matching VTIMEZONE; SEQUENCE raised on each
reschedule; STATUS:CANCELLED for a cancelled event (which stays in the subscribed calendar); CRLF
line ends, lines folded at 75 octets; served as text/calendar; charset=utf-8.
"""

import datetime as dt
import re
import zoneinfo

from django.utils.http import http_date

import pytest
import time_machine

from events.models import CANCELLED, EventPage
from tests.support.events import et, make_event, make_events_index, parse_calendar, republish, vevents

pytestmark = pytest.mark.django_db

NOW = et(2027, 2, 1, 12)
SLUG = "fourth-quarter-2026-results-conference-call"
EVENT_ICS = f"/events/{SLUG}/event.ics"


def assert_rfc5545(response) -> None:
    """What every calendar file must be, whatever it holds (checked on the raw bytes and the parse)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)  # CRLF only, no bare LF
    assert all(len(line) <= 75 for line in lines), [line for line in lines if len(line) > 75]
    calendar = parse_calendar(response)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Tecogen Inc.//Investor relations events//EN"
    assert calendar.subcomponents, "a VCALENDAR needs at least one component"
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    for event in vevents(calendar):
        assert event["UID"] and event["DTSTAMP"] and event["DTSTART"] and event["DTEND"]
        assert "DURATION" not in event
        assert event["DTSTAMP"].dt.utcoffset() == dt.timedelta(0)
        for name in ("DTSTART", "DTEND"):
            assert event[name].params["TZID"] == "America/New_York"
            assert event[name].params["TZID"] in zones
        assert event["STATUS"] in ("CONFIRMED", "CANCELLED")
    assert all(re.fullmatch(rb"DTSTAMP:\d{8}T\d{6}Z", line) for line in lines if line.startswith(b"DTSTAMP"))
    for match in re.finditer(rb"^(DTSTART|DTEND)[;:].*$", raw, re.MULTILINE):
        line = match.group(0)
        if b"TZID" not in line:
            continue  # the VTIMEZONE's own onsets are local times without a TZID
        assert line.startswith((b"DTSTART;TZID=America/New_York:", b"DTEND;TZID=America/New_York:"))


@time_machine.travel(NOW, tick=False)
def test_event_ics_is_a_valid_calendar_of_the_event_in_market_time(client, index, django_assert_max_num_queries):
    """One VEVENT: its UID, times in ET with their VTIMEZONE, where to join, the page's URL; a named download."""
    event = make_event(
        index,
        summary="Management will discuss fourth quarter 2026 results, with a question-and-answer session after.",
        dial_in_numbers="US toll-free: +1 888 555 0100",
        dial_in_passcode="13745",
    )
    with django_assert_max_num_queries(5):
        response = client.get(EVENT_ICS)
    assert_rfc5545(response)
    assert response["Content-Disposition"] == f'attachment; filename="{SLUG}.ics"'
    [entry] = vevents(parse_calendar(response))
    assert str(entry["UID"]) == f"{event.event_uid}@localhost"
    assert entry["DTSTART"].dt == et(2027, 3, 4, 16, 30)
    assert entry["DTSTART"].dt.utcoffset() == dt.timedelta(hours=-5)
    assert entry["DTEND"].dt == et(2027, 3, 4, 17, 30)
    assert entry["DTSTAMP"].dt == event.last_published_at.replace(microsecond=0)
    assert entry["SEQUENCE"] == 0
    assert entry["STATUS"] == "CONFIRMED"
    assert str(entry["SUMMARY"]) == "Fourth quarter 2026 results conference call"
    assert str(entry["LOCATION"]) == "https://webcast.example.com/tecogen-q4"
    assert str(entry["URL"]) == f"http://localhost/events/{SLUG}/"
    description = str(entry["DESCRIPTION"])
    assert "Webcast: https://webcast.example.com/tecogen-q4" in description
    assert "US toll-free: +1 888 555 0100" in description and "Passcode: 13745" in description


@time_machine.travel(NOW, tick=False)
def test_vtimezone_gives_the_right_offsets_in_winter_and_summer(client, index):
    """The VTIMEZONE says EST (-5) in March before daylight saving and EDT (-4) in summer, as zoneinfo does."""
    make_event(index, title="Summer call", slug="summer", start_at=et(2027, 8, 5, 16, 30))
    make_event(index, start_at=et(2027, 3, 4, 16, 30))
    calendar = parse_calendar(client.get("/events/calendar.ics"))
    [zone] = calendar.walk("VTIMEZONE")
    tz = zone.to_tz()
    new_york = zoneinfo.ZoneInfo("America/New_York")
    for moment in (dt.datetime(2027, 3, 4, 16, 30), dt.datetime(2027, 8, 5, 16, 30), dt.datetime(2027, 11, 8, 9)):
        assert moment.replace(tzinfo=tz).utcoffset() == moment.replace(tzinfo=new_york).utcoffset()


@time_machine.travel(NOW, tick=False)
def test_reschedule_raises_sequence_and_keeps_the_uid(client, index):
    """Moved a week: the same UID, SEQUENCE 1, the new times, a later DTSTAMP."""
    event = make_event(index)
    [before] = vevents(parse_calendar(client.get(EVENT_ICS)))
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        republish(event, start_at=et(2027, 3, 11, 16, 30), end_at=et(2027, 3, 11, 17, 30))
    [after] = vevents(parse_calendar(client.get(EVENT_ICS)))
    assert after["UID"] == before["UID"]
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after["DTSTART"].dt == et(2027, 3, 11, 16, 30)
    assert after["DTSTAMP"].dt > before["DTSTAMP"].dt


@time_machine.travel(NOW, tick=False)
def test_cancellation_says_cancelled_raises_sequence_and_stays_in_the_feed(client, index):
    """Cancelled: STATUS:CANCELLED with a higher SEQUENCE, in the event's file and still in the subscribed calendar."""
    event = make_event(index)
    republish(event, status=CANCELLED)
    [entry] = vevents(parse_calendar(client.get(EVENT_ICS)))
    assert entry["STATUS"] == "CANCELLED"
    assert entry["SEQUENCE"] == 1
    assert str(entry["SUMMARY"]).startswith("Cancelled: ")
    assert "Webcast:" not in str(entry["DESCRIPTION"])  # nobody is asked to join a cancelled call
    feed = {str(e["UID"]): e for e in vevents(parse_calendar(client.get("/events/calendar.ics")))}
    assert feed[str(entry["UID"])]["STATUS"] == "CANCELLED"
    assert feed[str(entry["UID"])]["SEQUENCE"] == 1


@time_machine.travel(NOW, tick=False)
def test_subscribed_calendar_holds_live_upcoming_and_recent_events(client, index, django_assert_max_num_queries):
    """The index's calendar: every live event not older than a year, soonest first; no drafts, nothing withdrawn."""
    make_event(index, title="Q4 call", slug="q4", start_at=et(2027, 3, 4, 16, 30))
    make_event(index, title="Q3 call", slug="q3", start_at=et(2026, 11, 5, 16, 30))
    make_event(index, title="Ancient call", slug="ancient", start_at=et(2025, 11, 5, 16, 30))
    make_event(index, title="Draft call", slug="draft", start_at=et(2027, 5, 5, 16, 30), publish=False)
    make_event(index, title="Withdrawn call", slug="withdrawn", start_at=et(2027, 4, 5, 16, 30)).unpublish()
    for day in range(1, 6):
        make_event(index, title=f"Conference {day}", slug=f"conf-{day}", start_at=et(2027, 6, day, 9))
    # The site, the profile, the index and the events (each with the view restrictions), and when the
    # last event left the calendar (its Last-Modified): 7, however many events it holds.
    with django_assert_max_num_queries(7):
        response = client.get("/events/calendar.ics")
    assert_rfc5545(response)
    assert "Content-Disposition" not in response
    calendar = parse_calendar(response)
    assert str(calendar["X-WR-CALNAME"]) == "Tecogen events"
    assert calendar["REFRESH-INTERVAL"].dt == dt.timedelta(hours=6)
    summaries = [str(e["SUMMARY"]) for e in vevents(calendar)]
    assert summaries == ["Q3 call", "Q4 call", *(f"Conference {day}" for day in range(1, 6))]
    uids = [str(e["UID"]) for e in vevents(calendar)]
    assert len(set(uids)) == len(uids)
    assert {str(e["URL"]) for e in vevents(calendar)} >= {"http://localhost/events/q4/", "http://localhost/events/q3/"}


@time_machine.travel(NOW, tick=False)
def test_empty_calendar_is_still_valid(client, index):
    """No events yet: a VCALENDAR with its VTIMEZONE and no VEVENT, valid all the same."""
    response = client.get("/events/calendar.ics")
    assert_rfc5545(response)
    assert vevents(parse_calendar(response)) == []


def test_the_same_calendar_on_every_request(client, index):
    """Nothing in the file depends on when it is fetched (DTSTAMP is the last publication): caches and ETags hold."""
    make_event(index)
    with time_machine.travel(NOW, tick=False):
        first = client.get(EVENT_ICS).content
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        assert client.get(EVENT_ICS).content == first


@pytest.mark.parametrize(
    "url",
    [
        "/events/draft-call/event.ics",
        "/events/withdrawn-call/event.ics",
        "/events/never-existed/event.ics",
        "/events/event.ics",  # the index is not an event
        "/news/calendar.ics",  # the newsroom is not an events index
        "/calendar.ics",
    ],
)
def test_no_ics_for_what_is_not_a_live_event(client, index, newsroom, url):
    """A draft, a withdrawn event, a slug or page of another kind: 404, the same as for nothing at all."""
    make_event(index, title="Draft call", publish=False)
    make_event(index, title="Withdrawn call").unpublish()
    assert client.get(url).status_code == 404


def test_no_calendar_while_the_index_is_not_live(client, home):
    """An events index that is not published has no calendar either."""
    make_events_index(home, publish=False)
    assert client.get("/events/calendar.ics").status_code == 404


def test_ics_refuses_other_methods(client, index):
    """POST to a calendar file is refused (405), not served."""
    make_event(index)
    assert client.post(EVENT_ICS).status_code == 405
    assert client.head(EVENT_ICS).status_code == 200


def test_event_pages_link_to_their_ics(client, index):
    """The page's .ics link and its alternate link in the head both answer with the calendar file."""
    make_event(index)
    page = client.get(f"/events/{SLUG}/").content.decode()
    assert f'href="{EVENT_ICS}"' in page
    assert client.get(EVENT_ICS).status_code == 200
    assert EventPage.objects.get().get_cached_paths() == ["/", "/event.ics"]


def test_download_name_of_an_event_with_a_unicode_slug(client, index):
    """A slug outside ASCII still gives a download name (RFC 6266 filename*), not an error."""
    make_event(index, title="Assemblée générale", slug="assemblée-générale")
    response = client.get("/events/assembl%C3%A9e-g%C3%A9n%C3%A9rale/event.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''assembl%C3%A9e-g%C3%A9n%C3%A9rale.ics"


# -- conditional GET: what a subscribed calendar program sends every few hours -------------------


@time_machine.travel(NOW, tick=False)
def test_event_ics_answers_304_to_a_client_that_has_it_and_200_after_a_reschedule(client, index):
    """ETag and Last-Modified on the file; the same ETag or date back is a 304 without a body; moved, a 200."""
    event = make_event(index)
    first = client.get(EVENT_ICS)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert re.fullmatch(r'"[0-9a-f]{64}"', etag)
    assert modified == http_date(event.last_published_at.timestamp())
    for headers in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": modified}):
        again = client.get(EVENT_ICS, **headers)
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == etag and "public" in again["Cache-Control"]
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        republish(event, start_at=et(2027, 3, 11, 16, 30), end_at=et(2027, 3, 11, 17, 30))
        for headers in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": modified}):
            moved = client.get(EVENT_ICS, **headers)
            assert moved.status_code == 200 and moved["ETag"] != etag
            [entry] = vevents(parse_calendar(moved))
            assert entry["SEQUENCE"] == 1 and entry["DTSTART"].dt == et(2027, 3, 11, 16, 30)


def test_subscribed_calendar_is_not_modified_until_an_event_is_withdrawn(client, index):
    """The calendar's 304 holds while nothing changes; a withdrawn event changes it, though no event was published."""
    with time_machine.travel(NOW, tick=False):
        make_event(index, title="Q4 call", slug="q4")
        conference = make_event(index, title="Conference", slug="conference", start_at=et(2027, 6, 1, 9))
        first = client.get("/events/calendar.ics")
        etag, modified = first["ETag"], first["Last-Modified"]
        assert client.get("/events/calendar.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert client.head("/events/calendar.ics", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        assert client.get("/events/calendar.ics", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
        conference.unpublish()
        for headers in ({"HTTP_IF_NONE_MATCH": etag}, {"HTTP_IF_MODIFIED_SINCE": modified}):
            changed = client.get("/events/calendar.ics", **headers)
            assert changed.status_code == 200
            assert [str(e["SUMMARY"]) for e in vevents(parse_calendar(changed))] == ["Q4 call"]


def test_subscribed_calendar_changes_when_an_event_leaves_it_a_year_on(client, index):
    """An event drops out of the calendar a year after it ended, with no publication: not a 304 to a client's date."""
    with time_machine.travel(NOW - dt.timedelta(days=400), tick=False):
        make_event(index, title="Old call", slug="old", start_at=NOW - dt.timedelta(days=365, hours=-1))
    with time_machine.travel(NOW, tick=False):
        before = client.get("/events/calendar.ics")
        assert [str(e["SUMMARY"]) for e in vevents(parse_calendar(before))] == ["Old call"]
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):
        after = client.get("/events/calendar.ics", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
        assert after.status_code == 200 and vevents(parse_calendar(after)) == []
