"""A revoked spokesperson's signature stops counting at once, also on releases already waiting.

``void_signoffs_of(designation)`` runs when a designation is revoked (the service and the
admin form alike). Every standing sign-off of that person on a release not yet public is
voided (never deleted: ``SignOff.voided_at``), logged on the release as
"disclosure.signoff_voided" and told to the remaining signers and the Disclosure Committee:

- on a sign-off step still in progress, the release needs that many more sign-offs;
- on a scheduled release (its approval complete), it keeps its place in the schedule but is
  held: the guard (disclosure.guard.approval_standing) refuses it at its release time until
  enough active spokespersons countersign (``countersign``, from Scheduled releases).

A revocation dated in the future takes effect by itself: the guard also requires each signer
to be an active spokesperson at go-live, so such a signature stops counting at that moment.
Live releases keep their record: they went public under a signature valid at the time.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import TaskState

from disclosure.actions import SIGNOFF_VOIDED_ACTION
from disclosure.models import (
    SignOff,
    SpokespersonSignOffTask,
    decided_another_step,
    is_active_spokesperson,
    is_requester_or_author,
    record_sign_off,
)
from disclosure.notifications import _send, edit_url


def _not_public(signoff: SignOff) -> bool:
    """Whether the signed revision has not gone public: its step is under way, or it waits in the schedule."""
    state = signoff.task_state
    if state.status == TaskState.STATUS_IN_PROGRESS:
        return True
    return state.status == TaskState.STATUS_APPROVED and signoff.revision.approved_go_live_at is not None


def _standing_count(task_state) -> int:
    return sum(1 for s in SignOff.objects.filter(task_state=task_state).standing() if is_active_spokesperson(s.user))


@transaction.atomic
def void_signoffs_of(designation, *, by) -> list[SignOff]:
    """Void the revoked person's sign-offs on every release not yet public; log and tell who must know."""
    from disclosure.services import DISCLOSURE_COMMITTEE  # services calls this module when revoking

    person = designation.user
    now = timezone.now()
    voided = []
    candidates = (
        SignOff.objects.standing()
        .filter(user=person)
        .select_related("task_state__task", "revision", "task_state__workflow_state")
        .select_for_update(of=("self",))
    )
    for signoff in candidates:
        if not _not_public(signoff):
            continue
        signoff.voided_at = now
        signoff.voided_by = by
        signoff.void_reason = f"Designation revoked: {designation.revocation_reason}".strip()
        signoff.save(update_fields=["voided_at", "voided_by", "void_reason"])
        voided.append(signoff)
        release = signoff.revision.as_object()
        required = signoff.task_state.task.specific.required_for(release)
        standing = _standing_count(signoff.task_state)
        scheduled = signoff.task_state.status == TaskState.STATUS_APPROVED
        log(
            instance=release,
            action=SIGNOFF_VOIDED_ACTION,
            user=by,
            revision=signoff.revision,
            data={
                "spokesperson": person.get_username(),
                "reason": signoff.void_reason,
                "standing": standing,
                "required": required,
                "held": scheduled and standing < required,
                "digest": signoff.digest,
            },
        )
        others = [
            s.user for s in SignOff.objects.filter(task_state=signoff.task_state).standing().exclude(pk=signoff.pk)
        ]
        committee = list(get_user_model().objects.filter(groups__name=DISCLOSURE_COMMITTEE, is_active=True))
        state = "held until enough active spokespersons sign again" if scheduled else "back to needing sign-offs"
        _send(
            others + committee,
            f"Sign-off voided: {release.title}",
            f"{person.get_full_name() or person.get_username()}'s designation as an authorized spokesperson was "
            f"revoked, so their sign-off of “{release.title}” no longer counts: {standing} of {required} required "
            f"sign-offs stand. The release is {state}.\n\n{edit_url(release)}\n",
        )
    return voided


def countersign_problem(task_state: TaskState, user) -> str | None:
    """Why `user` may not add a sign-off to a scheduled release's completed approval (or None)."""
    if not is_active_spokesperson(user):
        return "Only an active authorized spokesperson may sign."
    if is_requester_or_author(task_state, user) or decided_another_step(task_state, user):
        return "You submitted, wrote or reviewed this release: another spokesperson must sign."
    if SignOff.objects.filter(task_state=task_state, user=user).exists():
        return "You have signed this approval already."
    return None


@transaction.atomic
def countersign(task_state: TaskState, user, *, comment: str = "") -> SignOff:
    """Add an active spokesperson's sign-off to a held release's approval (the same exact revision)."""
    task_state = TaskState.objects.select_for_update().select_related("revision", "task").get(pk=task_state.pk)
    if not isinstance(task_state.task.specific, SpokespersonSignOffTask):
        raise PermissionDenied("This is not a spokesperson sign-off.")
    if task_state.status != TaskState.STATUS_APPROVED or task_state.revision.approved_go_live_at is None:
        raise PermissionDenied("Only a scheduled release waiting for its time can be signed again.")
    problem = countersign_problem(task_state, user)
    if problem:
        raise PermissionDenied(problem)
    release = task_state.revision.as_object()
    signoff, _, _ = record_sign_off(task_state, user, release, comment=comment, countersigned=True)
    return signoff
