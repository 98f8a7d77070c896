"""The archive's shape (counts per market-time month) and month-seeking pagination (releases.listing).

The newsroom, the feeds and the sitemap page through the archive by seeking to a month instead
of OFFSET, and take their counts, years and categories from a cached shape. These tests hold
them to what the plain queries would say: same releases, same order, no gap and no repeat at
page boundaries, in every filter, and a new shape whenever what is public changes.
"""

import datetime as dt
import random
import re
import zoneinfo

from django.core.cache import cache
from django.core.paginator import Paginator

import pytest

from releases.content_version import bump_feeds_generation, feeds_generation
from releases.listing import ReleaseSequence, archive_shape, compute_shape, shape_key
from releases.models import PressReleasePage
from releases.models.pages import in_category
from tests.factories import CategoryFactory, make_release, make_releases

pytestmark = pytest.mark.django_db
ET = zoneinfo.ZoneInfo("America/New_York")


def titles(response) -> list[str]:
    return re.findall(r'class="release-summary__title"><a [^>]*>([^<]+)</a>', response.content.decode())


@pytest.fixture
def spread(newsroom):
    """40 live releases at random times over three years, in two categories (some in both, some in none)."""
    rng = random.Random(7)  # noqa: S311 - test data
    financing, products = CategoryFactory(name="Financing", slug="financing"), CategoryFactory(name="Products")
    start = dt.datetime(2012, 1, 1, 5, tzinfo=dt.UTC)
    for i in range(40):
        at = start + dt.timedelta(seconds=rng.randrange(3 * 365 * 86400))
        cats = rng.choice([[], [financing], [products], [financing, products]])
        make_release(
            newsroom, title=f"Release {i:02d}", release_at=at, categories=cats, body_text="A release.", fast=True
        )
    return {"financing": financing, "products": products}


