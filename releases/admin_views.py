"""Admin view: paste or upload wire text and get a draft release to review."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from company.models import profile_for
from releases.forms import WireImportForm
from releases.models import NewsroomPage
from releases.wire_import import WireImportError, import_wire_text


def newsrooms_for_user(user: AbstractBaseUser | AnonymousUser) -> list[NewsroomPage]:
    """The newsrooms this user may add releases to (an import creates a page there)."""
    if not user.is_authenticated or not user.is_active:
        return []
    return [
        newsroom
        for newsroom in NewsroomPage.objects.order_by("path")
        if newsroom.permissions_for_user(user).can_add_subpage()
    ]


class ImportReleaseView(WagtailAdminTemplateMixin, FormView):
    """Turn wire text into an unpublished draft, then open it in the page editor.

    Only people who could create the release by hand may import one; the draft
    then follows the normal review and publishing workflow.
    """

    template_name = "releases/admin/import_release.html"
    form_class = WireImportForm
    page_title = "Import wire text"
    header_icon = "upload"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.newsrooms = newsrooms_for_user(request.user)
        if not self.newsrooms:
            raise PermissionDenied
        self.profile = profile_for(self.newsrooms[0])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()
        kwargs.update(newsrooms=self.newsrooms, tz_label=self.profile.tz_label)
        return kwargs

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=reverse("releases_import_wire"),
            submit_button_label="Import as draft",
            submit_button_active_label="Importing…",
        )
        return context

    def form_valid(self, form: WireImportForm) -> HttpResponse:
        try:
            page = import_wire_text(
                form.wire_text(),
                form.chosen_newsroom(),
                user=self.request.user,
                release_time=form.chosen_release_time(),
            )
        except WireImportError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        messages.success(
            self.request,
            f"Imported “{page.title}” as a draft. Check it against the original before submitting it for review.",
            buttons=[messages.button(edit_url, "Edit")],
        )
        return redirect(edit_url)


import_release = ImportReleaseView.as_view()
