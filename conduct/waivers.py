"""The register of exceptions to the Code, the waiver disclosure clock, and the website disclosure.

The rules (Form 8-K Item 5.05, Nasdaq Rule 5610, NYSE 303A.10, and the Code's own "Waivers"
section), as plain functions the admin views, the dashboard panel, the task worker and the
tests call:

- every request for an exception is recorded, employees' too, with its decision: by the CFO or
  CAO for an employee, by the board or a board committee for an executive officer or director
  (with the resolution); an amendment of the Code applying to them is a record of its own kind;
- the register is append-only (conduct.models.ExceptionRequest refuses edits and deletes
  itself): a mistake is put right by a correction, a new entry that replaces the old one on
  the register while the old one stays on record;
- a waiver granted to an executive officer or director starts a clock of four US federal
  business days from the board's decision (conduct.business_days), stopped by its website
  disclosure going public or by a Form 8-K recorded as filed; one business day before the
  deadline the register and the committee's dashboard warn, and an overdue clock is flagged
  and logged once ("conduct.waiver_overdue");
- the website disclosure is drafted from the entry as a CodeWaiverDisclosurePage, which goes
  public only through the Disclosure Policy workflow; it stays up twelve months (archiving is
  refused before, with the date it becomes possible), is then archived, still readable, and is
  kept five years in all: never deleted.

Every recording is a log entry ("conduct.*") for the audit trail.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from wagtail.log_actions import log
from wagtail.models import GroupPagePermission, ModelLogEntry

from company.ap_style import ap_date
from company.disclosed import free_child_slug
from company.groups import COMMITTEE_GROUP_NAME
from company.models import CompanyProfile, time_zone_label
from conduct import business_days
from conduct.models import (
    BOARD_LEVEL,
    AppendOnlyError,
    CodeWaiverDisclosurePage,
    CodeWaiverIndexPage,
    DecidedBy,
    Disposition,
    ExceptionRequest,
    RecordKind,
    WaiverDisclosureArchive,
)
from governance.code_import import CODE_SLUG
from governance.models import GovernanceDocumentPage, GovernanceIndexPage

RECORDED_ACTION = "conduct.exception_recorded"
DECIDED_ACTION = "conduct.exception_decided"
CORRECTED_ACTION = "conduct.exception_corrected"
FORM_8K_ACTION = "conduct.form_8k_recorded"
DRAFTED_ACTION = "conduct.waiver_disclosure_drafted"
OVERDUE_ACTION = "conduct.waiver_overdue"
ARCHIVED_ACTION = "conduct.waiver_disclosure_archived"
EXPORTED_ACTION = "conduct.register_exported"

# code, label (the audit trail's filter), message (Wagtail's history): one table for the hooks.
WAIVER_ACTIONS: tuple[tuple[str, str, str], ...] = (
    (RECORDED_ACTION, "Code exception request recorded", "Recorded a request for an exception to the Code"),
    (DECIDED_ACTION, "Code exception decided", "Recorded the decision on a request for an exception to the Code"),
    (CORRECTED_ACTION, "Code exception register corrected", "Recorded a correction of an entry of the register"),
    (FORM_8K_ACTION, "Code waiver disclosed by Form 8-K", "Recorded the Form 8-K that disclosed a Code waiver"),
    (DRAFTED_ACTION, "Code waiver disclosure drafted", "Drafted the website disclosure of a Code waiver"),
    (OVERDUE_ACTION, "Code waiver disclosure overdue", "The four business days to disclose a Code waiver ran out"),
    (ARCHIVED_ACTION, "Code waiver disclosure archived", "Archived a Code waiver disclosure after its 12 months"),
    (EXPORTED_ACTION, "Code exception register exported", "Exported the register of exceptions to the Code (CSV)"),
)

ACCESSION = re.compile(r"^\d{10}-\d{2}-\d{6}$")
EMPLOYEE_DECIDERS = (DecidedBy.CFO, DecidedBy.CAO)
BOARD_DECIDERS = (DecidedBy.BOARD, DecidedBy.BOARD_COMMITTEE)
INDEX_SLUG = "code-waivers"


# -- who keeps the register ---------------------------------------------------------------------


def is_committee_member(user) -> bool:
    """The Disclosure Committee keeps the register: its members, never a superuser as such.

    The same rule as disclosure.services.is_compliance (which this app, below disclosure, may
    not import): superusers hold no Disclosure Policy power.
    """
    return (
        bool(getattr(user, "is_authenticated", False))
        and getattr(user, "is_active", True)
        and not getattr(user, "is_superuser", False)
        and user.groups.filter(name=COMMITTEE_GROUP_NAME).exists()
    )


def require_committee(user) -> None:
    if not is_committee_member(user):
        raise PermissionDenied("Only the Disclosure Committee keeps the register of exceptions to the Code.")


def market_zone() -> tuple[zoneinfo.ZoneInfo, str]:
    """The company's market time zone and its label ("ET"): the default site's profile, else TIME_ZONE."""
    try:
        profile = CompanyProfile.for_default_site()
    except CompanyProfile.DoesNotExist:
        return zoneinfo.ZoneInfo(settings.TIME_ZONE), time_zone_label(settings.TIME_ZONE)
    return profile.tz, profile.tz_label


# -- the Code's provisions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A heading of the Code's page: what an exception is asked for, and where it is on the page."""

    heading: str
    anchor: str
    page_id: int | None = None


