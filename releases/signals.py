"""Keep the feeds in step with what is published.

Every event that can change what a feed lists or says starts a new feeds
generation (releases/content_version.py), so the next feed request renders afresh and the
archive's shape (releases/listing.py: the newsroom's counts, years and categories)
is read again (a first publication adds to its counts in the database; the other events
that can change them have them rebuilt): a release published, corrected (re-published) or withdrawn, or
created live (an import of published history), a page deleted or moved, a privacy
restriction added or lifted, a site's hostname changed, and edits to the snippets,
profile and documents the items show.

Only what changes what the public sees moves it (releases/public_use.py): uploading a file,
saving a draft, submitting it, a category or contact made for a release still under embargo,
an image no live public page shows, a page behind a view restriction, all move nothing. A
generation that moved on such work would tell whoever watches a feed's Last-Modified, or the
response cache's misses, that something is being prepared.

Each event bumps the generation when its transaction commits (at once outside one): before
the commit nobody can see the change, so a move then would only make every reader render the
old state again, and at a release time, with everyone polling, those renders took the CPU the
publishing transaction needed. The test settings also bump at once (IR_BUMP_BEFORE_COMMIT),
because a test's transaction never commits; a request that reads the database between the two
(still seeing the old state) may then cache it under the new generation, and the second bump
throws that copy away.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from company.models import CompanyProfile
from releases.content_version import bump_additive, bump_feeds_generation, staged
from releases.corrections import record_version
from releases.feeds import FEED_PAGE_SIZE, feed_path
from releases.listing import invalidate_shape, newsroom_saved, release_published, warm_shapes_task
from releases.models import Category, MediaContact, NewsroomPage, PressReleasePage
from releases.models.pages import in_category, live_releases
from releases.public_use import is_public
from releases.sitemaps import sitemap_paths


def invalidate_feeds(additive: bool = False, **kwargs) -> None:
    """Start a new feeds generation on commit (`additive`: releases/content_version.py); see the docstring."""
    bump = bump_additive if additive else bump_feeds_generation
    if staged() is not None:  # the embargo publisher's stage: recorded now, moved by its switch at the commit
        bump()
        return
    if getattr(settings, "IR_BUMP_BEFORE_COMMIT", False):
        bump()
    transaction.on_commit(bump)


def warm_listing_shapes(**kwargs) -> None:
    """A release published or withdrawn: the task worker computes the newsroom's new shape after
    the commit, so that no reader's request has to (the embargo publisher does it itself too)."""
    transaction.on_commit(warm_shapes_task.enqueue)


def release_created(sender, instance, created, **kwargs) -> None:
    """A release created live (an import of published history, a fixture): the listings change.

    Created with its live revision, that revision is its first public version.
    """
    if created and instance.live:
        invalidate_feeds()
        invalidate_shape()  # not a publication: the archive's counts are rebuilt (releases/listing.py)
        if instance.live_revision_id:
            record_version(instance, instance.live_revision)


def release_version_published(sender, instance, revision=None, **kwargs) -> None:
    """page_published of a release: its text as published is kept as its next version (releases/corrections.py).

    Wagtail sends page_published also when it only schedules a release that is not live yet
    (PublishRevisionAction): that text is not public, so it is no version until it goes live.
    """
    if instance.live and revision is not None and instance.live_revision_id == revision.pk:
        record_version(instance, revision)


def _is_public_page(page) -> bool:
    return not page.get_view_restrictions().exists()


def only_adds(page) -> bool:
    """A page_published that only adds to what the public sees: a first publication, or a schedule.

    Wagtail sets first_published_at and last_published_at from one clock reading on a page's
    first publication; a re-publication (a correction, after a withdrawal) changes what was public.
    Wagtail also sends page_published when it only schedules a page: nothing public changes.
    """
    if not page.live:
        return True
    return page.first_published_at is not None and page.first_published_at == page.last_published_at


def page_went_public(sender, instance, **kwargs) -> None:
    """page_published: a page the public may see (no view restriction)."""
    if _is_public_page(instance):
        invalidate_feeds(additive=only_adds(instance))


def page_went_private(sender, instance, **kwargs) -> None:
    """page_unpublished: a page the public may see (no view restriction)."""
    if _is_public_page(instance):
        invalidate_feeds()


def live_page_deleted(sender, instance, **kwargs) -> None:
    """A page deleted: only a live one was on any public surface (each descendant is its own signal)."""
    if instance.live:
        invalidate_feeds()
        if isinstance(instance, PressReleasePage):
            invalidate_shape()


def page_moved(sender, instance, **kwargs) -> None:
    """A page moved: its URL and its descendants' change, which matters only if one of them is live."""
    fresh = Page.objects.filter(pk=instance.pk).values_list("path", flat=True).first()
    if fresh is not None and Page.objects.filter(path__startswith=fresh, live=True).exists():
        invalidate_feeds()
        invalidate_shape()


