"""Admin → Code of Conduct → Quiet periods: the Disclosure Committee's calendar of quiet periods.

Thin views over conduct.quiet_periods: the list (current and upcoming first, then past ones),
with the releases timed inside each and whether their sign-off needs a confirmation; adding and
changing a period (times entered in market time); drafting its entry on the public events
calendar. Each change is logged.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from company.market_time import MarketDateTimeField
from conduct import quiet_periods
from conduct.models import QuietPeriod
from conduct.waivers import is_committee_member, market_zone
from releases.models import PressReleasePage

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
DRAFTS_WITHIN = dt.timedelta(days=180)


def _committee_only(request) -> None:
    if not is_committee_member(request.user):
        raise PermissionDenied("Only the Disclosure Committee keeps the calendar of quiet periods.")


def _admin(title: str, *, under_index: bool = True) -> dict:
    crumbs = [{"url": reverse("wagtailadmin_home"), "label": "Dashboard"}]
    if under_index:
        crumbs.append({"url": reverse("conduct_quiet_periods"), "label": "Quiet periods"})
    crumbs.append({"url": "", "label": title})
    return {"page_title": title, "header_title": title, "header_icon": "time", "breadcrumbs_items": crumbs}


class QuietPeriodForm(forms.Form):
    label = forms.CharField(max_length=120, help_text="e.g. Q4 2026 quiet period")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, tz, tz_label, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, help_text in (
            ("starts_at", "Starts", f"Market time ({tz_label}), e.g. the quarter's end or two weeks before it."),
            ("ends_at", "Ends", f"Market time ({tz_label}): usually the results release's time (not included)."),
        ):
            self.fields[name] = MarketDateTimeField(
                tz=tz, label=label, widget=DATETIME_INPUT, input_formats=INPUT_FORMATS, help_text=help_text
            )
        self.order_fields(["label", "starts_at", "ends_at", "note"])


def releases_in_periods(periods: list[QuietPeriod], zone: tuple | None = None) -> dict[int, list[dict]]:
    """`{period id: releases timed inside it}`, by their latest revision, and whether a sign-off must confirm.

    A draft's or scheduled release's time and categories are in its latest revision (the page
    row keeps the last published or first saved values), so candidates are read as that
    revision: live ones timed in a period, and the ones with unpublished changes saved in the
    last DRAFTS_WITHIN days (an abandoned draft of years ago is nobody's second look). Two
    queries however many periods and releases: the candidates, and their confirmations.
    """
    if not periods:
        return {}
    zone = zone or market_zone()
    recent = timezone.now() - DRAFTS_WITHIN
    live_in_any = Q()
    for period in periods:
        live_in_any |= Q(release_at__gte=period.starts_at, release_at__lt=period.ends_at)
    candidates = (
        PressReleasePage.objects.filter(
            (Q(live=True, has_unpublished_changes=False) & live_in_any)
            | Q(has_unpublished_changes=True, latest_revision__created_at__gte=recent)
        )
        .select_related("latest_revision")
        .order_by("release_at")
    )
    releases = []
    for page in candidates:
        release = page.latest_revision.as_object() if page.has_unpublished_changes and page.latest_revision else page
        if release.release_at is not None and any(period.contains(release.release_at) for period in periods):
            releases.append((page.pk, release))
    confirmations = quiet_periods.confirmations_by_page([pk for pk, _ in releases])
    rows: dict[int, list[dict]] = {period.pk: [] for period in periods}
    for pk, release in sorted(releases, key=lambda item: item[1].release_at):
        row = {
            "page": release,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[pk]),
            "release_at": quiet_periods.market_moment(release.release_at, zone),
            "results": quiet_periods.is_results_release(release),
            "confirmations": confirmations.get(pk, []),
        }
        for period in periods:
            if period.contains(release.release_at):
                rows[period.pk].append(row)
    return rows


def index(request):
    """``/admin/conduct/quiet-periods/``."""
    _committee_only(request)
    now = timezone.now()
    periods = list(QuietPeriod.objects.select_related("created_by", "calendar_page").order_by("-starts_at"))
    ahead = sorted((p for p in periods if p.ends_at > now), key=lambda p: p.starts_at)
    past = [p for p in periods if p.ends_at <= now]
    zone = market_zone()
    releases = releases_in_periods(ahead, zone)
    entries = quiet_periods.calendar_entries(ahead, zone)
    rows = [
        {
            "period": p,
            "span": quiet_periods.span_text(p, zone),
            "starts": quiet_periods.market_moment(p.starts_at, zone),
            "ends": quiet_periods.market_moment(p.ends_at, zone),
            "current": p.contains(now),
            "releases": releases[p.pk],
            "edit_url": reverse("conduct_quiet_period_edit", args=[p.pk]),
            "calendar": entries[p.pk],
        }
        for p in ahead
    ]
    return TemplateResponse(
        request,
        "conduct/quiet_periods/index.html",
        {
            "rows": rows,
            "past": [{"period": p, "span": quiet_periods.span_text(p, zone)} for p in past],
            "results_slugs": ", ".join(quiet_periods.results_category_slugs()),
            "public_calendar": quiet_periods.calendar_drafter() is not None,
            **_admin("Quiet periods", under_index=False),
        },
    )


def edit(request, pk: int | None = None):
    """``/admin/conduct/quiet-periods/new/`` and ``…/<pk>/``: add or change a quiet period."""
    _committee_only(request)
    period = get_object_or_404(QuietPeriod, pk=pk) if pk is not None else None
    tz, tz_label = market_zone()
    initial = (
        {"label": period.label, "starts_at": period.starts_at, "ends_at": period.ends_at, "note": period.note}
        if period
        else {}
    )
    form = QuietPeriodForm(request.POST or None, initial=initial, tz=tz, tz_label=tz_label)
    if request.method == "POST" and form.is_valid():
        try:
            saved = quiet_periods.save_period(period=period, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, f"Quiet period saved: {quiet_periods.describe(saved)}.")
            entry = quiet_periods.calendar_entry(saved)
            if entry is not None and entry["differs"]:
                messages.warning(request, _calendar_differs(entry))
            return redirect("conduct_quiet_periods")
    title = f"Change {period.label}" if period else "Add a quiet period"
    return TemplateResponse(
        request,
        "conduct/quiet_periods/form.html",
        {
            "form": form,
            "period": period,
            "calendar": quiet_periods.calendar_entry(period) if period else None,
            "public_calendar": quiet_periods.calendar_drafter() is not None,
            **_admin(title),
        },
        status=400 if request.method == "POST" else 200,
    )


def _calendar_differs(entry: dict) -> str:
    where = "The public events calendar shows" if entry["live"] else "Its draft on the public events calendar says"
    return (
        f"{where} {entry['shown_span']}: edit “{entry['page'].title}” and send it through the Disclosure Policy "
        "so investors see the new dates."
    )


@require_POST
def draft_calendar(request, pk: int):
    """``/admin/conduct/quiet-periods/<pk>/calendar/`` (POST): draft the period's public calendar entry, open it."""
    _committee_only(request)
    period = get_object_or_404(QuietPeriod, pk=pk)
    try:
        page = quiet_periods.draft_calendar_entry(period, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("conduct_quiet_periods")
    messages.success(
        request,
        f"Drafted “{page.title}” for the public events calendar. It is not public: edit it if need be and submit it "
        "to the Disclosure Policy workflow; its sign-off publishes it.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
