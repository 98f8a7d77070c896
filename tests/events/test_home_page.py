"""The home page lists the next events: live and public ones only, soonest first, in AP style, and links them all."""

import datetime as dt

from wagtail.models import PageViewRestriction

import pytest
import time_machine
from bs4 import BeautifulSoup

from events.models import CANCELLED, CONFERENCE
from tests.factories import make_release
from tests.support.events import et, make_event, make_events_index

pytestmark = pytest.mark.django_db

NOW = et(2027, 2, 1, 12)


def events_section(client):
    response = client.get("/")
    assert response.status_code == 200
    heading = BeautifulSoup(response.content, "html.parser").find(id="events-heading")
    return heading.find_parent("section") if heading else None


def listed(section) -> list[tuple[str, str, str]]:
    """(title, link, time as shown) of each event listed."""
    return [
        (a.get_text(strip=True), a["href"], " ".join(item.find("time").get_text().split()))
        for item in section.select(".event-summary")
        for a in item.select(".event-summary__title a")
    ]


@time_machine.travel(NOW, tick=False)
def test_home_page_lists_the_next_three_live_events_soonest_first_in_ap_style(client, index):
    """Under way, then the next two; not the fourth, nor past, draft or withdrawn events; a link to all of them."""
    make_event(index, title="Under way", slug="under-way", start_at=et(2027, 2, 1, 11, 30))
    make_event(index, title="Conference", slug="conference", start_at=et(2027, 2, 10, 9), kind=CONFERENCE)
    make_event(index, title="Q4 call", slug="q4-call", start_at=et(2027, 3, 4, 16, 30))
    make_event(index, title="Annual meeting", slug="annual-meeting", start_at=et(2027, 6, 1, 10))
    make_event(index, title="Old call", slug="old-call", start_at=et(2026, 11, 5, 16, 30))
    make_event(index, title="Draft call", slug="draft-call", start_at=et(2027, 2, 2, 9), publish=False)
    make_event(index, title="Withdrawn call", slug="withdrawn-call", start_at=et(2027, 2, 3, 9)).unpublish()
    section = events_section(client)
    assert listed(section) == [
        ("Under way", "/events/under-way/", "Monday, Feb. 1, 2027, 11:30 a.m. to 12:30 p.m. ET"),
        ("Conference", "/events/conference/", "Wednesday, Feb. 10, 2027, 9:00 to 10:00 a.m. ET"),
        ("Q4 call", "/events/q4-call/", "Thursday, March 4, 2027, 4:30 to 5:30 p.m. ET"),
    ]
    assert section.find("time")["datetime"] == "2027-02-01T11:30:00-05:00"
    assert section.find("a", string="All events")["href"] == "/events/"
    assert section.select_one(".event-summary__ics a")["href"] == "/events/under-way/event.ics"


@time_machine.travel(NOW, tick=False)
def test_a_cancelled_event_is_listed_marked_cancelled(client, index):
    """Investors who saw it announced learn on the home page that it will not take place."""
    make_event(index, title="Q4 call", status=CANCELLED)
    section = events_section(client)
    assert section.select_one(".event-status").get_text() == "Cancelled"


@time_machine.travel(NOW, tick=False)
def test_with_nothing_ahead_the_home_page_says_so_and_links_past_events(client, index):
    make_event(index, title="Old call", start_at=et(2026, 11, 5, 16, 30))
    section = events_section(client)
    assert "No events are scheduled at the moment." in section.get_text()
    assert section.select(".event-summary") == []
    assert section.find("a", string="All events")["href"] == "/events/"


@time_machine.travel(NOW, tick=False)
def test_no_events_section_without_a_public_events_index(client, home):
    """An index not published, or behind a password, lists nothing on the home page (and no link to it)."""
    index = make_events_index(home, publish=False)
    assert events_section(client) is None
    index.save_revision().publish()
    make_event(index, title="Members' call")
    assert events_section(client) is not None
    PageViewRestriction.objects.create(
        page=index,
        restriction_type=PageViewRestriction.PASSWORD,
        password="members-only",  # noqa: S106 - a test page's password, not a secret
    )
    assert events_section(client) is None
    assert "Members' call" not in BeautifulSoup(client.get("/").content, "html.parser").get_text()


@time_machine.travel(NOW, tick=False)
def test_home_page_query_count_does_not_grow_with_events(client, newsroom, index, django_assert_max_num_queries):
    """The home page runs the same queries for 2 upcoming events and for 12 (and 20 past ones)."""
    make_release(newsroom, title="Tecogen Raises Over $2.9 Million")
    for day in range(1, 3):
        make_event(index, title=f"Upcoming {day}", slug=f"up-{day}", start_at=et(2027, 3, day, 10))
    client.get("/")  # warm the site and profile caches, as a running site has them
    with django_assert_max_num_queries(100) as few:
        assert client.get("/").status_code == 200
    baseline = len(few)
    for day in range(3, 13):
        make_event(index, title=f"Upcoming {day}", slug=f"up-{day}", start_at=et(2027, 3, day, 10))
    for day in range(1, 21):
        make_event(index, title=f"Past {day}", slug=f"past-{day}", start_at=et(2026, 3, day, 10))
    client.get("/")
    with django_assert_max_num_queries(baseline):
        response = client.get("/")
    assert response.content.decode().count('class="event-summary"') == 3


def test_the_home_page_changes_when_an_event_ends(client, index):
    """Rendered afresh, the home page moves on: an event over is no longer listed as upcoming."""
    make_event(index, title="Q4 call", start_at=et(2027, 3, 4, 16, 30))
    with time_machine.travel(et(2027, 3, 4, 17), tick=False):
        assert [title for title, _, _ in listed(events_section(client))] == ["Q4 call"]
    with time_machine.travel(et(2027, 3, 4, 17, 30) + dt.timedelta(seconds=1), tick=False):
        assert listed(events_section(client)) == []
