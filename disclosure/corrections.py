"""A correction going public is a disclosure record: the audit trail holds it with both digests.

releases/corrections.py numbers the versions of a release as they go public and sends
`version_published`; here each version after the first is logged as a correction, with the
digest the spokespersons signed for the text it replaces and for the corrected text, so a
regulator can tie both texts to their sign-offs.
"""

from __future__ import annotations

from wagtail.log_actions import log
from wagtail.models import Revision

from disclosure.actions import CORRECTION_PUBLISHED_ACTION
from disclosure.models import SignOff, revision_digest
from releases.corrections import version_published
from releases.models import PressReleasePage


def signed_digest(revision_id: int | None, content: dict) -> str:
    """The digest a spokesperson signed for this revision (files included), else that of its content."""
    if revision_id is not None:
        digest = (
            SignOff.objects.filter(revision_id=revision_id, voided_at__isnull=True)
            .order_by("-signed_at")
            .values_list("digest", flat=True)
            .first()
        )
        if digest:
            return digest
    return revision_digest(Revision(content=content))


def log_correction(sender, version, previous=None, **kwargs) -> None:
    """version_published: a version after the first is a correction; log it in the publishing transaction."""
    if previous is None:
        return
    release = PressReleasePage.objects.filter(pk=version.page_id).first()
    if release is None:
        return
    log(
        instance=release,
        action=CORRECTION_PUBLISHED_ACTION,
        revision=version.revision,
        data={
            "version": version.number,
            "replaces_version": previous.number,
            "note": version.correction_note,
            "digest": signed_digest(version.revision_id, version.content),
            "previous_digest": signed_digest(previous.revision_id, previous.content),
        },
    )


def connect_corrections() -> None:
    """Called once from DisclosureConfig.ready()."""
    version_published.connect(log_correction, sender=PressReleasePage, dispatch_uid="disclosure-correction-log")
