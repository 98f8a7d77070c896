"""The newsroom lists released releases newest first, with filters, search and pages."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from releases.newsroom import NEWSROOM_PAGE_SIZE
from tests.factories import CategoryFactory, make_release

pytestmark = pytest.mark.django_db


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select(".release-list .release-summary__title a")]


@pytest.fixture
def archive(newsroom):
    financing = CategoryFactory(name="Financing", slug="financing")
    products = CategoryFactory(name="Products", slug="products")
    make_release(
        newsroom,
        title="Private placement raises cash",
        release_at=dt.datetime(2011, 12, 2, 13, tzinfo=dt.UTC),
        categories=[financing],
    )
    make_release(
        newsroom,
        title="New water heater ships",
        release_at=dt.datetime(2012, 3, 1, 13, tzinfo=dt.UTC),
        categories=[products],
        body_text="The Ilios High-Efficiency Water Heater enters manufacturing.",
    )
    make_release(
        newsroom,
        title="Credit line extended",
        release_at=dt.datetime(2012, 9, 10, 13, tzinfo=dt.UTC),
        categories=[financing],
    )
    make_release(
        newsroom,
        title="Unapproved draft",
        release_at=dt.datetime(2012, 10, 1, 13, tzinfo=dt.UTC),
        publish=False,
    )
    return newsroom


def test_newest_first_and_drafts_hidden(client, archive):
    """Released releases are listed newest first; drafts are not listed or counted."""
    response = client.get("/news/")
    assert titles(response) == [
        "Credit line extended",
        "New water heater ships",
        "Private placement raises cash",
    ]
    assert "3 releases" in response.content.decode()


def test_year_filter(client, archive):
    """?year= keeps the releases of that market-time year; only years with releases are offered."""
    assert titles(client.get("/news/?year=2011")) == ["Private placement raises cash"]
    soup = BeautifulSoup(client.get("/news/").content, "html.parser")
    assert [o["value"] for o in soup.select("#filter-year option") if o["value"]] == ["2012", "2011"]


def test_year_boundary_is_market_time(client, newsroom):
    """A release at 8 p.m. ET on 31 Dec belongs to that year although it is January in UTC."""
    make_release(newsroom, title="New Year's Eve", release_at=dt.datetime(2013, 1, 1, 1, tzinfo=dt.UTC))
    assert titles(client.get("/news/?year=2012")) == ["New Year's Eve"]
    assert titles(client.get("/news/?year=2013")) == []


def test_category_filter(client, archive):
    """?category= keeps the releases of that category."""
    assert titles(client.get("/news/?category=financing")) == [
        "Credit line extended",
        "Private placement raises cash",
    ]


def test_filters_combine(client, archive):
    """Year and category filters apply together."""
    assert titles(client.get("/news/?category=financing&year=2012")) == ["Credit line extended"]


def test_bad_filter_values_explain_themselves(client, archive):
    """A non-year or an unknown category says so rather than failing."""
    response = client.get("/news/?year=20x1")
    assert response.status_code == 200
    assert "is not a year" in response.content.decode()
    response = client.get("/news/?category=nope")
    assert response.status_code == 200
    assert "There is no category" in response.content.decode()
    assert titles(response) == []


def test_full_text_search(client, archive):
    """Search finds released releases by body text and never finds drafts."""
    assert titles(client.get("/news/?q=water heater")) == ["New water heater ships"]
    assert titles(client.get("/news/?q=Unapproved")) == []


def test_search_with_category_filter(client, archive):
    """Search works together with a category filter."""
    assert titles(client.get("/news/?q=placement&category=financing")) == ["Private placement raises cash"]
    assert titles(client.get("/news/?q=placement&category=products")) == []


def test_pagination(client, newsroom):
    """Twenty per page; page links keep the filters; out-of-range pages show the last page."""
    base = dt.datetime(2015, 1, 1, 14, tzinfo=dt.UTC)
    for i in range(NEWSROOM_PAGE_SIZE + 3):
        make_release(newsroom, title=f"Release {i:02d}", release_at=base + dt.timedelta(days=i))
    first = client.get("/news/")
    assert len(titles(first)) == NEWSROOM_PAGE_SIZE
    assert titles(first)[0] == "Release 22"
    second = client.get("/news/?page=2")
    assert titles(second) == ["Release 02", "Release 01", "Release 00"]
    assert titles(client.get("/news/?page=99")) == titles(second)
    assert titles(client.get("/news/?page=abc")) == titles(first)
    soup = BeautifulSoup(client.get("/news/?year=2015").content, "html.parser")
    assert soup.select_one('.pagination a[rel="next"]')["href"] == "?year=2015&page=2"


def test_home_page_lists_latest_releases(client, archive):
    """The home page shows the latest released releases and links to the newsroom."""
    response = client.get("/")
    assert titles(response) == [
        "Credit line extended",
        "New water heater ships",
        "Private placement raises cash",
    ]
    assert 'href="/news/"' in response.content.decode()


def _release_many(newsroom, count, start):
    categories = [CategoryFactory(), CategoryFactory()]
    for i in range(count):
        make_release(
            newsroom,
            title=f"Bulk {start + i}",
            release_at=dt.datetime(2014, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=start + i),
            categories=[categories[i % 2]],
            body_text="A release.",
            fast=True,
        )


@pytest.mark.parametrize("url", ["/", "/news/", "/news/?year=2014", "/news/?q=bulk", "/news/?page=2"])
def test_query_count_does_not_grow_with_the_archive(client, newsroom, django_assert_max_num_queries, url):
    """Home and newsroom pages run the same number of SQL queries for 25 and for 60 releases."""
    _release_many(newsroom, 25, 0)
    client.get(url)  # warm caches (site root paths, settings)
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    baseline = len(few)
    _release_many(newsroom, 35, 25)
    client.get(url)
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    # The count is that of a full listing: the newest 60 releases, newest first (page 2: from the 21st).
    expected_first = "Bulk 39" if "page=2" in url else "Bulk 59"
    assert titles(response)[:2] == [expected_first, f"Bulk {int(expected_first.split()[1]) - 1}"]


def test_release_page_query_count_does_not_grow(client, newsroom, django_assert_max_num_queries):
    """A release page runs the same number of queries whatever the archive's size."""
    _release_many(newsroom, 5, 0)
    page = make_release(newsroom, title="Measured", release_at=dt.datetime(2014, 1, 3, 12, tzinfo=dt.UTC))
    client.get(page.url)
    with django_assert_max_num_queries(100) as few:
        client.get(page.url)
    baseline = len(few)
    _release_many(newsroom, 40, 5)
    client.get(page.url)
    with django_assert_max_num_queries(baseline):
        client.get(page.url)


def test_search_uses_the_databases_own_full_text_search():
    """PostgreSQL full-text search on PostgreSQL (CI's second pass), SQLite FTS on SQLite."""
    from django.db import connection

    from wagtail.search.backends import get_search_backend

    backend = type(get_search_backend()).__module__
    expected = {
        "postgresql": "modelsearch.backends.database.postgres",
        "sqlite": "modelsearch.backends.database.sqlite",
    }
    assert backend.startswith(expected[connection.vendor]), backend
