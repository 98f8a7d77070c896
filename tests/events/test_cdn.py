"""Behind a CDN: what an event's publication, or its related release's, purges besides the event's own URLs."""

import pytest
import time_machine

from disclosure.guard import historical_record
from tests.factories import make_release
from tests.support.events import et, make_event

pytestmark = pytest.mark.django_db

NOW = et(2027, 2, 1, 12)


def paths(received) -> set[str]:
    return {path for _host, path in received}


@time_machine.travel(NOW, tick=False)
def test_publishing_an_event_purges_the_index_its_calendar_and_the_home_page(index, purge_endpoint):
    """The home page lists the next events: a new one, a reschedule or a withdrawal must reach it too."""
    purge_endpoint.clear()
    event = make_event(index, title="Q4 call", slug="q4-call")
    assert {"/events/q4-call/", "/events/q4-call/event.ics", "/events/", "/events/calendar.ics", "/"} <= paths(
        purge_endpoint
    )
    purge_endpoint.clear()
    event.unpublish()
    assert {"/events/", "/events/calendar.ics", "/"} <= paths(purge_endpoint)


@time_machine.travel(NOW, tick=False)
def test_a_related_release_going_out_purges_the_event_page_that_now_links_it(client, index, newsroom, purge_endpoint):
    """The results release goes public: the earnings call's page, which starts linking it, is purged."""
    results = make_release(
        newsroom, title="Tecogen Reports Fourth Quarter Results", slug="q4-results", publish=False, release_at=NOW
    )
    make_event(index, title="Q4 call", slug="q4-call", releases=[results])
    make_event(index, title="Conference", slug="conference", start_at=et(2027, 3, 10, 9))
    assert "Fourth Quarter Results" not in client.get("/events/q4-call/").content.decode()
    purge_endpoint.clear()
    with historical_record("test fixture"):
        results.get_latest_revision().publish()
    assert "/events/q4-call/" in paths(purge_endpoint) and "/events/conference/" not in paths(purge_endpoint)
    assert 'href="/news/q4-results/"' in client.get("/events/q4-call/").content.decode()
