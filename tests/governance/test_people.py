"""The board and management pages, the people and committees behind them, and the governance index by kind."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest
from bs4 import BeautifulSoup

from governance.models import BoardPage, Committee, CommitteeMembership, DocumentKind, PersonRole
from governance.people import photo_shown_publicly
from tests.support.governance import (
    governance_index,
    make_board_page,
    make_committee,
    make_document,
    make_management_page,
    make_person,
    publish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home):
    return governance_index(home)


@pytest.fixture
def board(index, media_on_disk):
    """A CEO who is also a director, a president who is not, three independent directors, two committees."""
    ceo = make_person("Jane Chief", role=PersonRole.BOTH, title="Chief Executive Officer", photo=True, board_order=1)
    make_person("Sam President", role=PersonRole.EXECUTIVE, title="President and Chief Operating Officer", order=2)
    directors = [
        make_person(f"Director {name}", independent=True, board_order=10 + i, photo=True)
        for i, name in enumerate(["Avery", "Blake", "Casey"])
    ]
    charter = make_document(index, title="Audit Committee Charter", slug="audit-committee-charter")
    audit = make_committee(
        "Audit Committee", charter=charter, order=1, seats=[(directors[0], True), (directors[1], False)]
    )
    compensation = make_committee("Compensation Committee", order=2, seats=[(directors[1], True), (ceo, False)])
    return {
        "page": make_board_page(index),
        "ceo": ceo,
        "directors": directors,
        "audit": audit,
        "compensation": compensation,
        "charter": charter,
    }


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text().split())


# -- the board page ---------------------------------------------------------------------------------


def test_board_page_lists_the_directors_with_photo_title_bio_and_committees(client, board):
    """Directors only (not the president), in board order, each with photo and alt text, title, bio, seats."""
    response = client.get("/governance/board/")
    assert response.status_code == 200
    soup = _soup(response)
    assert len(soup.find_all("h1")) == 1
    cards = soup.select(".people-list .person")
    assert [c.find("h3").get_text(strip=True) for c in cards] == [
        "Jane Chief",
        "Director Avery",
        "Director Blake",
        "Director Casey",
    ]
    assert "Sam President" not in soup.get_text()
    for card in cards:
        image = card.find("img")
        assert image is not None and image["alt"].startswith("Portrait of ")
    assert _text(cards[0].select_one(".person-title")) == "Director; Chief Executive Officer"
    assert _text(cards[1].select_one(".person-title")) == "Independent Director"
    assert "has served the company" in cards[1].select_one(".person-bio").get_text()
    assert _text(cards[2].select_one(".person-committees")) == (
        "Committees: Audit Committee, Compensation Committee (Chair)"
    )
    assert cards[3].select_one(".person-committees") is None


def test_board_page_has_a_committee_membership_matrix(client, board):
    """A table: a row per director, a column per committee (linked to its charter), "Chair"/"Member" in words."""
    soup = _soup(client.get("/governance/board/"))
    table = soup.select_one("table.committee-matrix")
    assert table.find("caption") is not None
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["Director", "Independent", "Audit Committee", "Compensation Committee"]
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    assert table.select_one("thead a")["href"] == "/governance/audit-committee-charter/"
    rows = {tr.th.get_text(strip=True): [_text(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")}
    assert rows == {
        "Jane Chief": ["No", "–Not a member", "Member"],
        "Director Avery": ["Yes", "Chair", "–Not a member"],
        "Director Blake": ["Yes", "Member", "Chair"],
        "Director Casey": ["Yes", "–Not a member", "–Not a member"],
    }
    assert all(th["scope"] == "row" for th in table.select("tbody th"))
    region = soup.select_one(".table-scroll")
    assert region["role"] == "region" and region["tabindex"] == "0"


def test_committees_list_chair_first_and_link_only_public_charters(client, board):
    """Each committee names its chair first; a charter that is not live is not linked."""
    board["charter"].unpublish()
    soup = _soup(client.get("/governance/board/"))
    committees = soup.select("section.committee")
    assert [c.find("h3").get_text(strip=True) for c in committees] == ["Audit Committee", "Compensation Committee"]
    assert [li.get_text(strip=True) for li in committees[1].select(".committee-members li")] == [
        "Director Blake (Chair)",
        "Jane Chief",
    ]
    assert soup.find("a", href="/governance/audit-committee-charter/") is None


def test_board_page_queries_do_not_grow_with_the_board(client, board, django_assert_max_num_queries):
    """A fixed number of queries, with photos and their renditions prefetched, however many directors."""
    client.get("/governance/board/")  # makes the renditions
    with django_assert_max_num_queries(16) as first:
        client.get("/governance/board/")
    count = len(first)  # read now: the next request resets the connection's query log
    for i in range(4):
        person = make_person(f"Director Extra {i}", independent=True, photo=True)
        CommitteeMembership.objects.create(committee=board["audit"], person=person)
    publish(BoardPage.objects.get(pk=board["page"].pk))  # the page shows them once a revision takes them in
    assert len(_soup(client.get("/governance/board/")).select(".people-list .person")) == 8
    with django_assert_max_num_queries(count):
        assert client.get("/governance/board/").status_code == 200


# -- the management page -----------------------------------------------------------------------------


def test_management_page_lists_the_executive_officers(client, board, index):
    """Executive officers in order with titles; a director who is also an officer links to the board page."""
    make_management_page(index)
    response = client.get("/governance/management/")
    assert response.status_code == 200
    soup = _soup(response)
    cards = soup.select(".people-list .person")
    assert [c.find("h3").get_text(strip=True) for c in cards] == ["Sam President", "Jane Chief"]  # by order
    titles = {c.find("h3").get_text(strip=True): _text(c.select_one(".person-title")) for c in cards}
    assert titles == {"Jane Chief": "Chief Executive Officer", "Sam President": "President and Chief Operating Officer"}
    assert "Director Avery" not in soup.get_text()
    ceo = board["ceo"]
    assert soup.find("a", href=f"/governance/board/#person-{ceo.pk}") is not None


def test_management_page_queries(client, board, index, django_assert_max_num_queries):
    """The management page stays within a fixed number of queries."""
    make_management_page(index)
    client.get("/governance/management/")
    # Wagtail's routing takes 9; the people with photos, renditions and seats 4; the board page's URL 2.
    with django_assert_max_num_queries(15):
        assert client.get("/governance/management/").status_code == 200


# -- the governance index ------------------------------------------------------------------------------


def test_index_groups_documents_by_kind_and_links_board_and_management(client, board, index):
    """The Code, then the charters, then policies, each under its heading; the board and management linked."""
    make_management_page(index)
    make_document(
        index, title="Code of Business Conduct and Ethics", slug="code", kind=DocumentKind.CODE, version="2011"
    )
    make_document(index, title="Insider Trading Policy", slug="insider-trading-policy", kind=DocumentKind.POLICY)
    make_document(index, title="Compensation Committee Charter", slug="compensation-charter")
    soup = _soup(client.get("/governance/"))
    groups = [
        (s.find("h2").get_text(strip=True), [h3.get_text(strip=True) for h3 in s.find_all("h3")])
        for s in soup.select("section.governance-group")
    ]
    assert groups == [
        ("Board and management", []),
        ("Code of conduct", ["Code of Business Conduct and Ethics"]),
        ("Committee charters", ["Audit Committee Charter", "Compensation Committee Charter"]),
        ("Policies", ["Insider Trading Policy"]),
    ]
    links = [a["href"] for a in soup.select(".leadership-links a")]
    assert links == ["/governance/board/", "/governance/management/"]


def test_index_queries(client, board, index, django_assert_max_num_queries):
    """The index stays within a fixed number of queries."""
    client.get("/governance/")
    # Wagtail's routing takes 9; the documents 1, the board and management pages 1.
    with django_assert_max_num_queries(11):
        assert client.get("/governance/").status_code == 200


# -- rules for people and committees -------------------------------------------------------------------


def test_only_a_director_is_independent_and_an_officer_has_a_title(db):
    """An independent executive officer, or an officer without a title, is refused with a message."""
    with pytest.raises(ValidationError) as independent:
        make_person("Exec", role=PersonRole.EXECUTIVE, independent=True)
    assert "independent" in independent.value.message_dict
    with pytest.raises(ValidationError) as untitled:
        make_person("Exec", role=PersonRole.EXECUTIVE, title="")
    assert "title" in untitled.value.message_dict


def test_a_photo_needs_alt_text(media_on_disk):
    """A photo without alt text (and an image without a description) is refused."""
    with pytest.raises(ValidationError) as refused:
        make_person("Director Photo", photo=True, photo_alt="")
    assert "photo_alt" in refused.value.message_dict


def test_a_committee_member_is_a_director(db):
    """An executive officer who is not a director cannot sit on a board committee."""
    officer = make_person("Officer", role=PersonRole.EXECUTIVE, title="Treasurer")
    committee = make_committee("Audit Committee")
    with pytest.raises(ValidationError):
        CommitteeMembership(committee=committee, person=officer).full_clean()


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


def _committee_form(name, seats):
    return nested_form_data(
        {
            "name": name,
            "charter": "",
            "order": "1",
            "memberships": inline_formset([{"person": p.pk, "is_chair": chair} for p, chair in seats]),
        }
    )


def test_the_admin_refuses_two_chairs_and_saves_one(admin_client, db):
    """Admin → Governance → Committees: two chairs are refused with a message; one chair is saved."""
    first, second = make_person("Director One"), make_person("Director Two")
    url = "/admin/snippets/governance/committee/add/"
    response = admin_client.post(url, _committee_form("Audit Committee", [(first, True), (second, True)]))
    assert response.status_code == 200
    assert "A committee has one chair" in response.content.decode()
    assert not Committee.objects.exists()
    response = admin_client.post(url, _committee_form("Audit Committee", [(first, True), (second, False)]))
    assert response.status_code == 302
    committee = Committee.objects.get()
    assert list(committee.memberships.values_list("person__name", "is_chair")) == [
        ("Director One", True),
        ("Director Two", False),
    ]


def test_people_and_committees_are_in_the_governance_menu(admin_client, db):
    """The snippets' listings open for an editor, under Admin → Governance."""
    make_person("Director One")
    assert admin_client.get("/admin/snippets/governance/person/").status_code == 200
    assert admin_client.get("/admin/snippets/governance/committee/").status_code == 200
    assert "Governance" in admin_client.get("/admin/").content.decode()


def test_a_photo_is_public_only_while_a_public_page_shows_its_person(board, index):
    """A director's photo is public with the live board page; an officer's only once management is live."""
    director, ceo = board["directors"][0], board["ceo"]
    officer = make_person("Officer Photo", role=PersonRole.EXECUTIVE, title="Treasurer", photo=True)
    assert photo_shown_publicly(director.photo_id)
    assert photo_shown_publicly(ceo.photo_id)  # a director and an officer
    assert not photo_shown_publicly(officer.photo_id)
    make_management_page(index)
    assert photo_shown_publicly(officer.photo_id)
    board["page"].unpublish()
    assert not photo_shown_publicly(director.photo_id)
    assert photo_shown_publicly(ceo.photo_id)
    assert not photo_shown_publicly(987654)
