"""Insider lists as the EU template lays them out, at any version, and their CSV and XLSX exports.

A release's section (Template 1 of Implementing Regulation (EU) 2022/1210, Annex I) and the
permanent insiders section (Template 2) are built from InsiderListChange: every version of a
list is the rows as they stood after one of its changes, so an earlier version stays readable
(`?version=<change id>` in the admin) whatever was changed since. Times are UTC, as the
template asks ("yyyy-mm-dd, hh:mm UTC").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery

from insiders import models as m
from releases.models import PressReleasePage

# The template's columns, in its order (Template 1: a section per piece of inside information).
PERSON_COLUMNS = [
    ("first_names", "First name(s) of the insider"),
    ("surnames", "Surname(s) of the insider"),
    ("birth_surnames", "Birth surname(s) of the insider (if different)"),
    ("professional_phone", "Professional telephone number(s) (work direct telephone line and work mobile numbers)"),
    ("company", "Company name and address"),
    ("function", "Function and reason for being insider"),
]
PERSONAL_COLUMNS = [
    ("date_of_birth", "Date of birth"),
    ("national_id", "National Identification Number (if applicable)"),
    ("personal_phone", "Personal telephone numbers (home and personal mobile telephone numbers)"),
    ("home_address", "Personal full home address (street name; street number; city; post/zip code; country)"),
]
RELEASE_COLUMNS = [
    *PERSON_COLUMNS,
    ("obtained", "Obtained (the date and time at which a person obtained access to inside information)"),
    ("ceased", "Ceased (the date and time at which a person ceased to have access to inside information)"),
    *PERSONAL_COLUMNS,
]
PERMANENT_COLUMNS = [
    *PERSON_COLUMNS,
    ("included", "Included (the date and time at which a person was included in the permanent insider section)"),
    *PERSONAL_COLUMNS,
]
# Beyond the template: how access was obtained and whether the duties were acknowledged.
EXTRA_COLUMNS = [("how", "How access was obtained"), ("acknowledged", "Duties acknowledged (UTC)")]


CREATED_HEADING = (
    "Date and time (of creation of this section of the insider list, i.e. when this inside information was identified)"
)


def utc(moment: dt.datetime | str | None) -> str:
    if not moment:
        return ""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d, %H:%M UTC")


@dataclass
class Section:
    title: str  # "Name of the inside information / event"
    created: dt.datetime | None
    updated: dt.datetime | None
    columns: list[tuple[str, str]]
    rows: list[dict] = field(default_factory=list)
    version: int = 0  # of `versions`
    versions: list[tuple[int, dt.datetime]] = field(default_factory=list)  # (change id, time), oldest first
    release: PressReleasePage | None = None

    def header(self) -> list[tuple[str, str]]:
        return [
            ("Name of the inside information / event", self.title),
            (CREATED_HEADING, utc(self.created)),
            ("Date and time (last update)", utc(self.updated)),
            ("Date of transmission to the competent authority", ""),
        ]


def _company(row: dict) -> str:
    return ", ".join(part for part in (row.get("company_name", ""), row.get("company_address", "")) if part)


def _versions(changes) -> list[tuple[int, dt.datetime]]:
    return [(change.pk, change.at) for change in changes]


def _latest_rows(changes) -> dict[int, dict]:
    """insider id -> their row after the last of `changes` (oldest first) that concerns them."""
    rows: dict[int, dict] = {}
    for change in changes:
        rows[change.insider_id] = {**rows.get(change.insider_id, {}), **change.row, "insider_id": change.insider_id}
    return rows


def release_title(release: PressReleasePage) -> str:
    when = f", release time {utc(release.release_at)}" if getattr(release, "release_at", None) else ""
    return f"Press release #{release.pk}: {release.title}{when}"


def ceased_at(release: PressReleasePage) -> dt.datetime | None:
    """When the release's information stopped being inside information: it went public."""
    return release.first_published_at


def _history(release, version: int | None) -> tuple[list, list]:
    """A list's changes, oldest first: all of them, and those up to change `version` (all if None or unknown)."""
    all_changes = list(m.InsiderListChange.objects.filter(release=release).order_by("at", "pk"))
    cut = next((i for i, change in enumerate(all_changes) if change.pk == version), None)
    return all_changes, all_changes if cut is None else all_changes[: cut + 1]


