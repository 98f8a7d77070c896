"""The newsroom's archive counts, kept in the database (releases/listing.py reads and writes them).

Internal bookkeeping, not content: no admin, no revisions. The public listings read their
years, counts and page starts from these few hundred rows instead of grouping the whole
archive after every publish.
"""

from __future__ import annotations

from django.db import models


class ArchiveShapeState(models.Model):
    """Whether a newsroom's ArchiveCount rows are exactly what the archive holds, and for which time zone.

    Made with its newsroom, so it is there before any release is. The row is the lock every
    change of the counts takes (``select_for_update`` in the publishing transaction, or the
    UPDATE of an invalidation), so two publishers on PostgreSQL never interleave, and each
    change adds one to ``version`` in its own transaction: a rebuild, which counts the archive
    without holding the lock, stores its counts only if ``version`` did not move meanwhile.
    ``valid`` is cleared, in the transaction of the change, by anything the counts cannot
    follow by adding one (a withdrawal, a correction, a move, a deletion, a privacy change, a
    category, profile or site edit); a rebuild sets it again.
    """

    newsroom = models.OneToOneField(
        "releases.NewsroomPage", on_delete=models.CASCADE, primary_key=True, related_name="archive_state"
    )
    tz = models.CharField("market time zone", max_length=64, blank=True)  # the counts' months are in it
    valid = models.BooleanField(default=False)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveBigIntegerField(default=0)  # moved by every change of the archive's counts

    def __str__(self) -> str:
        return f"archive counts of page {self.newsroom_id} ({'valid' if self.valid else 'to rebuild'})"


class ArchiveCount(models.Model):
    """How many live public releases of a newsroom fall in one market-time month, in all or in one category.

    ``month`` is yyyymm (201203: March 2012) in the newsroom's market time zone (ArchiveShapeState.tz);
    ``category`` null: all the newsroom's releases. Rows exist only for months with releases.
    """

    newsroom = models.ForeignKey("releases.NewsroomPage", on_delete=models.CASCADE, related_name="+")
    month = models.PositiveIntegerField()
    category = models.ForeignKey("releases.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # Two partial indexes: a plain unique constraint treats every null category as distinct.
            models.UniqueConstraint(
                fields=["newsroom", "month", "category"],
                condition=models.Q(category__isnull=False),
                name="one_archive_count_per_category_month",
            ),
            models.UniqueConstraint(
                fields=["newsroom", "month"],
                condition=models.Q(category__isnull=True),
                name="one_archive_count_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.category_id or 'all'}: {self.count}"
