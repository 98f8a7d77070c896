"""A release page renders in the wire anatomy, in market time, with its metadata."""

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup

from disclosure.guard import historical_record
from releases.models import ReleaseContact
from tests.factories import CategoryFactory, MediaContactFactory, make_release

pytestmark = pytest.mark.django_db

QUOTE = (
    '"We are gaining momentum," said Robert Panora, President and Chief Operating Officer of Tecogen. '
    '"Our newest product has sold its first unit."'
)


@pytest.fixture
def release(newsroom):
    financing = CategoryFactory(name="Financing", slug="financing")
    page = make_release(
        newsroom,
        title="Tecogen Raises Over $2.9 Million",
        subheadline="Proceeds to Be Used to Fund Growth and Product Development",
        # 13:00 UTC on 2 Dec 2011 is 8:00 a.m. EST.
        release_at=dt.datetime(2011, 12, 2, 13, 0, tzinfo=dt.UTC),
        body_text="Tecogen Inc. today announced that it has sold restricted common stock.",
        categories=[financing],
        is_material=True,
    )
    page.body.append(
        (
            "quote",
            {
                "text": QUOTE,
                "speaker": "Robert Panora",
                "speaker_title": "President and Chief Operating Officer",
                "organisation": "Tecogen",
            },
        )
    )
    ReleaseContact.objects.create(
        page=page,
        contact=MediaContactFactory(
            name="Melinda Furse",
            organisation="Tecogen Inc.",
            phone="781-466-6444",
            email="melinda.furse@tecogen.com",
        ),
        sort_order=0,
    )
    ReleaseContact.objects.create(
        page=page,
        contact=MediaContactFactory(
            name="Pat Arcand", organisation="Arcand & Madison PR", phone="617-251-7778", email="pat@am-pr.com"
        ),
        sort_order=1,
    )
    with historical_record("test fixture"):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_release_is_served_under_news_slug(client, release):
    """Each release lives at /news/<slug>/."""
    assert release.url == "/news/tecogen-raises-over-29-million/"
    assert client.get(release.url).status_code == 200


def test_lead_in_opens_the_first_paragraph(client, release):
    """The first paragraph starts with the AP dateline and wire tag, in market-time date."""
    soup = soup_of(client, release.url)
    first = soup.select_one(".press-release__body p")
    assert " ".join(first.get_text().split()).startswith(
        "WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ -- Tecogen Inc. today announced"
    )
    assert first.select_one(".dateline").get_text() == "WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ --"


def test_dateline_date_is_the_market_date_not_the_utc_date(client, newsroom):
    """A release at 9:30 p.m. ET on 1 March is dated March 1 although it is 2 March in UTC."""
    page = make_release(newsroom, title="Evening release", release_at=dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC))
    soup = soup_of(client, page.url)
    assert "March 1, 2026 /PRNewswire/ --" in soup.select_one(".dateline").get_text()
    assert " ".join(soup.select_one(".release-date").get_text().split()) == "March 1, 2026, 9:30 p.m. ET"


