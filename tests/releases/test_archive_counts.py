"""The archive's counts in the database (releases.listing, issue 22): the first request after a publish
reads a few hundred rows instead of grouping the archive, and the counts are always what grouping
the archive would say.

A first publication adds to the counts in its own transaction; everything else that can change
them (withdrawals, corrections, privacy, deletions, categories, the profile's time zone, releases
created live) marks them invalid, and the worker's rebuild makes them exact again. Every test
ends by holding the stored counts to the full GROUP BY (tests/support/archive_counts.py).
"""

import datetime as dt
import re
import zoneinfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from disclosure.withdraw import withdraw_release
from releases import listing
from releases.corrections import start_correction
from releases.models import ArchiveCount, PressReleasePage
from tests.factories import CategoryFactory, make_release, make_releases
from tests.support.archive_counts import assert_counts_match_archive, counts_state, rebuilt
from tests.support.workflow import approve_all

pytestmark = pytest.mark.django_db
ET = zoneinfo.ZoneInfo("America/New_York")
PT = zoneinfo.ZoneInfo("America/Los_Angeles")


def at(year, month, day, hour=15):
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC)


@pytest.fixture
def categories(db):
    return CategoryFactory(name="Financing", slug="financing"), CategoryFactory(name="Products", slug="products")


@pytest.fixture
def counted(newsroom, categories):
    """A newsroom with a few releases loaded live and its counts rebuilt, as the worker leaves them."""
    financing, products = categories
    make_release(newsroom, title="Old financing", release_at=at(2012, 3, 5), categories=[financing], fast=True)
    make_release(newsroom, title="Old products", release_at=at(2012, 3, 9), categories=[products], fast=True)
    make_release(newsroom, title="Old, uncategorised", release_at=at(2013, 7, 1), fast=True)
    rebuilt(newsroom)
    return newsroom


def news_count(client) -> int:
    match = re.search(r"([\d,]+) releases?\.", client.get("/news/").content.decode())
    return int(match.group(1).replace(",", ""))


def test_a_first_publication_adds_to_the_counts_without_recounting(counted, categories, monkeypatch):
    """Published in its transaction, the release is in its month, in all and in each of its categories."""
    financing, products = categories
    before = counts_state(counted)

    def no_group_by(*args):
        raise AssertionError("the archive was grouped again")

    monkeypatch.setattr(listing, "compute_shape", no_group_by)
    make_release(counted, title="New", release_at=at(2014, 2, 10), categories=[financing, products])
    after = counts_state(counted)
    assert after.valid and after.rebuilt_at == before.rebuilt_at
    assert listing.stored_shape(counted, ET).months[(2014, 2)] == 1
    monkeypatch.undo()
    assert_counts_match_archive(counted)


def test_releases_in_one_month_and_different_categories_each_count_once(counted, categories):
    financing, products = categories
    make_release(counted, title="March financing", release_at=at(2012, 3, 20), categories=[financing])
    make_release(counted, title="March products", release_at=at(2012, 3, 21), categories=[products])
    make_release(counted, title="March both", release_at=at(2012, 3, 22), categories=[financing, products])
    shape = assert_counts_match_archive(counted)
    assert shape.months[(2012, 3)] == 5
    assert shape.category_months[financing.pk][(2012, 3)] == 3
    assert shape.category_months[products.pk][(2012, 3)] == 3
    assert counts_state(counted).valid


def test_a_first_publication_through_the_sign_off_counts(counted, roles, categories):
    """The admin's path: the last sign-off publishes the release in the workflow's transaction."""
    draft = make_release(counted, title="Signed off", release_at=at(2015, 1, 6), publish=False)
    draft.categories.set([categories[0]])
    approve_all(draft, roles)
    assert PressReleasePage.objects.get(pk=draft.pk).live
    assert counts_state(counted).valid
    assert assert_counts_match_archive(counted).months[(2015, 1)] == 1


def test_the_first_request_after_a_publish_costs_the_same_small_queries_at_any_size(client, counted, categories):
    """No GROUP BY over the archive: the same queries after a first publication at 63 and at 153 releases."""
    client.get("/news/")  # templates, site root paths

    def first_request_after_a_publish(title, release_at) -> list[str]:
        make_release(counted, title=title, release_at=release_at, categories=[categories[1]])
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/news/")
        assert title in response.content.decode()
        return [q["sql"] for q in captured.captured_queries]

    small = first_request_after_a_publish("Small archive news", at(2014, 5, 1))
    assert news_count(client) == 4
    make_releases(counted, 90, categories=[categories[0]])
    rebuilt(counted)
    large = first_request_after_a_publish("Large archive news", at(2014, 6, 1))
    assert news_count(client) == 95
    assert len(large) == len(small)
    assert not [sql for sql in small + large if "GROUP BY" in sql.upper()]
    assert_counts_match_archive(counted)


def test_withdrawal_invalidates_and_the_rebuild_is_exact(client, counted, roles):
    release = make_release(counted, title="To withdraw", release_at=at(2014, 4, 1))
    assert news_count(client) == 4
    withdraw_release(release.pk, by=roles["ceo"], reason="Issued in error.")
    assert not counts_state(counted).valid
    assert news_count(client) == 3  # computed from the archive until the worker has rebuilt the counts
    assert (2014, 4) not in rebuilt(counted).months


