"""Withdrawing a release and cancelling its scheduled release: a spokesperson's decision, with a reason, logged.

Wagtail's own unpublish and "cancel scheduled publish" are closed for releases
(disclosure.permissions); these two decisions (their views in disclosure.views.withdraw)
are the only way, and only for an active authorized spokesperson. Each writes Wagtail's
usual entry (wagtail.unpublish, wagtail.schedule.cancel) and ours with the reason
(disclosure.withdraw, disclosure.cancel_schedule). Either ends the standing of the approval it undoes
(disclosure.guard): going live again needs a new approval.
"""

from __future__ import annotations

from django.db import transaction

from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Revision

from disclosure.actions import CANCEL_SCHEDULE_ACTION, WITHDRAW_ACTION
from disclosure.models import is_active_spokesperson
from releases.models import PressReleasePage


def scheduled_revision(page):
    """The revision of `page` approved and waiting for its go-live time, if any."""
    return page.revisions.filter(approved_go_live_at__isnull=False).order_by("-created_at", "-pk").first()


def _is_spokesperson(user) -> bool:
    """is_active_spokesperson, remembered on the request's user object (listings ask once per row)."""
    cached = getattr(user, "_disclosure_active_spokesperson", None)
    if cached is None:
        cached = is_active_spokesperson(user)
        if getattr(user, "is_authenticated", False):
            user._disclosure_active_spokesperson = cached
    return cached


def can_withdraw(user, page) -> bool:
    """Offer withdrawal: a live release, an active spokesperson."""
    return bool(page.live) and _is_spokesperson(user)


def can_cancel_schedule(user, page) -> bool:
    """Offer cancelling the schedule: an approved revision waiting for its time, an active spokesperson."""
    return _is_spokesperson(user) and scheduled_revision(page) is not None


@transaction.atomic
def withdraw_release(page_pk: int, *, by, reason: str) -> PressReleasePage | None:
    """Unpublish a live release in a spokesperson's name, logged with the reason; None if it is not live (any more)."""
    page = PressReleasePage.objects.select_for_update().get(pk=page_pk)
    if not page.live:
        return None
    withdrawn_revision = page.live_revision
    # The permission tester refuses unpublishing to everyone; this is the sanctioned path.
    UnpublishPageAction(page, user=by).execute(skip_permission_checks=True)
    log(
        instance=page,
        action=WITHDRAW_ACTION,
        user=by,
        revision=withdrawn_revision,
        data={"reason": reason, "revision_id": getattr(withdrawn_revision, "pk", None)},
    )
    return page


@transaction.atomic
def cancel_scheduled_release(page_pk: int, *, by, reason: str) -> Revision | None:
    """Take the approved revision off the schedule, logged with the reason; None if nothing is scheduled."""
    page = PressReleasePage.objects.select_for_update().get(pk=page_pk)
    revision = scheduled_revision(page)
    if revision is None:
        return None
    go_live_at = revision.approved_go_live_at
    # What Wagtail's revisions_unschedule view does (it logs wagtail.schedule.cancel).
    revision.approved_go_live_at = None
    revision.save(user=by, update_fields=["approved_go_live_at"])
    log(
        instance=page,
        action=CANCEL_SCHEDULE_ACTION,
        user=by,
        revision=revision,
        data={"reason": reason, "revision_id": revision.pk, "go_live_at": go_live_at.isoformat()},
    )
    return revision
