"""A signature covers every value the board page shows: people and committees are frozen into its revisions.

The Person and Committee snippets go live on save; the board and management pages show the copy
their live revision holds (governance.models.shown). So editing a director's biography changes no
public page until a new revision of the board page has been reviewed and signed off.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text

import pytest
from bs4 import BeautifulSoup

from disclosure.guard import approval_standing
from disclosure.models import SignOff
from disclosure.services import place_under_disclosure_policy
from disclosure.signature import fingerprint, signature_digest
from governance.models import BoardPage, CommitteeMembership, ManagementPage, PersonRole
from governance.people import photo_shown_publicly
from tests.factories import make_image, png_bytes
from tests.support.disclosed_pages import draft_of
from tests.support.governance import governance_index, make_committee, make_person
from tests.support.workflow import approve_all, fresh

pytestmark = pytest.mark.django_db

OLD_BIO = "has served the company for many years"
NEW_BIO = "<p>Avery chairs the audit committee of another listed company.</p>"


@pytest.fixture
def board(home, roles, media_on_disk):
    """A live board page, taken through review and sign-off, showing two directors and a committee."""
    avery = make_person("Director Avery", independent=True, photo=True, board_order=1)
    blake = make_person("Director Blake", independent=True, board_order=2)
    audit = make_committee("Audit Committee", seats=[(avery, True), (blake, False)])
    page = approve_all(draft_of("board page", home, roles), roles)
    assert page.live
    return {"page": page, "avery": avery, "blake": blake, "audit": audit}


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def _cards(client):
    soup = BeautifulSoup(client.get("/governance/board/").content, "html.parser")
    return {card.find("h3").get_text(strip=True): card for card in soup.select(".people-list .person")}


def _person_form(person, **changes) -> dict:
    data = {
        "name": person.name,
        "role": person.role,
        "title": person.title,
        "order": str(person.order),
        "board_title": person.board_title,
        "independent": "on" if person.independent else "",
        "board_order": str(person.board_order),
        "photo": str(person.photo_id or ""),
        "photo_alt": person.photo_alt,
        "biography": rich_text(person.biography),
    }
    data.update(changes)
    return nested_form_data({k: v for k, v in data.items() if v != ""})


def test_editing_a_director_changes_no_live_board_page(client, admin_client, board):
    """Admin → Governance → People: saved, said on the form, logged; the public page still shows the approved text."""
    avery = board["avery"]
    edit_url = reverse("wagtailsnippets_governance_person:edit", args=(avery.pk,))
    form_html = admin_client.get(edit_url).content.decode()
    assert "Changes appear on the public board page" in form_html and "after its next approved" in form_html
    response = admin_client.post(edit_url, _person_form(avery, biography=rich_text(NEW_BIO), name="Avery Smith"))
    assert response.status_code == 302
    avery.refresh_from_db()
    assert avery.name == "Avery Smith"

    client.logout()
    cards = _cards(client)
    assert "Director Avery" in cards and "Avery Smith" not in cards
    assert OLD_BIO in cards["Director Avery"].get_text()
    assert approval_standing(board["page"].pk).revision_id == board["page"].live_revision_id  # still what was signed

    assert ModelLogEntry.objects.filter(
        action="wagtail.edit", content_type__model="person", user__isnull=False
    ).exists()
    entry = ModelLogEntry.objects.get(
        action="disclosure.snippet_changed", content_type__model="person", object_id=str(avery.pk)
    )
    assert set(entry.data["changes"]) == {"name", "biography"}
    assert entry.data["releases"] == ["Board of directors"]  # the pages that show the person


def test_the_next_approved_revision_shows_the_edit(client, board, roles):
    """A new revision of the board page takes in the new values; once approved, the public sees them."""
    avery = board["avery"]
    avery.biography = NEW_BIO
    avery.save()
    page = approve_all(fresh(board["page"]), roles)
    assert page.live_revision_id != board["page"].live_revision_id
    assert "another listed company" in _cards(client)["Director Avery"].get_text()


def test_a_draft_with_the_edit_is_not_public(client, board, roles):
    """Saving a draft (even submitting it) takes in the new values for the reviewers, not for the public."""
    avery = board["avery"]
    avery.biography = NEW_BIO
    avery.save()
    draft = fresh(board["page"])
    revision = draft.save_revision(user=roles["drafter"])
    assert any("another listed company" in p["biography"] for p in revision.content["shown_people"])
    assert OLD_BIO in _cards(client)["Director Avery"].get_text()


def test_a_committee_change_waits_for_the_board_pages_approval(client, board, roles):
    """A new chair is a change of what the board page says: logged, and the table keeps the approved seats."""
    for seat in CommitteeMembership.objects.filter(committee=board["audit"]):
        seat.is_chair = seat.person == board["blake"]
        seat.save()
    changes = ModelLogEntry.objects.filter(action="disclosure.snippet_changed", content_type__model="committee")
    assert "“Director Blake”: member → chair" in [e.data["changes"]["seat"] for e in changes]
    soup = BeautifulSoup(client.get("/governance/board/").content, "html.parser")
    assert [li.get_text(strip=True) for li in soup.select(".committee-members li")] == [
        "Director Avery (Chair)",
        "Director Blake",
    ]
    approve_all(fresh(board["page"]), roles)
    soup = BeautifulSoup(client.get("/governance/board/").content, "html.parser")
    assert [li.get_text(strip=True) for li in soup.select(".committee-members li")] == [
        "Director Blake (Chair)",
        "Director Avery",
    ]


def test_a_new_director_is_not_announced_by_the_snippet(client, board, roles):
    """Adding a person makes no one public: the board page lists them once its revision is approved."""
    make_person("Director Casey", independent=True, photo=True, board_order=3)
    assert "Director Casey" not in _cards(client)
    approve_all(fresh(board["page"]), roles)
    assert "Director Casey" in _cards(client)


def test_the_signature_covers_the_frozen_values_and_the_photo_bytes(board):
    """The sign-off's digest is over the revision holding the people's values, and fingerprints the photo's file."""
    page = board["page"]
    signoff = SignOff.objects.get(revision_id=page.live_revision_id)
    revision = signoff.revision
    shown = {p["name"]: p for p in revision.content["shown_people"]}
    assert set(shown) == {"Director Avery", "Director Blake"}
    assert OLD_BIO in shown["Director Avery"]["biography"]
    assert revision.content["shown_committees"][0]["seats"] == [
        {"person": board["avery"].pk, "is_chair": True},
        {"person": board["blake"].pk, "is_chair": False},
    ]
    photo = board["avery"].photo
    assert fingerprint(photo) in signoff.manifest
    assert signoff.digest == signature_digest(revision, signoff.manifest)