def code_page() -> GovernanceDocumentPage | None:
    """The Code of Business Conduct and Ethics page (the live one first)."""
    pages = GovernanceDocumentPage.objects.filter(slug=CODE_SLUG).order_by("-live", "pk")
    return pages.first()


def code_sections(page: GovernanceDocumentPage | None = None) -> list[Section]:
    """The Code's section headings, in order, with their anchors on the page (templates/blocks/heading.html).

    Headings and subheadings of the page's body, as governance/code_import.py structures them; the
    certification form is not a provision.
    """
    page = page or code_page()
    if page is None:
        return []
    sections = []
    for block in page.body:
        if block.block_type in ("heading", "subheading"):
            text = str(block.value)
            sections.append(Section(heading=text, anchor=slugify(text), page_id=page.pk))
    return sections


# -- the register --------------------------------------------------------------------------------


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _username(user) -> str:
    return user.get_username() if user is not None else ""


def _log_entry(entry: ExceptionRequest, action: str, *, by, **data) -> None:
    payload = {
        "entry": entry.pk,
        "kind": entry.kind,
        "requester": entry.requester_name,
        "position": entry.position,
        "provision": entry.provision_heading,
        **data,
    }
    if entry.requester_id:
        payload["person"] = _username(entry.requester)  # the audit trail's "by person" filter
    log(instance=entry, action=action, user=by, data=payload)


def _check_request(entry: ExceptionRequest) -> None:
    errors = {}
    if not entry.requester_name.strip():
        errors["requester_name"] = "Name the person who asks (or, for an amendment, whom it applies to)."
    if not entry.provision_heading.strip():
        errors["provision_heading"] = "Say which provision of the Code the request is about."
    if not entry.description.strip():
        errors["description"] = "Say what is asked for."
    if entry.kind == RecordKind.AMENDMENT and entry.position not in BOARD_LEVEL:
        errors["position"] = "An amendment is recorded here when it applies to executive officers or directors."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_request(*, by, corrects: ExceptionRequest | None = None, correction_note: str = "", **fields):
    """Record a request for an exception (or an amendment of the Code), as the committee; logged.

    `fields` are ExceptionRequest's request fields (requester_name, position, provision_heading,
    description, reason, ...). A correction goes through `record_correction`.
    """
    require_committee(by)
    now = timezone.now()
    fields.setdefault("requested_on", timezone.localdate(now, market_zone()[0]))
    entry = ExceptionRequest(
        recorded_by=by, recorded_at=now, corrects=corrects, correction_note=correction_note, **fields
    )
    _check_request(entry)
    entry.full_clean(exclude=["recorded_by", "corrects"])
    entry.save(force_insert=True)
    _log_entry(entry, RECORDED_ACTION, by=by)
    return entry


