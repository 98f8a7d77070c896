"""The sitemap: an index (`/sitemap.xml`) of two sections, in pages of a fixed size.

- `/sitemap-pages.xml`: every live public page that is not a release (home, newsroom,
  governance documents): Wagtail's own sitemap, minus the releases.
- `/sitemap-releases.xml?p=N`: live public releases, newest first, `RELEASES_PER_SITEMAP` a
  page. Its page count comes from the archive's shape and each page seeks to its first
  month (releases.listing), so every sitemap response costs the same at 1k and 100k releases.

A new release is always on the first page of the releases section; the purge on publish
(releases.signals.listing_urls) covers every page, since the others shift by one.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import get_page_models

from company.models import CompanyProfile
from releases.listing import ReleaseSequence, archive_shape, site_newsroom
from releases.models import PressReleasePage

RELEASES_PER_SITEMAP = 1000


class PageSitemap(Sitemap):
    """Wagtail's sitemap of the site's pages, without the releases (their own section)."""

    def items(self):
        # By content type (an indexed column, and the few types other than releases), not
        # not_type(): that walks every page under the site root, releases included.
        others = [m for m in get_page_models() if not issubclass(m, PressReleasePage)]
        types = [ct.pk for ct in ContentType.objects.get_for_models(*others).values()]
        return super().items().filter(content_type_id__in=types)

    def get_latest_lastmod(self):
        return None  # not computed: Django's default would read every item a second time


class ReleaseSitemap(Sitemap):
    """Live public releases of the site's newsroom, newest first, in fixed-size pages."""

    limit = RELEASES_PER_SITEMAP

    @cached_property
    def paginator(self):
        site = self.get_wagtail_site()
        newsroom = site_newsroom(site)
        if newsroom is None:
            return Paginator([], self.limit)
        tz = CompanyProfile.for_request(self.request).tz
        listing = ReleaseSequence(newsroom.releases().defer_streamfields(), archive_shape(newsroom, tz).buckets(), tz)
        return Paginator(listing, self.limit)

    def _urls(self, page, protocol, domain):
        urls, last_mods = [], set()
        for item in self.paginator.page(page).object_list:
            for url_info in item.get_sitemap_urls(self.request):
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def get_latest_lastmod(self):
        return None


SITEMAPS = {"pages": PageSitemap, "releases": ReleaseSitemap}


def sitemap_paths(release_count: int) -> list[str]:
    """Every sitemap URL path that may list a release, for `release_count` live releases."""
    pages = max(1, -(-release_count // RELEASES_PER_SITEMAP))
    return ["/sitemap.xml", "/sitemap-releases.xml"] + [f"/sitemap-releases.xml?p={n}" for n in range(2, pages + 1)]
