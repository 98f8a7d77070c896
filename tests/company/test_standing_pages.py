"""Contacts, accessibility statement and legal notice: what an investor or a regulator looks for, from the profile."""

import pytest

from tests.support.site_chrome import IR_CONTACTS, set_identity, soup

pytestmark = pytest.mark.django_db


def cards(page) -> dict[str, str]:
    return {card.h2.get_text(): " ".join(card.get_text(" ").split()) for card in page.select(".contact-card")}


def test_contacts_lists_ir_the_ir_firm_the_transfer_agent_and_the_company(client, home, profile):
    """Each contact with its phone and e-mail links; the transfer agent with its address and website."""
    set_identity(profile, **IR_CONTACTS)
    page = soup(client.get("/contacts/"))
    assert page.h1.get_text() == "Investor contacts"
    found = cards(page)
    assert list(found) == ["Investor relations", "Investor relations firm", "Transfer agent", "Company address"]
    assert (
        "Jane Investor Investor Relations Phone: +1 555-010-0142 E-mail: ir@example.com" in found["Investor relations"]
    )
    assert "Example IR Partners Sam Analyst Phone: +1 555-010-0177" in found["Investor relations firm"]
    assert "1 Example Plaza New York, NY 10004" in found["Transfer agent"]
    assert (
        "45 First Avenue Waltham, MA 02451" in found["Company address"] and "Nasdaq: TGEN" in found["Company address"]
    )
    hrefs = {a["href"] for a in page.select(".contact-card a")}
    assert {"tel:+1555-010-0142", "mailto:tgen@example-ir.com", "https://transfer.example.com"} <= hrefs


def test_contacts_without_any_contact_set_gives_the_postal_address(client, home):
    """A profile with no contacts yet: the company's address and a plain sentence, not empty boxes."""
    page = soup(client.get("/contacts/"))
    assert list(cards(page)) == ["Company address"]
    assert "has not listed its investor contacts here yet" in page.main.get_text()


def test_contacts_escapes_what_the_profile_holds(client, home, profile):
    """Profile text is text: markup typed into a field is shown, not run."""
    set_identity(profile, transfer_agent_name="<script>alert(1)</script>", transfer_agent_address="<b>1 Plaza</b>")
    response = client.get("/contacts/")
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content and b"&lt;b&gt;1 Plaza&lt;/b&gt;" in response.content


def test_accessibility_statement_names_its_target_its_tests_and_who_to_tell(client, home, profile):
    """WCAG 2.1 AA, axe-core in browser tests, the limits of automated testing, and the IR contact's e-mail."""
    set_identity(profile, **IR_CONTACTS)
    page = soup(client.get("/accessibility/"))
    text = " ".join(page.main.get_text().split())
    assert page.h1.get_text() == "Accessibility statement"
    for part in ("WCAG 2.1", "level AA", "axe-core", "1366 pixels", "375 pixels", "Automated tools find only some"):
        assert part in text
    report = page.find("a", href=lambda href: href and href.startswith("mailto:ir@example.com"))
    assert report is not None


def test_accessibility_statement_without_an_ir_contact_points_to_the_contacts_page(client, home):
    """No IR contact yet: the statement still says where to write."""
    page = soup(client.get("/accessibility/"))
    assert page.main.find("a", href="/contacts/") is not None


def test_legal_notice_carries_the_profile_legend_terms_and_the_edgar_note(client, home, profile):
    """The forward-looking legend from the profile, plain-words terms, and that filings are on EDGAR, not here."""
    set_identity(profile, forward_looking_legend="First paragraph of the legend.\n\nSecond paragraph.")
    page = soup(client.get("/legal/"))
    assert page.h1.get_text() == "Legal notice"
    legend = page.select("blockquote.legend p")
    assert [p.get_text() for p in legend] == ["First paragraph of the legend.", "Second paragraph."]
    text = " ".join(page.main.get_text().split())
    assert "Not an offer or advice." in text
    assert "it does not host copies" in text
    assert page.main.find("a", href="https://www.sec.gov/edgar/search/") is not None


@pytest.mark.parametrize("url", ["/contacts/", "/accessibility/", "/legal/"])
def test_standing_pages_are_cheap_and_cacheable(client, home, profile, url, django_assert_max_num_queries):
    """A few queries (site, profile, the feed links), public caching like other pages, no POST."""
    set_identity(profile, **IR_CONTACTS)
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    assert client.post(url).status_code == 405
