"""The permission matrix's signature cells: can anyone change what a signed release shows, through the admin's URLs?

The roles of tests/disclosure/test_permission_matrix.py (the demo-shaped ``roles`` fixture); here the PR team
also holds what the demo gives it on files and snippets (add/change documents and images, change contacts and
categories), so the drafter reaches every edit form. The release is signed off and scheduled with a PDF, a
chart, a media contact and a category. No cell is True: nobody, superusers included, may change after the
sign-off what the public will get.

Actions:
  replace_pdf       Admin > Documents > edit: a new file for the release's PDF.
  retitle_pdf       Admin > Documents > edit: a new title (the public link text).
  replace_image     Admin > Images > edit: a new file for the release's chart.
  delete_image      Admin > Images > delete the chart.
  edit_contact      Admin > Snippets > Media contacts > edit the release's contact: the release still shows
                    the signed values (the snippet itself may change for whoever holds the permission).
  rename_category   Admin > Snippets > Categories > edit the release's category: likewise.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest
import time_machine

from disclosure.guard import approval_standing
from disclosure.services import revoke
from releases.models import PressReleasePage, ReleaseAttachment, ReleaseContact
from tests.factories import (
    CategoryFactory,
    MediaContactFactory,
    grant_file_permissions,
    make_document,
    make_image,
    make_release,
    png_bytes,
)
from tests.support.matrix import ROLE_USERS
from tests.support.register import with_counsel
from tests.support.workflow import approve_all

pytestmark = pytest.mark.django_db

RELEASE_AT = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)  # 3:00 a.m. ET: no exchange notice rule
ROLES = list(ROLE_USERS)
ACTIONS = ["replace_pdf", "retitle_pdf", "replace_image", "delete_image", "edit_contact", "rename_category"]
USERNAME = ROLE_USERS


@pytest.fixture
def world(roles, newsroom, media_on_disk):
    with time_machine.travel(RELEASE_AT - dt.timedelta(hours=6), tick=False):
        people = with_counsel(roles)
        pr_team = roles["drafter"].groups.get(name="PR team")
        grant_file_permissions(pr_team)
        pr_team.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="releases", codename__in=["change_mediacontact", "change_category"]
            )
        )
        document, image = make_document(), make_image()
        contact = MediaContactFactory(name="Melinda Furse", organisation="Tecogen Inc.")
        category = CategoryFactory(name="Financing", slug="financing")
        page = make_release(newsroom, title="Tecogen Signs Contract", publish=False, release_at=RELEASE_AT)
        page.categories.set([category])
        page.body = [
            ("paragraph", "<p>Tecogen Inc. today announced a contract.</p>"),
            ("image", {"image": image, "alt_text": "Chart", "caption": ""}),
        ]
        page.attachments.add(ReleaseAttachment(document=document))
        page.contacts.add(ReleaseContact(contact=contact))
        page = approve_all(page, people, signers=("president",))
        revoke(people["ceo"].designations.get(), by=people["compliance"], reason="Matrix: a revoked spokesperson")
        # the matrix's "spokesperson" is the one still active; swap the fixture's names accordingly
        people["ceo"], people["president"] = people["president"], people["ceo"]
    return {
        "people": people,
        "page": page,
        "document": document,
        "image": image,
        "contact": contact,
        "category": category,
    }


def shown(world) -> dict:
    """What the public will get of the release: its standing approval and the values and bytes it shows."""
    page = PressReleasePage.objects.get(pk=world["page"].pk)
    release = page.get_latest_revision_as_object()
    document = get_document_model().objects.filter(pk=world["document"].pk).first()
    image = get_image_model().objects.filter(pk=world["image"].pk).first()
    return {
        "approved": approval_standing(page.pk).revision_id,
        "document": (document.title, document.file.name, document.file.read()) if document else None,
        "image": (image.file.name, image.file.read()) if image else None,
        "contacts": [(c.name, c.organisation) for c in release.contacts.all()],
        "categories": release.category_labels,
    }


def perform(action, client, world):
    root = Collection.get_first_root_node().pk
    document, image = world["document"], world["image"]
    if action in ("replace_pdf", "retitle_pdf"):
        data = {"title": "Changed" if action == "retitle_pdf" else document.title, "collection": root, "tags": ""}
        if action == "replace_pdf":
            data["file"] = SimpleUploadedFile("release.pdf", b"%PDF-1.4\n%other\n%%EOF\n", "application/pdf")
        return client.post(reverse("wagtaildocs:edit", args=(document.pk,)), data)
    if action == "replace_image":
        data = {
            "title": image.title,
            "collection": root,
            "tags": "",
            "file": SimpleUploadedFile("c.png", png_bytes((1, 2, 3))),
        }
        return client.post(reverse("wagtailimages:edit", args=(image.pk,)), data)
    if action == "delete_image":
        return client.post(reverse("wagtailimages:delete", args=(image.pk,)))
    if action == "edit_contact":
        contact = world["contact"]
        data = {"name": contact.name, "organisation": "Other PR", "phone": contact.phone, "email": contact.email}
        return client.post(reverse("wagtailsnippets_releases_mediacontact:edit", args=(contact.pk,)), data)
    if action == "rename_category":
        data = {"name": "Capital markets", "slug": "financing", "description": ""}
        return client.post(reverse("wagtailsnippets_releases_category:edit", args=(world["category"].pk,)), data)
    raise AssertionError(action)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_nobody_changes_what_a_signed_release_shows(client, world, role, action):
    """Every role, every route: the response is no 500 and the release shows exactly what was signed."""
    people = world["people"]
    if USERNAME[role]:
        client.force_login(people[USERNAME[role]])
    before = shown(world)
    assert before["approved"] is not None
    response = perform(action, client, world)
    assert response.status_code < 500
    assert shown(world) == before, f"{role} {action}: the signed release changed"
