"""Versions of governance documents: each amendment is a new version, and every version stays on record.

How a version comes about:

* The editor amends the document's page (text, a new version label, its effective date, a
  sentence on what changed) and it goes public the way any governance document does (the
  Disclosure Policy decides how; governance/ does not know).
* When a revision goes live with a version label the document has not published before, the
  publishing transaction freezes it (`record_version`, on Wagtail's page_published): what the
  public saw (title, label, effective date, the body as rendered and as text blocks for the
  diff, the revision's content) is copied into a GovernanceDocumentVersion numbered 1, 2, 3 …,
  never changed or deleted afterwards, readable at `/governance/<slug>/versions/<n>/` with what
  changed from version n-1 (governance.diff) for as long as the page is live.
* Publishing again under the same label with the same text (a re-publish, a move) records
  nothing. The page's `clean` refuses other text under a published label, so an amendment
  cannot slip in as a silent edit; should code publish one anyway, it is frozen as a new
  version all the same (what the public saw is kept, under the label it carried).
* `version_recorded` tells the layers above (e.g. the Code's certification, which is kept with
  the version it was made against; a disclosure of an amendment) without governance/ knowing them.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import Signal
from django.template.loader import render_to_string

from wagtail.log_actions import log

from governance.models import GovernanceDocumentPage, GovernanceDocumentVersion
from governance.text import text_blocks

logger = logging.getLogger("governance")

# sender=GovernanceDocumentPage, version=<GovernanceDocumentVersion>, previous=<… or None>; sent
# inside the publishing transaction.
version_recorded = Signal()

VERSION_RECORDED_ACTION = "governance.version_recorded"


def render_body(page: GovernanceDocumentPage) -> str:
    """The body's HTML exactly as the document's page renders it."""
    return render_to_string("governance/includes/document_body.html", {"body": page.body})


def _frozen(page: GovernanceDocumentPage) -> dict:
    return {
        "title": page.title,
        "version_label": page.version,
        "effective_date": page.effective_date,
        "text_blocks": text_blocks(page.body),
    }


def record_version(page: GovernanceDocumentPage, revision=None) -> GovernanceDocumentVersion | None:
    """Freeze what just went public as the document's next version (None when it is the latest already).

    Locked on the page's row, so two publishers cannot both number the same version.
    """
    if page.pk is None:
        return None
    with transaction.atomic():
        GovernanceDocumentPage.objects.select_for_update().filter(pk=page.pk).values_list("pk").first()
        previous = GovernanceDocumentVersion.objects.filter(page_id=page.pk).order_by("-number").first()
        frozen = _frozen(page)
        if previous is not None and all(getattr(previous, name) == value for name, value in frozen.items()):
            return None
        if previous is not None and previous.version_label == page.version:
            logger.warning(
                "Governance document pk=%s published other text under version %s: kept as version %s",
                page.pk,
                page.version,
                previous.number + 1,
            )
        version = GovernanceDocumentVersion.objects.create(
            page_id=page.pk,
            number=previous.number + 1 if previous else 1,
            revision_id=revision.pk if revision is not None else None,
            change_summary=page.change_summary,
            body_html=render_body(page),
            content=revision.content if revision is not None else page.serializable_data(),
            **frozen,
        )
        log(
            instance=page,
            action=VERSION_RECORDED_ACTION,
            revision=revision,
            data={"number": version.number, "version": version.version_label, "effective": str(version.effective_date)},
        )
        version_recorded.send(sender=GovernanceDocumentPage, version=version, previous=previous)
    return version


def freeze_live_documents() -> list[GovernanceDocumentVersion]:
    """Record the live text of every live document that has no version yet (pages published before versions)."""
    recorded = []
    for page in GovernanceDocumentPage.objects.live().filter(versions__isnull=True).distinct():
        live = page.live_revision.as_object() if page.live_revision_id else page
        version = record_version(live, page.live_revision)
        if version is not None:
            recorded.append(version)
    return recorded


def versions_of(page: GovernanceDocumentPage) -> list[GovernanceDocumentVersion]:
    """The document's published versions, first to latest."""
    if page.pk is None:
        return []
    return list(GovernanceDocumentVersion.objects.filter(page_id=page.pk).order_by("number"))
