"""The press release's admin form (the page's `base_form_class`, so it lives beside the models)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminPageForm

from company.market_time import MarketDateTimeField
from company.models import profile_for
from releases.preflight import Finding, preflight

# The editor's buttons that send a release into the Disclosure Policy workflow. Saving a draft, and
# a reviewer's workflow action posted from the editor, are never held up by the preflight.
SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


class ShownTogether(ValidationError):
    """A body error that shows its siblings' messages too.

    The StreamField widget shows only its field's first error (BlockWidget.render_with_errors);
    the banner and the field's error list still get each message on its own.
    """

    def __init__(self, message: str, *, code: str, shown: list[str]):
        super().__init__(message, code=code)
        self.shown = shown

    def as_json_data(self) -> dict:
        return {"messages": self.shown}


class PressReleaseForm(WagtailAdminPageForm):
    """Release times are entered in the company's market time zone, whatever the admin's clock.

    New releases start with the dateline, wire, boilerplate and SOURCE line of the
    company profile, so the drafter sees (and the approvers review) the exact text.
    Submitting runs the preflight (releases/preflight.py): its errors refuse the submission.
    """

    # Set by a submission's cleaning: what the preflight found in the text posted (the editor's panel shows it).
    preflight_findings: list[Finding] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = kwargs.get("parent_page")
        self.profile = profile_for(parent or self.instance)
        tz_label = self.profile.tz_label
        field = self.fields.get("release_at")
        if field is not None:
            self.fields["release_at"] = MarketDateTimeField(
                tz=self.profile.tz,
                required=field.required,
                widget=field.widget,
                label=f"Release time ({tz_label})",
                help_text=f"Market time, {tz_label}: the moment this release goes public.",
            )
        if self.instance.pk is None and not self.is_bound:
            for name, default in self.instance.profile_defaults(self.profile).items():
                if name in self.fields and not self.initial.get(name):
                    self.initial[name] = default

    @property
    def is_submission(self) -> bool:
        return self.is_bound and any(action in self.data for action in SUBMIT_ACTIONS)

    def _post_clean(self):
        """After the instance has the posted values (Django sets them here), a submission gets the preflight."""
        super()._post_clean()
        if not self.is_submission:
            return
        self.preflight_findings = preflight(
            self.instance, profile=self.profile, contacts=self.posted_contacts(), submitting=True
        )
        self.refuse_preflight_errors([finding for finding in self.preflight_findings if finding.is_error])

    def posted_contacts(self) -> list | None:
        """The media contacts posted with the form (None: the form has no contacts, read the release's).

        The contacts' formset is applied to the release only when the form saves, so it is read here:
        its filled-in forms not marked for deletion.
        """
        formset = self.formsets.get("contacts")
        if formset is None:
            return None
        formset.is_valid()  # cleans the contact forms (ClusterForm cleans the page's own fields first)
        return [
            form.cleaned_data["contact"]
            for form in formset.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("contact")
            and not form.cleaned_data.get("DELETE")
        ]

    def refuse_preflight_errors(self, errors: list[Finding]) -> None:
        """Each error on its field; one without a field of the form (the media contacts) for the whole form.

        A field whose own value was refused already gets no preflight error: the check read its old value.
        """
        refused = set(self.errors)
        body = [finding.message for finding in errors if finding.field == "body"]
        for finding in errors:
            code = f"preflight_{finding.code}"
            if finding.field in self.fields:
                if finding.field in refused:
                    continue
                if finding.field == "body" and finding.message == body[0]:
                    error = ShownTogether(finding.message, code=code, shown=body)  # the first shows them all
                else:
                    error = ValidationError(finding.message, code=code)
                self.add_error(finding.field, error)
            else:
                message = finding.message
                if not message.startswith(finding.where):
                    message = f"{finding.where}: {message}"
                self.add_error(None, ValidationError(message, code=code))
