"""Factories for the objects tests need, built the way the admin builds them."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils.text import slugify

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
    categories=(),
    **fields,
) -> PressReleasePage:
    """A release under the newsroom; published (with its own release time) unless publish=False."""
    release_at = release_at or dt.datetime(2011, 12, 2, 13, 0, tzinfo=dt.UTC)
    page = PressReleasePage(
        title=title,
        release_at=release_at,
        dateline_city=fields.pop("dateline_city", "WALTHAM"),
        dateline_state=fields.pop("dateline_state", "Massachusetts"),
        wire=fields.pop("wire", "prnewswire"),
        body=[("paragraph", f"<p>{body_text}</p>")],
        live=False,
        **fields,
    )
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


# -- fast live releases (no revision or workflow) ------------------------------------------------


def quick_releases(newsroom, count: int, start: int = 0, categories=()) -> None:
    """`count` live releases, a day apart from 2013 on, saved as live pages (no revisions: fast)."""
    for i in range(start, start + count):
        at = dt.datetime(2013, 1, 1, 15, tzinfo=dt.UTC) + dt.timedelta(days=i)
        quick_release(newsroom, f"Bulk release {i}", at, categories, body=f"Bulk release number {i}.")


def quick_release(newsroom, title: str, at: dt.datetime, categories=(), body: str = "A release.") -> PressReleasePage:
    """One live release saved as a live page, without the revision and workflow a real one has (fast)."""
    page = PressReleasePage(
        title=title,
        slug=slugify(title),
        release_at=at,
        dateline_city="WALTHAM",
        dateline_state="Massachusetts",
        wire="prnewswire",
        body=[("paragraph", f"<p>{body}</p>")],
        live=True,
        first_published_at=at,
        last_published_at=at,
    )
    page.categories.set(categories)  # a ParentalManyToMany is written when the page is saved
    with historical_record("test fixture"):
        newsroom.add_child(instance=page)
    return page
