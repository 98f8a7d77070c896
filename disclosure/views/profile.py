"""Settings → Company profile changes: the changes saved on the company profile, confirmed by a second person.

The committee sees what each waiting change would put on every public page (field by field,
before and after) and confirms it, unless they saved it; the person who saved it or any
member withdraws it (disclosure.profile_changes). Everyone who may edit the profile sees
the list, so they know their change waits.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.contrib.settings.views import get_setting_edit_handler

from company.models import CompanyProfile
from disclosure import profile_changes
from disclosure.models import ProfileChange
from disclosure.services import is_compliance

HISTORY = 20


def may_see(user) -> bool:
    """The committee, and whoever may edit the company profile."""
    return is_compliance(user) or user.has_perm("company.change_companyprofile")


def _require(request: HttpRequest) -> None:
    if not may_see(request.user):
        raise PermissionDenied("Only the Disclosure Committee and the profile's editors see its changes.")


def profile_changes_view(request: HttpRequest) -> HttpResponse:
    """``/admin/disclosure/profile-changes/``."""
    _require(request)
    user = request.user
    pending = list(profile_changes.pending().order_by("proposed_at", "pk"))
    decided = list(
        ProfileChange.objects.exclude(status=ProfileChange.PENDING)
        .select_related("proposed_by", "decided_by")
        .order_by("-decided_at", "-pk")[:HISTORY]
    )
    related = profile_changes.related_objects([*pending, *decided])
    is_committee = is_compliance(user)
    waiting = [
        {
            "change": change,
            "rows": profile_changes.rows(change, related),
            "may_confirm": profile_changes.may_confirm(change, user),
            "may_withdraw": is_committee or change.proposed_by_id == user.pk,
        }
        for change in pending
    ]
    history = [{"change": change, "rows": profile_changes.rows(change, related)} for change in decided]
    title = "Company profile changes"
    return TemplateResponse(
        request,
        "disclosure/profile_changes.html",
        {
            "waiting": waiting,
            "history": history,
            "is_committee": is_committee,
            "page_title": title,
            "header_title": title,
            "header_icon": "cog",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": "Dashboard"},
                {"url": "", "label": title},
            ],
        },
    )


def _decide(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    _require(request)
    change = get_object_or_404(ProfileChange, pk=pk)
    try:
        service(change, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("disclosure_profile_changes")


@require_POST
def confirm_profile_change(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, profile_changes.confirm, "Confirmed: the public site shows the new company profile.")


@require_POST
def withdraw_profile_change(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, profile_changes.withdraw, "Withdrawn: the company profile is unchanged.")


def profile_edit_url(site_id: int) -> str:
    return reverse("wagtailsettings:edit", args=["company", "companyprofile", site_id])


def intercept_profile_save(request: HttpRequest, instance) -> HttpResponse | None:
    """Wagtail's `before_edit_setting`: a valid save of the company profile becomes a change to confirm.

    An invalid form goes on to Wagtail's view, which shows its errors and saves nothing. A GET
    says which change waits, if one does.
    """
    if not isinstance(instance, CompanyProfile):
        return None
    list_url = reverse("disclosure_profile_changes")
    if request.method != "POST":
        waiting = profile_changes.pending(instance.site).first()
        if waiting is not None:
            who = waiting.proposed_by.get_full_name() or waiting.proposed_by.get_username()
            messages.warning(
                request,
                f"A change saved by {who} waits for a Disclosure Committee member's confirmation; the form and the "
                "public site show the profile as it is until then.",
                buttons=[messages.button(list_url, "See the change")],
            )
        return None
    current = CompanyProfile.objects.get(pk=instance.pk)
    edited = CompanyProfile.objects.get(pk=instance.pk)
    form_class = get_setting_edit_handler(CompanyProfile).get_form_class()
    form = form_class(request.POST, request.FILES, instance=edited, for_user=request.user)
    if not form.is_valid():
        return None
    try:
        change = profile_changes.propose(current, form.instance, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages), buttons=[messages.button(list_url, "See the change")])
        return redirect(profile_edit_url(instance.site_id))
    if change is None:
        messages.info(request, "Nothing changed in the company profile.")
    else:
        messages.success(
            request,
            "Saved for confirmation: the public site keeps the current profile until a member of the Disclosure "
            "Committee other than you confirms the change.",
            buttons=[messages.button(list_url, "See the change")],
        )
    return redirect(profile_edit_url(instance.site_id))
