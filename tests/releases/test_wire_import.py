"""Wire-format plain text -> draft press release (releases.wire_import)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from wagtail.models import PageLogEntry

import pytest
from bs4 import BeautifulSoup

from disclosure.guard import historical_record
from releases.models import MediaContact, PressReleasePage, ReleaseContact
from releases.wire_import import (
    ParsedRelease,
    WireImportError,
    create_draft,
    import_wire_text,
    parse_wire_text,
)
from tests.factories import MediaContactFactory, make_release

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "press-release-2011-12-02-private-placement.txt"
REFERENCE = SAMPLE.read_text(encoding="utf-8")

MINIMAL = """\
Acme Widgets Ships Its One Millionth Widget

BOSTON, March 5, 2026 (GLOBE NEWSWIRE) -- Acme Widgets Inc. today shipped its one millionth widget.
"""


# -- the reference release -----------------------------------------------------


@pytest.fixture(scope="module")
def reference() -> ParsedRelease:
    return parse_wire_text(SAMPLE.read_bytes())


def test_reference_headline_and_dateline(reference):
    """The reference release's headline, subheadline, dateline and wire are read as printed."""
    assert reference.headline == "Tecogen Raises Over $2.9 Million"
    assert reference.subheadline == "Proceeds to Be Used to Fund Growth and Product Development"
    assert reference.release_date == dt.date(2011, 12, 2)
    assert reference.dateline_city == "WALTHAM"
    assert reference.dateline_state == "Massachusetts"
    assert reference.dateline_date == dt.date(2011, 12, 2)
    assert reference.wire == "prnewswire"


def test_reference_body_is_lead_and_two_quotes(reference):
    """The lead (dateline removed) is a paragraph; both quotes carry speaker, title, company."""
    kinds = [kind for kind, _ in reference.body]
    assert kinds == ["paragraph", "quote", "quote"]
    lead = reference.body[0][1]
    assert lead.startswith("<p>Tecogen Inc., a leading manufacturer")
    assert "WALTHAM" not in lead and "PRNewswire" not in lead
    panora, hatsopoulos = reference.body[1][1], reference.body[2][1]
    assert panora["speaker"] == "Robert Panora"
    assert panora["speaker_title"] == "President and Chief Operating Officer"
    assert panora["organisation"] == "Tecogen"
    assert panora["text"].startswith('"A lot of great things have been happening for Tecogen," said Robert Panora')
    assert panora["text"].endswith('has already sold its first unit."')
    assert hatsopoulos["speaker"] == "John Hatsopoulos"
    assert hatsopoulos["speaker_title"] == "Chief Executive Officer"
    assert hatsopoulos["organisation"] == "Tecogen"  # "of the Company" -> the About heading's name


def test_reference_boilerplate_contacts_and_source(reference):
    """About, both contacts (Pat Arcand's email despite the blank line) and SOURCE are read."""
    assert reference.boilerplate_heading == "About Tecogen"
    assert reference.boilerplate.startswith("Tecogen manufactures highly efficient")
    assert reference.boilerplate.endswith("please visit www.tecogen.com.")
    assert reference.forward_looking_legend == ""
    assert reference.contacts == [
        {
            "name": "Melinda Furse",
            "organisation": "Tecogen Inc.",
            "phone": "781-466-6444",
            "email": "melinda.furse@tecogen.com",
        },
        {
            "name": "Pat Arcand",
            "organisation": "Arcand & Madison PR",
            "phone": "617-251-7778",
            "email": "pat@am-pr.com",
        },
    ]
    assert reference.source_name == "Tecogen Inc."


def test_reference_dollars_are_unescaped(reference):
    """Markdown-escaped `\\$` becomes `$` everywhere; the amounts survive intact."""
    everything = repr(reference)
    assert "\\$" not in everything and "\\\\$" not in everything
    assert "$2,937,750" in reference.body[0][1]
    assert "$0.80 per share" in reference.body[0][1]


