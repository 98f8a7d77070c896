"""Keep the public caches in step with the Code waiver disclosures.

A disclosure published or unpublished already empties the feeds' and pages' caches (releases/
signals.py moves the content version on for any public page); two things are this app's own:

- archiving a disclosure is a row beside the page (WaiverDisclosureArchive), not a publish: it
  changes what the page, the index and every feed listing it show ("Archived"), so it moves the
  content version on too;
- behind a CDN, the newsroom's all-releases feeds, the waiver index and the index's own feeds
  list the disclosures (conduct.feeds), so each publish, unpublish or archiving of one purges
  all of them, as a release's does its listings.
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


def listing_urls(page: CodeWaiverDisclosurePage) -> list[str]:
    """Every public URL that lists the disclosure: the newsroom's feeds, the waiver index and the index's own feeds."""
    urls = newsroom_feed_urls(page)
    index = page.get_parent()
    index_url = index.full_url if index is not None else None
    if index_url:
        urls += [index_url] + [index_url + f"feed/{kind}/" for kind in ("rss", "atom")]
    return urls


def _purge(urls: list[str]) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch  # only with a CDN configured: the app may be absent

    PurgeBatch(urls).purge()


def purge_newsroom_feeds(sender, instance, **kwargs) -> None:
    """page_published / page_unpublished of a waiver disclosure: purge what lists it from the CDN.

    Wagtail purges the disclosure's own URL; the index (newest first) and its feeds, and the
    newsroom's feeds, list it too.
    """
    _purge(listing_urls(instance))


def archived(sender, instance, created, **kwargs) -> None:
    """A disclosure archived: its page, the index and the feeds say "Archived" from the next request, on the CDN too."""
    if created:
        invalidate_feeds()
        page = instance.page
        if page.live:
            _purge([url for url in [page.full_url, *listing_urls(page)] if url])


def connect_signals() -> None:
    """Called once from ConductConfig.ready()."""
    post_save.connect(archived, sender=WaiverDisclosureArchive, dispatch_uid="conduct-waiver-archived")
    page_published.connect(purge_newsroom_feeds, sender=CodeWaiverDisclosurePage, dispatch_uid="conduct-cdn-published")
    page_unpublished.connect(
        purge_newsroom_feeds, sender=CodeWaiverDisclosurePage, dispatch_uid="conduct-cdn-unpublished"
    )