def _check_decision(entry: ExceptionRequest, now: dt.datetime) -> None:
    errors = {}
    disposition = entry.disposition
    if disposition == Disposition.PENDING:
        errors["disposition"] = "Choose the decision: granted, granted with conditions, refused or withdrawn."
    if disposition == Disposition.ADOPTED and entry.kind != RecordKind.AMENDMENT:
        errors["disposition"] = "Only an amendment of the Code is adopted; a request is granted or refused."
    if entry.kind == RecordKind.AMENDMENT and disposition in (Disposition.GRANTED, Disposition.GRANTED_WITH_CONDITIONS):
        errors["disposition"] = "An amendment is adopted (or refused, withdrawn), not granted."
    if entry.decided_at is None:
        errors["decided_at"] = "Give the date and time of the decision."
    elif timezone.is_naive(entry.decided_at):
        errors["decided_at"] = "The time of the decision needs its time zone."
    elif entry.decided_at > now:
        errors["decided_at"] = "The decision cannot be dated in the future."
    elif entry.decided_at.date() < entry.requested_on - dt.timedelta(days=1):
        errors["decided_at"] = "The decision cannot come before the request."
    if disposition != Disposition.WITHDRAWN:
        if entry.needs_board and entry.decided_by not in BOARD_DECIDERS:
            errors["decided_by"] = (
                "A waiver for an executive officer or director (or an amendment applying to them) is "
                "decided only by the Board of Directors or a committee of the Board."
            )
        elif not entry.needs_board and entry.decided_by not in EMPLOYEE_DECIDERS:
            errors["decided_by"] = "An employee's exception is decided by the Chief Financial or Accounting Officer."
        if not entry.decided_by_name.strip():
            errors["decided_by_name"] = "Name who decided (the officer, or the board or its committee)."
        if entry.needs_board and not entry.resolution_reference.strip():
            errors["resolution_reference"] = "Give the board's resolution (its reference or date and item)."
    if disposition == Disposition.GRANTED_WITH_CONDITIONS and not entry.conditions.strip():
        errors["conditions"] = "Write the conditions of the waiver."
    if errors:
        raise ValidationError(errors)


DECISION_INPUTS = (
    "disposition",
    "decided_by",
    "decided_by_name",
    "decided_at",
    "resolution_reference",
    "decision_reason",
    "conditions",
)


@transaction.atomic
def record_decision(entry: ExceptionRequest, *, by, now: dt.datetime | None = None, **decision) -> ExceptionRequest:
    """Record the decision on a pending entry (once: a decided entry is corrected, never re-decided); logged."""
    require_committee(by)
    now = _now(now)
    entry = ExceptionRequest.objects.select_for_update().get(pk=entry.pk)
    if entry.is_decided:
        raise AppendOnlyError(
            f"Entry No. {entry.pk} is already decided ({entry.get_disposition_display().lower()}): "
            "record a correction instead."
        )
    if entry.corrections.exists():
        raise AppendOnlyError(f"Entry No. {entry.pk} was corrected: record the decision on the entry that corrects it.")
    unknown = set(decision) - set(DECISION_INPUTS)
    if unknown:
        raise TypeError(f"Not decision fields: {', '.join(sorted(unknown))}")
    for name, value in decision.items():
        setattr(entry, name, value if value is not None else "")
    if decision.get("decided_at") is None:
        entry.decided_at = None
    _check_decision(entry, now)
    entry.decision_recorded_by = by
    entry.decision_recorded_at = now
    entry.save(update_fields=[*DECISION_INPUTS, "decision_recorded_by", "decision_recorded_at"])
    _log_entry(
        entry,
        DECIDED_ACTION,
        by=by,
        disposition=entry.disposition,
        decided_by=entry.get_decided_by_display(),
        decided_by_name=entry.decided_by_name,
        decided_at=entry.decided_at.astimezone(dt.UTC).isoformat(),
        resolution=entry.resolution_reference,
    )
    return entry