def plain(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("per_page", [1, 3, 7, 40, 100])
@pytest.mark.parametrize("which", ["all", "financing", "products", "2013", "2013+financing"])
def test_pages_are_the_plain_listing_cut_in_pieces(newsroom, spread, per_page, which):
    """Page after page, the same releases in the same order as ORDER BY … OFFSET would give."""
    releases, year, category = newsroom.releases(), None, None
    if "2013" in which:
        year = 2013
        releases = releases.filter(
            release_at__gte=dt.datetime(2013, 1, 1, tzinfo=ET), release_at__lt=dt.datetime(2014, 1, 1, tzinfo=ET)
        )
    for name in ("financing", "products"):
        if name in which:
            category = spread[name]
            releases = releases.filter(in_category(category))
    expected = plain(releases)
    assert expected, "the filter keeps some releases"
    shape = compute_shape(newsroom.releases(), ET)
    sequence = ReleaseSequence(releases, shape.buckets(year, category.pk if category else None), ET)
    assert sequence.count() == len(expected)
    paginator = Paginator(sequence, per_page)
    got = [p.pk for n in paginator.page_range for p in paginator.page(n).object_list]
    assert got == expected


def test_months_are_market_time_months(newsroom):
    """23:30 ET on 31 October is already November in UTC: it counts (and pages) as October."""
    late = make_release(newsroom, title="Late October", release_at=dt.datetime(2013, 11, 1, 3, 30, tzinfo=dt.UTC))
    early = make_release(newsroom, title="Early November", release_at=dt.datetime(2013, 11, 1, 4, 30, tzinfo=dt.UTC))
    shape = compute_shape(newsroom.releases(), ET)
    assert shape.months == {(2013, 10): 1, (2013, 11): 1}
    sequence = ReleaseSequence(newsroom.releases(), shape.buckets(), ET)
    assert [p.pk for p in sequence[1:2]] == [late.pk]
    assert [p.pk for p in sequence[0:1]] == [early.pk]


def test_shape_counts_only_what_the_public_may_see(newsroom):
    """Drafts, scheduled and withdrawn releases are in no count, year or category."""
    secret = CategoryFactory(name="Merger", slug="merger")
    make_release(newsroom, title="Out", release_at=dt.datetime(2012, 5, 1, 15, tzinfo=dt.UTC))
    make_release(newsroom, title="Draft", release_at=dt.datetime(2030, 5, 1, 15, tzinfo=dt.UTC), publish=False)
    make_release(newsroom, title="Draft 2", release_at=dt.datetime(2029, 5, 1, 15, tzinfo=dt.UTC), publish=False)
    PressReleasePage.objects.get(title="Draft 2").categories.set([secret])
    gone = make_release(newsroom, title="Gone", release_at=dt.datetime(2028, 5, 1, 15, tzinfo=dt.UTC))
    gone.unpublish()
    shape = archive_shape(newsroom, ET)
    assert shape.years == [2012]
    assert shape.count() == 1
    assert shape.categories == []


def test_publish_and_withdrawal_give_a_new_shape(client, newsroom):
    """The newsroom's count, years and categories follow every publish and withdrawal at once."""
    financing = CategoryFactory(name="Financing", slug="financing")
    make_release(newsroom, title="First", release_at=dt.datetime(2012, 5, 1, 15, tzinfo=dt.UTC))
    assert "1 release." in client.get("/news/").content.decode()
    second = make_release(
        newsroom, title="Second", release_at=dt.datetime(2014, 5, 1, 15, tzinfo=dt.UTC), categories=[financing]
    )
    html = client.get("/news/").content.decode()
    assert "2 releases." in html
    assert '<option value="2014"' in html and 'value="financing"' in html
    second.unpublish()
    html = client.get("/news/").content.decode()
    assert "1 release." in html
    assert '<option value="2014"' not in html and 'value="financing"' not in html


def test_releases_created_live_outside_a_publish_are_counted(client, newsroom):
    """Published history loaded as live pages (no publish signal) still moves the shape."""
    make_releases(newsroom, 2)
    assert "2 releases." in client.get("/news/").content.decode()
    make_releases(newsroom, 3, start=2)
    assert "5 releases." in client.get("/news/").content.decode()


def test_while_one_process_computes_the_others_use_the_previous_shape(newsroom):
    """After a publish only one process computes the new shape; meanwhile the others get the last one."""
    make_release(newsroom, title="First", release_at=dt.datetime(2012, 5, 1, 15, tzinfo=dt.UTC))
    before = archive_shape(newsroom, ET)
    make_release(newsroom, title="Second", release_at=dt.datetime(2014, 5, 1, 15, tzinfo=dt.UTC))
    key = shape_key(newsroom, ET, feeds_generation())
    cache.add(f"{key}:computing", 1)  # another process holds the lock
    assert archive_shape(newsroom, ET).count() == before.count() == 1
    cache.delete(f"{key}:computing")
    assert archive_shape(newsroom, ET).count() == 2


def test_the_new_release_is_on_page_one_even_with_the_previous_shape(client, newsroom):
    """The previous shape only counts; the list itself is live: a release just published is on top."""
    for i in range(3):
        make_release(newsroom, title=f"Old {i}", release_at=dt.datetime(2012, 5, 1 + i, 15, tzinfo=dt.UTC))
    archive_shape(newsroom, ET)
    bump_feeds_generation()  # what a publish does
    make_release(newsroom, title="Brand new", release_at=dt.datetime(2012, 5, 20, 15, tzinfo=dt.UTC))
    key = shape_key(newsroom, ET, feeds_generation())
    cache.add(f"{key}:computing", 1)
    assert titles(client.get("/news/"))[0] == "Brand new"


def test_publisher_computes_the_shape_after_publishing(newsroom, monkeypatch):
    """The embargo publisher leaves the new generation's shape in the cache, so no reader waits for it."""
    from disclosure import embargo

    make_release(newsroom, title="First", release_at=dt.datetime(2012, 5, 1, 15, tzinfo=dt.UTC))
    bump_feeds_generation()
    key = shape_key(newsroom, ET, feeds_generation())
    assert cache.get(key) is None
    outcome = embargo.Outcome(1, "x", "y", dt.datetime(2012, 5, 1, tzinfo=dt.UTC), "published")
    monkeypatch.setattr(embargo, "expire_due", lambda now: [])
    monkeypatch.setattr(embargo, "due", lambda now: [(1, outcome.due_at)])
    monkeypatch.setattr(embargo, "publish_scheduled_revision", lambda revision_id, due_at: outcome)
    embargo.Publisher().run_once()
    assert cache.get(key).count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/news/",
        "/news/?page=3",
        "/news/?year=2013",
        "/news/?category=financing",
        "/news/?category=financing&year=2013&page=2",
    ],
)
def test_listings_cost_the_same_queries_for_a_larger_archive(
    client, newsroom, django_assert_max_num_queries, url, settings
):
    """Deep pages and filters: the same number of queries at 60 and at 150 releases (shape cached)."""
    financing = CategoryFactory(name="Financing", slug="financing")
    make_releases(newsroom, 60, categories=[financing])
    client.get(url)
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    baseline = len(few)
    make_releases(newsroom, 90, start=60, categories=[financing])
    client.get(url)
    with django_assert_max_num_queries(baseline):
        client.get(url)


def test_a_publish_from_the_admin_has_the_worker_compute_the_shape(newsroom, django_capture_on_commit_callbacks):
    """The approver's publish commits; the task worker (inline in tests) then computes the new shape."""
    with django_capture_on_commit_callbacks(execute=True):
        make_release(newsroom, title="First", release_at=dt.datetime(2012, 5, 1, 15, tzinfo=dt.UTC))
    key = shape_key(newsroom, ET, feeds_generation())
    assert cache.get(key) is not None and cache.get(key).count() == 1
