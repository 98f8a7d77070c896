"""RSS and Atom feeds: complete, punctual, valid, cached and cheap."""

from __future__ import annotations

import datetime as dt
import io
import re
import zoneinfo

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.models import Page, PageViewRestriction

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from disclosure.guard import historical_record
from releases.feeds import FEED_PAGE_SIZE, absolute_urls, release_guid
from releases.models import ReleaseAttachment, ReleaseContact
from tests.factories import CategoryFactory, MediaContactFactory, make_release, make_releases

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"  # the test Site's root URL: every absolute URL starts here
ATOM = "{http://www.w3.org/2005/Atom}"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
FEEDS = {
    "rss": "/news/feed/rss/",
    "atom": "/news/feed/atom/",
    "financing-rss": "/news/category/financing/feed/rss/",
    "financing-atom": "/news/category/financing/feed/atom/",
}
PDF = b"%PDF-1.4\n% a tiny test document\n%%EOF\n"
# The W3C Feed Validation Service's own patterns (feedvalidator/validators.py).
RFC2822_DATE = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d\d\d\d \d\d:\d\d:\d\d [+-]\d\d[03]0$"
)
RFC3339_DATE = re.compile(r"^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*)?(Z|[+-]\d\d:\d\d)$")
TAG_URI = re.compile(
    r"^tag:([a-z0-9\-\._]+?@)?[a-z0-9\.\-]+?,\d{4}(-\d{2}(-\d{2})?)?:[0-9a-zA-Z;/\?:@&=+$\.\-_!~*'\(\)%,]*$"
)
RELATIVE_REF = re.compile(r"""<(?:a\s+href|img\s+[^>]*src)=["'](?![a-z][a-z0-9+.\-]*:)""", re.IGNORECASE)


@pytest.fixture
def archive(newsroom, home):
    """Three released releases in two categories, one with contacts and a PDF, plus a draft."""
    financing = CategoryFactory(name="Financing", slug="financing")
    products = CategoryFactory(name="Products", slug="products")
    placement = make_release(
        newsroom,
        title="Tecogen Raises Over $2.9 Million",
        subheadline="Proceeds to Be Used to Fund Growth and Product Development",
        release_at=dt.datetime(2011, 12, 2, 13, 0, tzinfo=dt.UTC),  # 8:00 a.m. EST
        body_text=(
            "Tecogen Inc. (Nasdaq: TGEN) sold stock &amp; warrants. "
            'See <a href="/governance/">governance</a>, '
            f'<a linktype="page" id="{home.pk}">our home page</a> '
            'and <img src="/media/chart.png" alt="Chart">. '
            '<a href="javascript:alert(1)" onclick="steal()">Click</a><script>alert("x")</script>'
        ),
        categories=[financing],
    )
    ReleaseContact.objects.create(
        page=placement,
        contact=MediaContactFactory(
            name="Melinda Furse", organisation="Tecogen Inc.", phone="781-466-6444", email="mf@tecogen.com"
        ),
        sort_order=0,
    )
    document = Document.objects.create(title="Full release", file=ContentFile(PDF, name="release.pdf"))
    ReleaseAttachment.objects.create(page=placement, document=document, sort_order=0)
    heater = make_release(
        newsroom,
        title="New Water Heater Ships",
        release_at=dt.datetime(2012, 6, 1, 12, 0, tzinfo=dt.UTC),  # 8:00 a.m. EDT
        body_text="The Ilios High-Efficiency Water Heater enters manufacturing.",
        categories=[products],
    )
    credit = make_release(
        newsroom,
        title="Credit Line Extended",
        release_at=dt.datetime(2012, 9, 10, 13, 0, tzinfo=dt.UTC),
        categories=[financing, products],
    )
    draft_at = dt.datetime(2013, 1, 1, tzinfo=dt.UTC)
    make_release(newsroom, title="Unapproved Draft", release_at=draft_at, publish=False)
    return {"placement": placement, "heater": heater, "credit": credit, "document": document}


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def tree(response):
    return etree.fromstring(response.content)


def rss_items(response):
    return tree(response).findall("channel/item")


def atom_entries(response):
    return tree(response).findall(f"{ATOM}entry")


