"""Every public page carries the company's identity: its mark, the IR menu with the current section, the footer."""

import pytest

from tests.factories import make_release
from tests.support.site_chrome import IR_CONTACTS, current_sections, logo_image, main_menu, set_identity, soup

pytestmark = pytest.mark.django_db

MENU = [
    ("News", "/news/"),
    ("Events & Presentations", "/events/"),
    ("Governance", "/governance/"),
    ("SEC filings", "/filings/"),
    ("E-mail alerts", "/alerts/"),
    ("Contacts", "/contacts/"),
]


@pytest.fixture
def release(newsroom):
    return make_release(newsroom, title="Tecogen Raises Over $2.9 Million")


def test_the_menu_lists_the_ir_sections_in_order(client, newsroom):
    """News, Events & Presentations, Governance, SEC filings, E-mail alerts, Contacts: full names for screen readers."""
    page = soup(client.get("/"))
    assert [(link.name, link.href) for link in main_menu(page)] == MENU
    assert len(page.find_all("nav", attrs={"aria-label": "Main"})) == 1


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/news/", [("News", "page")]),
        ("/contacts/", [("Contacts", "page")]),
        ("/accessibility/", []),
        ("/legal/", []),
        ("/alerts/", [("E-mail alerts", "page")]),
        ("/", []),
    ],
)
def test_the_current_section_is_marked_for_assistive_technology(client, newsroom, url, current):
    """aria-current="page" on the section's own page; nothing marked on pages outside the menu."""
    response = client.get(url)
    assert response.status_code == 200
    assert current_sections(soup(response)) == current


def test_a_page_inside_a_section_marks_the_section(client, release):
    """A release is inside News: News is marked aria-current="true", not "page"."""
    assert current_sections(soup(client.get(release.url))) == [("News", "true")]


def test_the_home_link_is_marked_current_on_the_home_page(client, newsroom):
    """The company's mark links home and says so; on the home page it is the current page."""
    home_page = soup(client.get("/"))
    brand = home_page.select_one(".site-header a.brand")
    assert brand["href"] == "/" and brand["aria-current"] == "page"
    assert " ".join(brand.get_text().split()) == "Tecogen Inc. investor relations home"
    assert soup(client.get("/news/")).select_one(".site-header a.brand").get("aria-current") is None


def test_without_a_logo_the_header_shows_the_company_name_and_listing(client, newsroom):
    """No logo: the legal name is the mark; the listing stands beside it."""
    header = soup(client.get("/news/")).select_one("header.site-header")
    assert header.select_one(".brand__name").get_text() == "Tecogen Inc."
    assert header.find("img") is None
    assert " ".join(header.select_one(".listing").get_text().split()) == "Listed on Nasdaq: TGEN"


def test_with_a_logo_the_header_shows_it_with_its_alt_text(client, newsroom, profile):
    """The logo image, served from the site's own logo route, with the profile's alt text."""
    set_identity(profile, logo=logo_image(), logo_alt="Tecogen")
    img = soup(client.get("/news/")).select_one("header.site-header a.brand img")
    assert img["alt"] == "Tecogen"
    assert img["src"] == f"/brand/logo/?v={profile.logo_version}"
    logo = client.get(img["src"])
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")
    assert "immutable" in logo["Cache-Control"]


def test_the_logo_route_is_not_found_without_a_logo(client, newsroom):
    """No logo set: 404, not an error."""
    assert client.get("/brand/logo/").status_code == 404


def test_the_brand_colour_comes_as_a_same_origin_stylesheet(client, newsroom, profile):
    """The colour is a stylesheet the strict CSP allows: no inline style, no 'unsafe-inline' in the policy."""
    set_identity(profile, brand_colour="#1d6b44")
    response = client.get("/news/")
    page = soup(response)
    sheets = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert "/brand/colours.css?v=1d6b44" in sheets
    assert sheets.index("/brand/colours.css?v=1d6b44") == sheets.index("/static/css/site.css") + 1
    assert page.find("style") is None and page.find(attrs={"style": True}) is None
    policy = response["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    css = client.get("/brand/colours.css?v=1d6b44")
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert css.content.decode() == ":root { --brand: #1d6b44; --on-brand: #ffffff; --brand-ink: #1d6b44; }\n"
    assert "immutable" in css["Cache-Control"]


def test_an_outdated_stylesheet_url_is_not_kept_for_long(client, newsroom, profile):
    """After a colour change, the old URL answers the new colours and may be cached only briefly."""
    set_identity(profile, brand_colour="#ffd100")
    css = client.get("/brand/colours.css?v=1d6b44")
    assert "--brand: #ffd100; --on-brand: #000000;" in css.content.decode()
    assert "immutable" not in css["Cache-Control"]


def test_the_footer_has_the_ir_contact_feeds_alerts_notices_and_ticker(client, newsroom, profile):
    """IR contact with phone and e-mail links, the feed and alerts, legal notice, accessibility, the listing."""
    set_identity(profile, **IR_CONTACTS)
    footer = soup(client.get("/news/")).select_one("footer.site-footer")
    links = {" ".join(a.get_text().split()): a["href"] for a in footer.find_all("a")}
    assert links == {
        "+1 555-010-0142": "tel:+1555-010-0142",
        "ir@example.com": "mailto:ir@example.com",
        "All contacts": "/contacts/",
        "E-mail alerts": "/alerts/",
        "News feed (RSS)": "/news/feed/rss/",
        "Legal notice": "/legal/",
        "Accessibility": "/accessibility/",
    }
    text = " ".join(footer.get_text().split())
    assert "Jane Investor, Investor Relations" in text
    assert "Nasdaq: TGEN" in text and "Times are ET (market time)" in text


def test_every_page_has_one_banner_one_main_and_one_contentinfo(client, release):
    """Landmarks: one header, one main (the skip link's target), one footer, on each kind of page."""
    for url in ("/", "/news/", release.url, "/contacts/", "/accessibility/", "/legal/", "/alerts/"):
        page = soup(client.get(url))
        assert len(page.select("body > header")) == 1, url
        assert len(page.find_all("main")) == 1 and page.main["id"] == "main", url
        assert len(page.select("body > footer")) == 1, url
        assert len(page.find_all("h1")) == 1, url
        assert page.select_one("a.skip-link")["href"] == "#main", url


def test_the_header_costs_no_query(client, newsroom, profile, django_assert_max_num_queries):
    """Logo, menu and footer come with the profile the request already holds: a page costs what it did."""
    with django_assert_max_num_queries(100) as plain:
        client.get("/news/")
    set_identity(profile, logo=logo_image(), logo_alt="Tecogen", brand_colour="#1d6b44", **IR_CONTACTS)
    with django_assert_max_num_queries(len(plain.captured_queries)):
        client.get("/news/")