# -- the parser's rules --------------------------------------------------------


def test_str_and_bytes_parse_the_same():
    """Text and UTF-8 bytes (with or without a BOM, CRLF line ends) give the same release."""
    crlf = ("\ufeff" + REFERENCE.replace("\n", "\r\n")).encode("utf-8")
    assert parse_wire_text(crlf) == parse_wire_text(REFERENCE)


def test_wires_and_standalone_city():
    """GlobeNewswire, Business Wire and website-only tags are read; a major city stands alone."""
    globe = parse_wire_text(MINIMAL)
    assert (globe.wire, globe.dateline_city, globe.dateline_state) == (
        "globenewswire",
        "BOSTON",
        "",
    )
    assert globe.release_date is None and globe.dateline_date == dt.date(2026, 3, 5)
    business = parse_wire_text(MINIMAL.replace("(GLOBE NEWSWIRE) --", "-- (BUSINESS WIRE) --"))
    assert business.wire == "businesswire"
    website = parse_wire_text(MINIMAL.replace("(GLOBE NEWSWIRE) --", "--"))
    assert website.wire == "website"
    assert website.body == [("paragraph", "<p>Acme Widgets Inc. today shipped its one millionth widget.</p>")]


def test_full_state_name_and_ap_date_line():
    """A spelled-out state and an AP-style date line ("Sept. 9, 2025") are accepted."""
    parsed = parse_wire_text("Sept. 9, 2025\n\nHeadline\n\nTROY, Michigan, Sept. 9, 2025 /PRNewswire/ -- Lead text.\n")
    assert parsed.release_date == dt.date(2025, 9, 9)
    assert parsed.dateline_state == "Michigan"


def test_paragraph_lines_join_and_html_is_escaped():
    """Lines of one paragraph join with a single space, and `<`/`&` are escaped in the rich text."""
    parsed = parse_wire_text(MINIMAL + "\nSales rose <10% at R&D\nunits in\nMarch.\n")
    assert parsed.body[1] == ("paragraph", "<p>Sales rose &lt;10% at R&amp;D units in March.</p>")


def test_name_title_said_quote_form():
    """`"...," Jane Doe, Chief Financial Officer of Acme Corp., said.` becomes a quote block."""
    text = MINIMAL + '\n"Demand is strong," Jane Doe, Chief Financial Officer of Acme Corp., said.\n'
    kind, value = parse_wire_text(text).body[1]
    assert kind == "quote"
    assert value["speaker"] == "Jane Doe"
    assert value["speaker_title"] == "Chief Financial Officer"
    assert value["organisation"] == "Acme Corp."
    assert value["text"] == '"Demand is strong," Jane Doe, Chief Financial Officer of Acme Corp., said.'


def test_about_the_company_and_of_the_company():
    """With "About the Company", "of the Company" names the company from the SOURCE line."""
    text = MINIMAL + (
        '\n"We ship," said Jane Doe, Chief Executive Officer of the Company.\n\n'
        "About the Company\n\nAcme makes widgets.\n\nSOURCE Acme Widgets Inc.\n"
    )
    parsed = parse_wire_text(text)
    assert parsed.boilerplate_heading == "About the Company"
    assert parsed.boilerplate == "Acme makes widgets."
    kind, quote = parsed.body[1]
    assert kind == "quote"
    assert (quote["speaker_title"], quote["organisation"]) == (
        "Chief Executive Officer",
        "Acme Widgets",
    )


def test_quote_without_attribution_stays_a_paragraph():
    """A paragraph opening with a quotation mark but naming no speaker and title is a paragraph."""
    parsed = parse_wire_text(MINIMAL + '\n"Widgets" are what we make, said the company.\n')
    assert parsed.body[1][0] == "paragraph"


