"""The scale benchmark's archive builder makes releases Wagtail itself would serve (a sound tree, live, indexed)."""

from wagtail.models import Page

import pytest

from bench.archive import build
from releases.listing import warm_shapes
from releases.models import PressReleasePage
from tests.support.archive_counts import counts_state, rebuilt

pytestmark = pytest.mark.django_db


def test_bulk_archive_is_a_sound_wagtail_tree_that_the_site_serves(client, newsroom):
    made = build(30, newsroom=newsroom)
    assert made["count"] == 30
    assert all(not problems for problems in Page.find_problems())
    releases = PressReleasePage.objects.live().child_of(newsroom)
    assert releases.count() == 30
    assert all(r.categories.exists() for r in releases)
    newest = releases.order_by("-release_at").first()
    assert newest.title.encode() in client.get("/news/").content
    assert client.get(newest.url).status_code == 200
    assert newest.slug.encode() in client.get("/news/feed/rss/").content
    assert client.get("/news/?q=cogeneration").context["page_obj"].paginator.count > 0


def test_bulk_archive_has_the_archive_counts_rebuilt(newsroom):
    """Rows written behind Wagtail's back: the counts in the database are invalid until the worker rebuilds them."""
    warm_shapes()
    build(12, newsroom=newsroom)
    assert not counts_state(newsroom).valid
    assert rebuilt(newsroom).count() == 12
