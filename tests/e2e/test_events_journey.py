"""Events in a real browser: an investor finds the events, opens one, adds it to a calendar.

1. At 1366 px: `/events/` lists the demo's two upcoming events (soonest first) and its past call,
   times in ET; the earnings call's page says when and how to join; "Add to calendar (.ics)"
   downloads `<slug>.ics`, which icalendar reads as the call (TZID=America/New_York with its
   VTIMEZONE, a UID, SEQUENCE); the subscribable calendar is served as text/calendar; the past
   call's page links its slides, which are served.
2. The index and the event pages at 1366 and 375 px: no WCAG 2.1 A/AA violation (axe-core), and
   nothing wider than a 375 px screen.
"""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.e2e.conftest import AXE
from tests.support.events import axe_violations, horizontal_overflow

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
VIEWPORTS = {
    1366: {"viewport": {"width": 1366, "height": 900}},
    375: {"viewport": {"width": 375, "height": 740}, "is_mobile": True},
}
EARNINGS = "/events/fourth-quarter-results-conference-call/"
CONFERENCE = "/events/winter-clean-energy-investor-conference/"
PAST = "/events/third-quarter-results-conference-call/"
PAGES = {"events": "/events/", "earnings-call": EARNINGS, "conference": CONFERENCE, "past-call": PAST}


@pytest.fixture(scope="module")
def events_site(site):
    """The journey's site: the demo builder has made its events."""
    return site


def test_investor_finds_an_event_and_adds_it_to_a_calendar(sessions, events_site, tmp_path):
    page = sessions.open("investor", login=False, **VIEWPORTS[1366])
    problems = []
    page.on("pageerror", lambda error: problems.append(error))

    # -- the index ---------------------------------------------------------------------------
    page.goto("/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events and presentations", timeout=TIMEOUT)
    upcoming = page.locator("section", has=page.get_by_role("heading", name="Upcoming events", exact=True))
    expect(upcoming.locator(".event-summary__title")).to_have_text(
        ["Fourth quarter results conference call", "Winter Clean Energy Investor Conference"]
    )
    past = page.locator("section", has=page.get_by_role("heading", name="Past events", exact=True))
    expect(past.locator(".event-summary__title")).to_have_text(["Third quarter results conference call"])
    expect(upcoming.locator("time").first).to_have_text(re.compile(r", 4:30 to 5:30 p\.m\. ET$"))
    sessions.shot(page, "events-index")

    # -- the earnings call's page ------------------------------------------------------------------
    upcoming.get_by_role("link", name="Fourth quarter results conference call", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(EARNINGS) + "$"), timeout=TIMEOUT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Fourth quarter results conference call")
    expect(page.locator(".event__when time")).to_have_text(re.compile(r"^\w+day, .+ 4:30 to 5:30 p\.m\. ET$"))
    join = page.locator("section", has=page.get_by_role("heading", name="How to join"))
    expect(join.get_by_role("link", name="Watch or listen online")).to_be_visible()
    expect(join).to_contain_text("Passcode: 13745")
    sessions.shot(page, "earnings-call")

    # -- its .ics ------------------------------------------------------------------------------
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == "fourth-quarter-results-conference-call.ics"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    raw = saved.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    calendar = Calendar.from_ical(raw)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Fourth quarter results conference call"
    assert entry["DTSTART"].params["TZID"] == "America/New_York"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert re.fullmatch(r"[0-9a-f-]{36}@127\.0\.0\.1", str(entry["UID"]))
    assert entry["SEQUENCE"] == 0 and entry["STATUS"] == "CONFIRMED"

    # -- the subscribable calendar -------------------------------------------------------------------
    feed = page.request.get("/events/calendar.ics")
    assert feed.status == 200 and feed.headers["content-type"] == "text/calendar; charset=utf-8"
    uids = [str(e["UID"]) for e in Calendar.from_ical(feed.body()).walk("VEVENT")]
    assert str(entry["UID"]) in uids and len(uids) == 3

    # -- the past call and its slides ------------------------------------------------------------
    page.goto("/events/")
    past.get_by_role("link", name="Third quarter results conference call", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(PAST) + "$"), timeout=TIMEOUT)
    slides = page.get_by_role("link", name=re.compile(r"^Slides: Third quarter results presentation"))
    expect(slides).to_be_visible()
    response = page.request.get(slides.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    sessions.shot(page, "past-call")
    assert problems == []


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_event_pages_have_no_wcag_21_aa_violations(sessions, events_site, name, width):
    """Each events page at 1366 and 375 px: axe-core finds no WCAG 2.1 A/AA violation; nothing runs off the side."""
    page = sessions.open(f"axe-{width}", login=False, bypass_csp=True, **VIEWPORTS[width])  # lets the test inject axe
    response = page.goto(PAGES[name])
    assert response.status == 200
    assert axe_violations(page, AXE) == []
    assert horizontal_overflow(page) <= 0
    sessions.shot(page, f"{name}-{width}")
