"""Withdrawing a release and cancelling its scheduled release: a spokesperson's decision, with a reason, logged.

Wagtail's own unpublish and "cancel scheduled publish" are closed for releases
(disclosure.permissions); these two views are the only way, and only for an active
authorized spokesperson. Each writes Wagtail's usual entry (wagtail.unpublish,
wagtail.schedule.cancel) and ours with the reason (disclosure.withdraw,
disclosure.cancel_schedule). Either ends the standing of the approval it undoes
(disclosure.guard): going live again needs a new approval.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView

from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Page

from disclosure.actions import CANCEL_SCHEDULE_ACTION, WITHDRAW_ACTION
from disclosure.models import is_active_spokesperson
from releases.models import PressReleasePage


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required. Recorded in the release's history and the audit log.",
        max_length=2000,
    )


def scheduled_revision(page):
    """The revision of `page` approved and waiting for its go-live time, if any."""
    return page.revisions.filter(approved_go_live_at__isnull=False).order_by("-created_at", "-pk").first()


def _is_spokesperson(user) -> bool:
    """is_active_spokesperson, remembered on the request's user object (listings ask once per row)."""
    cached = getattr(user, "_disclosure_active_spokesperson", None)
    if cached is None:
        cached = is_active_spokesperson(user)
        if getattr(user, "is_authenticated", False):
            user._disclosure_active_spokesperson = cached
    return cached


def can_withdraw(user, page) -> bool:
    """Offer withdrawal: a live release, an active spokesperson."""
    return bool(page.live) and _is_spokesperson(user)


def can_cancel_schedule(user, page) -> bool:
    """Offer cancelling the schedule: an approved revision waiting for its time, an active spokesperson."""
    return _is_spokesperson(user) and scheduled_revision(page) is not None


def release_or_404(page_id: int, refusal: str) -> PressReleasePage:
    """The press release with this page id, or 404 with `refusal` (other pages have no such decision)."""
    page = get_object_or_404(Page, id=page_id).specific
    if not isinstance(page, PressReleasePage):
        raise Http404(refusal)
    return page


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
        reason = form.cleaned_data["reason"].strip()
        with transaction.atomic():
            page = PressReleasePage.objects.select_for_update().get(pk=self.page.pk)
            if not page.live:
                messages.error(self.request, "This release is not live: there is nothing to withdraw.")
                return redirect(self.edit_url())
            withdrawn_revision = page.live_revision
            # The permission tester refuses unpublishing to everyone; this view is the sanctioned path.
            UnpublishPageAction(page, user=self.request.user).execute(skip_permission_checks=True)
            log(
                instance=page,
                action=WITHDRAW_ACTION,
                user=self.request.user,
                revision=withdrawn_revision,
                data={"reason": reason, "revision_id": getattr(withdrawn_revision, "pk", None)},
            )
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
        reason = form.cleaned_data["reason"].strip()
        with transaction.atomic():
            page = PressReleasePage.objects.select_for_update().get(pk=self.page.pk)
            revision = scheduled_revision(page)
            if revision is None:
                return self._nothing_scheduled()
            go_live_at = revision.approved_go_live_at
            # What Wagtail's revisions_unschedule view does (it logs wagtail.schedule.cancel).
            revision.approved_go_live_at = None
            revision.save(user=self.request.user, update_fields=["approved_go_live_at"])
            log(
                instance=page,
                action=CANCEL_SCHEDULE_ACTION,
                user=self.request.user,
                revision=revision,
                data={"reason": reason, "revision_id": revision.pk, "go_live_at": go_live_at.isoformat()},
            )
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
