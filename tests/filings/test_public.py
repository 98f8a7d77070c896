"""The public SEC filings list and its RSS feed: newest first, filterable, every filing a link to EDGAR."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from filings.models import SAMPLE_SOURCE_PREFIX
from filings.services import import_feed
from filings.views import PAGE_SIZE
from tests.support.filings import SAMPLE_ENTRIES, make_filing, sample_bytes

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"
LIST = "/filings/"
FEED = "/filings/feed/rss/"
FIRST_URL = "https://www.sec.gov/Archives/edgar/data/1537435/000143774925034512/0001437749-25-034512-index.htm"


@pytest.fixture
def filings(home):
    """The shipped sample of EDGAR's feed, imported."""
    import_feed(sample_bytes(), "sample")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def test_list_is_newest_first_with_form_date_description_and_edgar_link(client, filings):
    """Each filing shows form type, date filed, EDGAR's description and a link to EDGAR saying it leaves the site."""
    soup = page(client, LIST)
    assert len(soup.find_all("h1")) == 1 and soup.h1.get_text() == "SEC filings"
    items = soup.select(".filing-list > li")
    assert len(items) == SAMPLE_ENTRIES
    first = items[0]
    assert first.select_one(".filing__form").get_text() == "8-K"
    assert "Current report" in first.h2.get_text()
    assert first.select_one(".filing__meta time")["datetime"] == "2025-11-13"
    assert first.select_one(".filing__meta time").get_text() == "Nov. 13, 2025"
    assert [li.get_text() for li in first.select(".filing__items li")] == [
        "Item 2.02: Results of Operations and Financial Condition",
        "Item 9.01: Financial Statements and Exhibits",
    ]
    link = first.select_one(".filing__link a")
    assert link["href"] == FIRST_URL
    assert link.get_text().startswith("View on EDGAR")
    assert "leaves this site" in first.select_one(".filing__link").get_text()
    dates = [li.select_one(".filing__meta time")["datetime"] for li in items]
    assert dates == sorted(dates, reverse=True)


def test_list_says_the_site_links_to_edgar_and_hosts_nothing(client, filings):
    """The page says the filings are on EDGAR, links the company's EDGAR page, and when the list was last checked."""
    soup = page(client, LIST)
    intro = soup.select_one(".filings-intro").get_text(" ", strip=True)
    assert "keeps no copies" in intro
    assert "last checked against EDGAR" in intro and " ET" in intro
    edgar = soup.select_one(".filings-intro a")
    assert edgar["href"].startswith("https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=0001537435")


def test_filter_by_form_type_lists_only_that_form(client, filings):
    """`?form=10-Q` lists the 10-Qs only, and the select offers every form type present, that one selected."""
    soup = page(client, f"{LIST}?form=10-Q")
    forms = [li.select_one(".filing__form").get_text() for li in soup.select(".filing-list > li")]
    assert forms == ["10-Q", "10-Q"]
    options = [o["value"] for o in soup.select("#filter-form option")]
    assert options == ["", "10-K", "10-Q", "4", "424B5", "8-K", "DEF 14A", "S-3"]
    assert soup.select_one("#filter-form option[selected]")["value"] == "10-Q"
    assert soup.select_one("label[for=filter-form]").get_text() == "Form type"


def test_a_form_type_with_a_space_filters_too(client, filings):
    """`?form=DEF 14A` finds the proxy statement."""
    soup = page(client, f"{LIST}?form=DEF+14A")
    assert [li.select_one(".filing__form").get_text() for li in soup.select(".filing-list > li")] == ["DEF 14A"]


@pytest.mark.parametrize("form", ["8-Q", "<script>alert(1)</script>", "x" * 500, "10-K\x00X"])
def test_unknown_form_type_is_an_empty_list_with_a_message(client, filings, form):
    """A form type that is not listed gives an empty list and a notice (200), never an error."""
    response = client.get(LIST, {"form": form})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select(".filing-list > li") == []
    assert "There are no filings of form type" in soup.select_one(".notice").get_text()
    assert b"<script>alert" not in response.content


def test_pagination(client, home):
    """Past PAGE_SIZE filings the list has pages, newest first; a page that is not a number is the first."""
    for n in range(PAGE_SIZE + 3):
        make_filing(f"0001437749-25-{n:06d}", filing_date=dt.date(2025, 1, 1) + dt.timedelta(days=n))
    first = page(client, LIST)
    assert len(first.select(".filing-list > li")) == PAGE_SIZE
    assert first.select_one(".pagination a[rel=next]")["href"] == "?page=2"
    second = page(client, f"{LIST}?page=2")
    assert len(second.select(".filing-list > li")) == 3
    assert second.select(".filing-list time")[-1]["datetime"] == "2025-01-01"
    for bad in ("abc", "0", "999", "-1"):
        assert client.get(LIST, {"page": bad}).status_code == 200
    filtered = page(client, f"{LIST}?form=8-K&page=1")
    assert filtered.select_one(".pagination a[rel=next]")["href"] == "?form=8-K&page=2"


