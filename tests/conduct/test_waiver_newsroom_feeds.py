"""Code waiver disclosures in the newsroom's RSS and Atom feeds: there once public, among the releases by date."""

import datetime as dt

from django.core.cache import cache

from wagtail.models import PageViewRestriction

import feedparser
import pytest
import time_machine
from lxml import etree

from conduct import waivers
from conduct.models import CodeWaiverDisclosurePage
from disclosure.embargo import Publisher
from tests.factories import CategoryFactory, make_release, make_releases
from tests.support.conduct_waivers import APPROVED_AT, disclose, drafted_disclosure, waiver_index
from tests.support.privacy import purge_endpoint
from tests.support.workflow import fresh

pytestmark = pytest.mark.django_db

RSS, ATOM = "/news/feed/rss/", "/news/feed/atom/"
ATOM_NS = "{http://www.w3.org/2005/Atom}"
WAIVER_TITLE = "Waiver of the Code of Business Conduct and Ethics: Benjamin Locke, Chief Executive Officer"
# Wednesday 9 Dec 2026, 10:00 a.m. ET: both releases are out (a release is listed from its time on).
READ_AT = dt.datetime(2026, 12, 9, 15, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def reading_time():
    """The feeds are read at READ_AT (autouse: first of this file's fixtures, so they all run at that time)."""
    with time_machine.travel(READ_AT, tick=False):
        yield


@pytest.fixture
def releases(newsroom) -> None:
    """A release before the disclosure (Tuesday 1 Dec 2026) and one after it (Tuesday 8 Dec), in a category."""
    financing = CategoryFactory(name="Financing", slug="financing")
    for title, day in (("Before the waiver", 1), ("After the waiver", 8)):
        at = dt.datetime(2026, 12, day, 13, tzinfo=dt.UTC)
        make_release(newsroom, title=title, release_at=at, categories=[financing])


@pytest.fixture
def drafted(home, roles, releases):
    waiver_index(home)
    return drafted_disclosure(roles)


def titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    if "/rss/" in url:
        return [item.findtext("title") for item in root.findall("channel/item")]
    return [entry.findtext(f"{ATOM_NS}title") for entry in root.findall(f"{ATOM_NS}entry")]


def test_a_published_disclosure_is_in_both_feeds_newest_first_among_the_releases(client, drafted, roles):
    """Its title, link, publication time and a one-line summary, between the releases before and after it."""
    page = disclose(drafted, roles)
    for url in (RSS, ATOM):
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert [e.title for e in parsed.entries] == ["After the waiver", WAIVER_TITLE, "Before the waiver"], url
        entry = parsed.entries[1]
        assert entry.link == page.full_url
        assert entry.published_parsed[:5] == APPROVED_AT.timetuple()[:5]  # when it went public (UTC)
        assert entry.summary == (
            "Waiver of the Code of Business Conduct and Ethics for Benjamin Locke, Chief Executive Officer, "
            "granted by Board of Directors on Dec. 4, 2026 (CONFLICTS OF INTEREST)."
        )
        assert entry.id.startswith(f"tag:localhost,2026-12-07:code-waiver/{page.pk}")
    # A category's feeds are that category's releases only.
    assert titles(client, "/news/category/financing/feed/rss/") == ["After the waiver", "Before the waiver"]


def test_a_draft_or_scheduled_disclosure_is_in_no_feed_until_it_goes_live(client, drafted, roles):
    """Drafted, then approved for a later time: absent; the publisher makes it live, and the next request lists it."""
    assert WAIVER_TITLE not in titles(client, RSS)  # cached now
    go_live = APPROVED_AT + dt.timedelta(days=1)
    page = disclose(drafted, roles, go_live_at=go_live)
    assert not page.live
    with time_machine.travel(go_live - dt.timedelta(seconds=1), tick=False):
        Publisher().run_once()
        assert WAIVER_TITLE not in titles(client, RSS) + titles(client, ATOM)
    with time_machine.travel(go_live + dt.timedelta(seconds=1), tick=False):
        Publisher().run_once()
        assert fresh(page).live
        assert WAIVER_TITLE in titles(client, RSS) and WAIVER_TITLE in titles(client, ATOM)


def test_a_disclosure_behind_a_view_restriction_is_not_listed(client, drafted, roles):
    page = disclose(drafted, roles)
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert WAIVER_TITLE not in titles(client, RSS) + titles(client, ATOM)


def test_archiving_shows_in_the_feeds_at_once(client, drafted, roles):
    """Archived after its twelve months: the next request of a cached feed says so."""
    page = disclose(drafted, roles)
    assert WAIVER_TITLE in titles(client, ATOM)
    archived_at = APPROVED_AT + dt.timedelta(days=366)
    with time_machine.travel(archived_at, tick=False):
        waivers.archive_disclosure(page, by=roles["compliance"])
    assert f"{WAIVER_TITLE} (archived)" in titles(client, ATOM)
    [entry] = [e for e in feedparser.parse(client.get(ATOM).content).entries if e.title.endswith("(archived)")]
    assert entry.updated_parsed[:5] == archived_at.timetuple()[:5]  # marked updated when it changed


def test_each_disclosure_is_on_one_page_of_the_feed_in_date_order(client, home, roles, newsroom):
    """55 releases a day apart (pages of 50): a disclosure dated among page 2's releases is on page 2 only."""
    waiver_index(home)
    page = disclose(drafted_disclosure(roles), roles)
    make_releases(newsroom, 55)  # 1 Jan 2013 15:00 UTC on; page 2 holds 1 to 5 Jan

    def place(moment):
        CodeWaiverDisclosurePage.objects.filter(pk=page.pk).update(first_published_at=moment, last_published_at=moment)
        cache.clear()
        return [titles(client, url) for url in (RSS, f"{RSS}?page=2", ATOM, f"{ATOM}?page=2")]

    first, second, *atom = place(dt.datetime(2013, 1, 3, 12, tzinfo=dt.UTC))  # between 2 and 3 Jan
    assert WAIVER_TITLE not in first and atom[0] == first and atom[1] == second
    assert second == [f"Bulk release {n}" for n in (4, 3, 2)] + [WAIVER_TITLE, "Bulk release 1", "Bulk release 0"]
    first, second, *_ = place(dt.datetime(2013, 1, 6, 3, tzinfo=dt.UTC))  # between page 2's newest and page 1's oldest
    assert first[-2:] == ["Bulk release 5", WAIVER_TITLE] and WAIVER_TITLE not in second
    first, second, *_ = place(dt.datetime(2012, 6, 1, tzinfo=dt.UTC))  # older than every release
    assert second[-1] == WAIVER_TITLE and WAIVER_TITLE not in first


WAIVER_LISTINGS = {
    "/governance/code-waivers/",
    "/governance/code-waivers/feed/rss/",
    "/governance/code-waivers/feed/atom/",
}


def test_publishing_purges_every_feed_and_the_index_that_list_it_from_the_cdn(drafted, roles):
    """Behind a CDN, the disclosure going public purges the all-releases feeds, the waiver index and its feeds."""
    with purge_endpoint() as purged:
        page = disclose(drafted, roles)
    paths = {path for _host, path in purged}
    assert {RSS, ATOM, page.url} | WAIVER_LISTINGS <= paths


def test_archiving_purges_the_disclosure_and_what_lists_it_from_the_cdn(drafted, roles):
    """Archiving is no publish (Wagtail purges nothing): the page says "Archived" on the CDN too."""
    page = disclose(drafted, roles)
    with purge_endpoint() as purged, time_machine.travel(APPROVED_AT + dt.timedelta(days=366), tick=False):
        waivers.archive_disclosure(page, by=roles["compliance"])
    paths = {path for _host, path in purged}
    assert {RSS, ATOM, page.url} | WAIVER_LISTINGS <= paths
