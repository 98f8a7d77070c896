"""The Disclosure Policy in data: who may speak for the company, and how a release is signed off."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, Page, Revision, Task, TaskState

from company.groups import COMMITTEE_GROUP_NAME  # also imported from here by disclosure's modules
from disclosure.actions import SIGN_OFF_ACTION
from disclosure.decision_report import REFUSED, Decision, note
from disclosure.forms import SignOffConfirmationForm, SpokespersonForm
from disclosure.signature import sign

# The Disclosure Policy's floors: a material release is never signed by fewer than two
# distinct spokespersons, any other release by fewer than one, whatever a task row says.
MIN_MATERIAL_SIGNOFFS = 2
MIN_SIGNOFFS = 1


class SpokespersonQuerySet(models.QuerySet):
    def active(self, at=None):
        """Designations in force at `at` (default: now)."""
        at = at or timezone.now()
        return self.filter(effective_from__lte=at).filter(Q(effective_until__isnull=True) | Q(effective_until__gt=at))


class Spokesperson(models.Model):
    """A designation in the register of authorized spokespersons.

    The Code of Business Conduct says only authorized spokespersons speak for the
    company; under the Disclosure Policy they are also the only people who can put a
    press release before the public. Rows are never deleted: revoking ends a
    designation (effective_until), so the register shows who could approve at any time.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="designations")
    title = models.CharField(max_length=150, help_text="e.g. Chief Executive Officer")
    effective_from = models.DateTimeField(default=timezone.now)
    effective_until = models.DateTimeField(null=True, blank=True, help_text="Blank while in force.")
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    designated_at = models.DateTimeField(auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the revocation was recorded (it may take effect later)."
    )
    revocation_reason = models.TextField(blank=True)
    historical_reason = models.TextField(
        blank=True,
        help_text=(
            "Only for a historical entry: a designation that took effect before it is entered here. "
            "Say why it is entered late (logged)."
        ),
    )
    note = models.TextField(blank=True)

    objects = SpokespersonQuerySet.as_manager()
    base_form_class = SpokespersonForm

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = "authorized spokesperson"

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()}, {self.title}"

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.effective_from <= now and (self.effective_until is None or self.effective_until > now)

    def delete(self, *args, **kwargs):
        # The register shows who could approve at any moment: a designation ends, it never goes.
        raise PermissionDenied("A designation is never deleted: revoke it with a reason.")


def holds_policy_power(user) -> bool:
    """Whether a user may hold any Disclosure Policy power at all (committee member, spokesperson).

    Superusers hold none, by any route (group membership or a designation included): the
    one account that can change everything else must not also be able to approve. The
    single place this rule lives; is_compliance, is_active_spokesperson and the review
    task ask it.
    """
    return bool(getattr(user, "is_authenticated", False)) and not getattr(user, "is_superuser", False)


def is_active_spokesperson(user, at=None) -> bool:
    if not holds_policy_power(user):
        return False
    return Spokesperson.objects.active(at).filter(user=user).exists()


