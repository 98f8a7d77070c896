"""Emails of the Disclosure Policy: approvers when a release waits for them, the drafter when it is decided.

- A release reaches the spokesperson sign-off: every active spokesperson except its requester
  and the author of the revision to sign ("Release awaiting your sign-off: <title>").
- A release reaches the disclosure review: the members of the review task's groups (the
  Disclosure Committee) except its requester and that author.
- The drafter (who submitted it, and the release's owner) when the chain approves it, when a
  step rejects it (with the comment) and when it is published (also later, by the scheduler).

Each message goes to one address, after the transaction commits (nothing is announced that a
rollback undoes); a mail server failure is logged and does not break the decision.

Wagtail's own workflow emails would say the same things again (and tell superusers, who have
no part in the Disclosure Policy), and no setting turns them off, so for workflows made of the
Disclosure Policy's tasks its four handlers stand aside; other workflows keep them.
"""

from __future__ import annotations

import logging
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.admin import signal_handlers as wagtail_mail
from wagtail.admin.utils import get_admin_base_url
from wagtail.models import Page, Task, TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    task_rejected,
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from disclosure.audit import market_zone
from disclosure.models import (
    COMMITTEE_GROUP_NAME,
    DisclosureReviewTask,
    Spokesperson,
    SpokespersonSignOffTask,
    is_requester_or_author,
)
from disclosure.releases import kind_of
from ir_site.text import one_line
from releases.models import PressReleasePage

logger = logging.getLogger(__name__)

DISCLOSURE_TASKS = (DisclosureReviewTask, SpokespersonSignOffTask)


# -- helpers ----------------------------------------------------------------------------------------


def _send(recipients, subject: str, body: str) -> int:
    """Queue one message per recipient with an address, sent when the transaction commits.

    The subject carries the headline: it is made one line (ir_site.text.one_line) so a headline
    stored before headlines were checked, or by code that skipped the check, still goes out
    (Django refuses a newline in a header; Python's e-mail package would break the header at a
    vertical tab or U+2028).
    """
    subject = one_line(subject)
    addresses = sorted({user.email for user in recipients if user is not None and user.is_active and user.email})
    for address in addresses:
        transaction.on_commit(partial(_deliver, subject, body, address), robust=True)
    return len(addresses)


def _deliver(subject: str, body: str, address: str) -> None:
    try:
        send_mail(subject, body, None, [address])
    except Exception:
        logger.exception("Disclosure notice %r to %s could not be sent", subject, address)


def edit_url(page) -> str:
    return get_admin_base_url() + reverse("wagtailadmin_pages:edit", args=[page.pk])


def _name(user) -> str:
    if user is None:
        return "the system"
    return user.get_full_name() or user.get_username()


def _market(moment) -> str:
    tz, label = market_zone()
    return f"{timezone.localtime(moment, tz):%b %-d, %Y %-I:%M %p} {label}"


def _release_lines(release) -> list[str]:
    lines = [f"Release: {release.title}"]
    if getattr(release, "release_at", None):
        lines.append(f"Release time: {_market(release.release_at)}")
    if getattr(release, "is_material", False):
        lines.append("Material release: two distinct spokespersons must sign off.")
    return lines


def _subject_word(page) -> str:
    """ "Release" for a press release (the subjects the PR team filters on), else the page's kind: "Event"."""
    kind = kind_of(page)
    return "Release" if kind == "press release" else kind[:1].upper() + kind[1:]


def _a(page) -> str:
    """ "A press release", "An event": the opening of a message about the page."""
    kind = kind_of(page)
    return f"{'An' if kind[:1] in 'aeiou' else 'A'} {kind}"


def is_disclosure_workflow(workflow_state: WorkflowState) -> bool:
    """A workflow that contains a Disclosure Policy task: this module speaks for it."""
    types = ContentType.objects.get_for_models(*DISCLOSURE_TASKS).values()
    return Task.objects.filter(workflow_tasks__workflow_id=workflow_state.workflow_id, content_type__in=types).exists()


def _drafters(workflow_state: WorkflowState | None, release, *, exclude=None) -> list:
    people = []
    if workflow_state is not None and workflow_state.requested_by_id:
        people.append(workflow_state.requested_by)
    if getattr(release, "owner_id", None):
        people.append(release.owner)
    return [user for user in people if exclude is None or user.pk != exclude.pk]


def _disclosure_step(task_state: TaskState):
    """(task, release) when the task state is a step of the Disclosure Policy on a page, else (task, None)."""
    task = task_state.task.specific
    if not isinstance(task, DISCLOSURE_TASKS):
        return task, None
    release = task_state.revision.as_object()
    return task, release if isinstance(release, Page) else None