# What a correction copies from the entry it corrects unless given: every recorded field.
_COPIED = (
    "kind",
    "requester",
    "requester_name",
    "position",
    "requester_title",
    "provision_heading",
    "provision_anchor",
    "code_page",
    "requested_on",
    "description",
    "reason",
    "supervisor_name",
    "supervisor_view",
    *DECISION_INPUTS,
    "disclosure_page",
    "form_8k_filed_on",
    "form_8k_accession",
    "form_8k_recorded_by",
    "form_8k_recorded_at",
    "overdue_logged_at",
)


@transaction.atomic
def record_correction(entry: ExceptionRequest, *, by, note: str, now: dt.datetime | None = None, **changes):
    """A new entry that corrects `entry` (which stays on record as it was); logged on both.

    The correction copies everything `entry` recorded (its decision, Form 8-K and disclosure
    page included) except `changes`, and replaces it on the register: the clock, the warnings
    and the dashboard follow the correction.
    """
    require_committee(by)
    now = _now(now)
    if not (note or "").strip():
        raise ValidationError({"correction_note": "Say what the correction changes, and why."})
    entry = ExceptionRequest.objects.select_for_update().get(pk=entry.pk)
    if entry.corrections.exists():
        raise AppendOnlyError(
            f"Entry No. {entry.pk} is already corrected by No. {entry.corrections.latest('pk').pk}: correct that one."
        )
    unknown = set(changes) - set(_COPIED)
    if unknown:
        raise TypeError(f"Not register fields: {', '.join(sorted(unknown))}")
    values = {name: getattr(entry, name) for name in _COPIED}
    values.update(changes)
    correction = ExceptionRequest(
        recorded_by=by, recorded_at=now, corrects=entry, correction_note=note.strip(), **values
    )
    if entry.decision_recorded_at:
        correction.decision_recorded_by = by
        correction.decision_recorded_at = now
    _check_request(correction)
    if correction.is_decided:
        _check_decision(correction, now)
    correction.save(force_insert=True)
    changed = sorted(name for name in changes if changes[name] != getattr(entry, name))
    _log_entry(correction, CORRECTED_ACTION, by=by, corrects=entry.pk, note=correction.correction_note, changed=changed)
    return correction


def entry_history(entry: ExceptionRequest):
    """The entry's log entries (recorded, decided, Form 8-K, drafted, overdue), oldest first."""
    return ModelLogEntry.objects.for_instance(entry).select_related("user").order_by("timestamp", "pk")


def current_entries():
    """The register as it stands: entries not corrected by a later one, newest first."""
    return ExceptionRequest.objects.filter(corrections__isnull=True)


@transaction.atomic
def record_form_8k(entry: ExceptionRequest, *, by, filed_on: dt.date, accession: str, now=None) -> ExceptionRequest:
    """The waiver was disclosed on Form 8-K (Item 5.05) instead of the website: stops the clock; logged."""
    require_committee(by)
    now = _now(now)
    entry = ExceptionRequest.objects.select_for_update().get(pk=entry.pk)
    if not clock_applies(entry):
        raise ValidationError(
            "A Form 8-K is recorded for a waiver granted to an executive officer or director "
            "(or an amendment applying to them)."
        )
    if entry.form_8k_accession:
        raise AppendOnlyError(
            f"Entry No. {entry.pk} already records Form 8-K {entry.form_8k_accession}: record a correction instead."
        )
    accession = (accession or "").strip()
    errors = {}
    if not ACCESSION.match(accession):
        errors["accession"] = "An EDGAR accession number reads 0001234567-26-000123 (10, 2 and 6 digits)."
    if filed_on is None:
        errors["filed_on"] = "Give the date the Form 8-K was filed."
    elif filed_on > timezone.localdate(now, market_zone()[0]):
        errors["filed_on"] = "The filing date cannot be in the future."
    elif entry.decided_at and filed_on < business_days.market_date(entry.decided_at, market_zone()[0]):
        errors["filed_on"] = "The Form 8-K cannot be filed before the decision it discloses."
    if errors:
        raise ValidationError(errors)
    entry.form_8k_filed_on = filed_on
    entry.form_8k_accession = accession
    entry.form_8k_recorded_by = by
    entry.form_8k_recorded_at = now
    entry.save(update_fields=["form_8k_filed_on", "form_8k_accession", "form_8k_recorded_by", "form_8k_recorded_at"])
    _log_entry(entry, FORM_8K_ACTION, by=by, filed_on=filed_on.isoformat(), accession=accession)
    return entry


