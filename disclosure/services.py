"""Business rules of the Disclosure Policy that views, hooks and tests call directly."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from disclosure.models import DisclosureReviewTask, Spokesperson, SpokespersonSignOffTask
from disclosure.signoff_voiding import void_signoffs_of

DISCLOSURE_COMMITTEE = "Disclosure Committee"
WORKFLOW_NAME = "Disclosure Policy"


def is_compliance(user) -> bool:
    """The compliance function: members of the Disclosure Committee group."""
    return bool(getattr(user, "is_authenticated", False)) and user.groups.filter(name=DISCLOSURE_COMMITTEE).exists()


def _require_compliance(user) -> None:
    if not is_compliance(user):
        raise PermissionDenied("Only the Disclosure Committee may designate or revoke spokespersons.")


def log_designation(designation: Spokesperson, *, by) -> None:
    """The audit entry of a designation (service and admin form alike)."""
    log(
        instance=designation,
        action="disclosure.designate",
        user=by,
        data={"spokesperson": designation.user.get_username(), "title": designation.title},
    )


def log_revocation(designation: Spokesperson, *, by) -> None:
    """The audit entry of a revocation, with its reason (service and admin form alike)."""
    log(
        instance=designation,
        action="disclosure.revoke",
        user=by,
        data={"spokesperson": designation.user.get_username(), "reason": designation.revocation_reason},
    )


@transaction.atomic
def designate(user, *, title: str, by, note: str = "", effective_from=None) -> Spokesperson:
    """Add a user to the register of authorized spokespersons (logged)."""
    _require_compliance(by)
    if not title.strip():
        raise ValidationError("A designation needs the person's title.")
    designation = Spokesperson.objects.create(
        user=user,
        title=title.strip(),
        note=note,
        designated_by=by,
        effective_from=effective_from or timezone.now(),
    )
    log_designation(designation, by=by)
    return designation


@transaction.atomic
def revoke(designation: Spokesperson, *, by, reason: str) -> Spokesperson:
    """End a designation now. Takes effect at once, also for releases already waiting."""
    _require_compliance(by)
    if not reason.strip():
        raise ValidationError("Give the reason for revoking the designation.")
    designation = Spokesperson.objects.select_for_update().get(pk=designation.pk)
    if designation.effective_until is not None and designation.effective_until <= timezone.now():
        raise ValidationError("This designation has already ended.")
    designation.effective_until = timezone.now()
    designation.revoked_by = by
    designation.revocation_reason = reason.strip()
    designation.save()
    log_revocation(designation, by=by)
    void_signoffs_of(designation, by=by)
    return designation


@transaction.atomic
def ensure_disclosure_policy(newsroom, *, material_signoffs: int = 2, signoffs: int = 1) -> Workflow:
    """The "Disclosure Policy" workflow on the newsroom: compliance review, then spokesperson sign-off."""
    committee, _ = Group.objects.get_or_create(name=DISCLOSURE_COMMITTEE)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    review = DisclosureReviewTask.objects.filter(name="Disclosure review").first()
    if review is None:
        review = DisclosureReviewTask.objects.create(name="Disclosure review")
    review.groups.add(committee)
    signoff = SpokespersonSignOffTask.objects.filter(name="Authorized spokesperson sign-off").first()
    if signoff is None:
        signoff = SpokespersonSignOffTask.objects.create(
            name="Authorized spokesperson sign-off",
            material_signoffs_required=material_signoffs,
            signoffs_required=signoffs,
        )
    for order, task in enumerate([review, signoff]):
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    WorkflowPage.objects.update_or_create(page=newsroom, defaults={"workflow": workflow})
    return workflow
