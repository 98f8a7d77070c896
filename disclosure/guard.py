"""Defence in depth: no press release, event or governance document goes live without a Disclosure Policy approval.

Press releases and the other disclosed page types (company.disclosed: events, governance
documents) are held to the same rule; "release" below stands for any of them, except the
exchange notice, which only press releases need.

The admin offers no way to publish a release (disclosure.permissions), but code can still
call ``revision.publish()``, save a page with ``live=True`` or create one live. A
``pre_save`` receiver refuses, with PermissionDenied, any save of a release that makes it
live or changes its live revision, unless the revision going live is the one signed off by
the release's latest completed approval: an approved "Authorized spokesperson sign-off"
task state, in a workflow that finished approved, for exactly that revision, not withdrawn
or de-scheduled by a spokesperson since (disclosure.withdraw). So an older approved
revision cannot be put back, nor a withdrawn release re-published, without a new approval.
That run must include the Disclosure Committee's review of the revision, except for an event
or governance page the committee routed through sign-off only (disclosure.routes); a press
release always needs both.

What passes:
- the final approval itself (``publish_approved``, the WAGTAIL_FINISH_WORKFLOW_ACTION, reached
  through the disclosure.finish_workflow shim);
- Wagtail's ``publish_scheduled`` command publishing that approved revision when its time
  comes (the revision is the approved one, so nothing special is needed);
- explicitly and logged, ``historical_record(reason)``: releases that went out before this
  system existed (the demo's reference release, test fixtures). Each release it lets
  through gets a "disclosure.historical_record" log entry with the reason.

Not covered (no signal fires): ``QuerySet.update(live=True)`` and raw SQL.
"""

from __future__ import annotations

import contextvars
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState
from wagtail.workflows import publish_workflow_state

from disclosure.actions import HISTORICAL_RECORD_ACTION, PUBLISH_HELD_ACTION, WITHDRAWAL_ACTIONS
from disclosure.exchange import notice_problem
from disclosure.models import SignOff, SpokespersonSignOffTask, is_active_spokesperson
from disclosure.releases import is_disclosed, is_release
from disclosure.routes import review_problem
from disclosure.signature import changed_files, sign
from releases.models import PressReleasePage

logger = logging.getLogger("disclosure")

_LIVE_FIELDS = {"live", "live_revision", "live_revision_id"}
_PENDING_RECORD = "_disclosure_historical_record"


@dataclass(frozen=True)
class HistoricalRecord:
    reason: str
    user: object = None


_historical: contextvars.ContextVar[HistoricalRecord | None] = contextvars.ContextVar(
    "disclosure_historical_record", default=None
)


@contextmanager
def historical_record(reason: str, user=None):
    """Let releases that were public before this system existed be loaded as live, with `reason` logged."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("A historical record needs a reason.")
    token = _historical.set(HistoricalRecord(reason=reason, user=user))
    try:
        yield
    finally:
        _historical.reset(token)


def approved_task_states(page_pk):
    """Approved spokesperson sign-offs of this page's revisions, in workflows that finished approved; newest first."""
    page_type = ContentType.objects.get_for_model(Page)
    return _approved_sign_off_states().filter(revision__base_content_type=page_type, revision__object_id=str(page_pk))


def approved_task_states_of(revision_ids):
    """The same, for these revisions (of any pages); newest first."""
    return _approved_sign_off_states().filter(revision_id__in=revision_ids)


def _approved_sign_off_states():
    return TaskState.objects.filter(
        task_id__in=SpokespersonSignOffTask.objects.values("pk"),
        status=TaskState.STATUS_APPROVED,
        workflow_state__status=WorkflowState.STATUS_APPROVED,
    ).order_by("-finished_at", "-pk")


@dataclass(frozen=True)
class Standing:
    """Whether a release's latest completed approval still stands, and if not, why."""

    revision_id: int | None
    problem: str = ""