# -- the disclosure clock ------------------------------------------------------------------------

RUNNING, DUE_SOON, OVERDUE = "running", "due_soon", "overdue"
BY_WEBSITE, BY_FORM_8K = "website", "form_8k"


def clock_applies(entry: ExceptionRequest) -> bool:
    """A waiver granted to an executive officer or director, or an amendment applying to them, by the board."""
    return entry.needs_board and entry.is_granted and entry.decided_at is not None


@dataclass(frozen=True)
class Clock:
    """Where an entry's four-business-day disclosure clock stands at a moment."""

    applies: bool
    decided_on: dt.date | None = None
    due: dt.date | None = None
    due_at: dt.datetime | None = None  # the end of the due day in market time (exclusive), UTC
    warn_from: dt.date | None = None
    state: str = ""  # running, due_soon, overdue; "" once disclosed or when no clock applies
    disclosed_how: str = ""  # website, form_8k
    disclosed_on: dt.date | None = None
    late: bool = False
    tz_label: str = "ET"
    days_left: int | None = None  # business days from today to the due day (0: it is the due day)

    @property
    def stopped(self) -> bool:
        return bool(self.disclosed_how)

    @property
    def is_overdue(self) -> bool:
        return self.state == OVERDUE

    @property
    def is_due_soon(self) -> bool:
        return self.state == DUE_SOON

    @property
    def label(self) -> str:
        """In words, for the register and the dashboard (never only a colour)."""
        if not self.applies:
            return "No disclosure required"
        if self.disclosed_how == BY_FORM_8K:
            text = f"Disclosed by Form 8-K on {ap_date(self.disclosed_on)}"
        elif self.disclosed_how == BY_WEBSITE:
            text = f"Disclosed on the website on {ap_date(self.disclosed_on)}"
        elif self.state == OVERDUE:
            return f"Overdue: disclosure was due by {ap_date(self.due)}"
        elif self.state == DUE_SOON:
            return f"Due by {ap_date(self.due)}: disclose by the end of the next business day at the latest"
        else:
            return f"Disclosure due by {ap_date(self.due)}"
        return f"{text} (late: due by {ap_date(self.due)})" if self.late else f"{text}, in time"


def website_disclosed_at(entry: ExceptionRequest) -> dt.datetime | None:
    """When the entry's website disclosure first went public (None: not yet)."""
    page = entry.disclosure_page
    if page is None or page.first_published_at is None:
        return None
    return page.first_published_at


def clock(entry: ExceptionRequest, now: dt.datetime | None = None, tz: zoneinfo.ZoneInfo | None = None) -> Clock:
    """The entry's disclosure clock at `now`, counted in the market time zone."""
    if tz is None:
        tz, label = market_zone()
    else:
        label = time_zone_label(tz.key)
    if not clock_applies(entry):
        return Clock(applies=False, tz_label=label)
    now = _now(now)
    decided_on = business_days.market_date(entry.decided_at, tz)
    due = business_days.disclosure_due(entry.decided_at, tz)
    due_at = business_days.end_of_day(due, tz)
    common = {
        "applies": True,
        "decided_on": decided_on,
        "due": due,
        "due_at": due_at,
        "warn_from": business_days.warning_day(due),
        "tz_label": label,
    }
    candidates = []
    if entry.form_8k_filed_on:
        candidates.append((entry.form_8k_filed_on, BY_FORM_8K))
    published = website_disclosed_at(entry)
    if published is not None:
        candidates.append((business_days.market_date(published, tz), BY_WEBSITE))
    if candidates:
        disclosed_on, how = min(candidates)
        return Clock(**common, disclosed_how=how, disclosed_on=disclosed_on, late=disclosed_on > due)
    today = business_days.market_date(now, tz)
    if now >= due_at:
        state = OVERDUE
    elif today >= common["warn_from"]:
        state = DUE_SOON
    else:
        state = RUNNING
    return Clock(**common, state=state, days_left=business_days.business_days_between(today, due))