def feed_links(root, kind):
    """{rel: href} of the feed-level atom:link elements."""
    parent = root.find("channel") if kind == "rss" else root
    return {link.get("rel"): link.get("href") for link in parent.findall(f"{ATOM}link")}


# -- items --------------------------------------------------------------------------


def test_rss_items_are_newest_first_with_titles_and_links(client, archive):
    """RSS lists released releases newest first, each with its headline and absolute URL."""
    items = rss_items(fetch(client, FEEDS["rss"]))
    assert [i.findtext("title") for i in items] == [
        "Credit Line Extended",
        "New Water Heater Ships",
        "Tecogen Raises Over $2.9 Million",
    ]
    assert [i.findtext("link") for i in items] == [
        f"{ROOT}/news/credit-line-extended/",
        f"{ROOT}/news/new-water-heater-ships/",
        f"{ROOT}/news/tecogen-raises-over-29-million/",
    ]


def test_atom_entries_are_newest_first_with_titles_and_links(client, archive):
    """Atom lists the same releases in the same order, each linking to its page."""
    entries = atom_entries(fetch(client, FEEDS["atom"]))
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Credit Line Extended",
        "New Water Heater Ships",
        "Tecogen Raises Over $2.9 Million",
    ]
    assert entries[0].find(f"{ATOM}link").get("href") == f"{ROOT}/news/credit-line-extended/"


def test_guid_is_a_permanent_tag_uri(client, archive):
    """The RSS guid and Atom id are one tag URI per release, not a permalink."""
    placement = archive["placement"]
    expected = f"tag:localhost,2011-12-02:release/{placement.pk}"
    assert release_guid(placement, "localhost") == expected
    guid = rss_items(fetch(client, FEEDS["rss"]))[-1].find("guid")
    assert guid.text == expected
    assert guid.get("isPermaLink") == "false"
    assert atom_entries(fetch(client, FEEDS["atom"]))[-1].findtext(f"{ATOM}id") == expected
    assert TAG_URI.match(expected)


def test_guid_survives_slug_change_and_correction(client, archive):
    """Correcting a release and changing its slug keeps its guid, so readers do not see it twice."""
    placement = archive["placement"]
    before = rss_items(fetch(client, FEEDS["rss"]))[-1].findtext("guid")
    placement.title = "CORRECTING and REPLACING Tecogen Raises Over $2.9 Million"
    placement.slug = "tecogen-raises-29-million-corrected"
    with historical_record("test fixture"):
        placement.save_revision().publish()
    items = rss_items(fetch(client, FEEDS["rss"]))
    item = next(i for i in items if i.findtext("title").startswith("CORRECTING"))
    assert item.findtext("guid") == before
    assert item.findtext("link") == f"{ROOT}/news/tecogen-raises-29-million-corrected/"


def test_dates_are_in_market_time_with_offset(client, archive):
    """pubDate and published carry the market time and its EST or EDT offset."""
    items = rss_items(fetch(client, FEEDS["rss"]))
    assert items[-1].findtext("pubDate") == "Fri, 02 Dec 2011 08:00:00 -0500"
    assert items[-2].findtext("pubDate") == "Fri, 01 Jun 2012 08:00:00 -0400"
    entries = atom_entries(fetch(client, FEEDS["atom"]))
    assert entries[-1].findtext(f"{ATOM}published") == "2011-12-02T08:00:00-05:00"
    assert entries[-1].findtext(f"{ATOM}updated") == "2011-12-02T08:00:00-05:00"


def test_updated_follows_a_correction(client, archive):
    """A corrected release's `updated` is when the correction was published (market time); the feed's too."""
    heater = archive["heater"]
    heater.subheadline = "Corrected: shipping began in June"
    with historical_record("test fixture"):
        heater.save_revision().publish()
    heater.refresh_from_db()
    corrected_at = heater.last_published_at.astimezone(zoneinfo.ZoneInfo("America/New_York"))
    corrected_at = corrected_at.replace(microsecond=0)
    root = tree(fetch(client, FEEDS["atom"]))
    entry = next(e for e in root.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == heater.title)
    assert entry.findtext(f"{ATOM}updated") == corrected_at.isoformat()
    assert entry.findtext(f"{ATOM}published") == "2012-06-01T08:00:00-04:00"
    assert root.findtext(f"{ATOM}updated") == corrected_at.isoformat()
    rss = tree(fetch(client, FEEDS["rss"]))
    assert rss.findtext("channel/lastBuildDate") == corrected_at.strftime("%a, %d %b %Y %H:%M:%S %z")