def approval_standing(page_pk) -> Standing:
    """The revision the release's latest completed approval signed off, if that approval still stands.

    It stands while no spokesperson withdrew it since, the Disclosure Committee reviewed that run
    (or, for a page that is not a press release, routed the page through sign-off only:
    disclosure.routes), enough of its sign-offs stand (none voided by a revocation, each signer
    still an active spokesperson) and the revision with every file it shows is exactly what each
    of them signed (disclosure.signature).
    """
    latest = approved_task_states(page_pk).select_related("revision", "task").first()
    if latest is None:
        return Standing(None, "it has no completed Disclosure Policy approval")
    withdrawn = PageLogEntry.objects.filter(
        page_id=page_pk, action__in=WITHDRAWAL_ACTIONS, timestamp__gte=latest.finished_at
    ).exists()
    if withdrawn:
        return Standing(None, "its approval was withdrawn by a spokesperson")
    signed_object = latest.revision.as_object()
    # The full policy's run has the committee's review; one without it stands only for a page the
    # committee routed through sign-off only, never for a press release (disclosure.routes). So no
    # workflow assembled in Settings → Workflows, and no review task switched off, lets anything out.
    unreviewed = review_problem(latest, signed_object)
    if unreviewed:
        return Standing(None, unreviewed)
    signoffs = list(SignOff.objects.filter(task_state=latest).select_related("user"))
    standing = [s for s in signoffs if s.voided_at is None and is_active_spokesperson(s.user)]
    required = latest.task.specific.required_for(signed_object)
    if len(standing) < required:
        return Standing(
            None,
            f"{len(standing)} of {required} required spokesperson sign-offs stand "
            "(a signer's designation was revoked or has ended); it needs new sign-offs",
        )
    # Wagtail can overwrite a user's latest revision in place (overwrite_revision_id), keeping
    # its id; and a file could have been changed behind the admin's back: sign it again now.
    current = sign(latest.revision, signed_object)
    for signoff in standing:
        if signoff.digest != current.digest:
            changes = changed_files(signoff.manifest, current.manifest) or ["the revision's content"]
            return Standing(
                None, "what it shows changed after it was signed off (" + "; ".join(changes) + "); re-approval required"
            )
    return Standing(latest.revision_id)


def standing_approved_revision_id(page_pk) -> int | None:
    """The revision the release's latest completed approval signed off, unless that approval no longer stands."""
    return approval_standing(page_pk).revision_id


