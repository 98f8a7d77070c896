"""The register of exceptions as the committee and the audit committee read it: filtered, and exported as CSV.

The filters (disposition, who decided, the disclosure deadline) narrow the register in the admin
(`/admin/conduct/waivers/`) and its export alike (`export.csv` with the same query), so what is
exported is what was on the screen. The deadline filter reads each entry's disclosure clock
(conduct.waivers.clock) at the moment of the request: overdue now, disclosed late, or still to
disclose in time. Corrected entries stay in the register and the export, saying which entry
corrects them; only the entry that stands has a clock.

The export is one row per entry, every field the register keeps, times in market time (ISO 8601
with the offset), cells a spreadsheet would read as a formula quoted; each export is logged
("conduct.register_exported": who, how many rows, which filters).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.admin.filters import WagtailFilterSet
from wagtail.log_actions import log

import django_filters

from conduct import waivers
from conduct.certification import csv_cell, csv_moment
from conduct.models import DecidedBy, Disposition, ExceptionRequest

OVERDUE, LATE, DUE = "overdue", "late", "due"
DEADLINE_CHOICES = (
    (OVERDUE, "Overdue: not disclosed by the deadline"),
    (LATE, "Disclosed after the deadline"),
    (DUE, "Still to disclose, in time"),
)


def _deadline_state(clock: waivers.Clock | None) -> str:
    if clock is None or not clock.applies:
        return ""
    if clock.stopped:
        return LATE if clock.late else ""
    return OVERDUE if clock.is_overdue else DUE


class RegisterFilter(WagtailFilterSet):
    """The register's filters: disposition, who decided, and where the disclosure deadline stands."""

    disposition = django_filters.ChoiceFilter(
        choices=Disposition.choices, label="Disposition", empty_label="Any disposition"
    )
    decided_by = django_filters.ChoiceFilter(choices=DecidedBy.choices, label="Decided by", empty_label="Anyone")
    deadline = django_filters.ChoiceFilter(
        choices=DEADLINE_CHOICES, label="Disclosure deadline", empty_label="Any", method="filter_deadline"
    )

    class Meta:
        model = ExceptionRequest
        fields = ["disposition", "decided_by"]

    def filter_deadline(self, queryset, name, value):
        now = timezone.now()
        tz, _ = waivers.market_zone()
        standing = queryset.filter(corrections__isnull=True).select_related("disclosure_page")
        return queryset.filter(pk__in=[e.pk for e in standing if _deadline_state(waivers.clock(e, now, tz)) == value])

    def applied(self) -> dict[str, str]:
        """The filters in force, by label (for the log and the page)."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        applied = {}
        for name, value in self.form.cleaned_data.items():
            if value:
                field = self.form.fields[name]
                applied[str(field.label)] = str(dict(field.choices).get(value, value))
        return applied


def with_corrections(queryset) -> list[ExceptionRequest]:
    """The entries, newest first, each with `corrected_by` (the entry that replaced it on the register, or None)."""
    entries = list(
        queryset.select_related("disclosure_page", "corrects", "recorded_by").prefetch_related("corrections")
    )
    for entry in entries:
        corrections = list(entry.corrections.all())
        entry.corrected_by = corrections[-1] if corrections else None
    return entries


def rows(entries: list[ExceptionRequest], now: dt.datetime) -> list[dict]:
    """Each entry with its disclosure clock at `now` (None for a corrected one: its correction stands)."""
    tz, _ = waivers.market_zone()
    return [
        {"entry": entry, "clock": waivers.clock(entry, now, tz) if entry.corrected_by is None else None}
        for entry in entries
    ]


EXPORT_COLUMNS = (
    "No.",
    "Record",
    "Corrects No.",
    "Corrected by No.",
    "Correction note",
    "Name",
    "Position",
    "Title",
    "Provision of the Code",
    "Requested on",
    "What is asked",
    "Why",
    "Supervisor",
    "The supervisor's view",
    "Recorded by",
    "Recorded at",
    "Disposition",
    "Decided by",
    "Decided by (name)",
    "Decided at",
    "Resolution",
    "Reasons for the decision",
    "Conditions",
    "Disclosure due by",
    "Disclosure clock",
    "Disclosed on",
    "Website disclosure",
    "Form 8-K filed on",
    "Accession number",
    "Overdue logged at",
)


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def export_row(row: dict, tz) -> list:
    entry, clock = row["entry"], row["clock"]
    page = entry.disclosure_page
    return [
        entry.pk,
        entry.get_kind_display(),
        entry.corrects_id or "",
        entry.corrected_by.pk if entry.corrected_by else "",
        entry.correction_note,
        entry.requester_name,
        entry.get_position_display(),
        entry.requester_title,
        entry.provision_heading,
        _day(entry.requested_on),
        entry.description,
        entry.reason,
        entry.supervisor_name,
        entry.supervisor_view,
        entry.recorded_by.get_username(),
        csv_moment(entry.recorded_at, tz),
        entry.get_disposition_display(),
        entry.get_decided_by_display(),
        entry.decided_by_name,
        csv_moment(entry.decided_at, tz),
        entry.resolution_reference,
        entry.decision_reason,
        entry.conditions,
        _day(clock.due) if clock and clock.applies else "",
        clock.label if clock else f"Corrected by No. {entry.corrected_by.pk}",
        _day(clock.disclosed_on) if clock else "",
        page.full_url if page is not None and page.live else "",
        _day(entry.form_8k_filed_on),
        entry.form_8k_accession,
        csv_moment(entry.overdue_logged_at, tz),
    ]


def export_csv(register_rows: list[dict], *, by, filters: dict[str, str]) -> str:
    """The register rows as CSV for the audit committee; the export is logged (who, rows, filters)."""
    tz, _ = waivers.market_zone()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows([[csv_cell(value) for value in export_row(row, tz)] for row in register_rows])
    user = get_user_model().objects.get(pk=by.pk)  # the user itself (request.user may be a lazy wrapper)
    log(
        instance=user,
        action=waivers.EXPORTED_ACTION,
        user=user,
        data={"rows": len(register_rows), "filters": filters, "format": "CSV", "person": user.get_username()},
    )
    return out.getvalue()