def test_legend_contacts_and_source_without_about():
    """Without an About section, the legend, an inline contacts heading and SOURCE are read."""
    text = MINIMAL + (
        "\nForward-Looking Statements\n\nThis release contains forward-looking statements.\n\n"
        "Risks are described in our filings.\n\n"
        "Media Contact: Jane Doe\nAcme Widgets Inc.\nPhone: +1 617-555-0100\njane@acme.example\n\n"
        "SOURCE Acme Widgets Inc.   \n\n###\n"
    )
    parsed = parse_wire_text(text)
    assert len(parsed.body) == 1
    assert parsed.boilerplate_heading == "" and parsed.boilerplate == ""
    assert parsed.forward_looking_legend == (
        "This release contains forward-looking statements.\n\nRisks are described in our filings."
    )
    assert parsed.include_forward_looking
    assert parsed.contacts == [
        {
            "name": "Jane Doe",
            "organisation": "Acme Widgets Inc.",
            "phone": "+1 617-555-0100",
            "email": "jane@acme.example",
        }
    ]
    assert parsed.source_name == "Acme Widgets Inc."


def test_missing_about_contacts_and_source_are_allowed():
    """A release that stops after its body parses, leaving About, contacts and SOURCE empty."""
    parsed = parse_wire_text(MINIMAL)
    assert (parsed.boilerplate_heading, parsed.contacts, parsed.source_name) == ("", [], "")


def test_text_after_source_is_refused():
    """Release text after the SOURCE line is an error rather than silently dropped."""
    with pytest.raises(WireImportError, match="after the SOURCE line"):
        parse_wire_text(MINIMAL + "\nSOURCE Acme Widgets Inc.\n\nOne more paragraph of news.\n")


# -- malformed text --------------------------------------------------------------


