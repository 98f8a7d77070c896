"""The Code of Business Conduct and Ethics: import from plain text, page, listing, sitemap."""

import datetime
import re

from django.conf import settings
from django.utils.text import slugify

import pytest
from bs4 import BeautifulSoup

from disclosure.guard import historical_record
from governance.code_import import (
    CODE_SLUG,
    ensure_governance_index,
    load_code_page,
    parse_code_document,
    parse_code_text,
)
from governance.models import GovernanceDocumentPage

SOURCE_PATH = settings.BASE_DIR / "sample_data" / "code-of-business-conduct-and-ethics.txt"


@pytest.fixture(scope="module")
def source() -> str:
    return SOURCE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def blocks(source):
    return parse_code_text(source)


@pytest.fixture
def index(home):
    return ensure_governance_index(home)


@pytest.fixture
def code_page(index):
    with historical_record("Test fixture: the Code as adopted before the Disclosure Policy system"):
        return load_code_page(index, version="2011", effective_date=datetime.date(2011, 6, 15))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _block_texts(blocks) -> list[str]:
    texts: list[str] = []
    for kind, value in blocks:
        if kind == "certification":
            texts.append(value["heading"])
            texts.extend(value["intro"])
            texts.extend(value["statements"])
            texts.extend(value["signature_lines"])
            texts.append(value["notice"])
        elif isinstance(value, list):
            texts.extend(value)
        else:
            texts.append(value)
    return texts


def _source_body(source: str) -> str:
    """The source below its organisation and title lines, without list and number markers."""
    lines = source.splitlines()[4:]
    lines = [re.sub(r"^(-|\d+\.)\s+", "", line) for line in lines]
    return _norm(" ".join(lines))


def test_organisation_and_title_are_not_body(source, blocks):
    """The "TECOGEN INC" and title lines are returned separately, not as body blocks."""
    parsed = parse_code_document(source)
    assert parsed.organisation == "TECOGEN INC"
    assert parsed.title == "Code of Business Conduct and Ethics"
    assert parsed.body == blocks
    assert blocks[0][0] == "paragraph"
    assert blocks[0][1].startswith('This Code of Business Conduct and Ethics (the "Code")')
    assert "TECOGEN INC" not in _block_texts(blocks)


def test_every_sentence_of_the_source_is_kept(source, blocks):
    """Every sentence of the source appears, unbroken, in the parsed blocks' text."""
    joined = _norm(" ".join(_block_texts(blocks)))
    sentences = [s for s in re.split(r"(?<=[.!?:])\s+", _source_body(source)) if s]
    assert len(sentences) > 100
    missing = [s for s in sentences if s not in joined]
    assert missing == []


def test_words_are_kept_in_order_with_source_spelling(source, blocks):
    """The blocks hold exactly the source's words in order, typos such as ACCOUTNING included."""
    joined = _norm(" ".join(_block_texts(blocks)))
    assert joined == _source_body(source)
    assert "CHIEF ACCOUTNING OFFICER" in joined


def test_headings_count_and_order(blocks):
    """The ALL-CAPS lines become headings in source order, with two subheadings."""
    headings = [value for kind, value in blocks if kind == "heading"]
    assert len(headings) == 13
    assert headings[0] == "COMPLIANCE WITH LAWS, RULES AND REGULATIONS"
    assert headings[1] == "CONFLICTS OF INTEREST"
    assert headings[-1] == "DISSEMINATION AND AMENDMENT"
    assert [value for kind, value in blocks if kind == "subheading"] == [
        "EMPLOYEES AND OFFICERS",
        "DIRECTORS",
    ]
    kinds = [kind for kind, _ in blocks]
    assert kinds[-1] == "certification"
    assert kinds.count("certification") == 1
    last_heading = max(i for i, kind in enumerate(kinds) if kind == "heading")
    assert blocks[last_heading][1] == "DISSEMINATION AND AMENDMENT"


def test_subheadings_sit_under_conflicts_of_interest(blocks):
    """Each subheading is followed by its "... must not:" lead-in and a bulleted list."""
    kinds = [kind for kind, _ in blocks]
    conflicts = next(i for i, (k, v) in enumerate(blocks) if v == "CONFLICTS OF INTEREST")
    insider = next(i for i, (k, v) in enumerate(blocks) if v == "INSIDER TRADING")
    for i, kind in enumerate(kinds):
        if kind == "subheading":
            assert conflicts < i < insider
            assert kinds[i + 1] == "paragraph"
            assert blocks[i + 1][1].endswith("must not:")
            assert kinds[i + 2] == "bulleted_list"


