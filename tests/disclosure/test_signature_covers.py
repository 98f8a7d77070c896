"""A signature covers exactly what the public will see: every file's bytes and every snippet value a release shows.

Through the admin's real URLs as the demo roles: the drafter (PR team) tries to change a signed-off
release's PDF, image, media contact and category after the sign-off; none of it reaches the public
unapproved, and the audit trail shows every change.
"""

import datetime as dt

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, PageLogEntry

import pytest
import time_machine

from disclosure.actions import PUBLISH_HELD_ACTION
from disclosure.audit import audit_entries
from disclosure.embargo import Publisher
from disclosure.models import SignOff
from disclosure.services import place_under_disclosure_policy
from disclosure.signature import file_sha256
from releases.models import PressReleasePage, ReleaseAttachment, ReleaseContact
from tests.factories import (
    PDF_BYTES,
    CategoryFactory,
    MediaContactFactory,
    grant_file_permissions,
    make_document,
    make_image,
    make_release,
    png_bytes,
)
from tests.support.events import make_event, make_events_index
from tests.support.file_edits import TAMPERED_PDF, document_edit, image_edit
from tests.support.workflow import approve_all

pytestmark = pytest.mark.django_db

# Thursday 3 Dec 2026, 3:00 a.m. ET: outside the exchange notice windows (no notice rule holds it).
RELEASE_AT = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)
BEFORE = RELEASE_AT - dt.timedelta(hours=6)


@pytest.fixture(autouse=True)
def _files_on_disk(media_on_disk):
    """Real files, served from a path as in production."""


@pytest.fixture
def frozen():
    with time_machine.travel(BEFORE, tick=False) as traveller:
        yield traveller


@pytest.fixture
def pr_team(roles):
    group = roles["drafter"].groups.get(name="PR team")
    grant_file_permissions(group)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="releases", codename__in=["change_mediacontact", "change_category"]
        )
    )
    return group


def release_with_files(newsroom, *, release_at=RELEASE_AT, title="Tecogen Raises Over $2.9 Million"):
    """A draft with a PDF attachment, a chart in its body, a media contact and a category."""
    document = make_document()
    image = make_image()
    contact = MediaContactFactory(name="Melinda Furse", organisation="Tecogen Inc.")
    category = CategoryFactory(name="Financing", slug="financing")
    page = make_release(newsroom, title=title, publish=False, release_at=release_at, categories=[category])
    page.body = [
        ("paragraph", "<p>Tecogen Inc. today announced a private placement.</p>"),
        ("image", {"image": image, "alt_text": "Revenue chart", "caption": ""}),
    ]
    page.attachments.add(ReleaseAttachment(document=document, label="Full release"))
    page.contacts.add(ReleaseContact(contact=contact))
    page.save_revision()
    return page, document, image, contact, category


@pytest.fixture
def scheduled(newsroom, roles, pr_team, frozen):
    page, document, image, contact, category = release_with_files(newsroom)
    page = approve_all(page, roles)
    assert not page.live
    return {"page": page, "document": document, "image": image, "contact": contact, "category": category}


def test_signoff_records_every_file_it_covers(scheduled):
    """The sign-off lists the PDF and the image with the SHA-256 of their bytes, and its digest covers them."""
    signoff = SignOff.objects.get(revision__object_id=str(scheduled["page"].pk))
    recorded = {(f["kind"], f["id"]): f["sha256"] for f in signoff.manifest}
    assert recorded == {
        ("document", scheduled["document"].pk): file_sha256(scheduled["document"].file.name),
        ("image", scheduled["image"].pk): file_sha256(scheduled["image"].file.name),
    }
    assert all(len(sha) == 64 for sha in recorded.values())


def test_drafter_cannot_replace_a_signed_pdf(client, roles, scheduled):
    """Admin → Documents → edit → new file on a scheduled release's PDF: refused on the form, the file unchanged."""
    document = scheduled["document"]
    before = (document.file.name, file_sha256(document.file.name))
    client.force_login(roles["drafter"])
    response = document_edit(client, document)
    assert response.status_code == 200
    assert "part of what a spokesperson signed" in response.content.decode()
    document = get_document_model().objects.get(pk=document.pk)
    assert (document.file.name, file_sha256(document.file.name)) == before


def test_drafter_cannot_retitle_a_signed_pdf(client, roles, scheduled):
    """The title is the link text the public sees: it is covered too."""
    document = scheduled["document"]
    client.force_login(roles["drafter"])
    response = client.post(
        reverse("wagtaildocs:edit", args=(document.pk,)),
        {"title": "Something else", "collection": Collection.get_first_root_node().pk, "tags": ""},
    )
    assert response.status_code == 200
    assert get_document_model().objects.get(pk=document.pk).title == "Full release (PDF)"


def test_drafter_cannot_replace_a_signed_image(client, roles, scheduled):
    """Admin → Images → edit → new file on the chart of a scheduled release: refused, the original kept."""
    image = scheduled["image"]
    before = file_sha256(image.file.name)
    client.force_login(roles["drafter"])
    response = image_edit(client, image, png_bytes(colour=(0, 0, 0)))
    assert response.status_code == 200
    assert "part of what a spokesperson signed" in response.content.decode()
    assert file_sha256(get_image_model().objects.get(pk=image.pk).file.name) == before


def test_superuser_cannot_delete_a_signed_document(client, scheduled, django_user_model):
    """Deleting a file a scheduled release shows is refused to a superuser too (never a 500)."""
    admin = django_user_model.objects.create_superuser("root", password="pw")  # noqa: S106
    client.force_login(admin)
    response = client.post(reverse("wagtaildocs:delete", args=(scheduled["document"].pk,)))
    assert response.status_code in (200, 302, 403)
    assert get_document_model().objects.filter(pk=scheduled["document"].pk).exists()
    image_response = client.post(reverse("wagtailimages:delete", args=(scheduled["image"].pk,)))
    assert image_response.status_code in (200, 302, 403)
    assert get_image_model().objects.filter(pk=scheduled["image"].pk).exists()


