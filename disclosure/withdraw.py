"""Withdrawing a disclosed page and cancelling its scheduled publication: a spokesperson's decision, with a reason.

Press releases, events, governance documents and the board and management pages (every disclosed
page type, disclosure.releases.is_disclosed) are taken down the same way: Wagtail's own unpublish
and "cancel scheduled publish" are closed for them (disclosure.permissions); these two decisions
(their views in disclosure.views.withdraw) are the only way, and only for an active authorized
spokesperson, with a written reason. Each writes Wagtail's usual entry (wagtail.unpublish,
wagtail.schedule.cancel) and ours with the reason (disclosure.withdraw, disclosure.cancel_schedule).
Either ends the standing of the approval it undoes (disclosure.guard): going live again needs a new
approval.

A Code waiver disclosure is never withdrawn: it stays on the website at least twelve months and is
then archived, still readable (conduct.waivers); the refusal says so, with conduct's own words.
A cancelled event is not withdrawn either: it is a new version (status Cancelled), approved like
the first, so that subscribed calendars show it cancelled; withdrawal is for a page that should
not be public at all.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from conduct.models import CodeWaiverDisclosurePage
from conduct.waivers import withdrawal_refusal as waiver_withdrawal_refusal
from disclosure.actions import CANCEL_SCHEDULE_ACTION, WITHDRAW_ACTION
from disclosure.models import is_active_spokesperson
from disclosure.releases import is_disclosed
from disclosure.services import remembered_on

WAIVER_NOT_WITHDRAWN = (
    "A Code waiver disclosure is not withdrawn: after its 12 months on the website it is archived "
    "(still readable, marked archived)."
)


def scheduled_revision(page):
    """The revision of `page` approved and waiting for its go-live time, if any."""
    return page.revisions.filter(approved_go_live_at__isnull=False).order_by("-created_at", "-pk").first()


def _is_spokesperson(user) -> bool:
    """is_active_spokesperson, remembered on the request's user object (listings ask once per row)."""
    return remembered_on(user, "_disclosure_active_spokesperson", is_active_spokesperson)


def _is_waiver_disclosure(page) -> bool:
    model = getattr(page, "specific_class", None) or type(page)
    return issubclass(model, CodeWaiverDisclosurePage)


def page_withdrawal_refusal(page) -> str | None:
    """Why the page type's own rule keeps `page` from being withdrawn (None: the spokesperson's decision)."""
    if not is_disclosed(page):
        return "Only disclosed pages (releases, events, governance pages) are withdrawn here."
    if _is_waiver_disclosure(page):
        return waiver_withdrawal_refusal(page.specific_deferred) or WAIVER_NOT_WITHDRAWN
    return None


def can_withdraw(user, page) -> bool:
    """Offer withdrawal: a live disclosed page its type lets be withdrawn, an active spokesperson."""
    return bool(page.live) and not _is_waiver_disclosure(page) and is_disclosed(page) and _is_spokesperson(user)


def can_cancel_schedule(user, page) -> bool:
    """Offer cancelling the schedule: an approved revision waiting for its time, an active spokesperson."""
    return is_disclosed(page) and _is_spokesperson(user) and scheduled_revision(page) is not None


def _require_spokesperson(by) -> None:
    if not is_active_spokesperson(by):
        raise PermissionDenied("Only an authorized spokesperson may take this decision.")


@transaction.atomic
def withdraw_release(page_pk: int, *, by, reason: str) -> Page | None:
    """Unpublish a live disclosed page in a spokesperson's name, logged with the reason; None if it is not live.

    Named for releases, the first page type it served; events and governance pages are withdrawn
    the same way. A page its type keeps up (a Code waiver disclosure) is refused with the reason.
    """
    _require_spokesperson(by)
    page = Page.objects.select_for_update().get(pk=page_pk).specific
    refusal = page_withdrawal_refusal(page)
    if refusal:
        raise PermissionDenied(refusal)
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
    """Take the approved revision of a disclosed page off the schedule, logged with the reason; None if none waits."""
    _require_spokesperson(by)
    page = Page.objects.select_for_update().get(pk=page_pk).specific
    if not is_disclosed(page):
        raise PermissionDenied("Only disclosed pages (releases, events, governance pages) are de-scheduled here.")
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
