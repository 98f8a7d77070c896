"""The press release's admin form (the page's `base_form_class`, so it lives beside the models)."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm

from company.market_time import MarketDateTimeField
from company.models import profile_for


class PressReleaseForm(WagtailAdminPageForm):
    """Release times are entered in the company's market time zone, whatever the admin's clock.

    New releases start with the dateline, wire, boilerplate and SOURCE line of the
    company profile, so the drafter sees (and the approvers review) the exact text.
    """

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