def test_anatomy_in_order(client, release):
    """Date line, headline, subheadline, body, quote, About, contacts and SOURCE appear in wire order."""
    soup = soup_of(client, release.url)
    text = " ".join(soup.select_one("article.press-release").get_text().split())
    order = [
        "Dec. 2, 2011, 8:00 a.m. ET",
        "Tecogen Raises Over $2.9 Million",
        "Proceeds to Be Used to Fund Growth and Product Development",
        "WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ --",
        "said Robert Panora, President and Chief Operating Officer of Tecogen.",
        "About Tecogen",
        "Tecogen manufactures highly efficient",
        "Melinda Furse",
        "Pat Arcand",
        "SOURCE Tecogen Inc.",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert len(soup.find_all("h1")) == 1
    assert soup.h1.get_text() == "Tecogen Raises Over $2.9 Million"


def test_quote_is_a_blockquote_with_the_speaker_marked(client, release):
    """Quotes keep their exact text and mark the named speaker."""
    soup = soup_of(client, release.url)
    quote = soup.select_one("figure.release-quote blockquote")
    assert " ".join(quote.get_text().split()) == QUOTE
    assert quote.select_one(".speaker").get_text() == "Robert Panora"


def test_contacts_in_their_order_with_links(client, release):
    """Media contacts are listed in order with phone and email links."""
    soup = soup_of(client, release.url)
    names = [n.get_text() for n in soup.select(".contact-name")]
    assert names == ["Melinda Furse", "Pat Arcand"]
    assert soup.select_one('a[href="mailto:pat@am-pr.com"]') is not None
    assert soup.select_one('a[href="tel:781-466-6444"]') is not None


def test_json_ld_news_article(client, release):
    """schema.org NewsArticle carries headline, dates with offset, publisher and canonical URL."""
    soup = soup_of(client, release.url)
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Tecogen Raises Over $2.9 Million"
    assert data["datePublished"] == "2011-12-02T13:00:00+00:00"
    assert data["publisher"]["name"] == "Tecogen Inc."
    assert data["author"]["name"] == "Tecogen Inc."
    assert data["mainEntityOfPage"] == "http://localhost/news/tecogen-raises-over-29-million/"
    assert data["articleSection"] == ["Financing"]


def test_json_ld_cannot_be_broken_out_of(client, newsroom):
    """A headline with </script> stays inside the JSON-LD string."""
    page = make_release(newsroom, title="Results </script><script>alert(1)</script>")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html


def test_open_graph_and_canonical(client, release):
    """Open Graph article tags and a canonical link point at the release."""
    soup = soup_of(client, release.url)
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:title"] == "Tecogen Raises Over $2.9 Million"
    assert og["og:url"] == "http://localhost/news/tecogen-raises-over-29-million/"
    assert og["article:published_time"] == "2011-12-02T08:00:00-05:00"
    assert og["og:description"].startswith("Tecogen Inc. today announced")
    assert soup.find("link", rel="canonical")["href"] == og["og:url"]


def test_forward_looking_legend_only_when_switched_on(client, newsroom, profile):
    """The safe-harbor legend shows when the release includes it, with the profile's text."""
    without = make_release(newsroom, title="No projections")
    with_legend = make_release(newsroom, title="Guidance raised", include_forward_looking=True)
    assert "Forward-Looking Statements" not in client.get(without.url).content.decode()
    html = client.get(with_legend.url).content.decode()
    assert "Forward-Looking Statements" in html
    assert profile.forward_looking_legend in html


def test_print_stylesheet_linked(client, release):
    """Releases print cleanly: a print stylesheet is linked."""
    soup = soup_of(client, release.url)
    assert soup.find("link", rel="stylesheet", media="print") is not None


def test_previous_and_next_release_links(client, newsroom):
    """A release links to the next newer and older released releases."""
    old = make_release(newsroom, title="Old", release_at=dt.datetime(2010, 1, 5, 14, tzinfo=dt.UTC))
    mid = make_release(newsroom, title="Mid", release_at=dt.datetime(2011, 1, 5, 14, tzinfo=dt.UTC))
    new = make_release(newsroom, title="New", release_at=dt.datetime(2012, 1, 5, 14, tzinfo=dt.UTC))
    make_release(newsroom, title="Draft", release_at=dt.datetime(2011, 6, 5, 14, tzinfo=dt.UTC), publish=False)
    soup = soup_of(client, mid.url)
    assert soup.select_one(".release-pager .newer a")["href"] == new.url
    assert soup.select_one(".release-pager .older a")["href"] == old.url


def test_draft_release_is_not_served(client, newsroom):
    """A release never published answers 404 to the public."""
    draft = make_release(newsroom, title="Unreleased results", publish=False)
    assert client.get("/news/unreleased-results/").status_code == 404
    assert draft.live is False


def test_meta_description_is_plain_text(client, newsroom):
    """An ampersand in the lead is one ampersand in the meta description, not an escaped entity."""
    page = make_release(newsroom, title="Agency hired", body_text="Tecogen hires Arcand &amp; Madison PR.")
    soup = soup_of(client, page.url)
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Tecogen hires Arcand & Madison PR."
