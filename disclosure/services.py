"""Business rules of the Disclosure Policy that views, hooks and tests call directly."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from disclosure.actions import DESIGNATE_ACTION, REVOKE_ACTION
from disclosure.models import (
    COMMITTEE_GROUP_NAME,
    DisclosureReviewTask,
    Spokesperson,
    SpokespersonSignOffTask,
    holds_policy_power,
)
from disclosure.register_rules import check_designator, effective_from_for, effective_until_for
from disclosure.signoff_voiding import void_signoffs_of

DISCLOSURE_COMMITTEE = COMMITTEE_GROUP_NAME
WORKFLOW_NAME = "Disclosure Policy"
# The lighter route the committee may choose for one event or governance page (disclosure.routes):
# the same spokesperson sign-off task, without the committee's review. Never for a press release.
SIGN_OFF_ONLY_WORKFLOW_NAME = "Disclosure Policy — sign-off only"
REVIEW_TASK_NAME = "Disclosure review"
SIGN_OFF_TASK_NAME = "Authorized spokesperson sign-off"


def remembered_on(user, attribute: str, compute) -> bool:
    """compute(user), kept on the request's user object under `attribute` (a listing asks once per row)."""
    cached = getattr(user, attribute, None)
    if cached is None:
        cached = compute(user)
        if getattr(user, "is_authenticated", False):
            setattr(user, attribute, cached)
    return cached


def is_compliance(user) -> bool:
    """The compliance function: members of the Disclosure Committee group (never a superuser)."""
    return holds_policy_power(user) and user.groups.filter(name=DISCLOSURE_COMMITTEE).exists()


def _require_compliance(user) -> None:
    if not is_compliance(user):
        raise PermissionDenied("Only the Disclosure Committee may designate or revoke spokespersons.")


def log_designation(designation: Spokesperson, *, by) -> None:
    """The audit entry of a designation (service and admin form alike); a historical one says so, with its reason."""
    data = {
        "spokesperson": designation.user.get_username(),
        "title": designation.title,
        "effective_from": designation.effective_from.astimezone(dt.UTC).isoformat(),
    }
    if designation.historical_reason:
        data.update(historical=True, reason=designation.historical_reason)
    log(instance=designation, action=DESIGNATE_ACTION, user=by, data=data)


def log_revocation(designation: Spokesperson, *, by) -> None:
    """The audit entry of a revocation, with its reason and when it takes effect (service and admin form alike)."""
    log(
        instance=designation,
        action=REVOKE_ACTION,
        user=by,
        data={
            "spokesperson": designation.user.get_username(),
            "reason": designation.revocation_reason,
            "effective_until": designation.effective_until.astimezone(dt.UTC).isoformat(),
        },
    )


def revocation_recorded(designation: Spokesperson, *, by) -> None:
    """After a revocation is saved (service or admin form): log it and void the person's standing sign-offs.

    A revocation dated ahead takes effect later: the person stays active until then
    (SpokespersonQuerySet.active), and so do their sign-offs; from that moment the guard counts
    only signers who are active at go-live (disclosure.guard.approval_standing), so a release
    they signed is held at its time until others sign again.
    """
    log_revocation(designation, by=by)
    if designation.effective_until <= timezone.now():
        void_signoffs_of(designation, by=by)


@transaction.atomic
def designate(
    user, *, title: str, by, note: str = "", effective_from=None, historical_reason: str = ""
) -> Spokesperson:
    """Add a user to the register of authorized spokespersons (logged).

    One committee member designates another person, never themselves. The designation takes
    effect now or later; an earlier date is a historical entry and needs `historical_reason`.
    """
    _require_compliance(by)
    if not title.strip():
        raise ValidationError("A designation needs the person's title.")
    check_designator(user, by)
    now = timezone.now()
    effective_from = effective_from_for(effective_from, now=now, historical_reason=historical_reason)
    designation = Spokesperson.objects.create(
        user=user,
        title=title.strip(),
        note=note,
        designated_by=by,
        effective_from=effective_from,
        historical_reason=historical_reason.strip() if effective_from < now else "",
    )
    log_designation(designation, by=by)
    return designation


@transaction.atomic
def revoke(designation: Spokesperson, *, by, reason: str, effective_at=None) -> Spokesperson:
    """End a designation now, or at `effective_at` in the future (the person is active until then).

    Nobody revokes their own designation. A revocation already recorded for a later time can
    be brought forward, never pushed back or undone.
    """
    _require_compliance(by)
    if not reason.strip():
        raise ValidationError("Give the reason for revoking the designation.")
    designation = Spokesperson.objects.select_for_update().get(pk=designation.pk)
    check_designator(designation.user, by, verb="revoke")
    now = timezone.now()
    if designation.effective_until is not None and designation.effective_until <= now:
        raise ValidationError("This designation has already ended.")
    until = effective_until_for(effective_at, now=now, effective_from=designation.effective_from)
    if designation.effective_until is not None and until >= designation.effective_until:
        raise ValidationError(
            "This designation is already revoked from an earlier time; a revocation can only be brought forward."
        )
    designation.effective_until = until
    designation.revoked_by = by
    designation.revoked_at = now
    designation.revocation_reason = reason.strip()
    designation.save()
    revocation_recorded(designation, by=by)
    return designation


@transaction.atomic
def ensure_disclosure_policy(newsroom, *, material_signoffs: int = 2, signoffs: int = 1) -> Workflow:
    """The "Disclosure Policy" workflow on the newsroom: compliance review, then spokesperson sign-off."""
    committee, _ = Group.objects.get_or_create(name=DISCLOSURE_COMMITTEE)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    review = DisclosureReviewTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if review is None:
        review = DisclosureReviewTask.objects.create(name=REVIEW_TASK_NAME)
    review.groups.add(committee)
    signoff = SpokespersonSignOffTask.objects.filter(name=SIGN_OFF_TASK_NAME).first()
    if signoff is None:
        signoff = SpokespersonSignOffTask.objects.create(
            name=SIGN_OFF_TASK_NAME,
            material_signoffs_required=material_signoffs,
            signoffs_required=signoffs,
        )
    for order, task in enumerate([review, signoff]):
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    WorkflowPage.objects.update_or_create(page=newsroom, defaults={"workflow": workflow})
    ensure_sign_off_only_workflow()
    return workflow


@transaction.atomic
def ensure_sign_off_only_workflow() -> Workflow:
    """The "Disclosure Policy — sign-off only" workflow: the spokesperson sign-off step alone.

    It shares the full workflow's sign-off task (the same floors, dashboard and signature), so a
    page routed through it is signed exactly as any other; only the committee's review is left
    out. It is assigned to no page here: the Disclosure Committee routes one event or governance
    page through it at a time (disclosure.routes.route_page), and the guard refuses it for press
    releases whatever assigns it (disclosure.guard). Needs ensure_disclosure_policy's tasks.
    """
    signoff = SpokespersonSignOffTask.objects.get(name=SIGN_OFF_TASK_NAME)
    workflow, _ = Workflow.objects.get_or_create(name=SIGN_OFF_ONLY_WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=signoff).delete()
    WorkflowTask.objects.update_or_create(workflow=workflow, task=signoff, defaults={"sort_order": 0})
    return workflow


def place_under_disclosure_policy(index_page) -> Workflow:
    """Pages created under `index_page` (the events or governance index) go through the Disclosure Policy too.

    The same workflow as releases (disclosure review, then spokesperson sign-off), so the same
    separation of duties, signature and audit; needs ensure_disclosure_policy first.
    """
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow
