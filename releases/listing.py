"""The archive's shape, kept in the cache, so that listings cost the same at 1k and at 100k releases.

A listing page needs more than its 20 releases: the years and categories that have releases
(the filter menus), how many releases match (the result count, the number of pages, a feed's
last page) and, for page 400 of the newsroom, where that page starts. Asked of the database
on every request, each of these reads the whole archive (GROUP BY, COUNT, OFFSET 8000).

`ArchiveShape` answers all of them from one small table: how many live public releases there
are per market-time month, in all and per category (15 years are 180 months). It is computed
once per feeds generation, the counter every publish, correction, withdrawal, move, deletion
and privacy change moves (releases/signals.py), and kept in the shared cache under it, so a
publish is seen by the next request of every worker. `ReleaseSequence` then serves a page of a
listing by seeking to the month its first release falls in and skipping only within that
month: an index range scan of at most one month's releases, never OFFSET over the archive.

Nothing embargoed can leak through the counts: the shape is computed from the same queryset
as the listing (live, public releases of that newsroom).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncMonth

from wagtail.models import Site

from django_tasks import task

from company.models import CompanyProfile
from releases.content_version import feeds_generation
from releases.models import Category, NewsroomPage

Month = tuple[int, int]

SHAPE_TIMEOUT = 24 * 3600  # the generation in the key empties it; this only bounds its life


@dataclass
class ArchiveShape:
    """Live public releases per market-time month, in all and per category."""

    months: dict[Month, int] = field(default_factory=dict)
    category_months: dict[int, dict[Month, int]] = field(default_factory=dict)
    categories: list = field(default_factory=list)  # Category instances with releases, by name

    @property
    def years(self) -> list[int]:
        """Years with releases, newest first."""
        return sorted({year for year, _ in self.months}, reverse=True)

    def buckets(self, year: int | None = None, category_id: int | None = None) -> list[tuple[Month, int]]:
        """(month, count) of the releases a filter keeps, newest month first."""
        counts = self.months if category_id is None else self.category_months.get(category_id, {})
        return sorted(((m, n) for m, n in counts.items() if year is None or m[0] == year), reverse=True)

    def count(self, year: int | None = None, category_id: int | None = None) -> int:
        return sum(n for _, n in self.buckets(year, category_id))


def _month_key(value: dt.datetime, tz: zoneinfo.ZoneInfo) -> Month:
    local = value.astimezone(tz) if value.tzinfo else value
    return (local.year, local.month)


def compute_shape(releases, tz: zoneinfo.ZoneInfo) -> ArchiveShape:
    """Two GROUP BY queries over `releases` and one for the category names."""
    base = releases.order_by()
    months: Counter = Counter()
    for row in base.annotate(month=TruncMonth("release_at", tzinfo=tz)).values("month").annotate(n=Count("pk")):
        months[_month_key(row["month"], tz)] += row["n"]
    category_months: dict[int, Counter] = {}
    rows = (
        base.filter(categories__isnull=False)
        .annotate(month=TruncMonth("release_at", tzinfo=tz))
        .values("month", "categories")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        category_months.setdefault(row["categories"], Counter())[_month_key(row["month"], tz)] += row["n"]
    categories = list(Category.objects.filter(pk__in=list(category_months)).order_by("name", "pk"))
    return ArchiveShape(
        months=dict(months),
        category_months={pk: dict(counts) for pk, counts in category_months.items()},
        categories=categories,
    )


def shape_key(newsroom, tz: zoneinfo.ZoneInfo, generation="latest") -> str:
    """The cache key of a newsroom's shape for a feeds generation ("latest": the last one computed)."""
    return f"ir:archive-shape:{newsroom.pk}:{tz.key}:{generation}"


def archive_shape(newsroom, tz: zoneinfo.ZoneInfo) -> ArchiveShape:
    """The newsroom's shape for the current feeds generation.

    From the cache when it is there. After a publish (a new generation) one process computes
    it, under a short lock in the cache, while the others go on with the previous generation's
    shape for those few hundred milliseconds: their release lists are live (the new release is
    on the first page at once); only a count or a deep page boundary may be one off until the
    new shape is in. The embargo publisher computes it right after publishing (warm_shapes),
    so usually no request waits for it.
    """
    key = shape_key(newsroom, tz, feeds_generation())
    shape = cache.get(key)
    if shape is not None:
        return shape
    if cache.add(f"{key}:computing", 1, timeout=60):
        try:
            shape = compute_shape(newsroom.releases(), tz)
            cache.set_many({key: shape, shape_key(newsroom, tz): shape}, SHAPE_TIMEOUT)
        finally:
            cache.delete(f"{key}:computing")
        return shape
    previous = cache.get(shape_key(newsroom, tz))
    return previous if previous is not None else compute_shape(newsroom.releases(), tz)


@task()
def warm_shapes_task() -> None:
    """The same, on the task worker: after a publish from the admin (the approver's request
    does not wait for it) or anything else that started a new generation."""
    warm_shapes()


def warm_shapes() -> None:
    """Compute every site's newsroom shape for the current generation (the publisher, after publishing)."""
    for site in Site.objects.all():
        newsroom = site_newsroom(site)
        if newsroom is not None:
            archive_shape(newsroom, CompanyProfile.for_site(site).tz)


def month_end(month: Month, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """The first instant after a market-time month."""
    year, number = month
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return dt.datetime(year, number, 1, tzinfo=tz)


class ReleaseSequence:
    """A listing's releases, newest first, sliced by seeking to a month instead of OFFSET.

    `queryset` is the filtered listing (ordered newest first); `buckets` its months and
    counts from the shape. Django's Paginator takes it as its object list: count() comes
    from the shape, and a slice is one query that skips at most one month's releases.
    """

    def __init__(self, queryset, buckets: list[tuple[Month, int]], tz: zoneinfo.ZoneInfo):
        self.queryset = queryset
        self.buckets = buckets
        self.tz = tz
        self._count = sum(n for _, n in buckets)

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("ReleaseSequence supports slices only")
        start = max(0, index.start or 0)
        stop = self._count if index.stop is None else min(index.stop, self._count)
        if stop <= start:
            return []
        before = 0  # releases in months newer than the one `start` falls in
        for month, n in self.buckets:
            if start < before + n:
                newer_than = month_end(month, self.tz)
                return list(self.queryset.filter(release_at__lt=newer_than)[start - before : stop - before])
            before += n
        return []


def site_newsroom(site):
    """The live public newsroom of a Wagtail site, or None (the site root paths are cached)."""
    root_path = next((p.root_path for p in Site.get_site_root_paths() if p.site_id == site.pk), None)
    if not root_path:
        return None
    return NewsroomPage.objects.live().public().filter(url_path__startswith=root_path).order_by("path").first()