def test_feed_updated_is_the_newest_items_never_now(client, archive):
    """lastBuildDate and Atom updated are the newest item's time, so the same archive gives the same bytes."""
    rss = fetch(client, FEEDS["rss"])
    assert tree(rss).findtext("channel/lastBuildDate") == "Mon, 10 Sep 2012 09:00:00 -0400"
    assert tree(fetch(client, FEEDS["atom"])).findtext(f"{ATOM}updated") == "2012-09-10T09:00:00-04:00"
    cache.clear()
    assert fetch(client, FEEDS["rss"]).content == rss.content


def test_categories_author_and_summary(client, archive):
    """Items carry their categories, the company as author and a plain-text summary."""
    item = rss_items(fetch(client, FEEDS["rss"]))[0]
    assert [c.text for c in item.findall("category")] == ["Financing", "Products"]
    assert item.findtext("dc:creator", namespaces=NS) == "Tecogen Inc."
    assert item.find("author") is None  # RSS <author> must be an e-mail address
    placement = rss_items(fetch(client, FEEDS["rss"]))[-1]
    description = placement.findtext("description")
    assert description.startswith("Tecogen Inc. (Nasdaq: TGEN) sold stock &amp; warrants.")
    root = tree(fetch(client, FEEDS["atom"]))
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Tecogen Inc."
    entry = root.findall(f"{ATOM}entry")[0]
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Tecogen Inc."
    assert [(c.get("term"), c.get("label")) for c in entry.findall(f"{ATOM}category")] == [
        ("financing", "Financing"),
        ("products", "Products"),
    ]
    summary = root.findall(f"{ATOM}entry")[-1].find(f"{ATOM}summary")
    assert summary.text.startswith("Tecogen Inc. (Nasdaq: TGEN) sold stock & warrants.")
    assert "<" not in summary.text


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_content_is_the_full_release_with_absolute_sanitized_html(client, archive, kind):
    """The full release goes out as HTML: dateline to SOURCE line, absolute URLs, nothing executable."""
    root = tree(fetch(client, FEEDS[kind]))
    if kind == "rss":
        content = root.findall("channel/item")[-1].findtext("content:encoded", namespaces=NS)
    else:
        element = root.findall(f"{ATOM}entry")[-1].find(f"{ATOM}content")
        assert element.get("type") == "html"
        content = element.text
    for text in (
        "Proceeds to Be Used to Fund Growth and Product Development",
        "WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ --",
        "Tecogen Inc. (Nasdaq: TGEN) sold stock &amp; warrants.",
        "About Tecogen",
        "Melinda Furse",
        "SOURCE Tecogen Inc.",
    ):
        assert text in content
    assert f'href="{ROOT}/governance/"' in content
    assert f'href="{ROOT}/"' in content  # the internal page link, expanded
    assert f'src="{ROOT}/media/chart.png"' in content
    assert f'href="{ROOT}{archive["document"].url}"' in content
    assert 'href="/' not in content and 'src="/' not in content
    assert not RELATIVE_REF.search(content)
    for hostile in ("<script", "alert(", "javascript:", "onclick", "linktype"):
        assert hostile not in content


def test_content_is_valid_html(client, archive):
    """Every item's HTML parses without error under a strict HTML5 parser, as the W3C validator checks it."""
    html5lib = pytest.importorskip("bleach._vendor.html5lib")
    for item in rss_items(fetch(client, FEEDS["rss"])):
        html5lib.HTMLParser(strict=True).parseFragment(item.findtext("content:encoded", namespaces=NS))


def test_absolute_urls_resolves_every_form_of_attribute():
    """Quoted and unquoted href/src values are made absolute; text and other schemes are left alone."""
    html = (
        "<p title=\"a>b\">href=/x <a href='/a?b=1&amp;c=2'>a</a> <img alt=x src=/i.png>"
        ' <a href="#top">t</a> <a href="mailto:ir@tecogen.com">m</a> <a href="https://x.test/">x</a></p>'
    )
    out = absolute_urls(html, "http://localhost/news/r/")
    assert 'href="http://localhost/a?b=1&amp;c=2"' in out
    assert 'src="http://localhost/i.png"' in out
    assert 'href="http://localhost/news/r/#top"' in out
    assert 'href="mailto:ir@tecogen.com"' in out and 'href="https://x.test/"' in out
    assert "href=/x " in out  # text, not an attribute