def refuse_unapproved_go_live(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save of any page: a press release or another disclosed page type (or a base Page of one)."""
    if not isinstance(instance, Page) or not instance.live or not is_disclosed(instance):
        return
    if update_fields is not None and not (_LIVE_FIELDS & set(update_fields)):
        return  # the save does not write live / live_revision

    if instance.pk is not None:
        stored = Page.objects.filter(pk=instance.pk).values("live", "live_revision_id").first()
        if stored and stored["live"] and stored["live_revision_id"] == instance.live_revision_id:
            return  # already live with this very revision: nothing is being published
        revision_id = instance.live_revision_id
        standing = approval_standing(instance.pk)
        if revision_id is not None and revision_id == standing.revision_id:
            problem = exchange_notice_problem(instance) if is_release(instance) else None
            if problem:
                raise PermissionDenied(problem)
            return
    record = _historical.get()
    if record is not None:
        instance.__dict__[_PENDING_RECORD] = record
        logger.warning(
            "Historical record: %s %r (pk=%s) made live outside the approval chain: %s",
            _kind(instance),
            instance.title,
            instance.pk,
            record.reason,
        )
        return
    if instance.pk is None or (standing.revision_id is not None and standing.revision_id != revision_id):
        why = "it is not the revision the spokespersons signed off"
    else:
        why = standing.problem
    raise PermissionDenied(
        f"{_kind(instance).capitalize()} “{instance.title}” cannot go live: revision {instance.live_revision_id}: "
        f"{why}. Submit it to the Disclosure Policy workflow."
    )


def _kind(instance) -> str:
    """What the page is, in words: "press release", "event", "governance document"."""
    model = getattr(instance, "specific_class", None) or type(instance)
    return str(model._meta.verbose_name)


def exchange_notice_problem(instance) -> str | None:
    """Why the listing venue's notice rules keep this approved release from going public now (or None)."""
    page = instance if isinstance(instance, PressReleasePage) else instance.specific
    return notice_problem(page)


def log_historical_record(sender, instance, created=False, **kwargs):
    """post_save: write the log entry for a release let through by historical_record()."""
    record = instance.__dict__.pop(_PENDING_RECORD, None)
    if record is None:
        return

    log(
        instance=instance,
        action=HISTORICAL_RECORD_ACTION,
        user=record.user,
        revision=instance.live_revision,
        data={"reason": record.reason, "revision_id": instance.live_revision_id},
    )


def connect_guard() -> None:
    """Called once from DisclosureConfig.ready()."""
    # Every sender: Django sends pre_save with the class of the instance saved (EventPage,
    # GovernanceDocumentPage, a base Page ...), never a parent's; the receiver returns at once
    # for what is not a disclosed page.
    pre_save.connect(refuse_unapproved_go_live, dispatch_uid="disclosure-guard")
    post_save.connect(log_historical_record, dispatch_uid="disclosure-historical")


def publish_approved(workflow_state, user=None):
    """WAGTAIL_FINISH_WORKFLOW_ACTION: publish (or schedule) exactly the revision the spokespersons signed off.

    Wagtail's default publishes the page's latest revision and checks the approver's
    publish permission; nobody has that on a release, so the approved revision is
    published with permission checks skipped, in the last approver's name. A revision
    whose go_live_at is in the future is scheduled instead (PublishRevisionAction sets
    its approved_go_live_at; publish_scheduled makes it live when the time comes).
    Pages that are not of a disclosed type keep Wagtail's default behaviour.
    """
    obj = workflow_state.content_object
    if not is_disclosed(obj):
        return publish_workflow_state(workflow_state, user=user)
    task_state = (
        TaskState.objects.filter(
            workflow_state=workflow_state,
            status=TaskState.STATUS_APPROVED,
            task_id__in=SpokespersonSignOffTask.objects.values("pk"),
        )
        .select_related("revision", "finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )
    if task_state is None:
        raise PermissionDenied(
            f"“{obj}” finished a workflow without an authorized spokesperson sign-off; it is not published."
        )
    revision = task_state.revision
    publisher = user or task_state.finished_by
    release = revision.as_object()
    if is_release(release) and (release.go_live_at is None or release.go_live_at <= timezone.now()):
        problem = exchange_notice_problem(release)
        if problem:
            # Approved, but it cannot go public yet: keep it scheduled for now, so the embargo
            # publisher sends it out the moment the notice rules allow (disclosure.embargo).
            hold_approved(revision, problem, user=publisher)
            return
    logger.info("Publishing approved revision %s of release pk=%s for %s", revision.pk, obj.pk, publisher)
    revision.publish(user=publisher, skip_permission_checks=True)


def hold_approved(revision, reason: str, user=None) -> None:
    """An approved release the exchange notice rules hold back: scheduled for now, the hold logged."""
    now = timezone.now()
    revision.approved_go_live_at = now
    revision.save(update_fields=["approved_go_live_at"])
    type(revision).objects.filter(object_id=revision.object_id, base_content_type=revision.base_content_type).exclude(
        pk=revision.pk
    ).update(approved_go_live_at=None)
    logger.warning("Approved release pk=%s held: %s", revision.object_id, reason)
    log(
        instance=revision.content_object,
        action=PUBLISH_HELD_ACTION,
        user=user,
        revision=revision,
        data={"scheduled_for": now.isoformat(), "reason": reason, "revision_id": revision.pk},
    )
