"""When alerts are queued and stopped: after a publication commits; when a release is withdrawn."""

from __future__ import annotations

from django.db import transaction

from wagtail.signals import page_unpublished

from alerts.sending import cancel_for_page
from alerts.tasks import alert_for_version
from releases.corrections import version_published
from releases.models import PressReleasePage


def version_went_public(sender, version, **kwargs) -> None:
    """Inside the publishing transaction: only on its commit is anything queued (a rollback leaves nothing)."""
    version_id = version.pk
    transaction.on_commit(lambda: alert_for_version.enqueue(version_id))


def release_withdrawn(sender, instance, **kwargs) -> None:
    cancel_for_page(instance.pk)


def connect_signals() -> None:
    version_published.connect(version_went_public, sender=PressReleasePage, dispatch_uid="alerts-version-public")
    page_unpublished.connect(release_withdrawn, sender=PressReleasePage, dispatch_uid="alerts-release-withdrawn")