def test_enclosure_for_a_pdf_attachment(client, archive):
    """The first attachment is the item's one enclosure: absolute URL, byte length and media type."""
    item = rss_items(fetch(client, FEEDS["rss"]))[-1]
    enclosures = item.findall("enclosure")
    assert len(enclosures) == 1
    url = f"{ROOT}{archive['document'].url}"
    assert url.endswith(".pdf")
    assert dict(enclosures[0].attrib) == {"url": url, "length": str(len(PDF)), "type": "application/pdf"}
    assert rss_items(fetch(client, FEEDS["rss"]))[0].find("enclosure") is None
    entry = atom_entries(fetch(client, FEEDS["atom"]))[-1]
    links = [dict(link.attrib) for link in entry.findall(f"{ATOM}link")]
    assert {"rel": "enclosure", "href": url, "type": "application/pdf", "length": str(len(PDF))} in links
    assert [link for link in links if link.get("rel", "alternate") == "alternate"] == [
        {"rel": "alternate", "type": "text/html", "href": f"{ROOT}/news/tecogen-raises-over-29-million/"}
    ]


# -- feeds ----------------------------------------------------------------------


def test_category_feeds_hold_only_their_category(client, archive):
    """A category feed lists that category's releases, titled and linked for it."""
    rss = tree(fetch(client, FEEDS["financing-rss"]))
    assert [i.findtext("title") for i in rss.findall("channel/item")] == [
        "Credit Line Extended",
        "Tecogen Raises Over $2.9 Million",
    ]
    assert rss.findtext("channel/title") == "Tecogen Inc. press releases – Financing"
    assert rss.findtext("channel/link") == f"{ROOT}/news/?category=financing"
    atom = tree(fetch(client, "/news/category/products/feed/atom/"))
    assert [e.findtext(f"{ATOM}title") for e in atom.findall(f"{ATOM}entry")] == [
        "Credit Line Extended",
        "New Water Heater Ships",
    ]


def test_feed_metadata(client, archive):
    """Title, newsroom link, self link, language, description and generator are set for both formats."""
    rss = tree(fetch(client, FEEDS["rss"])).find("channel")
    assert rss.findtext("title") == "Tecogen Inc. press releases"
    assert rss.findtext("link") == f"{ROOT}/news/"
    assert rss.findtext("language") == "en-us"
    assert rss.findtext("description") == "Press releases from Tecogen Inc. (Nasdaq: TGEN), newest first."
    assert rss.findtext("generator") == "IR Newsroom"
    self_link = rss.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == f"{ROOT}/news/feed/rss/"
    assert self_link.get("type") == "application/rss+xml"
    atom = tree(fetch(client, FEEDS["atom"]))
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-us"
    assert atom.findtext(f"{ATOM}id") == f"{ROOT}/news/feed/atom/"
    assert atom.find(f"{ATOM}link[@rel='self']").get("href") == f"{ROOT}/news/feed/atom/"
    assert atom.find(f"{ATOM}link[@rel='alternate']").get("href") == f"{ROOT}/news/"


def test_unknown_category_is_404(client, archive):
    """A feed for a category that does not exist is not found."""
    assert client.get("/news/category/nonsense/feed/rss/").status_code == 404


def test_paged_archive(client, newsroom):
    """55 releases: page 1 has the newest 50 and rel=next; page 2 the oldest 5 and rel=previous."""
    make_releases(newsroom, 55)
    for kind in ("rss", "atom"):
        first = tree(fetch(client, FEEDS[kind]))
        second = tree(fetch(client, f"{FEEDS[kind]}?page=2"))
        if kind == "rss":
            first_titles = [i.findtext("title") for i in first.findall("channel/item")]
            second_titles = [i.findtext("title") for i in second.findall("channel/item")]
        else:
            first_titles = [e.findtext(f"{ATOM}title") for e in first.findall(f"{ATOM}entry")]
            second_titles = [e.findtext(f"{ATOM}title") for e in second.findall(f"{ATOM}entry")]
        assert len(first_titles) == FEED_PAGE_SIZE == 50
        assert first_titles[0] == "Bulk release 54"
        assert second_titles == [f"Bulk release {i}" for i in range(4, -1, -1)]
        base = f"{ROOT}{FEEDS[kind]}"
        assert feed_links(first, kind) == {
            "self": base,
            "first": base,
            "next": f"{base}?page=2",
            "last": f"{base}?page=2",
            **({} if kind == "rss" else {"alternate": f"{ROOT}/news/"}),
        }
        assert feed_links(second, kind) == {
            "self": f"{base}?page=2",
            "first": base,
            "previous": base,
            "last": f"{base}?page=2",
            **({} if kind == "rss" else {"alternate": f"{ROOT}/news/"}),
        }


