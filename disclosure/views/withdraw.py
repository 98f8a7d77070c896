"""Admin views of a spokesperson's decisions: withdraw a disclosed page, cancel its scheduled publication.

``/admin/disclosure/withdraw/<page_id>/`` and ``/admin/disclosure/cancel-schedule/<page_id>/``
ask for a written reason, for a press release, an event, a governance document or the board and
management pages; the decisions themselves are disclosure.withdraw's.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from disclosure.forms import ReasonForm
from disclosure.models import is_active_spokesperson
from disclosure.releases import disclosed_or_404, is_release, kind_of
from disclosure.withdraw import cancel_scheduled_release, page_withdrawal_refusal, scheduled_revision, withdraw_release
from events.models import EventPage


class DecisionView(WagtailAdminTemplateMixin, FormView):
    """A spokesperson's decision on one disclosed page, with a required written reason."""

    form_class = ReasonForm
    template_name = "wagtailadmin/generic/form.html"
    header_icon = "doc-empty-inverse"
    url_name = ""
    submit_button_label = ""

    def dispatch(self, request, page_id, *args, **kwargs):
        page = disclosed_or_404(page_id, "Only disclosed pages (releases, events, governance pages) are decided here.")
        if not is_active_spokesperson(request.user):
            raise PermissionDenied("Only an authorized spokesperson may take this decision.")
        self.page = page
        self.kind = "release" if is_release(page) else kind_of(page)
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_page_title(self):
        return self.page_title.format(kind=self.kind)

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
            submit_button_label=self.submit_button_label.format(kind=self.kind),
            submit_button_active_label=self.submit_button_label.format(kind=self.kind),
            media=context["form"].media,
            page=self.page,
        )
        return context


class WithdrawView(DecisionView):
    """Unpublish a live release: `/admin/disclosure/withdraw/<page_id>/`."""

    url_name = "disclosure_withdraw"
    page_title = "Withdraw {kind}"
    submit_button_label = "Withdraw (unpublish)"

    def _refused(self):
        """Redirect with the message when there is nothing this decision may withdraw (None otherwise)."""
        refusal = page_withdrawal_refusal(self.page)
        if refusal is None and not self.page.live:
            refusal = f"This {self.kind} is not live: there is nothing to withdraw."
        if refusal is None:
            return None
        messages.error(self.request, refusal)
        return redirect(self.edit_url())

    def get(self, request, *args, **kwargs):
        return self._refused() or super().get(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if isinstance(self.page, EventPage):
            form.fields["reason"].help_text += (
                " To call an event off, publish a new version with status Cancelled instead: subscribed "
                "calendars then show it cancelled, while a withdrawn event simply disappears."
            )
        return form

    def form_valid(self, form):
        refused = self._refused()
        if refused:
            return refused
        page = withdraw_release(self.page.pk, by=self.request.user, reason=form.cleaned_data["reason"].strip())
        if page is None:
            messages.error(self.request, f"This {self.kind} is not live: there is nothing to withdraw.")
            return redirect(self.edit_url())
        messages.success(self.request, f"“{page.get_admin_display_title()}” withdrawn. Reason recorded.")
        return redirect(self.edit_url())

    def form_invalid(self, form):
        return self._refused() or super().form_invalid(form)


# A cancellation that finds its page published this recently lost the race with its release time.
JUST_PUBLISHED = dt.timedelta(minutes=5)


class CancelScheduleView(DecisionView):
    """Cancel the scheduled release of an approved revision: `/admin/disclosure/cancel-schedule/<page_id>/`."""

    url_name = "disclosure_cancel_schedule"
    page_title = "Cancel scheduled {kind}"
    submit_button_label = "Cancel scheduled {kind}"

    def _nothing_scheduled(self):
        # The release time came first (the publisher holds a release from a moment before its
        # time, disclosure/embargo.py, and this view's change waited for that commit).
        published_at = (
            Page.objects.filter(pk=self.page.pk, live=True).values_list("last_published_at", flat=True).first()
        )
        if published_at is not None and published_at >= timezone.now() - JUST_PUBLISHED:
            messages.error(
                self.request,
                f"This {self.kind} went public at {timezone.localtime(published_at):%Y-%m-%d %H:%M:%S} ET "
                "before the cancellation: nothing was cancelled. Withdraw it if it must come down.",
            )
        else:
            messages.error(self.request, f"No approved revision of this {self.kind} is scheduled.")
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
            self.request,
            f"Scheduled publication of “{self.page.get_admin_display_title()}” cancelled. Reason recorded.",
        )
        return redirect(self.edit_url())

    def form_invalid(self, form):
        if scheduled_revision(self.page) is None:
            return self._nothing_scheduled()
        return super().form_invalid(form)


withdraw = WithdrawView.as_view()
cancel_schedule = CancelScheduleView.as_view()