def test_split_list_item_is_one_item(blocks):
    """The item the conversion split at "less than" / "- one percent" is one list item."""
    lists = [value for kind, value in blocks if kind == "bulleted_list"]
    assert [len(items) for items in lists] == [5, 7]
    item = lists[0][1]
    assert "an investment representing less than one percent of the outstanding shares" in item
    assert item.endswith("less than five percent of the outstanding shares of a privately-held Company.")
    assert not any(i.startswith("one percent") for items in lists for i in items)


def test_indented_continuation_lines_join_their_item(blocks):
    """Continuation lines starting with a space are joined to their list item."""
    item = [value for kind, value in blocks if kind == "bulleted_list"][0][2]
    assert item == (
        "Have, or, where feasible, permit any close relative to have, a financial interest in a "
        "direct competitor of the Company, other than an investment representing less than one "
        "percent of the outstanding shares of a publicly-held Company."
    )


def test_paragraph_split_mid_sentence_is_joined(blocks):
    """A paragraph split across a blank line mid-sentence becomes one paragraph."""
    paragraphs = [value for kind, value in blocks if kind == "paragraph"]
    joined = [p for p in paragraphs if "You may report such conduct openly" in p]
    assert len(joined) == 1
    assert "The Company will not discipline, discriminate against or retaliate" in joined[0]
    assert not any(p.startswith("discriminate") for p in paragraphs)
    # A paragraph that ends without a full stop but is followed by a capital stays separate.
    assert joined[0].endswith("must immediately inform our Chief Financial Officer or Chief Accounting Officer")


def test_certification_block(blocks):
    """The certification is one block: intro, 3 statements, signature lines and notice."""
    value = blocks[-1][1]
    assert value["heading"] == "CERTIFICATION"
    assert value["intro"] == ["The undersigned", "Print name:", "do hereby certify that:"]
    assert len(value["statements"]) == 3
    assert value["statements"][0] == (
        "I have received and carefully read the Code of Business Conduct and Ethics of Tecogen Inc."
    )
    assert not any(re.match(r"\d+\.", s) for s in value["statements"])
    assert value["signature_lines"] == ["Date:", "(Signature)"]
    assert value["notice"].startswith("EACH EMPLOYEE, OFFICER AND DIRECTOR IS REQUIRED TO SIGN")
    assert value["notice"].endswith("FAILURE TO DO SO MAY RESULT IN DISCIPLINARY ACTION.")


def test_parsed_blocks_validate_against_the_stream_block(blocks):
    """The parsed data is valid GovernanceBodyBlock content."""
    stream_block = GovernanceDocumentPage._meta.get_field("body").stream_block
    value = stream_block.to_python([{"type": kind, "value": value} for kind, value in blocks])
    stream_block.clean(value)


@pytest.mark.django_db
def test_load_code_page_creates_published_page(index, code_page):
    """load_code_page creates a live page at /governance/<slug>/ with version, date and summary."""
    assert code_page.live
    assert not code_page.has_unpublished_changes
    assert code_page.get_parent().specific == index
    assert code_page.slug == CODE_SLUG
    assert code_page.title == "Code of Business Conduct and Ethics"
    assert code_page.version == "2011"
    assert code_page.effective_date == datetime.date(2011, 6, 15)
    assert code_page.summary == ("Standards of conduct for directors, officers and employees of Tecogen Inc.")
    assert code_page.url == f"/governance/{CODE_SLUG}/"
    assert len(code_page.body) == len(parse_code_text(SOURCE_PATH.read_text(encoding="utf-8")))


@pytest.mark.django_db
def test_load_code_page_is_idempotent(index, code_page):
    """Loading twice leaves one page and updates it with a new revision."""
    with historical_record("Test fixture: the Code loaded again"):
        again = load_code_page(index, version="2012", effective_date=datetime.date(2012, 1, 1))
    assert again.pk == code_page.pk
    assert GovernanceDocumentPage.objects.count() == 1
    again.refresh_from_db()
    assert again.version == "2012"
    assert again.live
    assert again.revisions.count() == 2