def test_pages_out_of_range_or_malformed_are_404(client, archive):
    """Only existing pages exist: ?page=2 of a short feed, page 0 and words are not found."""
    for page in ("2", "0", "-1", "two", ""):
        assert client.get(f"{FEEDS['rss']}?page={page}").status_code == 404, page


def test_page_one_has_one_address(client, archive):
    """?page=1 redirects to the feed's own address, so the self link always matches."""
    response = client.get(f"{FEEDS['atom']}?page=1")
    assert response.status_code == 301
    assert response["Location"] == FEEDS["atom"]


def test_empty_feed_is_valid(client, newsroom):
    """With no release yet, the feeds answer with no items and a fixed date."""
    for kind in ("rss", "atom"):
        parsed = feedparser.parse(fetch(client, FEEDS[kind]).content)
        assert parsed.bozo == 0
        assert parsed.entries == []


# -- HTTP -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "media_type"),
    [(FEEDS["rss"], "application/rss+xml"), (FEEDS["financing-atom"], "application/atom+xml")],
)
def test_content_type_and_caching_headers(client, archive, url, media_type):
    """Feeds go out as XML (browsers then apply their stylesheet) naming their own media type in their self
    link; a strong ETag, Last-Modified; browsers revalidate, CDNs keep them."""
    response = fetch(client, url)
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = tree(response)
    parent = root.find("channel") if url.endswith("/rss/") else root
    assert parent.find(f"{ATOM}link[@rel='self']").get("type") == media_type
    assert re.fullmatch(r'"[0-9a-f]{64}"', response["ETag"])
    assert response["Last-Modified"].endswith(" GMT")
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=300"}