# -- approvers --------------------------------------------------------------------------------------


def notify_approvers(sender, instance: TaskState, user=None, **kwargs) -> None:
    """task_submitted: tell whoever can now decide that a release waits for them."""
    task, release = _disclosure_step(instance)
    if release is None:
        return
    # Only people who can decide the step are told of it: superusers hold no policy power
    # (disclosure.models.holds_policy_power), so they never learn of an embargoed release this way.
    users = get_user_model().objects.filter(is_active=True, is_superuser=False).exclude(email="")
    if isinstance(task, SpokespersonSignOffTask):
        from disclosure.routes import routed_by  # routes mails the committee through this module

        users = users.filter(pk__in=Spokesperson.objects.active().values("user_id"))
        router = routed_by(instance)
        if router is not None:  # who routed it through sign-off only does not sign it (disclosure.routes)
            users = users.exclude(pk=router)
        subject = f"{_subject_word(release)} awaiting your sign-off: {release.title}"
        lines = [
            f"{_a(release)} waits for an authorized spokesperson's sign-off under the Disclosure Policy.",
            f"Sign-offs needed: {task.required_for(release)} (distinct spokespersons).",
        ]
    else:
        users = users.filter(groups__in=task.groups.all()).filter(groups__name=COMMITTEE_GROUP_NAME)
        subject = f"{_subject_word(release)} awaiting your disclosure review: {release.title}"
        lines = [f"{_a(release)} waits for the Disclosure Committee's review under the Disclosure Policy."]
    recipients = [person for person in users.distinct() if not is_requester_or_author(instance, person)]
    requester = instance.workflow_state.requested_by
    body = "\n".join(
        [
            *lines,
            "",
            *_release_lines(release),
            f"Submitted by: {_name(requester)}",
            f"Revision: {instance.revision_id}",
            "",
            f"Review and decide: {edit_url(release)}",
        ]
    )
    _send(recipients, subject, body)


# -- the drafter ------------------------------------------------------------------------------------