def test_empty_list_links_to_edgar(client, home):
    """Before any import the page says so and links to EDGAR."""
    soup = page(client, LIST)
    assert "No filings are listed yet" in soup.select_one(".empty").get_text()


def test_list_query_count_is_constant(client, home, django_assert_max_num_queries):
    """The list runs the same few queries for 3 filings and for a full page."""
    for n in range(3):
        make_filing(f"0001437749-24-{n:06d}")
    client.get(LIST)  # warm the site and profile
    with django_assert_max_num_queries(8) as small:
        page(client, LIST)
    baseline = len(small)
    for n in range(3, PAGE_SIZE + 5):
        make_filing(f"0001437749-24-{n:06d}", form_type="10-Q" if n % 2 else "8-K")
    with django_assert_max_num_queries(baseline):
        page(client, LIST)


def test_list_advertises_its_feed(client, filings):
    """The page names the filings feed in its <head> and shows its address to copy."""
    soup = page(client, LIST)
    links = {(link["type"], link["href"]) for link in soup.head.select('link[rel="alternate"]')}
    assert ("application/rss+xml", f"{ROOT}{FEED}") in links
    assert soup.select_one(".follow-filings .feed-list a").get_text() == f"{ROOT}{FEED}"


# -- the feed -------------------------------------------------------------------------


def test_feed_lists_filings_newest_first_linking_to_edgar(client, filings):
    """The RSS items are the filings, newest first, each linking to (and identified by) its EDGAR index page."""
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = etree.fromstring(response.content)
    items = root.findall("channel/item")
    assert len(items) == SAMPLE_ENTRIES
    first = items[0]
    assert first.findtext("title") == "8-K: Current report"
    assert first.findtext("link") == FIRST_URL
    assert first.find("guid").text == FIRST_URL and first.find("guid").get("isPermaLink") == "true"
    assert first.findtext("pubDate") == "Thu, 13 Nov 2025 16:10:21 -0500"
    assert first.findtext("category") == "8-K"
    assert first.findtext("description").startswith("Form 8-K filed with the SEC on Nov. 13, 2025. Item 2.02:")
    assert root.findtext("channel/title") == "Tecogen Inc. SEC filings"
    assert root.findtext("channel/link") == f"{ROOT}{LIST}"


def test_feed_parses_cleanly(client, filings):
    """feedparser reads the filings feed without complaint and finds every filing."""
    parsed = feedparser.parse(client.get(FEED).content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert len(parsed.entries) == SAMPLE_ENTRIES
    assert parsed.entries[0].link == FIRST_URL


def test_feed_names_the_browser_stylesheets(client, filings):
    """The filings feed carries the same XSL (and CSS) stylesheet instructions as the release feeds."""
    content = client.get(FEED).content
    assert b'<?xml-stylesheet type="text/xsl" href="/static/feeds/rss.xsl"?>' in content.split(b"<rss")[0]


def test_feed_conditional_get(client, filings):
    """The feed has a strong ETag and answers 304 to a client that has it."""
    etag = client.get(FEED)["ETag"]
    assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_feed_query_count(client, filings, django_assert_max_num_queries):
    """The feed is a handful of queries, however many filings."""
    client.get(FEED)
    with django_assert_max_num_queries(4):
        client.get(FEED)


def test_empty_feed_is_valid(client, home):
    """With no filing yet the feed is valid and empty."""
    parsed = feedparser.parse(client.get(FEED).content)
    assert parsed.bozo == 0 and parsed.entries == []


def test_new_filings_show_on_the_next_request(client, filings):
    """An import that adds a filing moves the site's content version: the list and feed show it at once."""
    client.get(LIST)
    make_filing("0001437749-26-000001", filing_date=dt.date(2026, 1, 5))
    assert "Jan. 5, 2026" in page(client, LIST).select_one(".filing__meta").get_text()


def test_the_demos_sample_says_it_is_not_the_companys_real_filings(client, home):
    """Imported from the project's sample (the demo): a notice says so, and no "checked against EDGAR" claim."""
    import_feed(sample_bytes(), f"{SAMPLE_SOURCE_PREFIX}edgar/tecogen-filings.atom")
    intro = page(client, LIST).select_one(".filings-intro").get_text(" ", strip=True)
    assert "Demo data." in intro and "not Tecogen Inc.'s real filings" in intro
    assert "checked against EDGAR" not in intro


def test_a_list_imported_from_edgar_carries_no_demo_notice(client, home):
    import_feed(sample_bytes(), "https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=0001537435&output=atom")
    intro = page(client, LIST).select_one(".filings-intro").get_text(" ", strip=True)
    assert "Demo data" not in intro and "last checked against EDGAR" in intro