def attention_entries(now: dt.datetime | None = None) -> list[tuple[ExceptionRequest, Clock]]:
    """Current entries whose clock runs (not yet disclosed), soonest deadline first, with their clocks."""
    tz, _ = market_zone()
    candidates = (
        current_entries()
        .filter(Q(position__in=BOARD_LEVEL) | Q(kind=RecordKind.AMENDMENT))
        .filter(disposition__in=[Disposition.GRANTED, Disposition.GRANTED_WITH_CONDITIONS, Disposition.ADOPTED])
        .filter(form_8k_accession="")
        .select_related("disclosure_page")
    )
    rows = [(entry, clock(entry, now, tz)) for entry in candidates]
    rows = [(entry, c) for entry, c in rows if c.applies and not c.stopped]
    return sorted(rows, key=lambda row: (row[1].due, row[0].pk))


def record_overdue(now: dt.datetime | None = None) -> list[ExceptionRequest]:
    """Log each newly overdue clock once ("conduct.waiver_overdue"); returns the entries logged now.

    Run by the task worker (conduct.tasks) and also whenever the register or the dashboard is
    read, so an overdue clock is on record from the first moment anyone could see it. The
    conditional update makes two runs at once log it once.
    """
    now = _now(now)
    logged = []
    for entry, c in attention_entries(now):
        if not c.is_overdue or entry.overdue_logged_at is not None:
            continue
        with transaction.atomic():
            claimed = ExceptionRequest.objects.filter(pk=entry.pk, overdue_logged_at__isnull=True).update(
                overdue_logged_at=now
            )
            if not claimed:
                continue
            entry.overdue_logged_at = now
            _log_entry(
                entry,
                OVERDUE_ACTION,
                by=None,
                due=c.due.isoformat(),
                decided_at=entry.decided_at.astimezone(dt.UTC).isoformat(),
            )
        logged.append(entry)
    return logged


# -- the website disclosure ----------------------------------------------------------------------


def ensure_waiver_index(governance_index: GovernanceIndexPage | None = None) -> CodeWaiverIndexPage:
    """`/governance/code-waivers/`, created (and published: an index discloses nothing) when missing."""
    index = CodeWaiverIndexPage.objects.first()
    if index is not None:
        return index
    governance_index = governance_index or GovernanceIndexPage.objects.first()
    if governance_index is None:
        raise ValidationError("There is no governance section (/governance/) to publish waiver disclosures under.")
    index = CodeWaiverIndexPage(
        title="Waivers of the Code of Business Conduct and Ethics",
        slug=INDEX_SLUG,
        intro=(
            "<p>Waivers of the Code of Business Conduct and Ethics granted to executive officers or "
            "directors, and amendments of the Code that apply to them, as the Board of Directors decided them.</p>"
        ),
    )
    governance_index.add_child(instance=index)
    index.save_revision().publish()
    # The committee drafts the disclosures here (conduct.admin_views.draft) and edits the drafts;
    # publishing stays with the Disclosure Policy workflow (company.disclosed), whatever the grant.
    committee = Group.objects.filter(name=COMMITTEE_GROUP_NAME).first()
    if committee is not None:
        for codename in ("add_page", "change_page"):
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=committee, page=index, permission=permission)
    return index


def _position_text(entry: ExceptionRequest) -> str:
    if entry.requester_title:
        return entry.requester_title
    return entry.get_position_display()


def disclosure_title(entry: ExceptionRequest) -> str:
    what = "Amendment of" if entry.kind == RecordKind.AMENDMENT else "Waiver of"
    return f"{what} the Code of Business Conduct and Ethics: {entry.requester_name}, {_position_text(entry)}"


