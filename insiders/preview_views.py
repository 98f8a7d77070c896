"""Embargoed press previews: the journalist's link (no login) and the admin's send and revoke screens."""

from __future__ import annotations

import mimetypes
import posixpath

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST, require_safe

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from company.market_time import MarketDateTimeField
from company.models import CompanyProfile
from insiders import models as m
from insiders import previews
from releases.models import PressReleasePage

REG_FD = (
    "The recipient is a member of the press receiving this release under embargo, not a market professional "
    "(an analyst, investor, broker, dealer, investment adviser or fund manager) or a holder of the company's "
    "securities. Under Regulation FD a preview to one of those would be a selective disclosure of material "
    "information."
)


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_cache=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the link's secret must not leave in a Referer header
    return response


def _gone(request, preview, status: str) -> HttpResponse:
    return _private(
        TemplateResponse(request, "insiders/press_preview_gone.html", {"state": status, "preview": preview}, status=410)
    )


@require_safe
def press_preview(request, token: str):
    """``/press-preview/<token>/``: the release as the revision scheduled, marked EMBARGOED; or why not."""
    preview = previews.find(token)
    if preview is None:
        raise Http404("No such preview.")
    status = previews.state(preview)
    if status == previews.PUBLIC:
        return redirect(preview.release.specific.get_url(request))
    if status != previews.VALID:
        return _gone(request, preview, status)
    previews.opened(preview, request)
    page = preview.revision.as_object()
    context = page.get_context(request)
    profile = CompanyProfile.for_default_site()
    context["embargo"] = {
        "label": previews.embargo_label(preview, profile),
        "release_at": preview.release_at,
        "recipient": preview.recipient_name,
        "outlet": preview.outlet,
        "company": profile.legal_name,
    }
    response = TemplateResponse(request, page.get_template(request), context)
    response.render()
    response.content = previews.rewrite_file_urls(response.content.decode(), token).encode()
    return _private(response)


@require_safe
def press_preview_file(request, token: str, path: str):
    """``/press-preview/<token>/file/documents/<id>/<name>`` or ``.../file/media/<path>``: a file the preview shows."""
    preview = previews.find(token)
    if preview is None or previews.state(preview) != previews.VALID:
        raise Http404("No such file.")
    normalised = posixpath.normpath(path)
    if normalised != path or normalised.startswith(("/", "..")):
        raise Http404("No such file.")
    shown = previews.shown_files(preview)
    Document, Image = get_document_model(), get_image_model()
    name = None
    if path.startswith("documents/"):
        parts = path.split("/")
        if len(parts) == 3 and parts[1].isdigit():
            name = next(
                (
                    f.file.name
                    for f in shown
                    if isinstance(f, Document) and f.pk == int(parts[1]) and f.filename == parts[2]
                ),
                None,
            )
    elif path.startswith("media/"):
        stored = path[len("media/") :]
        images = [f for f in shown if isinstance(f, Image)]
        renditions = Image.get_rendition_model().objects.filter(file=stored, image__in=images)
        if any(f.file.name == stored for f in images) or renditions.exists():
            name = stored
    if name is None:
        raise Http404("No such file.")
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("No such file.") from exc
    previews.opened(preview, request, path=path)
    response = FileResponse(handle, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
    return _private(response)


class PreviewForm(forms.Form):
    name = forms.CharField(label="Journalist's name", max_length=150)
    email = forms.EmailField(label="Journalist's e-mail address")
    outlet = forms.CharField(label="Publication or outlet", max_length=200)
    press_not_market = forms.BooleanField(label="The recipient is press, not a market professional", help_text=REG_FD)
    field_order = ["name", "email", "outlet", "expires_at", "press_not_market"]

    def __init__(self, *args, tz, tz_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_at"] = MarketDateTimeField(
            tz=tz,
            required=False,
            label=f"Link expires ({tz_label})",
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            help_text="Leave empty: at the release time, the latest a preview may last.",
        )
        self.order_fields(self.field_order)


def _may_send(request) -> None:
    if not previews.may_send(request.user):
        raise PermissionDenied("Only an authorized spokesperson or the Disclosure Committee may send press previews.")


def send(request, page_id: int):
    """``/admin/insiders/press-previews/<page id>/``: send a preview of a scheduled release; its previews."""
    _may_send(request)
    release = get_object_or_404(PressReleasePage, pk=page_id)
    profile = CompanyProfile.for_default_site()
    scheduled = previews.scheduled_revision(release)
    form = PreviewForm(request.POST or None, tz=profile.tz, tz_label=profile.tz_label)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            preview, _ = previews.send_preview(
                release,
                by=request.user,
                name=data["name"],
                email=data["email"],
                outlet=data["outlet"],
                expires_at=data["expires_at"],
            )
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Press preview sent to {preview.recipient_name} ({preview.outlet}); "
                f"it works until {previews.embargo_label(preview, profile)}.",
            )
            return redirect("insiders_press_previews", page_id=release.pk)
    sent = list(m.PressPreview.objects.filter(release=release).select_related("sent_by").prefetch_related("openings"))
    for preview in sent:
        preview.status = previews.state(preview)
        preview.label = previews.embargo_label(preview, profile)
    title = f"Press previews: {release.title}"
    return TemplateResponse(
        request,
        "insiders/press_previews.html",
        {
            "release": release,
            "scheduled": scheduled,
            "scheduled_label": previews.market_label(scheduled.approved_go_live_at, profile) if scheduled else "",
            "form": form,
            "sent": sent,
            "now": timezone.now(),
            "page_title": title,
            "header_title": title,
            "header_icon": "mail",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": "Dashboard"},
                {"url": reverse("wagtailadmin_pages:edit", args=[release.pk]), "label": release.title},
                {"url": "", "label": "Press previews"},
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def revoke(request, preview_id: int):
    _may_send(request)
    preview = get_object_or_404(m.PressPreview, pk=preview_id)
    try:
        previews.revoke(preview, by=request.user, reason=request.POST.get("reason", ""))
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The preview for {preview.recipient_name} no longer opens.")
    return redirect("insiders_press_previews", page_id=preview.release_id)
