"""Admin views for wire text: paste or upload it to get a draft release, download a release as wire text."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from company.models import profile_for
from releases.forms import WireImportForm
from releases.models import NewsroomPage, PressReleasePage
from releases.wire_export import NoLiveText, release_for_export, wire_text
from releases.wire_import import (
    DraftWarning,
    WireImportError,
    create_draft,
    decode_wire_text,
    import_warnings,
    parse_wire_text,
)


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
    then follows the normal review and publishing workflow. Before anything is
    created the drafter is warned when the same release (headline and date) exists
    already or its release time has passed; they go on by ticking "Create anyway".
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
        newsroom, release_time = form.chosen_newsroom(), form.chosen_release_time()
        try:
            text = decode_wire_text(form.wire_text())
            parsed = parse_wire_text(text)
            warnings = import_warnings(parsed, newsroom, release_time)
        except WireImportError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        key = warnings_key(warnings)
        if warnings and not form.confirmed(key):
            return self.confirm_step(form, text, warnings, key)
        try:
            page = create_draft(parsed, newsroom, user=self.request.user, release_time=release_time)
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

    def confirm_step(self, form: WireImportForm, text: str, warnings: list[DraftWarning], key: str) -> HttpResponse:
        """The form again, holding the text (an upload becomes pasted text), the warnings and "Create anyway"."""
        data = self.request.POST.copy()
        data["text"] = text
        data["acknowledged"] = key
        data.pop("create_anyway", None)
        form = WireImportForm(data=data, newsrooms=self.newsrooms, tz_label=self.profile.tz_label)
        form.is_valid()
        items = [
            {
                "warning": warning,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[warning.page.pk]) if warning.page else "",
            }
            for warning in warnings
        ]
        return self.render_to_response(self.get_context_data(form=form, warnings=items))


def warnings_key(warnings: list[DraftWarning]) -> str:
    """What the drafter confirms: these warnings (what, which release, which date), so a changed text asks again."""
    said = "\n".join(f"{w.code}:{w.page.pk if w.page else ''}:{w.message}" for w in warnings)
    return hashlib.sha256(said.encode()).hexdigest()[:16]


import_release = ImportReleaseView.as_view()


# -- download wire text ---------------------------------------------------------

WIRE_TEXT_DOWNLOADED_ACTION = "releases.wire_text_downloaded"


def may_download_wire_text(user: AbstractBaseUser | AnonymousUser, page: PressReleasePage) -> bool:
    """Whoever may edit the release, which includes whoever its current workflow step lets open the editor.

    Wagtail's can_edit asks the current task (Task.user_can_access_editor), so the reviewers and
    signers of a release in the workflow may download what they are deciding; nobody else, since
    an embargoed release's text is inside information.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    return page.permissions_for_user(user).can_edit()


@require_GET
def download_wire_text(request: HttpRequest, page_id: int) -> HttpResponse:
    """The release's latest revision as wire text (`?live=1`: its live text), as a file; logged on the page.

    The log entry is the record of who took the text away; on a release that was never public
    the insider list counts it as access (the insider lists listen to every log entry). Anyone
    else gets a plain 403, not the admin's redirect to the dashboard (what Wagtail makes of
    PermissionDenied): the link is a download, and a script fetching it must see the refusal.
    Wagtail's admin adds never_cache's directives to the Cache-Control set here.
    """
    page = get_object_or_404(PressReleasePage, pk=page_id)
    if not may_download_wire_text(request.user, page):
        return HttpResponseForbidden(
            "Only people who may edit this release, or decide its current workflow step, may download its wire text.",
            content_type="text/plain; charset=utf-8",
        )
    live = request.GET.get("live") == "1"
    try:
        release = release_for_export(page, live=live)
    except NoLiveText as exc:
        raise Http404(str(exc)) from exc
    text = wire_text(release)
    log(
        instance=page,
        action=WIRE_TEXT_DOWNLOADED_ACTION,
        user=request.user,
        revision=page.live_revision if live else page.latest_revision,
        data={"live": live},
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{page.slug}.txt")
    response["Cache-Control"] = "private, no-store"
    return response