@transaction.atomic
def draft_disclosure(entry: ExceptionRequest, *, by, now: dt.datetime | None = None) -> CodeWaiverDisclosurePage:
    """ "Draft the website disclosure": a draft CodeWaiverDisclosurePage filled from the entry; logged.

    The draft is not public: the committee edits it if need be and submits it to the Disclosure
    Policy workflow, whose final sign-off publishes it (nobody can publish it otherwise).
    """
    require_committee(by)
    entry = ExceptionRequest.objects.select_for_update().get(pk=entry.pk)
    if not clock_applies(entry):
        raise ValidationError(
            "Only a waiver granted to an executive officer or director (or an amendment of the Code "
            "applying to them) is disclosed on the website."
        )
    if entry.corrections.exists():
        raise AppendOnlyError(f"Entry No. {entry.pk} was corrected: draft the disclosure from the correction.")
    if entry.disclosure_page_id:
        return entry.disclosure_page
    tz, _ = market_zone()
    index = ensure_waiver_index()
    decided_on = business_days.market_date(entry.decided_at, tz)
    base_slug = slugify(f"{decided_on:%Y-%m-%d} {entry.requester_name}")[:200] or f"waiver-{entry.pk}"
    slug = free_child_slug(index, base_slug)
    page = CodeWaiverDisclosurePage(
        title=disclosure_title(entry),
        slug=slug,
        live=False,
        owner=by,
        person_name=entry.requester_name,
        person_title=_position_text(entry),
        kind=entry.kind,
        provision_heading=entry.provision_heading,
        provision_anchor=entry.provision_anchor,
        code_page_id=entry.code_page_id,
        waived=entry.description,
        decision_date=decided_on,
        decided_by=entry.decided_by_name or entry.get_decided_by_display(),
        reason=entry.decision_reason,
        conditions=entry.conditions,
        search_description=f"{disclosure_title(entry)}, decided {ap_date(decided_on)}.",
    )
    index.add_child(instance=page)
    page.save_revision(user=by, log_action=True)
    entry.disclosure_page = page
    entry.save(update_fields=["disclosure_page"])
    _log_entry(entry, DRAFTED_ACTION, by=by, page=page.pk, title=page.title)
    return page


def withdrawal_refusal(page: CodeWaiverDisclosurePage, now: dt.datetime | None = None) -> str | None:
    """Why the disclosure may not be withdrawn (archived) at `now`, or None when it may.

    It stays on the website at least twelve months from its first publication (Form 8-K Item
    5.05(c)); the message gives the date it becomes possible.
    """
    now = _now(now)
    if page.first_published_at is None:
        return "This waiver disclosure was never published: there is nothing to withdraw."
    if page.is_archived:
        archived_on = page.archive.archived_at.astimezone(market_zone()[0]).date()
        return f"This waiver disclosure was archived on {ap_date(archived_on)}."
    if now < page.withdrawable_from:
        tz, label = market_zone()
        since = page.first_published_at.astimezone(tz).date()
        possible = page.withdrawable_from.astimezone(tz).date()
        return (
            f"A Code waiver disclosure stays on the website for at least 12 months from its publication "
            f"on {ap_date(since)}: it can be archived from {ap_date(possible)}."
        )
    return None


def deletion_refusal(page: CodeWaiverDisclosurePage) -> str:
    """Deleting a waiver disclosure is always refused; says until when it is kept in any case."""
    if page.keep_until is None:
        return "A Code waiver disclosure is a disclosure record: it is never deleted."
    keep = page.keep_until.astimezone(market_zone()[0]).date()
    return (
        f"A Code waiver disclosure is never deleted: it is kept at least until {ap_date(keep)} "
        "(five years from its publication), archived after its first 12 months."
    )


@transaction.atomic
def archive_disclosure(
    page: CodeWaiverDisclosurePage, *, by, note: str = "", now: dt.datetime | None = None
) -> WaiverDisclosureArchive:
    """Archive a disclosure after its twelve months: still readable at its URL, listed as archived; logged."""
    require_committee(by)
    now = _now(now)
    page = CodeWaiverDisclosurePage.objects.select_for_update().get(pk=page.pk)
    refusal = withdrawal_refusal(page, now)
    if refusal:
        raise PermissionDenied(refusal)
    archive = WaiverDisclosureArchive.objects.create(page=page, archived_at=now, archived_by=by, note=note.strip())
    log(
        instance=page,
        action=ARCHIVED_ACTION,
        user=by,
        data={"note": archive.note, "keep_until": page.keep_until.isoformat()},
    )
    return archive