def revision_digest(revision: Revision) -> str:
    """SHA-256 of the revision's content, canonical JSON: what exactly was approved."""
    payload = json.dumps(revision.content, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def is_requester_or_author(task_state: TaskState, user) -> bool:
    """Nobody approves a release they submitted or whose latest revision they wrote."""
    workflow_state = task_state.workflow_state
    if workflow_state.requested_by_id == user.pk:
        return True
    revision = task_state.revision
    return revision is not None and revision.user_id == user.pk


def decided_another_step(task_state: TaskState, user) -> bool:
    """Whether `user` decided (or signed) another step of the same workflow run of this release.

    Separation of duties: the reviewer does not sign off, a spokesperson who signed does not
    review, whatever designations or groups the person holds.
    """
    same_run = TaskState.objects.filter(workflow_state_id=task_state.workflow_state_id).exclude(
        task_id=task_state.task_id
    )
    if same_run.filter(finished_by=user, status__in=(TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED)).exists():
        return True
    return SignOff.objects.filter(task_state__in=same_run, user=user).exists()


def _decided_elsewhere(user) -> Q:
    """Filter: in the same workflow run, `user` decided another step (the dashboard's decided_another_step)."""
    others = TaskState.objects.filter(workflow_state_id=models.OuterRef("workflow_state_id")).exclude(
        task_id=models.OuterRef("task_id")
    )
    decided = others.filter(finished_by=user, status__in=(TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED))
    signed = SignOff.objects.filter(task_state__workflow_state_id=models.OuterRef("workflow_state_id"), user=user)
    return Q(models.Exists(decided)) | Q(models.Exists(signed.exclude(task_state__task_id=models.OuterRef("task_id"))))


def lock_undecided(task_state: TaskState) -> TaskState:
    """Lock the task state's row for this transaction and refuse if it is already decided.

    One decision per task state at a time: the row lock serialises concurrent approvers
    and double submissions (Wagtail's workflow code takes no locks).
    """
    locked = TaskState.objects.select_for_update().get(pk=task_state.pk)
    if locked.status != TaskState.STATUS_IN_PROGRESS:
        raise PermissionDenied("This release has already been decided.")
    return locked


def _current_task_state(obj):
    workflow_state = obj.current_workflow_state
    return workflow_state.current_task_state if workflow_state else None


class DisclosureReviewTask(AbstractGroupApprovalTask):
    """Step 1: the compliance function reviews a release and may request changes.

    Unlike Wagtail's group approval, a superuser outside the group cannot approve,
    and nobody reviews what they submitted or last edited.
    """

    def _user_in_groups(self, user):
        # The reviewers are the Disclosure Committee, whatever groups the task row names (a
        # superuser could add a group of their choosing in Settings → Workflows), and a
        # superuser in the committee holds no power either (holds_policy_power).
        return (
            holds_policy_power(user)
            and super()._user_in_groups(user)
            and user.groups.filter(name=COMMITTEE_GROUP_NAME).exists()
        )

    def _may_decide(self, obj, user) -> bool:
        if not self._user_in_groups(user):
            return False
        task_state = _current_task_state(obj)
        return not (task_state and (is_requester_or_author(task_state, user) or decided_another_step(task_state, user)))

    def user_can_access_editor(self, obj, user):
        return self._user_in_groups(user)

    def locked_for_user(self, obj, user):
        return not self._user_in_groups(user)

    def get_actions(self, obj, user):
        if not self._may_decide(obj, user):
            return []
        return [
            ("reject", "Request changes", True),
            ("approve", "Review passed", False),
            ("approve", "Review passed with comment", True),
        ]

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        lock_undecided(task_state)
        obj = task_state.workflow_state.content_object
        if not self._may_decide(obj, user):
            raise PermissionDenied("You may not review this release.")
        result = super().on_action(task_state, user, action_name, **kwargs)
        note(
            Decision(
                task_state.pk,
                obj.pk,
                user.pk,
                action_name,
                comment=kwargs.get("comment", ""),
                revision_id=task_state.revision_id,
            )
        )
        return result

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if self._user_in_groups(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).exclude(_decided_elsewhere(user))
        return TaskState.objects.none()

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups (the Disclosure Committee) review and may request changes."

    class Meta:
        verbose_name = "Disclosure review"


class SpokespersonSignOffTask(Task):
    """Step 2: "Authorized spokesperson sign-off".

    Only a user who is an active spokesperson at the moment of the decision can sign
    off; never the submitter or the author of the latest revision. Each sign-off
    records the exact revision and its SHA-256 digest. Material releases need more
    distinct spokespersons than others.
    """

    material_signoffs_required = models.PositiveSmallIntegerField(
        default=MIN_MATERIAL_SIGNOFFS,
        validators=[MinValueValidator(MIN_MATERIAL_SIGNOFFS)],
        help_text=f"Distinct spokespersons who must sign off a material release (at least {MIN_MATERIAL_SIGNOFFS}).",
    )
    signoffs_required = models.PositiveSmallIntegerField(
        default=MIN_SIGNOFFS,
        validators=[MinValueValidator(MIN_SIGNOFFS)],
        help_text=f"Distinct spokespersons who must sign off any other release (at least {MIN_SIGNOFFS}).",
    )

    admin_form_fields = Task.admin_form_fields + ["material_signoffs_required", "signoffs_required"]

    def required_for(self, obj) -> int:
        """Sign-offs this release needs: the task's figure, never below the policy's floor.

        Whoever can edit workflow tasks in Settings (superusers) could otherwise lower the
        figure to what they control; the floor holds whatever the row says.
        """
        if getattr(obj, "is_material", False):
            return max(self.material_signoffs_required, MIN_MATERIAL_SIGNOFFS)
        return max(self.signoffs_required, MIN_SIGNOFFS)

    def _may_decide(self, obj, user, task_state=None) -> bool:
        if not is_active_spokesperson(user):
            return False
        task_state = task_state or _current_task_state(obj)
        if task_state is None:
            return False
        if is_requester_or_author(task_state, user) or decided_another_step(task_state, user):
            return False
        from disclosure.routes import routed_by  # routes queries this module's tasks and sign-offs

        if routed_by(task_state) == user.pk:
            # Routing a page through sign-off only stands in for the committee's review: its decider
            # does not also sign (disclosure.routes).
            return False
        return not SignOff.objects.filter(task_state=task_state, user=user).exists()

    def user_can_access_editor(self, obj, user):
        return is_active_spokesperson(user)

    def locked_for_user(self, obj, user):
        return not is_active_spokesperson(user)

    def get_actions(self, obj, user):
        if not self._may_decide(obj, user):
            return []
        # Signing asks for confirmation in Wagtail's workflow action modal: it shows what exactly
        # is signed (disclosure/sign_off_confirmation.html) and posts the revision shown.
        return [
            ("reject", "Reject", True),
            ("approve", "Sign off", True),
        ]

    def get_form_for_action(self, action):
        if action == "approve":
            return SignOffConfirmationForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action == "approve":
            return "disclosure/sign_off_confirmation.html"
        return super().get_template_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        """Reject, or sign the revision the spokesperson confirmed (``revision``: its id, as the modal showed it).

        A confirmation of any other revision than the one this step signs, or of a release edited
        since, signs nothing: it is refused with the reason (noted for the request's message).
        """
        locked = lock_undecided(task_state)
        obj = task_state.revision.as_object()
        if not self._may_decide(obj, user, task_state=locked):
            raise PermissionDenied("Only an authorized spokesperson who did not submit or write it may decide.")
        comment = kwargs.get("comment", "")
        if action_name == "reject":
            task_state.reject(user=user, comment=comment)
            note(Decision(task_state.pk, obj.pk, user.pk, action_name, comment=comment))
            return
        if action_name != "approve":
            raise PermissionDenied(f"Unknown action {action_name!r}.")
        problem = confirmation_problem(locked, kwargs.get("revision"))
        if not problem:
            problem = unreviewed_problem(locked, obj)
        if not problem:
            # In a quiet period, a release that is not the results release needs a reason (conduct.quiet_periods).
            quiet_period, problem = SignOffConfirmationForm.quiet_period_check(obj, kwargs)
        if problem:
            note(Decision(task_state.pk, obj.pk, user.pk, REFUSED, refused=problem))
            return
        _, given, required = record_sign_off(locked, user, obj, comment=comment)
        if quiet_period is not None:
            SignOffConfirmationForm.record_quiet_period(
                obj, quiet_period, user=user, data=kwargs, revision_id=locked.revision_id, task_state_id=task_state.pk
            )
        if given >= required:
            task_state.approve(user=user, comment=comment)
        note(
            Decision(
                task_state.pk,
                obj.pk,
                user.pk,
                action_name,
                comment=comment,
                given=given,
                required=required,
                revision_id=locked.revision_id,
            )
        )

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if is_active_spokesperson(user):
            from disclosure.routes import exclude_routed_by  # routes queries this module's tasks and sign-offs

            return exclude_routed_by(
                self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
                .exclude(signoffs__user=user)
                .exclude(_decided_elsewhere(user)),
                user,
            )
        return TaskState.objects.none()

    @classmethod
    def get_description(cls):
        return "Active authorized spokespersons sign off; material releases need several distinct sign-offs."

    class Meta:
        verbose_name = "Authorized spokesperson sign-off"


def confirmation_problem(task_state: TaskState, confirmed_revision_id) -> str:
    """Why a sign-off confirmed for `confirmed_revision_id` must not be recorded ("" when it may).

    The step signs its task state's revision. The confirmation must name that revision, and the
    release must not have been edited since (its latest revision is still that one): otherwise
    the spokesperson did not see what their signature would cover.
    """
    revision = task_state.revision
    title = revision.object_str or "This release"
    if confirmed_revision_id in (None, ""):
        return (
            f"Not signed: “{title}”. A sign-off is confirmed in its dialog, which shows the revision "
            "being signed. Open Sign off again."
        )
    try:
        confirmed = int(confirmed_revision_id)
    except (TypeError, ValueError):
        return f"Not signed: “{title}”. The confirmation names no revision. Open Sign off again."
    page = Page.objects.filter(pk=revision.object_id).select_related("latest_revision__user").first()
    latest = page.latest_revision if page else None
    if confirmed == revision.pk and latest is not None and latest.pk == revision.pk:
        return ""
    if latest is not None and latest.pk != confirmed:
        by = (latest.user.get_full_name() or latest.user.get_username()) if latest.user else "someone"
        changed = (
            f"Not signed: “{title}” changed after the revision you confirmed (revision {confirmed}): "
            f"its latest is revision {latest.pk}, saved by {by}. Nothing was signed."
        )
    else:
        changed = f"Not signed: “{title}”: revision {confirmed} is not the one this step signs. Nothing was signed."
    if latest is not None and latest.pk != revision.pk:
        return (
            f"{changed} This step is on revision {revision.pk}, and the release was edited after it "
            "began: the latest text must be reviewed and signed, so restart the workflow."
        )
    return f"{changed} Open Sign off again and read what it shows."


def unreviewed_problem(task_state: TaskState, obj) -> str:
    """Why this step must sign nothing for want of the committee's review ("" when it may sign).

    A run nobody on the committee reviewed is signed only for a page the committee routed through
    sign-off only (disclosure.routes); the guard refuses the same at publication.
    """
    from disclosure.routes import review_problem  # routes queries this module's tasks and sign-offs

    problem = review_problem(task_state, obj)
    if not problem:
        return ""
    title = task_state.revision.object_str or "This page"
    return f"Not signed: “{title}”: {problem}. Nothing was signed."


class SignOffQuerySet(models.QuerySet):
    def standing(self):
        """Sign-offs not voided (by a revocation of the signer's designation)."""
        return self.filter(voided_at__isnull=True)


def record_sign_off(task_state: TaskState, user, release, *, comment: str = "", **extra):
    """Sign `task_state`'s revision as `user`: the sign-off with its digest and files, and its log entry.

    Returns (sign-off, standing sign-offs, required). The task's decision and a countersignature of a
    held release (disclosure.signoff_voiding) both sign this way.
    """
    signed = sign(task_state.revision)
    signoff = SignOff.objects.create(
        task_state=task_state, user=user, revision=task_state.revision, digest=signed.digest, manifest=signed.manifest
    )
    given = sum(1 for s in SignOff.objects.filter(task_state=task_state).standing() if is_active_spokesperson(s.user))
    required = task_state.task.specific.required_for(release)
    log(
        instance=release,
        action=SIGN_OFF_ACTION,
        user=user,
        revision=task_state.revision,
        data={
            "digest": signed.digest,
            "given": given,
            "required": required,
            "comment": comment,
            "files": [{k: f[k] for k in ("kind", "id", "file", "sha256")} for f in signed.manifest],
            **extra,
        },
    )
    return signoff, given, required


class SignOff(models.Model):
    """One spokesperson's sign-off of one exact revision: its digest and the files it covers.

    The digest covers the revision's content and the fingerprint (bytes, title, focal point) of
    every document and image it shows (disclosure.signature). A sign-off is never deleted; a
    revocation of the signer's designation voids it (voided_at), and a release that no longer
    has enough standing sign-offs is held until enough active spokespersons sign again.
    """

    task_state = models.ForeignKey(TaskState, on_delete=models.PROTECT, related_name="signoffs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+")
    digest = models.CharField(max_length=64)
    manifest = models.JSONField(
        default=list, blank=True, help_text="Fingerprints of the documents and images the signed revision shows."
    )
    signed_at = models.DateTimeField(default=timezone.now)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    void_reason = models.TextField(blank=True)

    objects = SignOffQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task_state", "user"], name="one_signoff_per_person")]
        ordering = ["signed_at"]

    def __str__(self) -> str:
        return f"{self.user} signed off revision {self.revision_id} ({self.digest[:12]}…)"


class ExchangeNotice(models.Model):
    """A record that the listing venue was told of a release before it went public (who, when).

    Nasdaq and NYSE want notice of material news at least 10 minutes ahead inside their
    windows (disclosure.exchange); a material release in the window cannot go live without
    one. Rows are never deleted or edited: a mistaken record is corrected by a new one.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT, related_name="exchange_notices")
    venue = models.CharField(max_length=40, help_text="The listing venue notified, e.g. Nasdaq.")
    notified_at = models.DateTimeField(help_text="When the exchange was notified.")
    release_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=(
            "The release time the exchange was told of: the release's time when the notice was recorded. "
            "A notice counts only for that time; after a reschedule the exchange must be told again. "
            "Empty only on records made before this was kept (they count for any time)."
        ),
    )
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", help_text="Who notified the exchange."
    )
    reference = models.CharField(
        max_length=200, blank=True, help_text="Confirmation number or the exchange contact, if any."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-notified_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.venue} notified at {self.notified_at:%Y-%m-%d %H:%M} UTC by {self.notified_by}"

    def is_for(self, release_at) -> bool:
        """Whether this notice told the exchange of a release going public at `release_at`.

        To the millisecond: a revision keeps times to the millisecond (Django's JSON encoder),
        the release's own row to the microsecond.
        """
        if self.release_at is None:
            return True
        return release_at is not None and _to_ms(self.release_at) == _to_ms(release_at)


def _to_ms(moment):
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class CommitteeMembershipChange(models.Model):
    """A change to the Disclosure Committee's membership: proposed by one member, confirmed by another.

    The committee reviews every release and keeps the register of spokespersons, so who is on
    it is itself a disclosure record: nobody joins or leaves it through Admin → Users or
    Groups (disclosure.committee refuses those routes), and no single person changes it. A
    member proposes, a second, different member confirms (never the person whose membership
    changes), and only then does the group change. A committee with fewer than two members
    cannot apply that rule; it is seeded by the `bootstrap_committee` command, recorded here
    as a bootstrap with its reason. Rows are never deleted.
    """

    ADD = "add"
    REMOVE = "remove"
    CHANGES = [(ADD, "Add to the committee"), (REMOVE, "Remove from the committee")]
    PENDING = "pending"
    CONFIRMED = "confirmed"
    WITHDRAWN = "withdrawn"
    STATUSES = [(PENDING, "Awaiting a second member"), (CONFIRMED, "Confirmed"), (WITHDRAWN, "Withdrawn")]

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    change = models.CharField(max_length=10, choices=CHANGES)
    reason = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        help_text="Empty for a bootstrap (run from the server's shell).",
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    bootstrap = models.BooleanField(default=False)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = "committee membership change"

    def __str__(self) -> str:
        verb = "add" if self.change == self.ADD else "remove"
        return f"{verb} {self.person.get_username()} ({self.get_status_display().lower()})"

    def delete(self, *args, **kwargs):
        raise PermissionDenied("A committee membership record is never deleted.")


class ProfileChange(models.Model):
    """A change to the company profile: saved by one person, on the public site only once another confirms it.

    Every public page shows the profile (the company's name and listing, the logo and brand
    colour, the IR contact, the transfer agent, the legal notice's legend): a change of it is
    public text no signature covers. So saving Admin → Settings → Company profile does not
    change it: it records this proposal (the new values and those they replace), and a
    Disclosure Committee member other than the one who saved it confirms it
    (disclosure.profile_changes), or anyone of the committee withdraws it. Rows are never deleted.
    """

    PENDING = "pending"
    CONFIRMED = "confirmed"
    WITHDRAWN = "withdrawn"
    STATUSES = [(PENDING, "Awaiting confirmation"), (CONFIRMED, "Confirmed"), (WITHDRAWN, "Withdrawn")]

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.PROTECT, related_name="+")
    values = models.JSONField(help_text="The fields changed and their new values (a file or image by its id).")
    before = models.JSONField(help_text="The same fields' values when the change was saved.")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = "company profile change"

    def __str__(self) -> str:
        return f"company profile change {self.pk} ({self.get_status_display().lower()})"

    def delete(self, *args, **kwargs):
        raise PermissionDenied("A company profile change is never deleted.")


# -- the audit trail's hash chain (disclosure.audit_chain) -------------------------------------------


class AuditSeal(models.Model):
    """One link of the audit trail's hash chain: the seal of one Wagtail log entry.

    ``seal`` is the SHA-256 of the previous link's seal and the entry's canonical content
    (disclosure.audit_chain.canonical), written in the transaction that wrote the entry. On
    PostgreSQL the table is append-only in the database (migration 0007's trigger).
    """

    position = models.PositiveBigIntegerField(unique=True, help_text="1 for the first entry ever sealed.")
    source = models.CharField(max_length=5, choices=[("page", "Page log entry"), ("model", "Model log entry")])
    entry_id = models.PositiveBigIntegerField()
    seal = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["source", "entry_id"], name="one_seal_per_entry")]

    def __str__(self) -> str:
        return f"seal {self.position}: {self.source} entry {self.entry_id}"


class AuditChainHead(models.Model):
    """The chain's last link (one row): the lock that puts concurrent writers in one order.

    Verification never trusts it; it recomputes every seal from the entries themselves.
    """

    length = models.PositiveBigIntegerField(default=0)
    seal = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit chain head: {self.length} entries"


class AuditVerification(models.Model):
    """One run of the chain's verification (manage.py verify_audit_trail or the worker's schedule)."""

    ran_at = models.DateTimeField(default=timezone.now, db_index=True)
    intact = models.BooleanField()
    entries = models.PositiveBigIntegerField(help_text="Entries verified in order before the first problem.")
    head_seal = models.CharField(max_length=64, blank=True)
    head_at = models.DateTimeField(null=True, blank=True, help_text="Time of the last entry verified.")
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-ran_at", "-pk"]
        get_latest_by = "ran_at"

    def __str__(self) -> str:
        return (
            f"{'intact' if self.intact else 'BROKEN'} through entry {self.entries} at {self.ran_at:%Y-%m-%d %H:%M:%S}"
        )
