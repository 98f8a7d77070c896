"""The archive's shape, in the cache and in the database, so that listings cost the same at 1k and at 100k releases.

A listing page needs more than its 20 releases: the years and categories that have releases
(the filter menus), how many releases match (the result count, the number of pages, a feed's
last page) and, for page 400 of the newsroom, where that page starts. Asked of the database
on every request, each of these reads the whole archive (GROUP BY, COUNT, OFFSET 8000).

`ArchiveShape` answers all of them from one small table: how many live public releases there
are per market-time month, in all and per category (15 years are 180 months). It is kept in
the shared cache under the feeds generation, the counter every publish, correction,
withdrawal, move, deletion and privacy change moves (releases/signals.py), so a publish is
seen by the next request of every worker. `ReleaseSequence` then serves a page of a
listing by seeking to the month its first release falls in and skipping only within that
month: an index range scan of at most one month's releases, never OFFSET over the archive.

Since every publish starts a new generation, the shape behind the cache is kept in the
database too, as the same table (releases.models.archive: `ArchiveCount` rows per newsroom,
month and category, and an `ArchiveShapeState` row saying whether they are exact and in which
time zone). The first publication of a public release adds one to its month, in all and in
each of its categories, inside the publishing transaction (`count_first_publication`), under
a lock on the newsroom's state row: the first request after a publish reads a few hundred
rows, whatever process serves it, instead of grouping the archive. Anything else that can
change the shape (a withdrawal, a correction, a release created live, a move, a deletion, a
privacy change, a category, profile or site edit) marks the rows invalid in its own
transaction (`invalidate_shape`) and has the task worker rebuild them after the commit
(`rebuild_shape`: the full GROUP BY, under the same lock); until then requests compute the
shape in memory as before. Requests only read: they never rebuild or write.

Nothing embargoed can leak through the counts: the shape is computed from the same queryset
as the listing (live, public releases of that newsroom), and only a publication that makes a
release live and public adds to it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.utils import timezone

from wagtail.models import Page, Site

from django_tasks import task

from company.models import CompanyProfile, profile_for
from releases.content_version import feeds_generation, staged
from releases.models import ArchiveCount, ArchiveShapeState, Category, NewsroomPage, PressReleasePage

Month = tuple[int, int]

SHAPE_TIMEOUT = 24 * 3600  # the generation in the key empties it; this only bounds its life
# Insurance: counts kept up by additions alone are counted afresh once they are this old (warm_shapes).
REBUILD_AFTER = dt.timedelta(days=1)
# Set while a rebuild is queued, so that a transaction with many invalidations queues one task.
REBUILD_QUEUED_KEY = "ir:archive-shape:rebuild-queued"
REBUILD_ATTEMPTS = 3


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


def _keep_shape(newsroom, tz: zoneinfo.ZoneInfo, key: str, shape: ArchiveShape) -> None:
    """Keep the shape for its generation and as the latest one; inside the publisher's stage, only the former.

    A stage (releases/content_version.py) renders from a transaction that has not committed and
    may roll back: its shape is kept under the staged generation only, which becomes current
    at the commit or never.
    """
    if staged() is not None:
        cache.set(key, shape, SHAPE_TIMEOUT)
    else:
        cache.set_many({key: shape, shape_key(newsroom, tz): shape}, SHAPE_TIMEOUT)


def archive_shape(newsroom, tz: zoneinfo.ZoneInfo) -> ArchiveShape:
    """The newsroom's shape for the current feeds generation.

    From the cache when it is there. After a publish (a new generation), from the newsroom's
    counts in the database (stored_shape: a few hundred rows), which the publishing
    transaction brought up to date. Only while those are invalid (after a withdrawal, a
    correction, ... until the worker has rebuilt them) is the shape computed from the
    archive: by one process, under a short lock in the cache, while the others go on with the
    previous generation's shape for those few hundred milliseconds: their release lists are
    live (the new release is on the first page at once); only a count or a deep page boundary
    may be one off until the new shape is in. Nothing here writes to the database.
    """
    key = shape_key(newsroom, tz, feeds_generation())
    shape = cache.get(key)
    if shape is not None:
        return shape
    shape = stored_shape(newsroom, tz)
    if shape is not None:
        _keep_shape(newsroom, tz, key, shape)
        return shape
    if cache.add(f"{key}:computing", 1, timeout=60):
        try:
            shape = compute_shape(newsroom.releases(), tz)
            _keep_shape(newsroom, tz, key, shape)
        finally:
            cache.delete(f"{key}:computing")
        return shape
    previous = cache.get(shape_key(newsroom, tz))
    return previous if previous is not None else compute_shape(newsroom.releases(), tz)


# -- the counts in the database ----------------------------------------------------------------------


def month_number(month: Month) -> int:
    """(2012, 3) -> 201203, as ArchiveCount.month stores it."""
    return month[0] * 100 + month[1]


def stored_shape(newsroom, tz: zoneinfo.ZoneInfo) -> ArchiveShape | None:
    """The shape from the newsroom's ArchiveCount rows; None unless they are exact for `tz`.

    Three small queries whatever the archive's size: the state row, the counts (months times
    categories) and the categories with releases (by name, as compute_shape gives them).
    """
    state = ArchiveShapeState.objects.filter(newsroom_id=newsroom.pk).values_list("valid", "tz").first()
    if state != (True, tz.key):
        return None
    months: dict[Month, int] = {}
    category_months: dict[int, dict[Month, int]] = {}
    rows = ArchiveCount.objects.filter(newsroom_id=newsroom.pk, count__gt=0)
    for month, category_id, n in rows.values_list("month", "category_id", "count"):
        counts = months if category_id is None else category_months.setdefault(category_id, {})
        counts[divmod(month, 100)] = n
    categories = list(Category.objects.filter(pk__in=list(category_months)).order_by("name", "pk"))
    return ArchiveShape(months=months, category_months=category_months, categories=categories)


def needs_rebuild(state: ArchiveShapeState | None, tz: zoneinfo.ZoneInfo, now: dt.datetime | None = None) -> bool:
    """Counts missing, invalid, in another time zone or older than REBUILD_AFTER."""
    if state is None or not state.valid or state.tz != tz.key or state.rebuilt_at is None:
        return True
    return state.rebuilt_at < (now or timezone.now()) - REBUILD_AFTER


def rebuild_shape(newsroom, tz: zoneinfo.ZoneInfo) -> ArchiveShape | None:
    """Count the newsroom's archive afresh (compute_shape) and store it as its exact counts for `tz`.

    The GROUP BY (a second on SQLite at 100k releases) runs outside any transaction, so that it
    never holds up a publisher: on SQLite a transaction holds the one write lock. The rows are
    then replaced in a short transaction, under the lock on the state row, only if no change
    moved the state's version since the count began (each change moves it in its own
    transaction, so a change the count may have missed is seen); otherwise the archive is
    counted again, at most REBUILD_ATTEMPTS times (then the next rebuild request does it).
    Returns the shape stored, or None.
    """
    ArchiveShapeState.objects.get_or_create(newsroom_id=newsroom.pk)  # made with the newsroom; a fallback
    for _ in range(REBUILD_ATTEMPTS):
        version = ArchiveShapeState.objects.filter(newsroom_id=newsroom.pk).values_list("version", flat=True).first()
        shape = compute_shape(newsroom.releases(), tz)
        with transaction.atomic():
            state = ArchiveShapeState.objects.select_for_update().filter(newsroom_id=newsroom.pk).first()
            if state is None:  # the newsroom was deleted meanwhile
                return None
            if state.version != version:
                continue
            ArchiveCount.objects.filter(newsroom_id=newsroom.pk).delete()
            rows = [
                ArchiveCount(newsroom_id=newsroom.pk, month=month_number(month), category_id=category_id, count=n)
                for category_id, counts in [(None, shape.months), *shape.category_months.items()]
                for month, n in counts.items()
            ]
            ArchiveCount.objects.bulk_create(rows)
            state.valid, state.tz, state.rebuilt_at = True, tz.key, timezone.now()
            state.save(update_fields=["valid", "tz", "rebuilt_at"])
            return shape
    return None


def count_first_publication(release: PressReleasePage) -> None:
    """In the publishing transaction: add the release to its newsroom's counts, its month in all and in each category.

    Only while the counts are exact, in the profile's time zone; otherwise they stay (or are
    marked) invalid and the worker rebuilds them. The state row is locked first, so two
    publishers add one after the other. A release behind a view restriction (on it or on an
    ancestor) is in no count.
    """
    if release.get_view_restrictions().exists():
        return
    parent_path = release.path[: -Page.steplen]
    newsroom_id = NewsroomPage.objects.filter(path=parent_path).values_list("pk", flat=True).first()
    state = ArchiveShapeState.objects.select_for_update().filter(newsroom_id=newsroom_id).first()
    if state is None or not state.valid or state.tz != profile_for(release).market_time_zone:
        invalidate_shape()  # not a newsroom's release, or counts to rebuild: moves the version a rebuild checks
        return
    month = month_number(_month_key(release.release_at, zoneinfo.ZoneInfo(state.tz)))
    through = PressReleasePage.categories.through
    categories = through.objects.filter(pressreleasepage_id=release.pk).values_list("category_id", flat=True)
    for category_id in [None, *categories]:
        counted = ArchiveCount.objects.filter(newsroom_id=newsroom_id, month=month, category_id=category_id)
        if not counted.update(count=F("count") + 1):
            ArchiveCount.objects.create(newsroom_id=newsroom_id, month=month, category_id=category_id, count=1)
    ArchiveShapeState.objects.filter(pk=newsroom_id).update(version=F("version") + 1)


def release_published(sender, instance, **kwargs) -> None:
    """page_published of a release: its first publication adds to the counts; any other invalidates them.

    Wagtail sets first_published_at and last_published_at from one clock reading on a page's
    first publication; a re-publication (a correction, or after a withdrawal) may move the
    release to another month or category. Wagtail also sends page_published when it only
    schedules a release: nothing public changed. A publish outside a transaction invalidates
    too: the page's own commit would come before the counts', and a rebuild in between would
    count it twice.
    """
    if not instance.live:
        return
    first = instance.first_published_at is not None and instance.first_published_at == instance.last_published_at
    if first and transaction.get_connection().in_atomic_block:
        count_first_publication(instance)
    else:
        invalidate_shape()


def invalidate_shape(**kwargs) -> None:
    """In the caller's transaction: every newsroom's counts are no longer exact; rebuilt by the worker after the commit.

    For the changes the counts cannot follow by adding one (see the module docstring). They
    are rare, so every newsroom (there is one). A signal receiver as it is.
    """
    ArchiveShapeState.objects.update(valid=False, version=F("version") + 1)
    transaction.on_commit(request_rebuild)


def request_rebuild() -> None:
    """After an invalidation's commit: queue the rebuild, once for all the invalidations that come together."""
    if cache.add(REBUILD_QUEUED_KEY, 1, timeout=60):
        warm_shapes_task.enqueue()