MALFORMED = [
    pytest.param("", "The text is empty", id="empty"),
    pytest.param(b"", "The text is empty", id="empty-bytes"),
    pytest.param("  \n\n\t  \r\n \n", "The text is empty", id="whitespace-only"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not text (binary data)", id="binary-nul"),
    pytest.param(
        REFERENCE.replace('"A lot', "\u201cA lot").encode("cp1252"),
        "not text (binary data)",
        id="not-utf8",
    ),
    pytest.param(
        "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11" * 3,
        "not text (binary data)",
        id="control-characters",
    ),
    pytest.param(
        REFERENCE.replace("Tecogen Raises Over \\$2.9 Million\n", "").replace(
            "Proceeds to Be Used to Fund Growth and Product Development\n", ""
        ),
        "No headline before the dateline",
        id="no-headline",
    ),
    pytest.param(
        REFERENCE.replace("WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ -- ", ""),
        "No dateline found: expected a paragraph starting like 'WALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ --'",
        id="no-dateline",
    ),
    pytest.param(
        REFERENCE.replace("December 2, 2011", "").replace("Dec. 2, 2011", "Feb. 30, 2011"),
        "Impossible date: 'Feb. 30, 2011'",
        id="impossible-dateline-date",
    ),
    pytest.param(
        REFERENCE.replace("December 2, 2011", "February 30, 2011"),
        "Impossible date: 'February 30, 2011'",
        id="impossible-date-line",
    ),
    pytest.param(
        REFERENCE.replace("Dec. 2, 2011", "Dec. 3, 2011"),
        "The dateline date Dec. 3, 2011 disagrees with the release date December 2, 2011",
        id="date-disagreement",
    ),
    pytest.param(
        REFERENCE.replace("Dec. 2, 2011", "Dex. 2, 2011"),
        "Unknown month 'Dex' in 'Dex. 2, 2011'",
        id="unknown-month-dateline",
    ),
    pytest.param(
        REFERENCE.replace("December 2, 2011", "Decembre 2, 2011"),
        "Unknown month 'Decembre' in 'Decembre 2, 2011'",
        id="unknown-month-date-line",
    ),
    pytest.param(
        REFERENCE.replace("WALTHAM, Mass.,", "WALTHAM, Mas.,"),
        "Unknown state 'Mas.' in the dateline",
        id="unknown-state",
    ),
    pytest.param(
        "Headline\n\nWALTHAM, Mass., Dec. 2, 2011 /PRNewswire/ --\n\nAbout Tecogen\n\nTecogen makes CHP.\n",
        "The release has no text after the dateline",
        id="no-body",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_malformed_text_is_refused_and_nothing_created(newsroom, text, message):
    """Each malformed text raises WireImportError naming the problem, and creates no page."""
    before = PressReleasePage.objects.count()
    contacts_before = MediaContact.objects.count()
    with pytest.raises(WireImportError) as caught:
        import_wire_text(text, newsroom)
    assert message in str(caught.value)
    assert PressReleasePage.objects.count() == before
    assert MediaContact.objects.count() == contacts_before


def test_wire_import_error_is_a_value_error():
    """Callers that catch ValueError also catch import errors."""
    assert issubclass(WireImportError, ValueError)


# -- writing the draft -----------------------------------------------------------


@pytest.mark.django_db
def test_create_draft_writes_an_unpublished_release(newsroom, django_user_model):
    """The draft is unpublished, under the newsroom, at 8:00 a.m. ET, with a logged revision."""
    user = django_user_model.objects.create_user("drafter")
    page = import_wire_text(REFERENCE, newsroom, user=user)
    page = PressReleasePage.objects.get(pk=page.pk)
    assert not page.live and page.has_unpublished_changes
    assert page.get_parent().pk == newsroom.pk
    assert page.slug == "tecogen-raises-over-29-million"
    assert page.release_at == dt.datetime(2011, 12, 2, 13, 0, tzinfo=dt.UTC)  # 8:00 EST
    assert page.title == "Tecogen Raises Over $2.9 Million"
    assert (page.dateline_city, page.dateline_state, page.wire) == (
        "WALTHAM",
        "Massachusetts",
        "prnewswire",
    )
    assert [b.block_type for b in page.body] == ["paragraph", "quote", "quote"]
    assert page.body[1].value["speaker"] == "Robert Panora"
    assert page.boilerplate_heading == "About Tecogen" and page.source_name == "Tecogen Inc."
    assert page.owner == user
    revision = page.get_latest_revision()
    assert revision is not None and revision.user == user
    assert PageLogEntry.objects.filter(page=page, action="wagtail.edit", user=user).exists()
    assert [str(c.contact.name) for c in page.contacts.order_by("sort_order")] == [
        "Melinda Furse",
        "Pat Arcand",
    ]
    pat = MediaContact.objects.get(name="Pat Arcand")
    assert (pat.organisation, pat.phone, pat.email) == (
        "Arcand & Madison PR",
        "617-251-7778",
        "pat@am-pr.com",
    )


@pytest.mark.django_db
def test_release_time_is_market_time(newsroom):
    """The release time is taken as wall-clock time in the market zone (EDT in summer)."""
    parsed = parse_wire_text(MINIMAL)
    page = create_draft(parsed, newsroom, release_time=dt.time(16, 30))
    assert page.release_at == dt.datetime(2026, 3, 5, 21, 30, tzinfo=dt.UTC)
    summer = parse_wire_text(MINIMAL.replace("March 5, 2026", "July 1, 2026"))
    assert create_draft(summer, newsroom).release_at == dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_nonexistent_market_time_is_refused(newsroom):
    """2:30 a.m. on the spring-forward Sunday does not exist: refused, nothing written."""
    parsed = parse_wire_text(MINIMAL.replace("March 5, 2026", "March 8, 2026"))
    with pytest.raises(WireImportError, match="does not exist"):
        create_draft(parsed, newsroom, release_time=dt.time(2, 30))
    assert PressReleasePage.objects.count() == 0


@pytest.mark.django_db
def test_existing_media_contact_is_reused(newsroom):
    """A contact with the same name and email is linked, not duplicated."""
    existing = MediaContactFactory(name="Melinda Furse", email="Melinda.Furse@tecogen.com", phone="000")
    page = import_wire_text(REFERENCE, newsroom)
    assert MediaContact.objects.filter(name="Melinda Furse").count() == 1
    assert ReleaseContact.objects.filter(page=page, contact=existing).exists()
    assert MediaContact.objects.count() == 2


@pytest.mark.django_db
def test_slug_collision_gets_a_suffix(newsroom):
    """Importing a headline already used under the newsroom gives -2, then -3."""
    make_release(newsroom, title="Tecogen Raises Over $2.9 Million", slug="tecogen-raises-over-29-million")
    second = import_wire_text(REFERENCE, newsroom)
    third = import_wire_text(REFERENCE, newsroom)
    assert (second.slug, third.slug) == (
        "tecogen-raises-over-29-million-2",
        "tecogen-raises-over-29-million-3",
    )


@pytest.mark.django_db
def test_failure_while_writing_leaves_nothing(newsroom, monkeypatch):
    """If saving the revision fails, the page and the new contact snippets are rolled back."""

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(PressReleasePage, "save_revision", broken)
    with pytest.raises(RuntimeError):
        import_wire_text(REFERENCE, newsroom)
    assert PressReleasePage.objects.count() == 0
    assert MediaContact.objects.count() == 0


# -- round trip: the published page reads word for word as the wire text --------------


_LABEL_LINE = re.compile(r"^(?:Ph|P|Phone|Tel|T|E|Email|E-mail):\s*(?P<value>.+)$")
_CONTACTS_HEADING = re.compile(r"^(?:Press |Media )?Contacts?:$")


def _seed_sentences(text: str) -> list[str]:
    """Every sentence of the seed text (split on `. ` and `." `), minus the contact label lines.

    Contact blocks are address lines, not prose: each of their lines counts on its own.
    """
    text = text.replace("\\$", "$")
    sentences: list[str] = []
    in_contacts = False
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if lines and _CONTACTS_HEADING.match(lines[0]):
            in_contacts = True
        lines = [line for line in lines if not _LABEL_LINE.match(line) and not _CONTACTS_HEADING.match(line)]
        if in_contacts:
            sentences.extend(" ".join(line.split()) for line in lines)
            continue
        for sentence in re.split(r'(?<=\.) |(?<=\.") ', " ".join(lines)):
            sentence = " ".join(sentence.split())
            if sentence:
                sentences.append(sentence)
    return sentences


def test_seed_sentences_cover_the_release():
    """The round-trip check covers the headline, quotes, boilerplate, contacts and SOURCE."""
    sentences = _seed_sentences(REFERENCE)
    for expected in (
        "Tecogen Raises Over $2.9 Million",
        "About Tecogen",
        "Pat Arcand",
        "SOURCE Tecogen Inc.",
        "Our ultra-low emissions system has borne scrutiny time and time again.",
    ):
        assert expected in sentences
    assert not any(s.startswith(("Ph:", "P:", "E:")) for s in sentences)


@pytest.mark.django_db
def test_round_trip_every_sentence_is_on_the_published_page(newsroom, client):
    """Imported, published and served, the page shows every sentence of the wire text."""
    page = import_wire_text(REFERENCE, newsroom)
    with historical_record("test fixture"):
        page.get_latest_revision().publish()
    page.refresh_from_db()
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    shown = " ".join(soup.get_text().split())
    # The wire's date line ("December 2, 2011") is shown in the site's one date style (company/ap_style.py).
    expected = ["Dec. 2, 2011" if s == "December 2, 2011" else s for s in _seed_sentences(REFERENCE)]
    missing = [s for s in expected if s not in shown]
    assert missing == []
    # The contact label lines were skipped above; their numbers and addresses must still be shown.
    for value in ("781-466-6444", "melinda.furse@tecogen.com", "617-251-7778", "pat@am-pr.com"):
        assert value in shown
