"""Every version of a governance document the public saw, frozen when it was published."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class FrozenQuerySet(models.QuerySet):
    """Versions are written once: no bulk update or delete either."""

    def update(self, **kwargs):
        raise PermissionDenied("A published version of a governance document is a record: it is never changed.")

    def delete(self):
        raise PermissionDenied("A published version of a governance document is a record: it is never deleted.")


class GovernanceDocumentVersion(models.Model):
    """One version of a governance document as the public saw it: `/governance/<slug>/versions/<n>/` for good.

    Recorded in the publishing transaction (governance.versions.record_version) when the page is
    published with a new version label, like a release's versions (releases/corrections.py). What
    readers saw is copied in (title, label, effective date, the body as rendered and as plain text
    blocks for the diff, the revision's content): Wagtail's purge_revisions may drop the revision,
    and a template change must not rewrite what an earlier version said. The page is referenced
    without a database constraint and the revision only by its id, so the record outlives both;
    a saved version refuses to be saved again or deleted.
    """

    page = models.ForeignKey(
        "governance.GovernanceDocumentPage",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="versions",
    )
    number = models.PositiveIntegerField(help_text="1 for the first published version, then 2, 3 …")
    version_label = models.CharField(max_length=40)
    effective_date = models.DateField()
    title = models.CharField(max_length=255)
    change_summary = models.TextField(blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    revision_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The revision it was frozen from (Wagtail may purge it since)."
    )
    body_html = models.TextField(help_text="The body as the page rendered it when this version went public.")
    text_blocks = models.JSONField(help_text="The body's readable text, block by block (governance.text).")
    content = models.JSONField(encoder=DjangoJSONEncoder, help_text="The revision's content, for the record.")

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["page_id", "number"]
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="one_governance_version_number")]
        indexes = [models.Index(fields=["page", "-number"], name="governance_version_newest")]
        verbose_name = "governance document version"

    def __str__(self) -> str:
        return f"{self.title}, version {self.version_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("A published version of a governance document is a record: it is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("A published version of a governance document is a record: it is never deleted.")