def notify_drafter_approved(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    """workflow_approved: the whole chain approved the release."""
    if not is_disclosure_workflow(instance):
        return
    release = instance.content_object
    if not isinstance(release, Page):
        return
    release = release.specific
    revision = release.get_latest_revision()
    go_live = (revision.approved_go_live_at if revision else None) or (
        release.go_live_at if release.go_live_at and release.go_live_at > timezone.now() else None
    )
    if go_live:
        status = f"It is scheduled to go live at {_market(go_live)}."
    elif release.live:
        status = "It has been published."
    else:
        status = "It is approved."
    body = "\n".join(
        [
            f"Your {kind_of(release)} was approved under the Disclosure Policy (last decision by {_name(user)}).",
            status,
            "",
            *_release_lines(release),
            "",
            f"Open it: {edit_url(release)}",
        ]
    )
    _send(_drafters(instance, release, exclude=user), f"{_subject_word(release)} approved: {release.title}", body)


def notify_drafter_rejected(sender, instance: TaskState, user=None, **kwargs) -> None:
    """task_rejected: a step sent the release back; the comment says why."""
    task, release = _disclosure_step(instance)
    if release is None:
        return
    if isinstance(task, DisclosureReviewTask):
        subject = f"Changes requested: {release.title}"
        opening = f"The Disclosure Committee ({_name(user)}) requested changes to your {kind_of(release)}."
    else:
        subject = f"{_subject_word(release)} rejected: {release.title}"
        opening = f"{_name(user)} rejected your {kind_of(release)} at the spokesperson sign-off."
    body = "\n".join(
        [
            opening,
            "",
            "Comment:",
            instance.comment or "(no comment)",
            "",
            *_release_lines(release),
            "",
            f"Edit and resubmit: {edit_url(release)}",
        ]
    )
    _send(_drafters(instance.workflow_state, release, exclude=user), subject, body)


def notify_drafter_published(sender, instance, revision=None, **kwargs) -> None:
    """page_published (a release): it is live now, whether at once or at its scheduled time."""
    if kwargs.get("alias") or not instance.live:
        return  # Wagtail sends page_published also when it only schedules a release that is not live yet
    base_type = instance.get_base_content_type()
    workflow_state = (
        WorkflowState.objects.filter(base_content_type_id=base_type.pk, object_id=str(instance.pk))
        .select_related("requested_by")
        .order_by("-created_at")
        .first()
    )
    if workflow_state is None:
        return  # never went through an approval (a historical record loaded as published): no news for anyone
    body = "\n".join(
        [
            f"Your {kind_of(instance)} is live.",
            "",
            *_release_lines(instance),
            f"Published revision: {getattr(revision, 'pk', '')}",
            f"Public page: {instance.full_url or ''}",
            f"Admin: {edit_url(instance)}",
        ]
    )
    _send(_drafters(workflow_state, instance), f"{_subject_word(instance)} published: {instance.title}", body)


# -- the committee ----------------------------------------------------------------------------------


def notify_committee_of_route(page, decision, *, by, earnings_call: bool = False) -> int:
    """The other committee members, when one of them routes a page through sign-off only (disclosure.routes).

    The route leaves out the committee's own review, so no member lowers the bar without the
    others hearing of it; an earnings call says so in the subject.
    """
    committee = get_user_model().objects.filter(groups__name=COMMITTEE_GROUP_NAME, is_active=True).exclude(pk=by.pk)
    what = "Earnings call routed through sign-off only" if earnings_call else "Routed through sign-off only"
    body = "\n".join(
        [
            f"{_name(by)} routed this page through the Disclosure Policy's sign-off only route: "
            "one authorized spokesperson signs it off, without the committee's review.",
            "",
            f"Page: {page.title} ({page._meta.verbose_name})",
            f"Reason: {decision.reason}",
            f"Decided: {_market(decision.at)}",
            "",
            "To route it through the full Disclosure Policy again: " + edit_url(page),
        ]
    )
    return _send(committee, f"{what}: {page.title}", body)


# -- wiring -----------------------------------------------------------------------------------------


def notify_audit_chain_broken(verification) -> int:
    """The Disclosure Committee, when a verification of the audit trail's chain fails (once per new problem)."""
    committee = get_user_model().objects.filter(groups__name=COMMITTEE_GROUP_NAME, is_active=True)
    body = "\n".join(
        [
            "The audit trail's hash chain failed verification.",
            "",
            verification.problem,
            "",
            f"Verified in order: {verification.entries} entries, through {_market(verification.head_at)}"
            if verification.head_at
            else "No entry could be verified.",
            f"Checked at: {_market(verification.ran_at)}",
            "",
            "Compare the head seal you anchored outside the system, and see the audit trail:",
            get_admin_base_url() + reverse("disclosure_audit"),
        ]
    )
    return _send(committee, "Audit trail verification FAILED", body)


def _stand_aside(notifier, kind: str):
    """Wrap one of Wagtail's workflow email notifiers so it stays quiet for Disclosure Policy workflows."""

    def handler(sender, instance=None, **kwargs):
        if kind == "task":
            if isinstance(instance, TaskState) and isinstance(instance.task.specific, DISCLOSURE_TASKS):
                return False
        elif isinstance(instance, WorkflowState) and is_disclosure_workflow(instance):
            return False
        return notifier(instance=instance, **kwargs)

    return handler


def replace_wagtail_workflow_emails() -> None:
    for signal, sender, uid, notifier, kind in [
        (
            task_submitted,
            TaskState,
            "group_approval_task_submitted_email_notification",
            wagtail_mail.task_submission_email_notifier,
            "task",
        ),
        (
            workflow_submitted,
            WorkflowState,
            "workflow_state_submitted_email_notification",
            wagtail_mail.workflow_submission_email_notifier,
            "workflow",
        ),
        (
            workflow_rejected,
            WorkflowState,
            "workflow_state_rejected_email_notification",
            wagtail_mail.workflow_rejection_email_notifier,
            "workflow",
        ),
        (
            workflow_approved,
            WorkflowState,
            "workflow_state_approved_email_notification",
            wagtail_mail.workflow_approval_email_notifier,
            "workflow",
        ),
    ]:
        # Ours takes over Wagtail's dispatch_uid. DisclosureConfig.ready() runs before wagtail.admin's
        # (disclosure is listed above it in INSTALLED_APPS), whose register_signal_handlers() then finds
        # the uid taken and connects nothing; were the order reversed, the disconnect removes Wagtail's.
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(_stand_aside(notifier, kind), sender=sender, dispatch_uid=uid, weak=False)


def connect_signals() -> None:
    """Connect the notices (idempotent: dispatch_uid). Called from DisclosureConfig.ready()."""
    # Any task-state class: the handlers look at the task's type themselves.
    task_submitted.connect(notify_approvers, dispatch_uid="disclosure-notify-submitted")
    task_rejected.connect(notify_drafter_rejected, dispatch_uid="disclosure-notify-rejected")
    workflow_approved.connect(notify_drafter_approved, sender=WorkflowState, dispatch_uid="disclosure-notify-approved")
    page_published.connect(
        notify_drafter_published, sender=PressReleasePage, dispatch_uid="disclosure-notify-published"
    )
    replace_wagtail_workflow_emails()