def test_a_correction_that_moves_the_month_and_category_is_counted_where_it_now_is(counted, roles, categories):
    financing, products = categories
    release = make_release(counted, title="To correct", release_at=at(2014, 4, 1), categories=[financing])
    assert counts_state(counted).valid
    start_correction(release, roles["drafter"], "The release date and topic were wrong.")
    draft = PressReleasePage.objects.get(pk=release.pk).get_latest_revision_as_object()
    draft.release_at = at(2014, 6, 3)
    draft.categories = [products]
    approve_all(draft, roles)
    assert PressReleasePage.objects.get(pk=release.pk).release_at == at(2014, 6, 3)
    assert not counts_state(counted).valid
    shape = rebuilt(counted)
    assert (2014, 4) not in shape.months and shape.months[(2014, 6)] == 1
    assert shape.category_months[products.pk][(2014, 6)] == 1
    assert (2014, 4) not in shape.category_months[financing.pk]


def test_a_view_restriction_on_a_release_takes_it_out_of_the_counts(counted):
    release = make_release(counted, title="Soon private", release_at=at(2014, 8, 1))
    restriction = PageViewRestriction.objects.create(page=release, restriction_type="login")
    assert not counts_state(counted).valid
    assert (2014, 8) not in rebuilt(counted).months
    restriction.delete()
    assert not counts_state(counted).valid
    assert rebuilt(counted).months[(2014, 8)] == 1


def test_a_private_newsroom_counts_nothing_and_its_new_releases_add_nothing(counted):
    PageViewRestriction.objects.create(page=counted, restriction_type="login")
    assert not counts_state(counted).valid
    # warm_shapes serves the sites' public newsrooms only; its rebuild, for this one:
    assert listing.rebuild_shape(counted, ET).months == {}
    before = counts_state(counted)
    make_release(counted, title="Inside the private newsroom", release_at=at(2014, 9, 1))
    after = counts_state(counted)
    assert after.valid and after.rebuilt_at == before.rebuilt_at  # nothing added, nothing to rebuild
    assert assert_counts_match_archive(counted).months == {}


def test_a_deleted_category_leaves_no_counts(counted, categories):
    financing, _ = categories
    financing.delete()
    assert not counts_state(counted).valid
    shape = rebuilt(counted)
    assert financing.pk not in shape.category_months
    assert "Financing" not in [c.name for c in shape.categories]


def test_a_deleted_release_leaves_the_counts(counted):
    release = make_release(counted, title="To delete", release_at=at(2014, 10, 1))
    PressReleasePage.objects.get(pk=release.pk).delete()
    assert not counts_state(counted).valid
    assert (2014, 10) not in rebuilt(counted).months


def test_releases_created_live_by_an_import_of_history_are_counted_after_the_rebuild(client, counted):
    make_releases(counted, 4)  # created live (no publication): the counts cannot follow them one by one
    assert not counts_state(counted).valid
    assert news_count(client) == 7
    assert rebuilt(counted).months[(2013, 1)] == 4


def test_a_new_market_time_zone_recounts_the_months(client, counted, profile):
    """23:30 ET on 31 October is 20:30 PT: an October release either way; 01:30 ET on 1 November is October in PT."""
    make_release(counted, title="Early November ET", release_at=dt.datetime(2014, 11, 1, 5, 30, tzinfo=dt.UTC))
    assert listing.stored_shape(counted, ET).months[(2014, 11)] == 1
    profile.market_time_zone = "America/Los_Angeles"
    profile.save()
    assert not counts_state(counted).valid
    make_release(counted, title="While invalid", release_at=at(2014, 12, 1))  # adds nothing to invalid counts
    assert not counts_state(counted).valid
    shape = rebuilt(counted, PT)
    assert counts_state(counted).tz == "America/Los_Angeles"
    assert shape.months[(2014, 10)] == 1 and (2014, 11) not in shape.months
    assert listing.stored_shape(counted, ET) is None  # counts in PT are no answer for ET


def test_a_request_while_the_counts_are_invalid_reads_only(client, counted):
    """Until the worker rebuilds, requests compute the shape themselves and write nothing."""
    make_releases(counted, 2, start=30)
    with CaptureQueriesContext(connection) as captured:
        assert news_count(client) == 5
    writes = [
        q["sql"] for q in captured.captured_queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert not counts_state(counted).valid


def test_a_change_committed_while_the_archive_is_counted_is_not_lost(counted, monkeypatch):
    """The rebuild counts without the lock; a publish between its count and its write has it count again."""
    PageViewRestriction.objects.create(page=counted, restriction_type="login").delete()  # invalid again
    real = listing.compute_shape
    passes = []

    def count_while_a_release_goes_out(releases, tz):
        shape = real(releases, tz)
        if not passes:
            make_release(counted, title="Published during the count", release_at=at(2014, 3, 3))
        passes.append(shape)
        return shape

    monkeypatch.setattr(listing, "compute_shape", count_while_a_release_goes_out)
    listing.warm_shapes()
    assert len(passes) == 2
    monkeypatch.undo()
    assert assert_counts_match_archive(counted).months[(2014, 3)] == 1


def test_the_rebuild_replaces_every_row(counted):
    """Rows for months that no longer have releases go (not just counted down to zero)."""
    ArchiveCount.objects.create(newsroom_id=counted.pk, month=199901, count=7)  # a stray row
    counted_state = counts_state(counted)
    listing.warm_shapes(force=True)
    assert not ArchiveCount.objects.filter(month=199901).exists()
    assert counts_state(counted).rebuilt_at > counted_state.rebuilt_at
    assert_counts_match_archive(counted)
