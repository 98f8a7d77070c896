"""The event page's admin form (its `base_form_class`, so it lives beside the models)."""

from __future__ import annotations

from company.disclosed import DisclosedPageForm
from company.market_time import MarketDateTimeField
from company.models import profile_for

TIME_FIELDS = {
    "start_at": ("Starts", "when the event begins"),
    "end_at": ("Ends", "when it is over"),
}


class EventPageForm(DisclosedPageForm):
    """Start and end are entered in the company's market time zone (ET), whatever the admin's own clock.

    As a release's time is (company.market_time.MarketDateTimeField): shown and read as market time,
    refusing times that daylight saving skips, so an untouched time compares equal to what is stored.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = kwargs.get("parent_page")
        profile = profile_for(parent or self.instance)
        for name, (label, what) in TIME_FIELDS.items():
            field = self.fields.get(name)
            if field is None:
                continue
            self.fields[name] = MarketDateTimeField(
                tz=profile.tz,
                required=field.required,
                widget=field.widget,
                label=f"{label} ({profile.tz_label})",
                help_text=f"Market time, {profile.tz_label}: {what}.",
            )
