"""/sitemap.xml lists live pages only."""

import datetime as dt

import pytest

from tests.factories import make_release

pytestmark = pytest.mark.django_db


def test_sitemap_lists_live_releases_only(client, newsroom):
    """Released releases are in the sitemap with their lastmod; drafts and unpublished ones are not."""
    make_release(newsroom, title="Live one", release_at=dt.datetime(2011, 12, 2, 13, tzinfo=dt.UTC))
    make_release(newsroom, title="Draft one", publish=False)
    withdrawn = make_release(newsroom, title="Withdrawn one")
    withdrawn.unpublish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<loc>http://localhost/news/live-one/</loc>" in body
    assert "<lastmod>2011-12-02</lastmod>" in body
    assert "draft-one" not in body
    assert "withdrawn-one" not in body
    assert "<loc>http://localhost/news/</loc>" in body
