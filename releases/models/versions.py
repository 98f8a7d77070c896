"""Every text of a release that was public: v1 as first published, then each correction."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from wagtail.models import Revision


class ReleaseVersion(models.Model):
    """One text of a release as the public saw it, kept for good and readable at `/news/<slug>/v<N>/`.

    Recorded in the publishing transaction (releases/corrections.py), so a version exists exactly
    when its text went public. The revision's content is copied in: Wagtail's purge_revisions may
    drop an old revision, a version must not go with it. The page is referenced without a database
    constraint so that the record outlives the page, like the audit trail.
    """

    page = models.ForeignKey(
        "releases.PressReleasePage",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="versions",
    )
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    revision = models.ForeignKey(Revision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    title = models.CharField(max_length=255)
    correction_note = models.TextField(blank=True)
    content = models.JSONField(encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["page_id", "number"]
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="one_release_version_number")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def is_correction(self) -> bool:
        return self.number > 1
