"""Admin views of a spokesperson's decisions: withdraw a release, cancel its scheduled release.

``/admin/disclosure/withdraw/<page_id>/`` and ``/admin/disclosure/cancel-schedule/<page_id>/``
ask for a written reason; the decisions themselves are disclosure.withdraw's.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from disclosure.models import is_active_spokesperson
from disclosure.releases import release_or_404
from disclosure.withdraw import cancel_scheduled_release, scheduled_revision, withdraw_release


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required. Recorded in the release's history and the audit log.",
        max_length=2000,
    )


class DecisionView(WagtailAdminTemplateMixin, FormView):
    """A spokesperson's decision on one release, with a required written reason."""

    form_class = ReasonForm
    template_name = "wagtailadmin/generic/form.html"
    header_icon = "doc-empty-inverse"
    url_name = ""
    submit_button_label = ""

    def dispatch(self, request, page_id, *args, **kwargs):
        page = release_or_404(page_id, "Only press releases are withdrawn or de-scheduled here.")
        if not is_active_spokesperson(request.user):
            raise PermissionDenied("Only an authorized spokesperson may take this decision.")
        self.page = page
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return []

    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=(self.page.pk,))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=reverse(self.url_name, args=(self.page.pk,)),
            submit_button_label=self.submit_button_label,
            submit_button_active_label=self.submit_button_label,
            media=context["form"].media,
            page=self.page,
        )
        return context


class WithdrawView(DecisionView):
    """Unpublish a live release: `/admin/disclosure/withdraw/<page_id>/`."""

    url_name = "disclosure_withdraw"
    page_title = "Withdraw release"
    submit_button_label = "Withdraw (unpublish)"

    def get(self, request, *args, **kwargs):
        if not self.page.live:
            messages.error(request, "This release is not live: there is nothing to withdraw.")
            return redirect(self.edit_url())
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        page = withdraw_release(self.page.pk, by=self.request.user, reason=form.cleaned_data["reason"].strip())
        if page is None:
            messages.error(self.request, "This release is not live: there is nothing to withdraw.")
            return redirect(self.edit_url())
        messages.success(self.request, f"“{page.get_admin_display_title()}” withdrawn. Reason recorded.")
        return redirect(self.edit_url())

    def form_invalid(self, form):
        if not self.page.live:
            messages.error(self.request, "This release is not live: there is nothing to withdraw.")
            return redirect(self.edit_url())
        return super().form_invalid(form)


class CancelScheduleView(DecisionView):
    """Cancel the scheduled release of an approved revision: `/admin/disclosure/cancel-schedule/<page_id>/`."""

    url_name = "disclosure_cancel_schedule"
    page_title = "Cancel scheduled release"
    submit_button_label = "Cancel scheduled release"

    def _nothing_scheduled(self):
        messages.error(self.request, "No approved revision of this release is scheduled.")
        return redirect(self.edit_url())

    def get(self, request, *args, **kwargs):
        if scheduled_revision(self.page) is None:
            return self._nothing_scheduled()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        revision = scheduled_revision(self.page)
        if revision is not None:
            go_live = timezone.localtime(revision.approved_go_live_at)
            context["page_subtitle"] = f"{self.page.get_admin_display_title()} (scheduled for {go_live:%Y-%m-%d %H:%M})"
        return context

    def form_valid(self, form):
        revision = cancel_scheduled_release(
            self.page.pk, by=self.request.user, reason=form.cleaned_data["reason"].strip()
        )
        if revision is None:
            return self._nothing_scheduled()
        messages.success(
            self.request, f"Scheduled release of “{self.page.get_admin_display_title()}” cancelled. Reason recorded."
        )
        return redirect(self.edit_url())

    def form_invalid(self, form):
        if scheduled_revision(self.page) is None:
            return self._nothing_scheduled()
        return super().form_invalid(form)


withdraw = WithdrawView.as_view()
cancel_schedule = CancelScheduleView.as_view()
