"""Admin form for the spokesperson register: the same rules as disclosure.services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm

from conduct import quiet_periods
from disclosure.register_rules import check_designator, effective_from_for, effective_until_for, same_minute


class SpokespersonForm(WagtailAdminModelForm):
    """A designation is never moved, reinstated, backdated or ended without a reason.

    The register must show who could approve at any moment, so an existing row keeps
    its person and start; ending it needs a reason and takes effect now or later (a
    revocation already dated ahead can be brought forward); an ended row stays ended
    (designate the person again instead). Nobody designates or revokes themselves. A
    start before today's entry is a historical entry, with its reason.

    The date-time widget shows minutes while rows hold seconds: a value shown and posted
    back unchanged is the row's own value.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self._original = (
            (instance.user_id, instance.effective_from, instance.effective_until, instance.historical_reason)
            if instance.pk
            else None
        )
        self.revocation = False
        if instance.pk and "historical_reason" in self.fields:
            # Part of the record once entered: shown, never edited.
            self.fields["historical_reason"].disabled = True

    def clean(self):
        cleaned = super().clean()
        now = timezone.now()
        if self._original is None:
            return self._clean_new(cleaned, now)
        user_id, effective_from, effective_until, historical_reason = self._original
        user = cleaned.get("user")
        if user is not None and user.pk != user_id:
            self.add_error("user", "A designation cannot be moved to another person: revoke it and designate anew.")
        if same_minute(cleaned.get("effective_from"), effective_from):
            cleaned["effective_from"] = effective_from
        else:
            self.add_error("effective_from", "The start of a designation is part of the record and cannot change.")
        cleaned["historical_reason"] = historical_reason
        self._clean_until(cleaned, now, effective_from, effective_until)
        return cleaned

    def _clean_new(self, cleaned, now):
        if cleaned.get("effective_until") or (cleaned.get("revocation_reason") or "").strip():
            raise ValidationError("A new designation starts in force; end it later by revoking it with a reason.")
        try:
            check_designator(cleaned.get("user"), self.for_user)
        except ValidationError as error:
            self.add_error("user", error)
        reason = (cleaned.get("historical_reason") or "").strip()
        try:
            start = cleaned.get("effective_from")
            cleaned["effective_from"] = effective_from_for(start, now=now, historical_reason=reason)
        except ValidationError as error:
            self.add_error("effective_from", error)
        cleaned["historical_reason"] = reason
        return cleaned

    def _clean_until(self, cleaned, now, effective_from, effective_until):
        new_until = cleaned.get("effective_until")
        if effective_until is not None and same_minute(new_until, effective_until):
            cleaned["effective_until"] = effective_until
            return
        if effective_until is not None and (effective_until <= now or new_until is None):
            self.add_error("effective_until", "An ended designation cannot be reinstated or changed: designate anew.")
            return
        if new_until is None:
            return
        # A revocation (or a pending one brought forward).
        if not (cleaned.get("revocation_reason") or "").strip():
            self.add_error("revocation_reason", "Give the reason for revoking the designation.")
        try:
            check_designator(self.instance.user, self.for_user, verb="revoke")
            until = effective_until_for(new_until, now=now, effective_from=effective_from)
        except ValidationError as error:
            self.add_error("effective_until", error)
            return
        if effective_until is not None and until >= effective_until:
            self.add_error("effective_until", "A revocation dated ahead can only be brought forward, not pushed back.")
            return
        cleaned["effective_until"] = until
        self.revocation = True

    def save(self, commit=True):
        instance = super().save(commit=False)
        now = timezone.now()
        if instance.pk is None:
            instance.designated_by = self.for_user
        elif self.revocation:
            instance.revoked_by = self.for_user
            instance.revoked_at = now
            instance.revocation_reason = instance.revocation_reason.strip()
        # Read by the after_create/after_edit hooks, which log the record.
        instance._register_revocation = self.revocation
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class SignOffConfirmationForm(forms.Form):
    """The spokesperson's confirmation in the Sign off modal: the revision shown, and an optional comment.

    ``revision`` is the id of the revision the modal showed (disclosure/sign_off_confirmation.html
    writes it); the task signs only that revision, and only while it is the release's latest
    (disclosure.models.confirmation_problem).
    """

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional; shown in the release's history and the audit trail.",
    )
    # A release that is not the results release, timed inside a quiet period (conduct.quiet_periods):
    # the modal writes the period's id and asks why it goes out then. The task checks again itself
    # (quiet_period_check), whatever was posted: the id only lets the modal show a missing reason.
    quiet_period = forms.IntegerField(widget=forms.HiddenInput, required=False)
    quiet_period_reason = forms.CharField(
        required=False,
        max_length=2000,
        label="Why it goes out in the quiet period",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded with your sign-off (the release's history and the audit trail).",
    )

    def clean(self):
        data = super().clean()
        if data.get("quiet_period") and not (data.get("quiet_period_reason") or "").strip():
            self.add_error(
                "quiet_period_reason",
                "This release goes out in a quiet period and is not the results release: say why it goes out now.",
            )
        return data

    @staticmethod
    def quiet_period_check(release, data: dict):
        """(the quiet period to confirm or None, the refusal when the reason is missing, else "")."""
        return quiet_periods.sign_off_check(release, data.get("quiet_period_reason"))

    @staticmethod
    def record_quiet_period(release, period, *, user, data: dict, revision_id: int, task_state_id: int) -> None:
        """Record the spokesperson's quiet-period confirmation and its reason (logged on the release)."""
        quiet_periods.record_confirmation(
            release,
            period,
            user=user,
            reason=data.get("quiet_period_reason") or "",
            revision_id=revision_id,
            task_state_id=task_state_id,
        )


class ReasonForm(forms.Form):
    """A decision recorded with a required written reason (withdrawal, cancellation, route)."""

    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required. Recorded in the page's history and the audit log.",
        max_length=2000,
    )