@pytest.mark.django_db
def test_ensure_governance_index_is_idempotent(home, index):
    """ensure_governance_index creates /governance/ once and then returns it."""
    assert index.live
    assert index.url == "/governance/"
    assert ensure_governance_index(home).pk == index.pk


@pytest.mark.django_db
def test_page_renders(client, code_page):
    """The page renders one h1, version, effective date, headings, lists and certification."""
    response = client.get(code_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")

    h1s = soup.find_all("h1")
    assert len(h1s) == 1
    assert h1s[0].get_text(strip=True) == "Code of Business Conduct and Ethics"
    assert "Tecogen Inc." in soup.select_one(".document-header").get_text()

    meta = soup.select_one(".document-meta")
    assert _norm(meta.get_text()) == "Version 2011, effective June 15, 2011"
    assert '<time datetime="2011-06-15">' in html

    h2_ids = {h2.get("id"): h2.get_text(strip=True) for h2 in soup.find_all("h2")}
    assert h2_ids["compliance-with-laws-rules-and-regulations"] == ("COMPLIANCE WITH LAWS, RULES AND REGULATIONS")
    assert h2_ids["dissemination-and-amendment"] == "DISSEMINATION AND AMENDMENT"
    h3s = [h3.get_text(strip=True) for h3 in soup.find_all("h3")]
    assert h3s == ["EMPLOYEES AND OFFICERS", "DIRECTORS"]
    assert soup.find("h3")["id"] == "employees-and-officers"

    items = soup.select(".document-body ul > li")
    assert len(items) == 12
    split_item = "less than one percent of the outstanding shares of a publicly-held"
    assert any(split_item in li.get_text() for li in items)

    section = soup.select_one("section.certification")
    assert section is not None
    heading = section.find("h2")
    assert section["aria-labelledby"] == heading["id"] == "certification"
    assert len(section.select("ol.certification-statements > li")) == 3
    assert "Date:" in section.get_text()
    assert "(Signature)" in section.get_text()
    assert "CHIEF ACCOUTNING OFFICER" in section.get_text()
    assert "<script" not in html.lower()


@pytest.mark.django_db
def test_table_of_contents_links_to_headings(client, code_page):
    """The table of contents links to every heading's id, and each target exists."""
    soup = BeautifulSoup(client.get(code_page.url).content, "html.parser")
    toc = soup.select_one("nav.toc")
    links = [a["href"] for a in toc.find_all("a")]
    headings = [block.value for block in code_page.body if block.block_type == "heading"]
    assert links == [f"#{slugify(h)}" for h in headings] + ["#certification"]
    for href in links:
        assert soup.find(id=href[1:]) is not None, href


@pytest.mark.django_db
def test_index_lists_the_document(client, code_page, index):
    """The governance index lists the Code with its version and effective date."""
    response = client.get(index.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.find_all("h1")) == 1
    link = soup.find("a", href=code_page.url)
    assert link is not None
    assert link.get_text(strip=True) == "Code of Business Conduct and Ethics"
    assert '<time datetime="2011-06-15">' in response.content.decode()
    assert "Version 2011" in soup.get_text()


@pytest.mark.django_db
def test_page_in_sitemap(client, code_page):
    """The published Code page is listed in the sitemap's pages section, which the index names."""
    assert "/sitemap-pages.xml</loc>" in client.get("/sitemap.xml").content.decode()
    response = client.get("/sitemap-pages.xml")
    assert response.status_code == 200
    assert f"/governance/{CODE_SLUG}/</loc>" in response.content.decode()


@pytest.mark.django_db
def test_unpublished_page_is_not_listed(client, code_page, index):
    """Once unpublished, the Code is not on the index, in the sitemap, or served."""
    code_page.unpublish()
    index_html = client.get(index.url).content.decode()
    assert code_page.url is None or code_page.url not in index_html
    assert f"/governance/{CODE_SLUG}/" not in index_html
    assert "No governance documents have been published yet." in index_html
    assert f"/governance/{CODE_SLUG}/" not in client.get("/sitemap-pages.xml").content.decode()
    assert client.get(f"/governance/{CODE_SLUG}/").status_code == 404
