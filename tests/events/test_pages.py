"""The public events pages: the index's upcoming and past lists, the event page, its documents, the admin form."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest
import time_machine
from bs4 import BeautifulSoup

from events.models import CANCELLED, CONFERENCE, EventPage
from tests.factories import make_document, make_release
from tests.support.events import et, event_form, make_event, republish

pytestmark = pytest.mark.django_db

NOW = et(2027, 2, 1, 12)


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def titles(section) -> list[str]:
    return [a.get_text(strip=True) for a in section.select(".event-summary__title a")]


def section(soup, heading_id: str):
    return soup.find(id=heading_id).find_parent("section")


@time_machine.travel(NOW, tick=False)
def test_index_lists_upcoming_soonest_first_and_past_newest_first(client, index):
    """Upcoming (an event under way included) soonest first; past newest first; drafts and withdrawn ones nowhere."""
    make_event(index, title="Later call", start_at=et(2027, 3, 4, 16, 30))
    make_event(index, title="Sooner conference", start_at=et(2027, 2, 10, 9), kind=CONFERENCE)
    make_event(index, title="Under way", start_at=et(2027, 2, 1, 11, 30))
    make_event(index, title="Old call", start_at=et(2026, 11, 5, 16, 30))
    make_event(index, title="Older call", start_at=et(2026, 8, 6, 16, 30))
    make_event(index, title="Draft call", start_at=et(2027, 5, 1, 9), publish=False)
    make_event(index, title="Withdrawn call", start_at=et(2027, 4, 1, 9)).unpublish()
    soup = soup_of(client.get("/events/"))
    assert titles(section(soup, "upcoming-heading")) == ["Under way", "Sooner conference", "Later call"]
    assert titles(section(soup, "past-heading")) == ["Old call", "Older call"]
    assert "Draft call" not in soup.get_text() and "Withdrawn call" not in soup.get_text()
    assert len(soup.find_all("h1")) == 1


@time_machine.travel(NOW, tick=False)
def test_index_shows_market_time_and_cancellations(client, index):
    """Each entry has its time in ET (AP style) in a <time datetime>, and a cancelled event says so."""
    make_event(index, title="Q4 call", start_at=et(2027, 3, 4, 16, 30), status=CANCELLED)
    soup = soup_of(client.get("/events/"))
    entry = soup.select_one(".event-summary")
    time = entry.find("time")
    assert time.get_text() == "Thursday, March 4, 2027, 4:30 to 5:30 p.m. ET"
    assert time["datetime"] == "2027-03-04T16:30:00-05:00"
    assert entry.select_one(".event-status").get_text() == "Cancelled"
    assert entry.select_one(".event-summary__ics a")["href"] == "/events/q4-call/event.ics"


@time_machine.travel(NOW, tick=False)
def test_index_links_its_subscribable_calendar(client, index):
    """The calendar address is on the page, with the plain words for subscribing, and in the head."""
    soup = soup_of(client.get("/events/"))
    calendar = section(soup, "calendar-heading")
    assert calendar.find("a")["href"] == "/events/calendar.ics"
    assert calendar.find("a").get_text() == "http://localhost/events/calendar.ics"
    assert "subscribe" in calendar.get_text()
    assert soup.find("link", {"type": "text/calendar"})["href"] == "http://localhost/events/calendar.ics"


@time_machine.travel(NOW, tick=False)
def test_index_with_nothing_says_so(client, index):
    """No events yet: both lists say there are none (no empty list elements)."""
    soup = soup_of(client.get("/events/"))
    assert "No events are scheduled at the moment." in soup.get_text()
    assert "No past events yet." in soup.get_text()
    assert soup.select(".event-list") == []


@time_machine.travel(NOW, tick=False)
def test_past_events_page_and_bad_page_numbers(client, index):
    """Past events come 20 a page; a page number out of range or not a number shows a page, never an error."""
    for day in range(1, 23):
        make_event(index, title=f"Past {day}", slug=f"past-{day}", start_at=et(2026, 12, day, 10))
    first = section(soup_of(client.get("/events/")), "past-heading")
    assert len(titles(first)) == 20 and titles(first)[0] == "Past 22"
    second = section(soup_of(client.get("/events/?page=2")), "past-heading")
    assert titles(second) == ["Past 2", "Past 1"]
    for bad in ("999", "x", "-1", "1e9"):
        assert client.get(f"/events/?page={bad}").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_index_query_count_does_not_grow_with_events(client, index, django_assert_max_num_queries):
    """The index costs a fixed number of queries however many events it lists."""
    for day in range(1, 6):
        make_event(index, title=f"Upcoming {day}", slug=f"up-{day}", start_at=et(2027, 3, day, 10))
        make_event(index, title=f"Past {day}", slug=f"past-{day}", start_at=et(2026, 3, day, 10))
    client.get("/events/")  # warm the site and profile caches, as a running site has them
    with django_assert_max_num_queries(12):
        assert client.get("/events/").status_code == 200
    for day in range(6, 16):
        make_event(index, title=f"Upcoming {day}", slug=f"up-{day}", start_at=et(2027, 3, day, 10))
    with django_assert_max_num_queries(12):
        assert client.get("/events/").status_code == 200


@time_machine.travel(NOW, tick=False)
def test_event_page_says_when_how_to_join_and_links_the_ics(client, index):
    """The event page: one h1, its kind, the time in ET, webcast, place, dial-in with passcode, its .ics."""
    make_event(
        index,
        summary="Management will discuss fourth quarter 2026 results.",
        location="The Langham, 250 Franklin Street, Boston",
        dial_in_numbers="US toll-free: +1 888 555 0100\nInternational: +1 201 555 0199",
        dial_in_passcode="13745",
    )
    soup = soup_of(client.get("/events/fourth-quarter-2026-results-conference-call/"))
    assert [h.get_text() for h in soup.find_all("h1")] == ["Fourth quarter 2026 results conference call"]
    assert soup.select_one(".event__kind").get_text() == "Earnings call"
    assert soup.select_one(".event__when time").get_text() == "Thursday, March 4, 2027, 4:30 to 5:30 p.m. ET"
    join = section(soup, "join-heading")
    assert join.find("a", string="Watch or listen online")["href"] == "https://webcast.example.com/tecogen-q4"
    assert "The Langham, 250 Franklin Street, Boston" in join.get_text()
    assert [a["href"] for a in join.select('a[href^="tel:"]')] == ["tel:+18885550100", "tel:+12015550199"]
    assert "Passcode: 13745" in join.get_text(" ", strip=True)
    ics = soup.find("a", string="Add to calendar (.ics)")
    assert ics["href"] == "/events/fourth-quarter-2026-results-conference-call/event.ics"
    assert (
        soup.find("meta", {"name": "description"})["content"] == "Management will discuss fourth quarter 2026 results."
    )


@time_machine.travel(NOW, tick=False)
def test_cancelled_event_page_says_so_and_offers_no_way_to_join(client, index):
    """A cancelled event is marked cancelled; its webcast and dial-in are not offered."""
    make_event(index, status=CANCELLED, dial_in_numbers="US: +1 888 555 0100")
    soup = soup_of(client.get("/events/fourth-quarter-2026-results-conference-call/"))
    assert "This event has been cancelled." in soup.select_one(".event__cancelled").get_text()
    assert soup.find(id="join-heading") is None
    assert "tel:" not in str(soup)


@time_machine.travel(NOW, tick=False)
def test_past_event_shows_slides_and_replay(client, index, media_on_disk):
    """After the event: its slides (PDF) and replay are listed; how to join is not."""
    slides = make_document(title="Q3 2026 results presentation", name="q3-slides.pdf")
    make_event(
        index,
        title="Q3 call",
        start_at=et(2026, 11, 5, 16, 30),
        slides=slides,
        replay_url="https://webcast.example.com/tecogen-q3/replay",
    )
    soup = soup_of(client.get("/events/q3-call/"))
    documents = section(soup, "documents-heading")
    links = {a.get_text(): a["href"] for a in documents.find_all("a")}
    assert links == {
        "Slides: Q3 2026 results presentation": slides.url,
        "Replay of the event": "https://webcast.example.com/tecogen-q3/replay",
    }
    assert "(PDF)" in documents.get_text()
    assert soup.find(id="join-heading") is None
    assert soup.find("a", string="Add to calendar (.ics)") is None  # nothing to add: it is over
    assert client.get(slides.url).status_code == 200  # public with its live, public event page


@time_machine.travel(NOW, tick=False)
def test_related_releases_show_only_once_public(client, index, newsroom):
    """A related release waiting for its time is not named on the event page; once live it is linked."""
    out = make_release(newsroom, title="Tecogen Reports Third Quarter Results", release_at=et(2026, 11, 5, 8))
    waiting = make_release(
        newsroom, title="Tecogen Reports Fourth Quarter Results", publish=False, release_at=et(2027, 3, 4, 8)
    )
    make_event(index, releases=[waiting, out])
    soup = soup_of(client.get("/events/fourth-quarter-2026-results-conference-call/"))
    related = section(soup, "releases-heading")
    assert [a.get_text() for a in related.find_all("a")] == ["Tecogen Reports Third Quarter Results"]
    assert "Fourth Quarter Results" not in soup.get_text()


@time_machine.travel(NOW, tick=False)
def test_event_page_query_count(client, index, newsroom, django_assert_max_num_queries):
    """The event page, with documents and related releases, costs a fixed, small number of queries."""
    releases = [make_release(newsroom, title=f"Release {n}", release_at=et(2026, 11, n, 8)) for n in range(1, 4)]
    make_event(index, slides=make_document(title="Slides", name="s.pdf"), releases=releases)
    url = "/events/fourth-quarter-2026-results-conference-call/"
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_draft_and_withdrawn_events_are_not_found(client, index):
    """An event not published, or withdrawn, is a 404, like a page that never existed."""
    make_event(index, title="Draft call", publish=False)
    assert client.get("/events/draft-call/").status_code == 404
    make_event(index, title="Withdrawn call").unpublish()
    assert client.get("/events/withdrawn-call/").status_code == 404


def test_event_pages_are_in_the_sitemap_when_live(client, index):
    """Live events and the index are in the pages sitemap; a draft event is not."""
    make_event(index, title="Live call")
    make_event(index, title="Draft call", publish=False)
    body = client.get("/sitemap-pages.xml").content.decode()
    assert "http://localhost/events/</loc>" in body
    assert "http://localhost/events/live-call/</loc>" in body
    assert "draft-call" not in body


# -- the editor ---------------------------------------------------------------------------------


def test_editor_enters_start_and_end_in_eastern_time(client, index):
    """9:00 to 10:00 entered in the admin is 9:00 a.m. ET (14:00 UTC in winter); the form shows it back in ET."""
    admin = get_user_model().objects.create_superuser("editor", password="x")  # noqa: S106
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", index.pk))
    form = client.get(url)
    assert "Starts (ET)" in form.content.decode()
    response = client.post(url, event_form(location="45 First Avenue, Waltham, Mass."))
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    event = EventPage.objects.get(slug="annual-meeting-2027")
    assert event.start_at == dt.datetime(2027, 1, 14, 14, 0, tzinfo=dt.UTC)
    assert event.live is False
    edit = BeautifulSoup(client.get(reverse("wagtailadmin_pages:edit", args=(event.pk,))).content, "html.parser")
    assert edit.find("input", {"name": "start_at"})["value"] == "2027-01-14 09:00"


@pytest.mark.parametrize(
    ("start_at", "end_at", "message"),
    [
        ("2027-03-14 08:00", "2027-03-14 07:00", "The end must be after the start."),
        ("2027-03-14 02:30", "2027-03-14 03:30", "does not exist in America/New_York"),
        ("2027-02-30 08:00", "2027-03-01 09:00", "Enter a valid date/time."),
    ],
)
def test_editor_is_told_what_is_wrong_with_the_times(client, index, start_at, end_at, message):
    """An end before the start, a time daylight saving skips, a date that does not exist: a message, not a 500."""
    admin = get_user_model().objects.create_superuser("editor", password="x")  # noqa: S106
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", index.pk))
    response = client.post(
        url, event_form(start_at=start_at, end_at=end_at, webcast_url="https://webcast.example.com/x")
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EventPage.objects.filter(slug="annual-meeting-2027").exists()


def test_republishing_keeps_the_page_live_with_the_new_time(client, index):
    """A published reschedule shows the new time at once."""
    event = make_event(index, start_at=et(2027, 3, 4, 16, 30))
    republish(event, start_at=et(2027, 3, 11, 16, 30), end_at=et(2027, 3, 11, 17, 30))
    soup = soup_of(client.get("/events/fourth-quarter-2026-results-conference-call/"))
    assert soup.select_one(".event__when time").get_text().startswith("Thursday, March 11, 2027")


def test_editor_previews_a_new_and_a_draft_event(client, index):
    """The editor's preview renders a new event and a draft (showing what readers will see), never an error."""
    admin = get_user_model().objects.create_superuser("editor", password="x")  # noqa: S106
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:preview_on_add", args=("events", "eventpage", index.pk))
    data = event_form(location="45 First Avenue, Waltham, Mass.")
    assert client.post(url, data).json()["is_valid"]
    preview = client.get(url)
    assert preview.status_code == 200
    assert "Annual Meeting of Stockholders" in preview.content.decode()
    assert "None" not in BeautifulSoup(preview.content, "html.parser").find("main").decode()
    draft = make_event(index, publish=False)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(draft.pk,))
    assert client.post(url, event_form(title=draft.title, slug=draft.slug, webcast_url=draft.webcast_url)).json()[
        "is_valid"
    ]
    assert client.get(url).status_code == 200
