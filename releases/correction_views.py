"""Admin view: *Correct release…* on a live release starts a correction (releases/corrections.py)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ir_site.text import paragraph_problem
from releases.corrections import CorrectionRefused, start_correction
from releases.models import PressReleasePage


class CorrectionNoteForm(forms.Form):
    note = forms.CharField(
        label="Correction note",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=(
            "What changed, where, and what it read before, as readers will see it at the top of the release, "
            "e.g. “In the third paragraph, the revenue figure should read $2.9 million, not $2.8 million, as "
            "previously stated.”"
        ),
        error_messages={"required": "Write the correction note: what changed, where, and what it read before."},
    )

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        problem = paragraph_problem(note)
        if problem:
            raise ValidationError(problem)
        return note


def may_correct(user, page: PressReleasePage) -> bool:
    """Whoever may edit the release (the PR team) may start its correction; it still needs the whole workflow."""
    return page.live and page.permissions_for_user(user).can_edit()


class CorrectReleaseView(WagtailAdminTemplateMixin, FormView):
    """Ask for the correction note, save the draft that carries it, and open it in the editor."""

    template_name = "releases/admin/correct_release.html"
    form_class = CorrectionNoteForm
    page_title = "Correct release"
    header_icon = "edit"

    def dispatch(self, request: HttpRequest, *args, page_id: int, **kwargs) -> HttpResponse:
        page = PressReleasePage.objects.filter(pk=page_id).first()
        if page is None:
            raise Http404
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        self.page = page
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.page.title

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context.update(
            page=self.page,
            action_url=reverse("releases_correct", args=[self.page.pk]),
            submit_button_label="Start the correction",
            submit_button_active_label="Saving…",
        )
        return context

    def form_valid(self, form: CorrectionNoteForm) -> HttpResponse:
        try:
            start_correction(self.page, self.request.user, form.cleaned_data["note"])
        except CorrectionRefused as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        messages.success(
            self.request,
            f"Correction of “{self.page.title}” started as a draft. Make the change, then submit it for review: "
            "the live release is unchanged until the correction is signed off.",
        )
        return redirect(edit_url)


correct_release = CorrectReleaseView.as_view()