def release_section(release: PressReleasePage, *, version: int | None = None) -> Section:
    """The release's section as it stood after change `version` (a change id; default: the latest)."""
    all_changes, changes = _history(release, version)
    as_of = changes[-1].at if changes else None
    ceased = ceased_at(release)
    if ceased is not None and as_of is not None and version is not None and ceased > as_of:
        ceased = None  # that version predates the release going public
    rows = []
    for row in _latest_rows(changes).values():
        rows.append(
            {
                **row,
                "company": _company(row),
                "obtained": utc(row.get("obtained_at")),
                "ceased": utc(ceased),
                "how": m.ACCESS_LABELS.get(row.get("how", ""), row.get("how", "")),
                "acknowledged": utc(row.get("acknowledged_at")),
            }
        )
    rows.sort(key=lambda r: (r.get("obtained_at", ""), r.get("surnames", "")))
    versions = _versions(all_changes)
    return Section(
        title=release_title(release),
        created=all_changes[0].at if all_changes else None,
        updated=as_of,
        columns=RELEASE_COLUMNS,
        rows=rows,
        version=len(changes),
        versions=versions,
        release=release,
    )


def permanent_section(*, version: int | None = None) -> Section:
    all_changes, changes = _history(None, version)
    rows = []
    for row in _latest_rows(changes).values():
        if row.get("removed_at"):
            continue
        rows.append(
            {
                **row,
                "company": _company(row),
                "included": utc(row.get("included_at")),
                "how": "Permanent insider",
                "acknowledged": utc(row.get("acknowledged_at")),
            }
        )
    rows.sort(key=lambda r: (r.get("included_at", ""), r.get("surnames", "")))
    return Section(
        title="Permanent insiders (access to all inside information)",
        created=all_changes[0].at if all_changes else None,
        updated=changes[-1].at if changes else None,
        columns=PERMANENT_COLUMNS,
        rows=rows,
        version=len(changes),
        versions=_versions(all_changes),
    )


def releases_with_lists(*, material: bool = True):
    """Releases (material, or not marked material) with at least one insider, latest first access first."""
    accesses = m.InsiderAccess.objects.filter(release_id=OuterRef("pk"))
    first = accesses.order_by("obtained_at").values("obtained_at")[:1]
    count = accesses.order_by().values("release_id").annotate(n=Count("pk")).values("n")
    return (
        PressReleasePage.objects.filter(is_material=material)
        .filter(pk__in=m.InsiderAccess.objects.values("release_id"))
        .annotate(first_access=Subquery(first), insiders=Subquery(count))
        .order_by("-first_access", "-pk")
    )


def sections_between(since: dt.datetime, until: dt.datetime) -> list[Section]:
    """Every material release's section with an access in [since, until), and the permanent section."""
    release_ids = (
        m.InsiderAccess.objects.filter(obtained_at__gte=since, obtained_at__lt=until, release__in=material_releases())
        .values_list("release_id", flat=True)
        .distinct()
    )
    sections = [release_section(r) for r in PressReleasePage.objects.filter(pk__in=list(release_ids)).order_by("pk")]
    return [permanent_section(), *sections]


def material_releases():
    return PressReleasePage.objects.filter(is_material=True)


# -- exports ----------------------------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _table(section: Section, personal: bool) -> tuple[list[str], list[list[str]]]:
    columns = [c for c in section.columns if personal or c not in PERSONAL_COLUMNS] + EXTRA_COLUMNS
    return [heading for _, heading in columns], [
        [_cell(row.get(key, "")) for key, _ in columns] for row in section.rows
    ]


def as_csv(sections: list[Section], *, personal: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for n, section in enumerate(sections):
        if n:
            writer.writerow([])
        for label, value in section.header():
            writer.writerow([label, _cell(value)])
        writer.writerow(["Version", f"{section.version} of {len(section.versions)}"])
        writer.writerow([])
        headings, rows = _table(section, personal)
        writer.writerow(headings)
        writer.writerows(rows)
    return out.getvalue()


def as_xlsx(sections: list[Section], *, personal: bool = True) -> bytes:
    from openpyxl import Workbook  # 0.15 s to import, for an export only: not in every process that loads lists
    from openpyxl.styles import Font  # with Workbook, for the same reason

    book = Workbook()
    book.remove(book.active)
    for n, section in enumerate(sections, start=1):
        name = f"Release {section.release.pk}" if section.release is not None else "Permanent insiders"
        sheet = book.create_sheet(title=name[:31] if name not in book.sheetnames else f"{name[:28]} {n}")
        for label, value in section.header():
            sheet.append([label, _cell(value)])
        sheet.append(["Version", f"{section.version} of {len(section.versions)}"])
        sheet.append([])
        headings, rows = _table(section, personal)
        sheet.append(headings)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
