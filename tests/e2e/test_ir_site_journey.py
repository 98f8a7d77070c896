"""The IR site end to end in a real browser: the header's menu from the home page, an `.ics`, filings and feeds.

1. At 1366 px an investor starts on the home page: "Upcoming events" lists the demo's earnings call
   and conference, soonest first, in AP style and ET, with "All events". The earnings call's
   "Add to calendar (.ics)" there downloads a file icalendar reads as the call; fetched again with
   its ETag, the server answers 304. Then every section of the header's IR menu is followed by its
   real link, one after the other (News, Events & Presentations, Governance, SEC filings, E-mail
   alerts, Contacts): each lands on its own page, marked current in the menu; the earnings call's
   page does not name its results release, which is scheduled, not out. The company's mark leads
   home again. No script error on the way.
2. At 375 px the same menu: all six sections on screen ("Events" for short), each tapped in turn.
3. `/filings/` and the feeds as a browser shows them (the releases' and the filings' RSS, turned
   into pages by their XSLT), under the site's own Content-Security-Policy: no WCAG 2.1 A/AA
   violation (axe-core) at 1366 and 375 px, nothing wider than the screen.

Screenshots under test-results/e2e/.
"""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from demo.builder import RESULTS_TITLE
from tests.support.events import horizontal_overflow
from tests.support.site_chrome import axe_violations

pytestmark = pytest.mark.browser

TIMEOUT = 15_000
VIEWPORTS = {
    1366: {"viewport": {"width": 1366, "height": 900}},
    375: {"viewport": {"width": 375, "height": 740}, "is_mobile": True},
}
# The header's menu (company/navigation.py) in its order: label, path, the h1 of the page it leads to.
MENU = [
    ("News", "/news/", "Newsroom"),
    ("Events & Presentations", "/events/", "Events and presentations"),
    ("Governance", "/governance/", "Governance"),
    ("SEC filings", "/filings/", "SEC filings"),
    ("E-mail alerts", "/alerts/", "E-mail alerts"),
    ("Contacts", "/contacts/", "Investor contacts"),
]
EARNINGS_CALL = "Fourth quarter results conference call"
CONFERENCE = "Winter Clean Energy Investor Conference"
# A date as AP style prints an event's: the weekday, then "Jan." … "Dec." or March to July in full.
AP_MONTH = r"(Jan\.|Feb\.|March|April|May|June|July|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)"
AP_DAY = rf"(Mon|Tues|Wednes|Thurs|Fri)day, {AP_MONTH} \d{{1,2}}, \d{{4}}"
FEED_PAGES = {"filings": "/filings/", "news-feed": "/news/feed/rss/", "filings-feed": "/filings/feed/rss/"}


def _menu(page):
    return page.get_by_role("navigation", name="Main")


def _follow_the_menu(sessions, page, width: int) -> None:
    """Each section by its link in the header, from wherever the last one led: its page, marked current."""
    for label, path, heading in MENU:
        link = _menu(page).get_by_role("link", name=label, exact=True)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{label} is off a {width}px screen"
        link.click()
        expect(page).to_have_url(re.compile(re.escape(path) + "$"), timeout=TIMEOUT)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(_menu(page).get_by_role("link", name=label, exact=True)).to_have_attribute("aria-current", "page")
        sessions.shot(page, f"menu-{path.strip('/')}-{width}")


def test_investor_walks_the_ir_site_from_the_home_page(sessions, site, tmp_path):
    page = sessions.open("investor", login=False, **VIEWPORTS[1366])
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    # -- the home page's upcoming events ---------------------------------------------------------
    page.goto("/")
    events = page.locator("section", has=page.get_by_role("heading", name="Upcoming events", exact=True))
    expect(events.locator(".event-summary__title")).to_have_text([EARNINGS_CALL, CONFERENCE], timeout=TIMEOUT)
    expect(events.locator(".event-summary__when time").first).to_have_text(
        re.compile(f"^{AP_DAY}, 4:30 to 5:30 p\\.m\\. ET$")
    )
    expect(events.get_by_role("link", name="All events", exact=True)).to_have_attribute("href", "/events/")
    sessions.shot(page, "home-upcoming-events")

    # -- the earnings call's .ics, from the home page ---------------------------------------------
    with page.expect_download() as download_info:
        # Its name says which event (Chromium puts a space before the visually hidden part).
        events.get_by_role("link", name=re.compile(rf"^Add to calendar \(\.ics\) ?: {EARNINGS_CALL}$")).click()
    download = download_info.value
    assert download.suggested_filename == "fourth-quarter-results-conference-call.ics"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    calendar = Calendar.from_ical(saved.read_bytes())
    [entry] = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == EARNINGS_CALL and entry["STATUS"] == "CONFIRMED"
    assert entry["DTSTART"].params["TZID"] == "America/New_York"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    # What a calendar program polling it sends back: the same bytes are not sent again.
    ics_url = "/events/fourth-quarter-results-conference-call/event.ics"
    first = page.request.get(ics_url)
    assert first.status == 200 and first.body() == saved.read_bytes()
    assert page.request.get(ics_url, headers={"If-None-Match": first.headers["etag"]}).status == 304
    assert page.request.get(ics_url, headers={"If-Modified-Since": first.headers["last-modified"]}).status == 304

    # -- the IR menu, section by section --------------------------------------------------------------
    _follow_the_menu(sessions, page, 1366)

    # -- back to the events: the call does not name its results before they are out ----------------
    _menu(page).get_by_role("link", name="Events & Presentations", exact=True).click()
    page.get_by_role("link", name=EARNINGS_CALL, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EARNINGS_CALL, timeout=TIMEOUT)
    assert RESULTS_TITLE not in page.content()
    expect(page.get_by_role("heading", name="Related press releases")).to_have_count(0)

    home_link = page.get_by_role("link", name=re.compile(r"investor relations home$"))
    home_link.click()
    expect(page).to_have_url(re.compile(r"/$"), timeout=TIMEOUT)
    expect(home_link).to_have_attribute("aria-current", "page")
    assert problems == []


def test_the_menu_at_phone_width_reaches_every_section(sessions, site):
    page = sessions.open("phone", login=False, **VIEWPORTS[375])
    page.goto("/")
    expect(_menu(page).locator(".ir-nav__short")).to_have_text(["Events"], timeout=TIMEOUT)
    sessions.shot(page, "home-375")
    _follow_the_menu(sessions, page, 375)


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(FEED_PAGES))
def test_filings_and_feed_pages_have_no_wcag_21_aa_violations(sessions, site, name, width):
    """The filings list and the feeds as pages (their XSLT): axe-core finds nothing; nothing runs off the side.

    Under the site's policy, not bypassing it: a feed page is then styled as readers see it,
    Chromium's XSLT notice included (tests.support.site_chrome.axe_violations says why).
    """
    page = sessions.open(f"axe-{width}", login=False, **VIEWPORTS[width])
    response = page.goto(FEED_PAGES[name])
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=TIMEOUT)  # a page, not XML: the XSLT ran
    sessions.shot(page, f"axe-{name}-{width}")
    assert axe_violations(page, under_policy=True) == []
    assert horizontal_overflow(page) <= 0, f"{name} is wider than the {width}px screen"
