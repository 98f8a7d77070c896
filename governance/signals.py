"""Wagtail's publishing signals, as the governance section needs them."""

from __future__ import annotations

from wagtail.signals import page_published

from governance.models import GovernanceDocumentPage
from governance.versions import record_version


def freeze_published_version(sender, instance, revision=None, **kwargs) -> None:
    """page_published of a governance document: what went public is frozen as its next version.

    Wagtail sends page_published also when it only schedules a revision for later
    (PublishRevisionAction): that text is not public yet, so it is no version until it goes live.
    """
    if instance.live and revision is not None and instance.live_revision_id == revision.pk:
        record_version(instance, revision)


def connect_signals() -> None:
    """Called once from GovernanceConfig.ready()."""
    page_published.connect(freeze_published_version, sender=GovernanceDocumentPage, dispatch_uid="governance-version")
