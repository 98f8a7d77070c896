"""Factories for the objects tests need, built the way the admin builds them."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

import factory
from factory.django import DjangoModelFactory
from PIL import Image as PILImage

from disclosure.guard import historical_record
from releases.models import Category, MediaContact, NewsroomPage, PressReleasePage


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class MediaContactFactory(DjangoModelFactory):
    class Meta:
        model = MediaContact

    name = factory.Sequence(lambda n: f"Contact {n}")
    organisation = "Tecogen Inc."
    phone = "781-466-6444"
    email = factory.Sequence(lambda n: f"contact{n}@example.com")


def make_release(
    newsroom: NewsroomPage,
    *,
    title: str = "Example Corp. Announces Results",
    release_at: dt.datetime | None = None,
    body_text: str = "Example Corp. today announced its results.",
    publish: bool = True,
    fast: bool = False,
    categories=(),
    **fields,
) -> PressReleasePage:
    """The one release builder: a release under the newsroom, live at its own release time.

    publish=True (the default) saves a revision and publishes it, as the admin does;
    publish=False leaves a draft with one revision; fast=True saves it straight as a live page,
    with no revision or workflow (for tests that need many live releases and look only at
    what the public sees).
    """
    release_at = release_at or dt.datetime(2011, 12, 2, 13, 0, tzinfo=dt.UTC)
    page = PressReleasePage(
        title=title,
        release_at=release_at,
        dateline_city=fields.pop("dateline_city", "WALTHAM"),
        dateline_state=fields.pop("dateline_state", "Massachusetts"),
        wire=fields.pop("wire", "prnewswire"),
        body=[("paragraph", f"<p>{body_text}</p>")],
        live=fast,
        **({"first_published_at": release_at, "last_published_at": release_at} if fast else {}),
        **fields,
    )
    if fast:
        page.categories.set(categories)  # a ParentalManyToMany is written when the page is saved
        with historical_record("test fixture"):
            newsroom.add_child(instance=page)
        return page
    newsroom.add_child(instance=page)
    if categories:
        page.categories.set(categories)
    revision = page.save_revision()
    if publish:
        with historical_record("test fixture"):
            revision.publish()
        page.refresh_from_db()
        PressReleasePage.objects.filter(pk=page.pk).update(first_published_at=release_at, last_published_at=release_at)
        page.refresh_from_db()
    return page


def make_releases(newsroom, count: int, start: int = 0, categories=()) -> None:
    """`count` live releases a day apart from 2013 on (make_release(fast=True): no revisions)."""
    for i in range(start, start + count):
        at = dt.datetime(2013, 1, 1, 15, tzinfo=dt.UTC) + dt.timedelta(days=i)
        make_release(
            newsroom,
            title=f"Bulk release {i}",
            release_at=at,
            categories=categories,
            body_text=f"Bulk release number {i}.",
            fast=True,
        )


# -- files ------------------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes(colour=(200, 30, 30), size=(40, 30)) -> bytes:
    """A small real PNG (Wagtail reads images with Willow)."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def make_document(title="Full release (PDF)", content=PDF_BYTES, name="release.pdf"):
    return get_document_model().objects.create(title=title, file=ContentFile(content, name=name))


def make_image(title="Chart", content=None, name="chart.png"):
    return get_image_model().objects.create(title=title, file=ContentFile(content or png_bytes(), name=name))


def grant_file_permissions(group) -> None:
    """What the demo's PR team holds on the root collection: add and change documents and images."""
    root = Collection.get_first_root_node()
    for codename in ("add_document", "change_document", "add_image", "change_image", "choose_document", "choose_image"):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=Permission.objects.get(codename=codename)
        )
