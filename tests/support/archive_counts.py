"""The newsroom's archive counts in the database (releases.listing), held to what grouping the archive gives."""

import zoneinfo

from company.models import CompanyProfile
from releases.listing import ArchiveShape, compute_shape, stored_shape, warm_shapes
from releases.models import ArchiveShapeState, NewsroomPage


def market_tz() -> zoneinfo.ZoneInfo:
    return CompanyProfile.for_default_site().tz


def counts_state(newsroom: NewsroomPage) -> ArchiveShapeState:
    """The newsroom's state row, read afresh."""
    return ArchiveShapeState.objects.get(newsroom_id=newsroom.pk)


def assert_counts_match_archive(newsroom: NewsroomPage, tz: zoneinfo.ZoneInfo | None = None) -> ArchiveShape:
    """The shape read from the newsroom's ArchiveCount rows is valid for `tz` and exactly what the full GROUP BY
    over its live public releases (compute_shape) says: months, months per category, the categories offered."""
    tz = tz or market_tz()
    stored = stored_shape(newsroom, tz)
    state = ArchiveShapeState.objects.filter(newsroom_id=newsroom.pk).values("valid", "tz").first()
    assert stored is not None, f"the counts are not valid for {tz.key}: {state}"
    expected = compute_shape(newsroom.releases(), tz)
    assert stored.months == expected.months
    assert stored.category_months == expected.category_months
    assert [c.name for c in stored.categories] == [c.name for c in expected.categories]
    return stored


def rebuilt(newsroom: NewsroomPage, tz: zoneinfo.ZoneInfo | None = None) -> ArchiveShape:
    """What the task worker does after an invalidation's commit (warm_shapes), then the counts must match."""
    warm_shapes()
    return assert_counts_match_archive(newsroom, tz)
