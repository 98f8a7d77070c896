"""Admin → Insider lists: the Disclosure Committee's register of who had access before a release went public.

Only the committee (disclosure.services.is_compliance) sees any of it; superusers are not
special, as for the audit trail. Every view and export is itself an audit trail entry, and
every change is a new version of the lists it touches (insiders.records).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from disclosure.services import is_compliance
from insiders import lists
from insiders import models as m
from insiders.notices import acknowledge, duties_text
from insiders.records import add_permanent, log_read, remove_permanent, update_details
from releases.models import PressReleasePage

EXPORT_FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _committee_only(request) -> None:
    if not is_compliance(request.user):
        raise PermissionDenied("Only the Disclosure Committee may see or change insider lists.")


def _admin(title: str, icon: str = "group", *, under_index: bool = True) -> dict:
    """What Wagtail's generic admin base template needs: the title, its icon and the breadcrumbs."""
    crumbs = [{"url": reverse("wagtailadmin_home"), "label": "Dashboard"}]
    if under_index:
        crumbs.append({"url": reverse("insiders_index"), "label": "Insider lists"})
    crumbs.append({"url": "", "label": title})
    return {"page_title": title, "header_title": title, "header_icon": icon, "breadcrumbs_items": crumbs}


def _version(request) -> int | None:
    raw = request.GET.get("version", "")
    return int(raw) if raw.isdigit() else None


def _export(request, sections, filename: str, what: str) -> HttpResponse | None:
    fmt = request.GET.get("export", "")
    if fmt not in EXPORT_FORMATS:
        return None
    personal = request.GET.get("personal") != "0"
    log_read(request.user, what, fmt)
    if fmt == "csv":
        response = HttpResponse(lists.as_csv(sections, personal=personal), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(lists.as_xlsx(sections, personal=personal), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


class RangeForm(forms.Form):
    since = forms.DateField(label="From (UTC)", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To (UTC, included)", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("“From” must be on or before “To”.")
        return data

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        since = dt.datetime.combine(self.cleaned_data["since"], dt.time(), tzinfo=dt.UTC)
        until = dt.datetime.combine(self.cleaned_data["until"], dt.time(), tzinfo=dt.UTC) + dt.timedelta(days=1)
        return since, until


def index(request):
    """``/admin/insiders/``: every material release's list, the permanent section, and a date-range export."""
    _committee_only(request)
    form = RangeForm(request.GET or None) if "since" in request.GET else RangeForm()
    if "since" in request.GET and form.is_valid():
        since, until = form.bounds()
        exported = _export(
            request,
            lists.sections_between(since, until),
            f"insider-lists-{since:%Y%m%d}-{until - dt.timedelta(days=1):%Y%m%d}",
            f"all lists with access from {since:%Y-%m-%d} to {until - dt.timedelta(days=1):%Y-%m-%d}",
        )
        if exported is not None:
            return exported
    log_read(request.user, "index of insider lists")
    releases = list(lists.releases_with_lists())
    others = list(lists.releases_with_lists(material=False)[:50])
    for release in (*releases, *others):
        release.ceased = lists.ceased_at(release)
    return TemplateResponse(
        request,
        "insiders/index.html",
        {
            "releases": releases,
            "others": others,
            "permanent": m.PermanentInsider.objects.filter(until__isnull=True).select_related("insider"),
            "range_form": form,
            **_admin("Insider lists", under_index=False),
        },
    )


def release_list(request, page_id: int):
    """``/admin/insiders/release/<id>/``: one release's section, at any version; CSV and XLSX."""
    _committee_only(request)
    release = get_object_or_404(PressReleasePage, pk=page_id)
    section = lists.release_section(release, version=_version(request))
    what = f"release #{release.pk}" + (f", version {section.version}" if _version(request) else "")
    exported = _export(request, [section], f"insider-list-release-{release.pk}-v{section.version}", what)
    if exported is not None:
        return exported
    log_read(request.user, what)
    return TemplateResponse(
        request,
        "insiders/section.html",
        {"section": section, **_admin(f"Insider list: release #{release.pk}")},
    )


class PermanentForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("last_name", "username"),
        label="Person",
        help_text="Someone with access to all inside information (e.g. a member of the Disclosure Committee).",
    )


def permanent(request):
    """``/admin/insiders/permanent/``: the permanent insiders section; add and remove (POST)."""
    _committee_only(request)
    if request.method == "POST":
        form = PermanentForm(request.POST)
        if form.is_valid():
            try:
                add_permanent(form.cleaned_data["user"], by=request.user)
            except ValueError as exc:
                form.add_error("user", str(exc))
            else:
                messages.success(request, f"{form.cleaned_data['user']} added to the permanent insiders.")
                return redirect("insiders_permanent")
    else:
        form = PermanentForm()
    section = lists.permanent_section(version=_version(request))
    exported = _export(request, [section], f"permanent-insiders-v{section.version}", "permanent insiders")
    if exported is not None:
        return exported
    if request.method != "POST":
        log_read(request.user, "permanent insiders")
    current = m.PermanentInsider.objects.filter(until__isnull=True).select_related("insider")
    return TemplateResponse(
        request,
        "insiders/permanent.html",
        {
            "section": section,
            "current": current,
            "form": form,
            **_admin("Permanent insiders"),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def permanent_remove(request, entry_id: int):
    _committee_only(request)
    entry = get_object_or_404(m.PermanentInsider, pk=entry_id)
    try:
        remove_permanent(entry, by=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"{entry.insider} removed from the permanent insiders; the earlier versions keep them."
        )
    return redirect("insiders_permanent")


class InsiderForm(forms.ModelForm):
    class Meta:
        model = m.Insider
        fields = [
            "first_names",
            "surnames",
            "birth_surnames",
            "email",
            "professional_phone",
            "company_name",
            "company_address",
            "function",
            "date_of_birth",
            "national_id",
            "personal_phone",
            "home_address",
        ]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}


def person(request, insider_id: int):
    """``/admin/insiders/person/<id>/``: the committee completes or corrects a person's details."""
    _committee_only(request)
    insider = get_object_or_404(m.Insider, pk=insider_id)
    form = InsiderForm(request.POST or None, instance=insider)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            update_details(insider, by=request.user)
            messages.success(request, f"{insider}'s details saved: a new version of each list they are on.")
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("insiders_index")
        return redirect(target)
    if request.method != "POST":
        log_read(request.user, f"details of {insider}")
    return TemplateResponse(
        request,
        "insiders/person.html",
        {
            "form": form,
            "insider": insider,
            "accesses": insider.accesses.select_related("release").order_by("obtained_at"),
            **_admin(f"Insider: {insider}", "user"),
            "next": request.GET.get("next", ""),
        },
        status=400 if request.method == "POST" else 200,
    )


def acknowledge_view(request, token):
    """``/insiders/acknowledge/<token>/``: the link in an insider's notice (no login: a journalist has none)."""
    ack = m.Acknowledgement.objects.select_related("insider").filter(token=token).first()
    if ack is None:
        raise Http404("No such acknowledgement.")
    recorded = False
    if request.method == "POST":
        recorded = acknowledge(ack, address=request.META.get("REMOTE_ADDR"))
        ack.refresh_from_db()
    response = TemplateResponse(
        request,
        "insiders/acknowledge.html",
        {"ack": ack, "duties": ack.text or duties_text(), "recorded": recorded, "now": timezone.now()},
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
