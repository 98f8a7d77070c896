"""Behind a CDN: cache headers a shared cache can use, and purges of every URL a publish or withdrawal changes."""

from django.contrib.auth import get_user_model
from django.test import override_settings

from wagtail.actions.unpublish_page import UnpublishPageAction

import pytest

from releases.models import PressReleasePage
from tests.factories import CategoryFactory, make_release
from tests.support.corrections import corrected
from tests.support.privacy import purge_endpoint as loopback_purge_endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def purge_endpoint():
    with loopback_purge_endpoint() as received:
        yield received


def expected_paths(slug):
    feeds = {f"/news/feed/{kind}/" for kind in ("rss", "atom")}
    feeds |= {f"/news/category/financing/feed/{kind}/" for kind in ("rss", "atom")}
    return {f"/news/{slug}/", "/news/", "/", "/sitemap.xml"} | feeds


def test_publish_purges_the_release_the_listings_and_every_feed(newsroom, purge_endpoint):
    make_release(newsroom, title="Older", slug="older")
    purge_endpoint.clear()
    make_release(newsroom, title="Results", slug="results", categories=[CategoryFactory(slug="financing")])
    paths = {path for _host, path in purge_endpoint}
    assert expected_paths("results") <= paths, expected_paths("results") - paths
    assert {host for host, _path in purge_endpoint} == {"localhost"}


def test_correction_and_withdrawal_purge_again(newsroom, purge_endpoint):
    page = make_release(newsroom, title="Results", slug="results", categories=[CategoryFactory(slug="financing")])
    purge_endpoint.clear()
    UnpublishPageAction(page, user=None).execute(skip_permission_checks=True)
    assert expected_paths("results") <= {path for _host, path in purge_endpoint}


def test_feed_pages_beyond_the_first_are_purged_when_releases_shift(newsroom, purge_endpoint):
    """51 releases: a new one pushes the 50th onto page 2, so page 2 is purged too."""
    for n in range(50):
        make_release(newsroom, title=f"Release {n}", slug=f"release-{n}")
    purge_endpoint.clear()
    make_release(newsroom, title="The newest", slug="newest")
    paths = {path for _host, path in purge_endpoint}
    assert {"/news/feed/rss/?page=2", "/news/feed/atom/?page=2"} <= paths


def test_no_purge_backend_configured_sends_nothing(newsroom):
    with override_settings(WAGTAILFRONTENDCACHE={}):
        make_release(newsroom, title="Quiet", slug="quiet")  # nothing to reach, nothing raised


def test_anonymous_public_pages_may_be_cached_by_a_cdn(client, newsroom):
    make_release(newsroom, title="Results", slug="results")
    for url, status in (("/", 200), ("/news/", 200), ("/news/results/", 200), ("/news/not-released-yet/", 404)):
        response = client.get(url)
        assert response.status_code == status
        assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=300"}, url
        assert "Cookie" in response["Vary"]


def test_logged_in_and_admin_responses_are_never_shared(client, newsroom):
    user = get_user_model().objects.create_superuser("editor", password="pw")  # noqa: S106
    client.force_login(user)
    response = client.get("/news/")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "public" not in client.get("/admin/").get("Cache-Control", "")


def test_a_files_404_is_never_kept_by_a_cdn(client, newsroom):
    """An embargoed PDF is a 404 until the second its release goes out, and file URLs are not purged."""
    for url in ("/documents/12345/results.pdf", "/media/original_images/chart.png"):
        response = client.get(url)
        assert response.status_code == 404
        assert set(response["Cache-Control"].split(", ")) == {"no-cache", "max-age=0"}, url


def test_withdrawal_purges_every_public_version(newsroom, roles, purge_endpoint):
    """A corrected release taken down: the CDN drops its earlier versions' URLs as well as its own."""
    page = make_release(newsroom, title="Results", slug="results")
    corrected(page, roles)
    purge_endpoint.clear()
    UnpublishPageAction(PressReleasePage.objects.get(pk=page.pk), user=None).execute(skip_permission_checks=True)
    assert {"/news/results/", "/news/results/v1/", "/news/results/v2/"} <= {path for _host, path in purge_endpoint}
