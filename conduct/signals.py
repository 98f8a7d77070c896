"""Keep the public caches in step with the Code waiver disclosures.

A disclosure published or unpublished already empties the feeds' and pages' caches (releases/
signals.py moves the content version on for any public page); two things are this app's own:

- archiving a disclosure is a row beside the page (WaiverDisclosureArchive), not a publish: it
  changes what the page, the index and every feed listing it show ("Archived"), so it moves the
  content version on too;
- behind a CDN, the newsroom's all-releases feeds list the disclosures (conduct.feeds), so each
  publish or unpublish of one purges every page of those feeds, as a release's does.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_save

from wagtail.signals import page_published, page_unpublished

from conduct.models import CodeWaiverDisclosurePage, WaiverDisclosureArchive
from releases.feeds import FEED_PAGE_SIZE, feed_path
from releases.listing import site_newsroom
from releases.signals import invalidate_feeds


def newsroom_feed_urls(page: CodeWaiverDisclosurePage) -> list[str]:
    """Every page of the newsroom's all-releases RSS and Atom feeds on the disclosure's site."""
    site = page.get_site()
    newsroom = site_newsroom(site) if site is not None else None
    if newsroom is None:
        return []
    pages = max(1, -(-newsroom.releases().count() // FEED_PAGE_SIZE))
    return [site.root_url + feed_path(kind, None, n) for n in range(1, pages + 1) for kind in ("rss", "atom")]


def purge_newsroom_feeds(sender, instance, **kwargs) -> None:
    """page_published / page_unpublished of a waiver disclosure: purge the newsroom's feeds from the CDN."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch  # only with a CDN configured: the app may be absent

    PurgeBatch(newsroom_feed_urls(instance)).purge()


def archived(sender, instance, created, **kwargs) -> None:
    """A disclosure archived: its page, the index and the feeds say "Archived" from the next request."""
    if created:
        invalidate_feeds()


def connect_signals() -> None:
    """Called once from ConductConfig.ready()."""
    post_save.connect(archived, sender=WaiverDisclosureArchive, dispatch_uid="conduct-waiver-archived")
    page_published.connect(purge_newsroom_feeds, sender=CodeWaiverDisclosurePage, dispatch_uid="conduct-cdn-published")
    page_unpublished.connect(
        purge_newsroom_feeds, sender=CodeWaiverDisclosurePage, dispatch_uid="conduct-cdn-unpublished"
    )
