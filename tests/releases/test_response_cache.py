"""The whole-response cache (releases/response_cache.py): fast for anonymous readers, never stale, never early.

A hit is answered before sessions and the page tree are touched (no SQL at all); a publish,
a withdrawal or any page's publish empties it at once; logged-in users, cookies and
conditional requests never go through it; a 404 is kept only until the publish that ends it.
"""

import datetime as dt

from django.contrib.auth import get_user_model

from wagtail.models import PageViewRestriction

import pytest

from releases.response_cache import HIT_HEADER
from tests.factories import CategoryFactory, make_release

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/news/",
    "/news/?year=2012",
    "/news/?category=financing",
    "/news/?q=turbine",
    "/news/feed/rss/",
    "/news/feed/atom/",
    "/news/category/financing/feed/rss/",
    "/sitemap.xml",
    "/sitemap-releases.xml",
]


@pytest.fixture(autouse=True)
def response_cache_on(settings):
    settings.IR_RESPONSE_CACHE_SECONDS = 300


@pytest.fixture
def archive(newsroom):
    financing = CategoryFactory(name="Financing", slug="financing")
    first = make_release(
        newsroom,
        title="Turbine order signed",
        body_text="A turbine order.",
        release_at=dt.datetime(2012, 3, 5, 13, tzinfo=dt.UTC),
        categories=[financing],
    )
    return {"financing": financing, "first": first}


def hit(response) -> bool:
    return response.get(HIT_HEADER) == "hit"


@pytest.mark.parametrize("url", [*PUBLIC_URLS, "/news/turbine-order-signed/"])
def test_the_second_anonymous_request_is_a_hit_without_sql(client, archive, url, django_assert_num_queries):
    first = client.get(url)
    assert first.status_code == 200 and not hit(first)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert hit(second)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "public" in second["Cache-Control"]


def test_a_publish_is_seen_by_every_cached_listing_at_once(client, newsroom, archive):
    for url in PUBLIC_URLS:
        client.get(url)
        assert hit(client.get(url)), url
    make_release(
        newsroom,
        title="Turbine results announced",
        body_text="Turbine results.",
        release_at=dt.datetime(2012, 6, 5, 13, tzinfo=dt.UTC),
        categories=[archive["financing"]],
    )
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert not hit(response), url
        if url != "/sitemap.xml":  # the index names sections, not releases
            assert b"turbine-results-announced" in response.content, url


def test_an_unreleased_release_404_is_kept_only_until_it_goes_public(client, newsroom, archive):
    draft = make_release(
        newsroom, title="Merger agreement", release_at=dt.datetime(2012, 9, 5, 13, tzinfo=dt.UTC), publish=False
    )
    url = "/news/merger-agreement/"
    assert client.get(url).status_code == 404
    kept = client.get(url)
    assert kept.status_code == 404 and hit(kept)
    assert kept.content == client.get("/news/a-slug-that-never-existed/").content
    from disclosure.guard import historical_record

    with historical_record("test fixture"):
        draft.get_latest_revision().publish()
    response = client.get(url)
    assert response.status_code == 200 and not hit(response)


def test_a_withdrawal_takes_the_release_off_every_cached_page(client, archive):
    url = "/news/turbine-order-signed/"
    client.get(url)
    client.get("/news/")
    assert hit(client.get(url))
    archive["first"].unpublish()
    assert client.get(url).status_code == 404
    assert b"turbine-order-signed" not in client.get("/news/").content


def test_logged_in_users_never_get_or_leave_a_cached_page(client, archive):
    user = get_user_model().objects.create_superuser("editor", password="pw")  # noqa: S106
    client.force_login(user)
    for _ in range(2):
        response = client.get("/news/")
        assert not hit(response)
        assert "private" in response["Cache-Control"]
    client.logout()
    client.cookies.clear()
    assert not hit(client.get("/news/"))  # the logged-in copy was not stored
    assert hit(client.get("/news/"))


def test_conditional_requests_go_to_the_view(client, archive):
    first = client.get("/news/feed/rss/")
    response = client.get("/news/feed/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304


def test_a_password_protected_page_is_never_cached(client, home, archive):
    """Its form sets a cookie (CSRF): such responses are never kept, and the page is not served from cache."""
    newsroom = archive["first"].get_parent()
    PageViewRestriction.objects.create(page=newsroom, restriction_type="password", password="s3cret")  # noqa: S106
    for _ in range(2):
        response = client.get("/news/")
        assert not hit(response)
        assert b"turbine-order-signed" not in response.content


def test_publishing_any_page_empties_it(client, home, archive):
    client.get("/")
    assert hit(client.get("/"))
    home.intro = "<p>New words on the home page.</p>"
    home.save_revision().publish()
    response = client.get("/")
    assert not hit(response)
    assert b"New words on the home page." in response.content


def test_off_when_the_setting_is_zero(client, archive, settings):
    settings.IR_RESPONSE_CACHE_SECONDS = 0
    client.get("/news/")
    assert not hit(client.get("/news/"))


def test_hits_are_separate_responses_sharing_only_what_nothing_changes(rf, settings):
    """Each hit is its own response object (closers, cookies), built from the worker's copy."""
    from django.http import HttpResponse

    from releases.response_cache import ResponseCacheMiddleware

    def view(request):
        response = HttpResponse(b"<p>page</p>")
        response["Cache-Control"] = "public, max-age=60"
        return response

    middleware = ResponseCacheMiddleware(view)
    first = middleware(rf.get("/news/"))
    hits = [middleware(rf.get("/news/")) for _ in range(3)]
    assert first.get(HIT_HEADER) is None and all(h[HIT_HEADER] == "hit" for h in hits)
    assert all(h.content == b"<p>page</p>" for h in hits)
    hits[0]._resource_closers.append(lambda: None)
    hits[0].set_cookie("x", "1")
    assert hits[1]._resource_closers == [] and not hits[1].cookies
    assert "x" not in middleware(rf.get("/news/")).cookies