def test_conditional_get_with_etag(client, archive):
    """A client that has the current version gets 304 Not Modified for its ETag."""
    etag = fetch(client, FEEDS["rss"])["ETag"]
    response = client.get(FEEDS["rss"], HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert client.get(FEEDS["rss"], HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_conditional_get_with_last_modified(client, archive):
    """A client that has the current version gets 304 Not Modified for its If-Modified-Since."""
    last_modified = fetch(client, FEEDS["atom"])["Last-Modified"]
    assert client.get(FEEDS["atom"], HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    long_ago = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(FEEDS["atom"], HTTP_IF_MODIFIED_SINCE=long_ago).status_code == 200


def test_conditional_get_after_withdrawal(client, archive):
    """Withdrawing a release makes earlier validators stale: no 304 for yesterday's feed."""
    first = fetch(client, FEEDS["rss"])
    archive["credit"].unpublish()
    validators = {"HTTP_IF_NONE_MATCH": first["ETag"], "HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]}
    response = client.get(FEEDS["rss"], **validators)
    assert response.status_code == 200
    assert b"Credit Line Extended" not in response.content


# -- publication and caching ------------------------------------------------------


def test_publishing_shows_at_once(client, newsroom, archive):
    """A feed cached before a release is published lists it on the very next request."""
    fetch(client, FEEDS["rss"])
    fetch(client, FEEDS["financing-atom"])
    make_release(
        newsroom,
        title="Quarterly Results",
        release_at=dt.datetime(2013, 3, 1, 13, tzinfo=dt.UTC),
        categories=[archive["credit"].categories.get(slug="financing")],
    )
    assert rss_items(fetch(client, FEEDS["rss"]))[0].findtext("title") == "Quarterly Results"
    entries = atom_entries(fetch(client, FEEDS["financing-atom"]))
    assert entries[0].findtext(f"{ATOM}title") == "Quarterly Results"


def test_unpublishing_removes_at_once(client, archive):
    """A withdrawn release leaves every feed on the next request."""
    fetch(client, FEEDS["rss"])
    fetch(client, FEEDS["financing-atom"])
    archive["credit"].unpublish()
    assert "Credit Line Extended" not in [i.findtext("title") for i in rss_items(fetch(client, FEEDS["rss"]))]
    assert "Credit Line Extended" not in [
        e.findtext(f"{ATOM}title") for e in atom_entries(fetch(client, FEEDS["financing-atom"]))
    ]


def test_deleting_removes_at_once(client, archive):
    """A deleted release leaves the feed on the next request."""
    fetch(client, FEEDS["rss"])
    Page.objects.get(pk=archive["heater"].pk).delete()
    assert len(rss_items(fetch(client, FEEDS["rss"]))) == 2


def test_renaming_a_category_changes_no_released_item(client, archive):
    """A release's feed item shows the category names it was approved with, not a later rename."""
    fetch(client, FEEDS["rss"])
    products = archive["heater"].categories.get(slug="products")
    products.name = "Products and Services"
    products.save()
    item = rss_items(fetch(client, FEEDS["rss"]))[1]
    assert [c.text for c in item.findall("category")] == ["Products"]


def test_drafts_and_private_releases_never_appear(client, archive):
    """Drafts, unpublished edits of live releases and releases behind a login stay out of every feed."""
    credit = archive["credit"]
    credit.title = "Draft Headline Not Yet Approved"
    credit.save_revision()  # an edit awaiting approval: not published
    PageViewRestriction.objects.create(page=archive["heater"], restriction_type="login")
    for url in FEEDS.values():
        body = fetch(client, url).content.decode()
        for hidden in ("Unapproved Draft", "Draft Headline", "New Water Heater Ships"):
            assert hidden not in body


def test_query_count_is_constant(client, newsroom, django_assert_max_num_queries):
    """A feed runs the same number of queries for 3 and for 20 releases; a cached one almost none."""
    financing = CategoryFactory(name="Financing", slug="financing")
    for start, url in ((0, FEEDS["rss"]), (100, FEEDS["financing-atom"])):
        make_releases(newsroom, 3, start=start, categories=[financing])
        fetch(client, "/")  # warm Wagtail's site root paths
        with django_assert_max_num_queries(15) as small:
            fetch(client, url)
        baseline = len(small)  # read now: every request resets Django's query log
        make_releases(newsroom, 17, start=start + 3, categories=[financing])
        cache.clear()
        fetch(client, "/")
        with django_assert_max_num_queries(baseline):
            fetch(client, url)
        with django_assert_max_num_queries(3):
            fetch(client, url)  # cached


# -- parsing and validity ---------------------------------------------------------


ENTRY_COUNTS = [("rss", 3), ("atom", 3), ("financing-rss", 2), ("financing-atom", 2)]


@pytest.mark.parametrize(("name", "entries"), ENTRY_COUNTS)
def test_feedparser_parses_cleanly(client, archive, name, entries):
    """feedparser reads every feed without complaint (bozo 0) and finds every entry."""
    parsed = feedparser.parse(fetch(client, FEEDS[name]).content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert len(parsed.entries) == entries
    assert parsed.feed.title.startswith("Tecogen Inc. press releases")
    assert parsed.entries[0].id.startswith("tag:localhost,2012-09-10:release/")
    assert parsed.entries[-1].published_parsed[:5] == (2011, 12, 2, 13, 0)  # UTC


@pytest.mark.parametrize("name", list(FEEDS))
def test_feeds_follow_the_validator_rules(client, archive, name):
    """Well-formed XML, RFC 822/3339 dates, tag-URI ids, the right self link, one enclosure, absolute URLs."""
    url = FEEDS[name]
    root = tree(fetch(client, url))
    kind = "rss" if name.endswith("rss") else "atom"
    assert feed_links(root, kind)["self"] == f"{ROOT}{url}"
    if kind == "rss":
        assert root.tag == "rss" and root.get("version") == "2.0"
        channel = root.find("channel")
        assert RFC2822_DATE.match(channel.findtext("lastBuildDate"))
        for item in channel.findall("item"):
            assert RFC2822_DATE.match(item.findtext("pubDate"))
            assert TAG_URI.match(item.findtext("guid"))
            assert len(item.findall("enclosure")) <= 1
            assert item.findtext("description") and item.findtext("content:encoded", namespaces=NS)
            assert not RELATIVE_REF.search(item.findtext("content:encoded", namespaces=NS))
    else:
        assert RFC3339_DATE.match(root.findtext(f"{ATOM}updated"))
        ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
        assert len(set(ids)) == len(ids) and all(TAG_URI.match(i) for i in ids)
        for entry in root.findall(f"{ATOM}entry"):
            for field in ("published", "updated"):
                assert RFC3339_DATE.match(entry.findtext(f"{ATOM}{field}"))
            assert not RELATIVE_REF.search(entry.findtext(f"{ATOM}content"))


# -- pages ------------------------------------------------------------------------


def alternate_links(client, url):
    soup = BeautifulSoup(fetch(client, url).content, "html.parser")
    return {(link["type"], link["href"]) for link in soup.head.select('link[rel="alternate"]')}


ALL_FEEDS = {
    ("application/rss+xml", f"{ROOT}/news/feed/rss/"),
    ("application/atom+xml", f"{ROOT}/news/feed/atom/"),
}


def test_home_and_newsroom_advertise_the_feeds(client, archive):
    """The home page and the newsroom name the all-releases feeds in their <head>."""
    assert alternate_links(client, "/") == ALL_FEEDS
    assert alternate_links(client, "/news/") == ALL_FEEDS


def test_filtered_newsroom_advertises_its_category_feeds(client, archive):
    """The newsroom filtered by a category also names that category's feeds."""
    assert alternate_links(client, "/news/?category=financing") == ALL_FEEDS | {
        ("application/rss+xml", f"{ROOT}/news/category/financing/feed/rss/"),
        ("application/atom+xml", f"{ROOT}/news/category/financing/feed/atom/"),
    }


def test_release_page_advertises_its_category_feeds(client, archive):
    """A release page names the all-releases feeds and those of each of its categories."""
    links = alternate_links(client, archive["credit"].url)
    assert links == ALL_FEEDS | {
        (media_type, f"{ROOT}/news/category/{slug}/feed/{kind}/")
        for slug in ("financing", "products")
        for kind, media_type in (("rss", "application/rss+xml"), ("atom", "application/atom+xml"))
    }
    soup = BeautifulSoup(fetch(client, archive["credit"].url).content, "html.parser")
    titles = [link["title"] for link in soup.head.select('link[rel="alternate"]')]
    assert "Tecogen Inc. press releases – Products (Atom)" in titles


def test_newsroom_lists_the_feed_urls(client, archive):
    """The newsroom's "Follow our releases" section lists every feed address."""
    soup = BeautifulSoup(fetch(client, "/news/").content, "html.parser")
    section = soup.select_one("section.follow-feeds")
    assert section.h2.get_text() == "Follow our releases"
    assert section.select_one("p.alerts-link a")["href"] == "/alerts/"
    hrefs = [a["href"] for a in section.select(".feed-list a")]
    assert hrefs == [
        f"{ROOT}/news/feed/rss/",
        f"{ROOT}/news/feed/atom/",
        f"{ROOT}/news/category/financing/feed/rss/",
        f"{ROOT}/news/category/financing/feed/atom/",
        f"{ROOT}/news/category/products/feed/rss/",
        f"{ROOT}/news/category/products/feed/atom/",
    ]
    assert [a.get_text() for a in section.select(".feed-list a")] == hrefs


def test_item_with_an_empty_lead_keeps_full_content_in_content_encoded(client, newsroom):
    """A release whose body has no text still has a summary and its full HTML in content:encoded."""
    page = make_release(newsroom, title="Board meeting notice", publish=False)
    page.body = [("paragraph", " ")]
    with historical_record("test fixture"):
        page.save_revision().publish()
    root = etree.fromstring(client.get("/news/feed/rss/").content)
    item = root.find("channel/item")
    assert item.findtext("description") == "Board meeting notice"
    content = item.find("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert content is not None and "SOURCE Tecogen Inc." in content.text


# -- in a browser -----------------------------------------------------------------


def apply_stylesheet(content: bytes, kind: str) -> BeautifulSoup:
    """The page a browser makes of the feed: its own XSLT stylesheet applied (lxml runs XSLT 1.0, as browsers do)."""
    transform = etree.XSLT(etree.parse(str(settings.BASE_DIR / "static" / "feeds" / f"{kind}.xsl")))
    document = etree.parse(io.BytesIO(content))  # the whole document: the stylesheet reads its instructions
    return BeautifulSoup(str(transform(document)), "html.parser")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_names_its_browser_stylesheets_right_after_the_declaration(client, archive, kind):
    """Right after the XML declaration: the XSLT stylesheet a browser shows the feed with, then its CSS."""
    lines = fetch(client, FEEDS[kind]).content.split(b"\n")
    assert lines[0] == b"<?xml version='1.0' encoding='UTF-8'?>"
    assert lines[1] == f'<?xml-stylesheet type="text/xsl" href="/static/feeds/{kind}.xsl"?>'.encode()
    assert lines[2] == b'<?xml-stylesheet type="text/css" href="/static/feeds/feed.css"?>'
    assert lines[3].startswith(b"<rss" if kind == "rss" else b"<feed")


def test_stylesheet_addresses_follow_static_storage(client, archive, settings):
    """The instructions name the static files through the static storage (hashed names in production)."""
    settings.STATIC_URL = "/assets/"
    content = fetch(client, "/news/feed/atom/").content
    assert b'href="/assets/feeds/atom.xsl"' in content and b'href="/assets/feeds/feed.css"' in content


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_stylesheet_makes_a_readable_page_of_the_feed(client, archive, kind):
    """Applied to the feed, the XSLT says what a feed is and how to follow it, then each headline linked, in ET."""
    soup = apply_stylesheet(fetch(client, FEEDS[kind]).content, kind)
    assert soup.html["lang"] == "en"
    assert soup.title.get_text() == "Tecogen Inc. press releases – news feed"
    assert [h1.get_text() for h1 in soup.find_all("h1")] == ["Tecogen Inc. press releases"]
    assert soup.find("main") and soup.find("header") and soup.find("footer")
    text = soup.get_text(" ", strip=True)
    assert "What is this page?" in text and "How to follow it" in text
    assert soup.select_one(".feed-address").get_text() == f"{ROOT}{FEEDS[kind]}"
    assert soup.select_one(".feed-alerts a")["href"] == "/alerts/"
    assert soup.head.select_one('link[rel="stylesheet"]')["href"] == "/static/feeds/feed.css"
    headlines = [(a.get_text(), a["href"]) for a in soup.select(".feed-items h3 a")]
    assert headlines == [
        ("Credit Line Extended", f"{ROOT}/news/credit-line-extended/"),
        ("New Water Heater Ships", f"{ROOT}/news/new-water-heater-ships/"),
        ("Tecogen Raises Over $2.9 Million", f"{ROOT}/news/tecogen-raises-over-29-million/"),
    ]
    assert soup.select(".feed-external") == []  # our own releases do not leave the site
    oldest = soup.select(".feed-items > li")[-1]
    time = oldest.find("time")
    assert time.get_text() == "Dec. 2, 2011, 8:00 a.m. ET"
    assert time["datetime"] == "2011-12-02T08:00:00-05:00"
    assert soup.select(".feed-items time")[1].get_text() == "June 1, 2012, 8:00 a.m. ET"
    summary = oldest.select_one(".feed-summary").get_text()
    assert summary.startswith("Tecogen Inc. (Nasdaq: TGEN) sold stock & warrants.")  # decoded once, not "&amp;"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_stylesheet_page_of_an_empty_feed_and_of_older_pages(client, newsroom, kind):
    """An empty feed's page says nothing is published yet; a paged feed's page links its older items."""
    assert "Nothing has been published" in apply_stylesheet(fetch(client, FEEDS[kind]).content, kind).get_text()
    make_releases(newsroom, FEED_PAGE_SIZE + 1)
    cache.clear()
    soup = apply_stylesheet(fetch(client, FEEDS[kind]).content, kind)
    assert soup.select_one(".feed-pages a[rel=next]")["href"] == f"{ROOT}{FEEDS[kind]}?page=2"


def test_stylesheets_are_static_files():
    """The XSL and CSS files the feeds name are found by the static files finders (collectstatic copies them)."""
    for path in ("feeds/rss.xsl", "feeds/atom.xsl", "feeds/feed.css"):
        assert finders.find(path), path
