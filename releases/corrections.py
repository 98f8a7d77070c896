"""Corrections: a release that has been public changes only by a correction, and every text stays on record.

How a correction goes (`../shared/DOMAIN.md`, After a release goes out):

* *Correct release…* on a live release (`start_correction`) saves a new draft revision of it with
  the correction note (what changed); the PR team edits the text and submits it through the
  Disclosure Policy workflow like any release, and the spokespersons sign the note with it.
* When that revision goes public, the publishing transaction records it as the release's next
  version (`record_version`, on Wagtail's page_published): v1 is the text as first published,
  v2 the first correction and so on, each readable for good at `/news/<slug>/v<N>/`. The page
  shows the corrected text with the dated note at the top and lists every version; the feeds keep
  the item's id and set its updated time (releases/feeds.py); the sitemap's lastmod follows
  last_published_at.
* `version_published` tells the layers above (the Disclosure Policy writes the correction into the
  audit trail with both digests) without releases/ knowing about them.

Nothing here is public before its publication: a version row is written only by a publication.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from wagtail.log_actions import log

from releases.models import PressReleasePage, ReleaseVersion

# sender=PressReleasePage, version=<ReleaseVersion>, previous=<ReleaseVersion or None>; sent inside
# the publishing transaction.
version_published = Signal()

CORRECTION_STARTED_ACTION = "releases.correction_started"


class CorrectionRefused(ValueError):
    """A correction cannot be started; the message says why, for the person who asked."""


def public_versions(release: PressReleasePage) -> list[ReleaseVersion]:
    """The release's public texts, first to latest (none for a release never published through Wagtail)."""
    if release.pk is None:
        return []
    return list(ReleaseVersion.objects.filter(page_id=release.pk).defer("content").order_by("number"))


def latest_version(release: PressReleasePage) -> ReleaseVersion | None:
    if release.pk is None:
        return None
    return ReleaseVersion.objects.filter(page_id=release.pk).defer("content").order_by("-number").first()


def has_been_public(release: PressReleasePage) -> bool:
    """Whether readers have seen a text of this release (it changes only by a correction from then on)."""
    return bool(release.live or release.first_published_at or latest_version(release))


def record_version(release: PressReleasePage, revision=None) -> ReleaseVersion | None:
    """Keep the text that just went public as the release's next version (None if it is the latest already).

    Locked on the release's row, so two publishers (or a publisher and a sign-off) cannot both
    number the same version.
    """
    if release.pk is None:
        return None
    with transaction.atomic():
        PressReleasePage.objects.select_for_update().filter(pk=release.pk).values_list("pk").first()
        previous = ReleaseVersion.objects.filter(page_id=release.pk).order_by("-number").first()
        if previous is not None and revision is not None and previous.revision_id == revision.pk:
            return None
        content = revision.content if revision is not None else release.serializable_data()
        number = previous.number + 1 if previous else 1
        version = ReleaseVersion.objects.create(
            page_id=release.pk,
            number=number,
            revision=revision,
            # Read at the call, not the field's default captured at import: a staged publish's
            # clock says the release time (ir_site/clock.py).
            published_at=timezone.now(),
            title=content.get("title", release.title),
            correction_note=(content.get("correction_note") or "") if number > 1 else "",
            content=content,
        )
        version_published.send(sender=PressReleasePage, version=version, previous=previous)
    return version


def version_release(release: PressReleasePage, version: ReleaseVersion) -> PressReleasePage:
    """The release as it read in `version` (the live page's place in the tree, the version's text)."""
    return release.with_content_json(version.content)


def start_correction(release: PressReleasePage, user, note: str):
    """Save a draft of the live release carrying `note`; the PR team edits it and submits it. Returns the revision.

    Starts from the release's latest revision (the live text, or a draft already begun), so no
    work in progress is thrown away. Refused while the release is in a workflow (its reviewers
    decide that revision first) or when it is not live.
    """
    note = note.strip()
    if not note:
        raise CorrectionRefused("Write the correction note: what changed, where, and what it read before.")
    if not release.live:
        raise CorrectionRefused("Only a live release is corrected; a draft is simply edited.")
    if release.workflow_in_progress:
        raise CorrectionRefused(
            "This release is in the Disclosure Policy workflow already: its reviewers decide that revision first."
        )
    draft = release.get_latest_revision_as_object()
    draft.correction_note = note
    with transaction.atomic():
        revision = draft.save_revision(user=user, log_action=True)
        log(instance=release, action=CORRECTION_STARTED_ACTION, user=user, revision=revision, data={"note": note})
    return revision