def newsroom_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """post_save of a newsroom: a new one gets its state row (invalid: rebuilt when first warmed)."""
    if created and not raw:
        ArchiveShapeState.objects.get_or_create(newsroom_id=instance.pk)


@task()
def warm_shapes_task() -> None:
    """warm_shapes on the task worker: after a publish from the admin (the approver's request does not
    wait for it), after anything that invalidated the counts, or anything else that started a new generation."""
    cache.delete(REBUILD_QUEUED_KEY)
    warm_shapes()


def warm_shapes(force: bool = False) -> None:
    """Each site's newsroom: its counts rebuilt if they need it (or `force`), its shape cached for the generation.

    Called by the embargo publisher after publishing and by warm_shapes_task. A rebuild is
    needed when the counts are invalid, missing, in another time zone, or (insurance against
    a change no signal reported) more than REBUILD_AFTER old; so after every publish at most
    one GROUP BY a day, and one after each invalidation.
    """
    for site in Site.objects.all():
        newsroom = site_newsroom(site)
        if newsroom is None:
            continue
        tz = CompanyProfile.for_site(site).tz
        if force or needs_rebuild(ArchiveShapeState.objects.filter(newsroom_id=newsroom.pk).first(), tz):
            rebuild_shape(newsroom, tz)
        archive_shape(newsroom, tz)


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
