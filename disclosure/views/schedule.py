"""Admin → Scheduled releases: what goes public when, who approved it, who may stop it, the exchange notice.

``/admin/disclosure/scheduled/`` lists every approved release waiting for its release time
(with a live countdown), soonest first, held ones with the reason they are held; each row names the
spokespersons who signed it off, the active spokespersons who may cancel it, and what the
listing venue asks (disclosure.exchange) with the notices recorded.
``/admin/disclosure/exchange-notice/<page_id>/`` records that the exchange was notified.
The rules are in disclosure.schedule.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from company.market_time import MarketDateTimeField
from disclosure.exchange import VENUE_RULES, notice_requirement
from disclosure.models import ExchangeNotice, Spokesperson, is_active_spokesperson
from disclosure.releases import release_or_404
from disclosure.schedule import may_follow_releases, record_exchange_notice, scheduled_releases, with_fit


class ScheduleView(WagtailAdminTemplateMixin, TemplateView):
    """Admin → Scheduled releases."""

    template_name = "disclosure/scheduled_releases.html"
    page_title = "Scheduled releases"
    header_icon = "time"

    def get_breadcrumbs_items(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            rows=scheduled_releases(user),
            may_cancel=list(Spokesperson.objects.active().select_related("user")),
            can_cancel=is_active_spokesperson(user),
            now=timezone.now(),
        )
        return context


# -- exchange notice ---------------------------------------------------------------


class ExchangeNoticeForm(forms.Form):
    notified_by = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="Notified by")
    reference = forms.CharField(
        max_length=200, required=False, help_text="Confirmation number or the exchange contact, if any."
    )
    field_order = ["notified_at", "notified_by", "reference"]

    def __init__(self, *args, tz, tz_label, **kwargs):
        super().__init__(*args, **kwargs)
        # Read in market time whatever the admin's clock, refusing times daylight saving skips
        # (the release form's own field). A time in the future is refused by record_exchange_notice.
        self.fields["notified_at"] = MarketDateTimeField(
            tz=tz,
            label="Exchange notified at",
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            help_text=f"Market time ({tz_label}). When the notice was given (by MarketWatch upload or call).",
        )
        self.order_fields(self.field_order)
        self.fields["notified_by"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")


class ExchangeNoticeView(WagtailAdminTemplateMixin, FormView):
    """``/admin/disclosure/exchange-notice/<page_id>/``: record that the exchange was notified."""

    form_class = ExchangeNoticeForm
    template_name = "disclosure/exchange_notice.html"
    page_title = "Record exchange notice"
    header_icon = "mail"

    def dispatch(self, request, page_id, *args, **kwargs):
        page = release_or_404(page_id, "Exchange notices are recorded for press releases.")
        if not may_follow_releases(request.user, page):
            raise PermissionDenied("You may not record notices for this release.")
        self.page = page
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return []

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_form_kwargs(self):
        profile = self.page.profile
        return {**super().get_form_kwargs(), "tz": profile.tz, "tz_label": profile.tz_label}

    def get_initial(self):
        now = timezone.localtime(timezone.now(), self.page.profile.tz).replace(tzinfo=None, second=0, microsecond=0)
        return {"notified_at": now, "notified_by": self.request.user.pk}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = self.page.get_latest_revision_as_object()
        context.update(
            page=self.page,
            release_at=latest.release_at,
            rule=VENUE_RULES.get(self.page.profile.exchange),
            requirement=notice_requirement(self.page.profile.exchange, latest.release_at)
            if latest.release_at
            else None,
            notices=with_fit(
                ExchangeNotice.objects.filter(page=self.page).select_related("notified_by", "recorded_by"),
                latest.release_at,
            ),
            action_url=reverse("disclosure_exchange_notice", args=(self.page.pk,)),
        )
        return context

    def form_valid(self, form):
        try:
            record_exchange_notice(self.page, by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Exchange notice recorded for “{self.page.get_admin_display_title()}”.")
        return redirect("disclosure_scheduled")


schedule = ScheduleView.as_view()
exchange_notice = ExchangeNoticeView.as_view()
