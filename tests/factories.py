"""Factories for the objects tests need, built the way the admin builds them."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

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
        from disclosure.guard import historical_record

        with historical_record("test fixture"):
            revision.publish()
        page.refresh_from_db()
        PressReleasePage.objects.filter(pk=page.pk).update(first_published_at=release_at, last_published_at=release_at)
        page.refresh_from_db()
    return page
