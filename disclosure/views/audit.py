"""Admin → Audit trail: the Disclosure Policy's record, filtered by compliance and exported as CSV.

Only the Disclosure Committee (is_compliance) sees it; superusers are not special. The table
and `?export=csv` read the same filtered rows from disclosure.audit.audit_entries(), in the
same order: newest first.
"""

from __future__ import annotations

import csv
import json
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from disclosure.audit import (
    ACTION_LABELS,
    CSV_COLUMNS,
    SHORT_DIGEST,
    AuditEntries,
    audit_entries,
    logged_actions,
    logged_people,
    market_zone,
)
from disclosure.audit_chain import head, last_verification
from disclosure.services import is_compliance
from releases.models import PressReleasePage

PAGE_SIZE = 50
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """The cell's text, with a leading quote if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class AuditFilterForm(forms.Form):
    release = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    person = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    action = forms.ChoiceField(required=False)
    date_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, tz_label: str = "ET", **kwargs):
        super().__init__(*args, **kwargs)
        releases = PressReleasePage.objects.order_by("-release_at", "-pk").values_list("pk", "title", "release_at")
        self.fields["release"].choices = [("", "All releases")] + [
            (pk, f"{title} ({release_at:%Y-%m-%d}, #{pk})") for pk, title, release_at in releases
        ]
        self.fields["person"].choices = [("", "Everyone")] + [
            (user.pk, f"{user.get_full_name() or user.get_username()} ({user.get_username()})")
            for user in logged_people()
        ]
        actions = dict(logged_actions())
        for code, label in ACTION_LABELS.items():
            actions.setdefault(code, label)
        self.fields["action"].choices = [
            ("", "All actions"),
            ("wagtail.workflow.*", "All workflow decisions"),
            ("disclosure.*", "All Disclosure Policy records"),
        ] + sorted(actions.items(), key=lambda item: item[1].lower())
        self.fields["date_from"].label = f"From ({tz_label})"
        self.fields["date_to"].label = f"To ({tz_label}, inclusive)"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned

    def filters(self) -> dict:
        """audit_entries() arguments from the fields that are valid (an invalid one filters nothing)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "release": data.get("release"),
            "user": data.get("person"),
            "actions": [data["action"]] if data.get("action") else None,
            "since": data.get("date_from"),
            "until": data.get("date_to") if "date_to" not in self.errors else None,
        }


class AuditTrailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "disclosure/audit_trail.html"
    page_title = "Audit trail"
    header_icon = "history"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_compliance(request.user):
            raise PermissionDenied("Only the Disclosure Committee may read or export the audit trail.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        tz, self.tz_label = market_zone()
        self.form = AuditFilterForm(request.GET or None, tz_label=self.tz_label)
        self.entries = audit_entries(**self.form.filters())
        if request.GET.get("export") == "csv":
            return self.csv_response(self.entries.newest_first_order(), tz)
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        page = Paginator(self.entries.newest_first_order(), PAGE_SIZE).get_page(self.request.GET.get("p"))
        query = {key: value for key, value in self.request.GET.items() if key not in ("p", "export") and value}
        context.update(
            form=self.form,
            page_obj=page,
            rows=list(page.object_list),
            tz_label=self.tz_label,
            short_digest=SHORT_DIGEST,
            verification=last_verification(),
            head_url=reverse("disclosure_audit_head"),
            csv_url="?" + urlencode({**query, "export": "csv"}),
            page_query=urlencode(query),
        )
        return context

    def csv_response(self, entries: AuditEntries, tz) -> HttpResponse:
        stamp = timezone.localtime(timezone.now(), tz).strftime("%Y%m%d")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="disclosure-audit-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow([heading.format(label=self.tz_label) for _, heading in CSV_COLUMNS])
        for row in entries:
            writer.writerow([neutralise(getattr(row, field)) for field, _ in CSV_COLUMNS])
        return response


audit_trail = AuditTrailView.as_view()


def audit_head(request: HttpRequest) -> HttpResponse:
    """``/admin/disclosure/audit/head/``: the chain's head seal with its time, as a JSON file to keep
    outside the system (a later verification is compared with it)."""
    if not is_compliance(request.user):
        raise PermissionDenied("Only the Disclosure Committee may export the audit trail's head seal.")
    exported = head()
    stamp = exported["exported_at"].replace(":", "").replace("-", "")
    response = HttpResponse(json.dumps(exported, indent=2) + "\n", content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="audit-head-{stamp}.json"'
    return response
