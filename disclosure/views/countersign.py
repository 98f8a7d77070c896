"""Admin → Scheduled releases → *Sign again…*: an active spokesperson countersigns a held release.

A scheduled release whose sign-off was voided (its signer's designation revoked) is held at its
release time until enough active spokespersons sign the same revision again
(disclosure.signoff_voiding). This page shows exactly what is being signed (headline, release
time, revision, digest, materiality, the files) and asks for confirmation.
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

from disclosure.guard import approval_standing, approved_task_states
from disclosure.models import SignOff
from disclosure.releases import release_or_404
from disclosure.signature import sign
from disclosure.signoff_voiding import countersign, countersign_problem
from disclosure.withdraw import scheduled_revision


class CountersignForm(forms.Form):
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CountersignView(WagtailAdminTemplateMixin, FormView):
    """`/admin/disclosure/countersign/<page_id>/`."""

    form_class = CountersignForm
    template_name = "disclosure/countersign.html"
    page_title = "Sign again"
    header_icon = "doc-empty-inverse"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.page = release_or_404(page_id, "Only press releases are signed here.")
        revision = scheduled_revision(self.page)
        self.task_state = None
        if revision is not None:
            self.task_state = approved_task_states(self.page.pk).filter(revision=revision).first()
        if self.task_state is None:
            messages.error(request, "No approved revision of this release is waiting in the schedule.")
            return redirect("disclosure_scheduled")
        problem = countersign_problem(self.task_state, request.user)
        if problem:
            raise PermissionDenied(problem)
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return []

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        revision = self.task_state.revision
        release = revision.as_object()
        signed = sign(revision)
        context.update(
            release=release,
            revision=revision,
            digest=signed.digest,
            files=signed.manifest,
            release_at=timezone.localtime(release.release_at, release.profile.tz),
            tz_label=release.profile.tz_label,
            signoffs=list(SignOff.objects.filter(task_state=self.task_state).select_related("user")),
            standing=approval_standing(self.page.pk),
            action_url=reverse("disclosure_countersign", args=(self.page.pk,)),
        )
        return context

    def form_valid(self, form):
        countersign(self.task_state, self.request.user, comment=form.cleaned_data["comment"])
        standing = approval_standing(self.page.pk)
        if standing.revision_id is not None:
            messages.success(
                self.request,
                f"Signed: “{self.page.title}” has its sign-offs again and goes public at its release time.",
            )
        else:
            messages.warning(self.request, f"Signed. “{self.page.title}” is still held: {standing.problem}.")
        return redirect("disclosure_scheduled")