def restriction_changed(sender, instance, **kwargs) -> None:
    """A view restriction added, changed or lifted: a change for the public if it covers a live page."""
    page = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if page is not None and Page.objects.filter(path__startswith=page, live=True).exists():
        invalidate_feeds()
        invalidate_shape()


def used_publicly_changed(sender, instance, **kwargs) -> None:
    """A document, image, category or contact saved or about to be deleted: only if the public sees it.

    Deletion is decided before the row goes (pre_delete): afterwards its references are gone.
    """
    if is_public(instance):
        invalidate_feeds()
        if isinstance(instance, Category):
            invalidate_shape()  # counts are kept per category (a deleted one takes its links along)


def listing_urls(release: PressReleasePage) -> list[str]:
    """Every public URL whose content changes when `release` goes public, is corrected or withdrawn.

    The release's own URL is purged by Wagtail's frontend cache app; these are the pages that list
    it: the newsroom, the home page, the sitemap and every feed page that could show it (all
    releases and each of its categories, both formats, every page, since a new release moves the
    older ones down a page).
    """
    site = release.get_site()
    if site is None:
        return []
    root = site.root_url
    newsroom = release.get_parent()
    total = newsroom.specific.releases().count()
    urls = [root + "/", newsroom.get_full_url()] + [root + path for path in sitemap_paths(total + 1)]
    streams = [(None, total)]
    for category in release.categories.all():
        streams.append((category.slug, live_releases().filter(in_category(category)).count()))
    for slug, count in streams:
        for number in range(1, max(1, -(-(count + 1) // FEED_PAGE_SIZE)) + 1):
            urls.extend(root + feed_path(kind, slug, number) for kind in ("rss", "atom"))
    return urls


def purge_listings(sender, instance, **kwargs) -> None:
    """page_published / page_unpublished of a release: purge the listings and feeds from the CDN."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch  # only with a CDN configured: the app may be absent

    PurgeBatch(listing_urls(instance)).purge()


def connect_signals() -> None:
    """Called once from ReleasesConfig.ready()."""
    # Any public page published or unpublished: the feeds and the whole-response cache
    # (releases/response_cache.py) keep every public page under the generation.
    page_published.connect(page_went_public, dispatch_uid="feeds-page-published")
    page_unpublished.connect(page_went_private, dispatch_uid="feeds-page-unpublished")
    post_delete.connect(live_page_deleted, sender=Page, dispatch_uid="feeds-page-deleted")
    page_published.connect(warm_listing_shapes, sender=PressReleasePage, dispatch_uid="shape-published")
    page_unpublished.connect(warm_listing_shapes, sender=PressReleasePage, dispatch_uid="shape-unpublished")
    page_published.connect(purge_listings, sender=PressReleasePage, dispatch_uid="cdn-purge-published")
    page_published.connect(release_version_published, sender=PressReleasePage, dispatch_uid="release-version")
    page_unpublished.connect(purge_listings, sender=PressReleasePage, dispatch_uid="cdn-purge-unpublished")
    # The archive's counts (releases/listing.py): a first publication adds to them in its transaction;
    # a re-publication or a withdrawal has them rebuilt, as the other changes below do.
    page_published.connect(release_published, sender=PressReleasePage, dispatch_uid="shape-counted")
    page_unpublished.connect(invalidate_shape, sender=PressReleasePage, dispatch_uid="shape-withdrawn")
    post_save.connect(newsroom_saved, sender=NewsroomPage, dispatch_uid="shape-newsroom-created")
    # A page moved may carry live releases with it (their URLs change).
    post_page_move.connect(page_moved, dispatch_uid="feeds-page-moved")
    post_delete.connect(live_page_deleted, sender=PressReleasePage, dispatch_uid="feeds-release-deleted")
    post_save.connect(release_created, sender=PressReleasePage, dispatch_uid="feeds-release-created-live")
    # Sites give the absolute URLs and guid hosts, the profile the feeds' titles and authors: always public.
    for model in (Site, CompanyProfile):
        post_save.connect(invalidate_feeds, sender=model, dispatch_uid=f"feeds-saved-{model.__name__}")
        post_delete.connect(invalidate_feeds, sender=model, dispatch_uid=f"feeds-deleted-{model.__name__}")
        post_save.connect(invalidate_shape, sender=model, dispatch_uid=f"shape-saved-{model.__name__}")  # the tz
        post_delete.connect(invalidate_shape, sender=model, dispatch_uid=f"shape-deleted-{model.__name__}")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="feeds-saved-PageViewRestriction")
    post_delete.connect(
        restriction_changed, sender=PageViewRestriction, dispatch_uid="feeds-deleted-PageViewRestriction"
    )
    # Text and files the items show, when a live public release shows them.
    for model in (Category, MediaContact, get_document_model(), get_image_model()):
        post_save.connect(used_publicly_changed, sender=model, dispatch_uid=f"feeds-saved-{model.__name__}")
        pre_delete.connect(used_publicly_changed, sender=model, dispatch_uid=f"feeds-deleted-{model.__name__}")