def test_a_photo_is_public_only_as_the_live_revision_shows_it(board, roles):
    """A new portrait on the snippet stays private (and the approved one public) until the board page is approved."""
    avery = board["avery"]
    old, new = avery.photo, make_image(title="New portrait", name="new-portrait.png")
    avery.photo = new
    avery.save()
    assert photo_shown_publicly(old.pk) and not photo_shown_publicly(new.pk)
    approve_all(fresh(board["page"]), roles)
    assert photo_shown_publicly(new.pk) and not photo_shown_publicly(old.pk)


def test_the_management_page_freezes_its_officers(client, home, roles):
    """The same for management: a new title shows after the management page's next approval."""
    make_person("Jane Chief", role=PersonRole.EXECUTIVE, title="Chief Executive Officer")
    index = governance_index(home)
    place_under_disclosure_policy(index)
    page = ManagementPage(title="Management", slug="management", live=False)
    index.add_child(instance=page)
    page = approve_all(ManagementPage.objects.get(pk=page.pk), roles)
    jane = page.shown_people.get().person
    jane.title = "Executive Chair"
    jane.save()
    soup = BeautifulSoup(client.get("/governance/management/").content, "html.parser")
    assert soup.select_one(".person-title").get_text(strip=True) == "Chief Executive Officer"
    approve_all(fresh(page), roles)
    soup = BeautifulSoup(client.get("/governance/management/").content, "html.parser")
    assert soup.select_one(".person-title").get_text(strip=True) == "Executive Chair"
    assert BoardPage.objects.count() == 0


def test_a_portrait_rewritten_in_storage_after_the_signature_is_not_served(client, board):
    """The sign-off fingerprinted the photo's bytes: a file swapped behind everyone's back is a 404, not served."""
    photo = board["avery"].photo
    url = "/media/" + photo.file.name
    assert client.get(url).status_code == 200
    default_storage.delete(photo.file.name)
    default_storage.save(photo.file.name, ContentFile(png_bytes(colour=(0, 0, 0))))
    assert client.get(url).status_code == 404
    assert "image" in approval_standing(board["page"].pk).problem  # and the page's approval no longer stands
