"""The sitemap: an index of a pages section and a releases section in fixed-size pages, live pages only."""

import datetime as dt
import re

import pytest

from releases.sitemaps import ReleaseSitemap
from tests.factories import make_release

pytestmark = pytest.mark.django_db


def locs(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def paths(response) -> list[str]:
    """The index's locations without scheme and host (Django names the request's host)."""
    return [re.sub(r"^https?://[^/]+", "", loc) for loc in locs(response)]


def test_index_names_both_sections(client, newsroom):
    make_release(newsroom, title="Live one")
    assert paths(client.get("/sitemap.xml")) == ["/sitemap-pages.xml", "/sitemap-releases.xml"]


def test_sitemap_lists_live_releases_only(client, newsroom):
    """Released releases are in the releases section with their lastmod; drafts and withdrawn ones are not."""
    make_release(newsroom, title="Live one", release_at=dt.datetime(2011, 12, 2, 13, tzinfo=dt.UTC))
    make_release(newsroom, title="Draft one", publish=False)
    withdrawn = make_release(newsroom, title="Withdrawn one")
    withdrawn.unpublish()
    response = client.get("/sitemap-releases.xml")
    body = response.content.decode()
    assert locs(response) == ["http://localhost/news/live-one/"]
    assert "<lastmod>2011-12-02</lastmod>" in body
    assert "draft-one" not in body
    assert "withdrawn-one" not in body


def test_pages_section_has_the_site_pages_but_no_release(client, newsroom):
    make_release(newsroom, title="Live one")
    assert locs(client.get("/sitemap-pages.xml")) == ["http://localhost/", "http://localhost/news/"]


def test_releases_section_pages_newest_first_without_gaps(client, newsroom, monkeypatch):
    """Over several pages (3 a page here) every live release appears once, newest first, across months."""
    monkeypatch.setattr(ReleaseSitemap, "limit", 3)
    made = [
        make_release(newsroom, title=f"Release {i}", release_at=dt.datetime(2012, 1 + i // 2, 1 + i, 15, tzinfo=dt.UTC))
        for i in range(8)
    ]
    assert paths(client.get("/sitemap.xml"))[1:] == [
        "/sitemap-releases.xml",
        "/sitemap-releases.xml?p=2",
        "/sitemap-releases.xml?p=3",
    ]
    listed = [loc for page in (1, 2, 3) for loc in locs(client.get(f"/sitemap-releases.xml?p={page}"))]
    assert listed == [f"http://localhost/news/{r.slug}/" for r in reversed(made)]
    assert client.get("/sitemap-releases.xml?p=4").status_code == 404


def test_a_new_release_is_on_the_first_page_at_once(client, newsroom):
    make_release(newsroom, title="Old one", release_at=dt.datetime(2012, 1, 3, 15, tzinfo=dt.UTC))
    assert "/news/new-one/" not in client.get("/sitemap-releases.xml").content.decode()
    make_release(newsroom, title="New one", release_at=dt.datetime(2013, 1, 3, 15, tzinfo=dt.UTC))
    assert locs(client.get("/sitemap-releases.xml"))[0] == "http://localhost/news/new-one/"


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-pages.xml", "/sitemap-releases.xml"])
def test_query_count_does_not_grow_with_the_archive(client, newsroom, django_assert_max_num_queries, url):
    for i in range(3):
        make_release(newsroom, title=f"First {i}", release_at=dt.datetime(2012, 1 + i, 3, 15, tzinfo=dt.UTC))
    client.get(url)
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    baseline = len(few)
    for i in range(12):
        make_release(newsroom, title=f"More {i}", release_at=dt.datetime(2014, 1 + i, 3, 15, tzinfo=dt.UTC))
    client.get(url)
    with django_assert_max_num_queries(baseline):
        client.get(url)
