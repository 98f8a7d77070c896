"""Keep the indexes and a CDN in step with the events.

An event's slides and replay become public through Wagtail's reference index (disclosure.files
serves a document once a live, public page refers to it), and its text searchable through the
search index. Wagtail queues both updates as background tasks (`manage.py db_worker`), so the
files of an event just published would stay 404 until the worker got to them: on publication
both are written at once, inside the publishing transaction, as disclosure.embargo does for a
release. (Unpublishing needs nothing: a page that is not live makes no file public.)

Wagtail's frontend-cache app purges a published page's own paths (EventPage.get_cached_paths:
the page and its `.ics`); the index, the subscribed calendar and the home page (which lists the
next events) change too when an event is published, rescheduled, cancelled or withdrawn, and
are purged here. The whole-response cache
(releases/response_cache.py) needs nothing: every publish and unpublish starts a new generation.
"""

from __future__ import annotations

from django.conf import settings

from wagtail.models import ReferenceIndex
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from events.models import EventPage
from releases.models import PressReleasePage


def listing_urls(event: EventPage) -> list[str]:
    """The public URLs that list `event`: its index, the index's calendar and the home page above it."""
    index = event.get_parent()
    url = index.get_full_url() if index else None
    if not url:
        return []
    home = index.get_parent()
    home_url = home.get_full_url() if home else None
    return [url, f"{url}calendar.ics", *([home_url] if home_url else [])]


def purge_listings(sender, instance, **kwargs) -> None:
    """page_published / page_unpublished of an event: purge the index and the calendar from the CDN."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch  # only with a CDN configured: the app may be absent

    PurgeBatch(listing_urls(instance)).purge()


def purge_events_of_release(sender, instance, **kwargs) -> None:
    """page_published / page_unpublished of a release: purge the live event pages it is related to.

    An event page links a related release only while the release is live (EventPage.public_related_releases),
    so the results release going out, or being withdrawn, changes the earnings call's page.
    """
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch  # only with a CDN configured: the app may be absent

    batch = PurgeBatch()
    batch.add_pages(EventPage.objects.live().filter(related_releases__release_id=instance.pk).distinct())
    batch.purge()


def index_published_event(sender, instance, **kwargs) -> None:
    """page_published of an event: its reference and search index entries up to date now (see above)."""
    ReferenceIndex.create_or_update_for_object(instance)
    index.insert_or_update_object(instance)


def connect_signals() -> None:
    """Called once from EventsConfig.ready()."""
    page_published.connect(index_published_event, sender=EventPage, dispatch_uid="events-index-now")
    page_published.connect(purge_listings, sender=EventPage, dispatch_uid="events-cdn-purge-published")
    page_unpublished.connect(purge_listings, sender=EventPage, dispatch_uid="events-cdn-purge-unpublished")
    page_published.connect(purge_events_of_release, sender=PressReleasePage, dispatch_uid="events-cdn-purge-release")
    page_unpublished.connect(
        purge_events_of_release, sender=PressReleasePage, dispatch_uid="events-cdn-purge-release-withdrawn"
    )
