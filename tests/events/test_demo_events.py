"""The demo's events (demo.events.build_events): two upcoming, one past with slides; building twice = once."""

from wagtail.models import Page, PageLogEntry

import pytest

from company.models import HomePage
from demo.builder import RESULTS_SLUG
from demo.events import build_events
from events.models import CONFERENCE, EARNINGS_CALL, EventPage
from releases.models import PressReleasePage

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "127.0.0.1:8000"}


def test_demo_events_are_built_once_and_shown(client, media_on_disk, demo):
    """Upcoming earnings call (tied to its scheduled results release) and conference, a past call; idempotent."""
    home = HomePage.objects.get()
    results = PressReleasePage.objects.get(slug=RESULTS_SLUG)
    built = build_events(home, earnings_release=results)
    counts = (Page.objects.count(), PageLogEntry.objects.count())
    again = build_events(home, earnings_release=results)
    assert (Page.objects.count(), PageLogEntry.objects.count()) == counts
    assert {key: page.pk for key, page in built.items()} == {key: page.pk for key, page in again.items()}

    earnings, conference, past = built["earnings_call"], built["conference"], built["past_call"]
    assert EventPage.objects.live().count() == 3
    assert (earnings.kind, conference.kind) == (EARNINGS_CALL, CONFERENCE)
    assert earnings.is_upcoming() and conference.is_upcoming() and not past.is_upcoming()
    assert [r.release_id for r in earnings.related_releases.all()] == [results.pk]
    assert earnings.public_related_releases() == []  # the results are scheduled, not out yet
    assert list(conference.related_releases.all()) == []

    index = client.get("/events/", **HOST)
    assert index.status_code == 200
    assert index.content.decode().count('class="event-summary') >= 3
    page = client.get(past.url, **HOST)
    assert "Third quarter results presentation" in page.content.decode()
    assert client.get(past.slides.url, **HOST).status_code == 200
    assert client.get(f"{earnings.url}event.ics", **HOST).status_code == 200