def test_a_file_changed_behind_the_admin_is_held_at_release_time(scheduled, frozen):
    """A PDF replaced without the admin (storage rewritten) voids the approval: held at its time, logged, not live."""
    document = scheduled["document"]
    default_storage.delete(document.file.name)
    default_storage.save(document.file.name, ContentFile(TAMPERED_PDF))
    frozen.move_to(RELEASE_AT)
    [outcome] = Publisher().run_once()
    assert outcome.status == "held"
    assert "changed after it was signed off" in outcome.reason
    assert not PressReleasePage.objects.get(pk=scheduled["page"].pk).live
    assert PageLogEntry.objects.filter(page=scheduled["page"], action=PUBLISH_HELD_ACTION).exists()


def test_an_untouched_signed_release_goes_out_with_its_files(client, scheduled, frozen):
    """The control case: at its time the release is live and its PDF and image are public, byte for byte."""
    frozen.move_to(RELEASE_AT)
    [outcome] = Publisher().run_once()
    assert outcome.status == "published"
    response = client.get(scheduled["document"].url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_live_file_rewritten_in_storage_is_not_served(client, scheduled, frozen):
    """Serving checks the file is the approved one: bytes rewritten behind everyone's back are a 404."""
    frozen.move_to(RELEASE_AT)
    Publisher().run_once()
    document = scheduled["document"]
    assert client.get(document.url).status_code == 200
    default_storage.delete(document.file.name)
    default_storage.save(document.file.name, ContentFile(TAMPERED_PDF))
    assert client.get(document.url).status_code == 404


def test_live_release_pdf_cannot_be_replaced(client, roles, scheduled, frozen):
    """On a live release the same edit is refused: the public keeps the signed file."""
    frozen.move_to(RELEASE_AT)
    Publisher().run_once()
    client.force_login(roles["drafter"])
    assert document_edit(client, scheduled["document"]).status_code == 200
    client.logout()
    assert b"".join(client.get(scheduled["document"].url).streaming_content) == PDF_BYTES


def test_editing_a_media_contact_changes_no_live_release(client, roles, scheduled, frozen):
    """The drafter edits the shared contact's organisation: the live page and feed keep what was signed; logged."""
    frozen.move_to(RELEASE_AT)
    Publisher().run_once()
    page = PressReleasePage.objects.get(pk=scheduled["page"].pk)
    contact = scheduled["contact"]
    client.force_login(roles["drafter"])
    edit_url = reverse("wagtailsnippets_releases_mediacontact:edit", args=(contact.pk,))
    changed = {"name": contact.name, "organisation": "Someone Else PR", "phone": contact.phone, "email": contact.email}
    response = client.post(edit_url, changed)
    assert response.status_code == 302
    client.logout()
    body = client.get(page.url).content.decode()
    assert "Tecogen Inc." in body and "Someone Else PR" not in body
    feed = client.get("/news/feed/rss/").content.decode()
    assert "Someone Else PR" not in feed
    [row] = list(audit_entries(actions="disclosure.snippet_changed"))
    assert "Someone Else PR" in row.detail and page.title in row.detail


def test_renaming_a_category_changes_no_live_release(client, scheduled, frozen):
    """A category renamed after the sign-off: the release still shows the name that was approved."""
    frozen.move_to(RELEASE_AT)
    Publisher().run_once()
    category = scheduled["category"]
    category.name = "Capital markets"
    category.save()
    body = client.get(PressReleasePage.objects.get(pk=scheduled["page"].pk).url).content.decode()
    assert "Financing" in body and "Capital markets" not in body


def test_a_draft_nobody_submitted_may_change_its_file_and_it_is_logged(client, roles, pr_team, newsroom, frozen):
    """Before any submission the PR team may replace a file; the audit trail records both SHA-256 digests."""
    page, document, *_ = release_with_files(newsroom, title="Draft results")
    before = file_sha256(document.file.name)
    client.force_login(roles["drafter"])
    assert document_edit(client, document).status_code == 302
    document = get_document_model().objects.get(pk=document.pk)
    after = file_sha256(document.file.name)
    assert after != before
    [row] = list(audit_entries(actions="disclosure.file_changed"))
    assert before[:12] in row.detail and after[:12] in row.detail
    assert row.username == "drafter"


def test_an_events_signed_slides_cannot_be_replaced_or_deleted(client, home, roles, pr_team, django_user_model):
    """The file lock holds for every disclosed page type: the slides of an event signed and live are the
    bytes the spokesperson signed; the drafter's new file and the superuser's deletion are both refused."""
    slides = make_document(title="Investor presentation (PDF)", name="slides.pdf")
    index = make_events_index(home)
    place_under_disclosure_policy(index)
    event = make_event(index, publish=False, slides=slides)
    event = approve_all(event, roles)
    assert event.live
    before = (slides.file.name, file_sha256(slides.file.name))
    client.force_login(roles["drafter"])
    response = document_edit(client, slides)
    assert response.status_code == 200
    assert "part of what a spokesperson signed" in response.content.decode()
    slides = get_document_model().objects.get(pk=slides.pk)
    assert (slides.file.name, file_sha256(slides.file.name)) == before
    client.force_login(django_user_model.objects.create_superuser("root", password="pw"))  # noqa: S106
    client.post(reverse("wagtaildocs:delete", args=(slides.pk,)))
    assert get_document_model().objects.filter(pk=slides.pk).exists()
