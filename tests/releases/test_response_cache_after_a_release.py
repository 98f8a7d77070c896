"""The moment after a release time: one render per URL, the others answered with the copy from before.

When the content generation moves because a page went public for the first time, the request
that renders a URL afresh holds a lock; concurrent requests get that URL's copy from before the
addition (it lacks the new release, it shows nothing withdrawn). After a withdrawal, a
correction or any other change, nothing older is ever served: every request renders.
"""

import datetime as dt

import pytest
import time_machine

from disclosure.guard import historical_record
from releases.response_cache import HIT_HEADER, STALE_SECONDS
from tests.factories import make_release
from tests.support.response_cache import another_request_rendering

pytestmark = pytest.mark.django_db

LISTINGS = ["/", "/news/", "/news/feed/rss/", "/news/feed/atom/", "/sitemap-releases.xml"]


@pytest.fixture(autouse=True)
def response_cache_on(settings):
    settings.IR_RESPONSE_CACHE_SECONDS = 300


@pytest.fixture
def cached_listings(client, newsroom):
    first = make_release(newsroom, title="Turbine order signed", release_at=dt.datetime(2012, 3, 5, 13, tzinfo=dt.UTC))
    copies = {}
    for url in LISTINGS:
        copies[url] = client.get(url).content
        assert client.get(url)[HIT_HEADER] == "hit", url
    return {"first": first, "copies": copies}


def publish_first_time(newsroom, title="Merger agreement signed"):
    draft = make_release(newsroom, title=title, release_at=dt.datetime(2012, 9, 5, 13, tzinfo=dt.UTC), publish=False)
    with historical_record("test fixture"):
        draft.get_latest_revision().publish()
    return draft


@pytest.mark.parametrize("url", LISTINGS)
def test_a_request_during_the_render_gets_the_copy_from_before_the_release(client, newsroom, cached_listings, url):
    publish_first_time(newsroom)
    with another_request_rendering(url):
        response = client.get(url)
    assert response[HIT_HEADER] == "stale"
    assert response.content == cached_listings["copies"][url]
    assert b"merger-agreement-signed" not in response.content
    fresh = client.get(url)  # nobody else rendering: this request renders
    assert fresh.get(HIT_HEADER) is None
    assert b"merger-agreement-signed" in fresh.content


def test_the_release_itself_is_never_answered_from_before(client, newsroom, cached_listings):
    """Its URL was a 404 until now, and a 404 is never kept: there is no copy from before."""
    publish_first_time(newsroom)
    with another_request_rendering("/news/merger-agreement-signed/"):
        response = client.get("/news/merger-agreement-signed/")
    assert response.status_code == 200
    assert response.get(HIT_HEADER) is None


def test_after_a_withdrawal_nothing_older_is_served(client, cached_listings):
    cached_listings["first"].unpublish()
    with another_request_rendering("/news/"):
        response = client.get("/news/")
    assert response.get(HIT_HEADER) is None
    assert b"turbine-order-signed" not in response.content


def test_a_withdrawal_after_a_release_ends_the_additions(client, newsroom, cached_listings):
    publish_first_time(newsroom)
    cached_listings["first"].unpublish()
    with another_request_rendering("/news/"):
        response = client.get("/news/")
    assert response.get(HIT_HEADER) is None
    assert b"turbine-order-signed" not in response.content
    assert b"merger-agreement-signed" in response.content


def test_a_correction_is_not_an_addition(client, cached_listings):
    """A live release published again changes what was public: every request renders it."""
    release = cached_listings["first"]
    release.title = "Turbine order signed (corrected)"
    with historical_record("test fixture"):
        release.save_revision().publish()
    with another_request_rendering("/news/"):
        response = client.get("/news/")
    assert response.get(HIT_HEADER) is None
    assert b"Turbine order signed (corrected)" in response.content


def test_the_copy_from_before_answers_only_for_a_few_seconds(client, newsroom, cached_listings):
    publish_first_time(newsroom)
    with another_request_rendering("/news/"), time_machine.travel(dt.timedelta(seconds=STALE_SECONDS + 1)):
        response = client.get("/news/")
    assert response.get(HIT_HEADER) is None
    assert b"merger-agreement-signed" in response.content
