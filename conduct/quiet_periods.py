"""Quiet periods: the committee's calendar, and the spokesperson's confirmation at sign-off.

Company policy (DOMAIN.md, "Quiet periods"): from a quarter's end (or two weeks before it) until
its results release, spokespersons do not discuss results. Releases that are not the results
release may still go out, but one timed inside a quiet period deserves a second look: each
spokesperson who signs it off confirms, with a reason, that it goes out in the quiet period
(disclosure's sign-off step asks through `sign_off_check` and records through
`record_confirmation`). The results release is what ends the quiet period and needs no
confirmation: a release in one of the results categories (settings.IR_RESULTS_CATEGORY_SLUGS,
by default the demo's "Financial results").

A quiet period runs from `starts_at` up to, not including, `ends_at` (so a results release at
8:00 a.m. that ends the period at 8:00 a.m. is outside it). Periods do not overlap: the calendar
refuses one that would, so a moment is in at most one.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string

from wagtail.log_actions import log
from wagtail.models import Page, Revision

from company.ap_style import ap_date, ap_time
from conduct.models import QuietPeriod, QuietPeriodConfirmation
from conduct.waivers import is_committee_member, market_zone
from releases.models import PressReleasePage

ADDED_ACTION = "conduct.quiet_period_added"
CHANGED_ACTION = "conduct.quiet_period_changed"
CONFIRMED_ACTION = "conduct.quiet_period_confirmed"
CALENDAR_DRAFTED_ACTION = "conduct.quiet_period_calendar_drafted"

# code, label (the audit trail's filter), message (Wagtail's history): one table for the hooks.
QUIET_PERIOD_ACTIONS: tuple[tuple[str, str, str], ...] = (
    (ADDED_ACTION, "Quiet period added", "Added a quiet period to the calendar"),
    (CHANGED_ACTION, "Quiet period changed", "Changed a quiet period of the calendar"),
    (
        CONFIRMED_ACTION,
        "Release confirmed in a quiet period",
        "Confirmed at sign-off that the release goes out in a quiet period",
    ),
    (
        CALENDAR_DRAFTED_ACTION,
        "Quiet period drafted for the public calendar",
        "Drafted the public events calendar's entry for a quiet period",
    ),
)

DEFAULT_RESULTS_CATEGORY_SLUGS = ("financial-results",)
REASON_FIELD = "quiet_period_reason"


# -- the calendar ---------------------------------------------------------------------------------


def quiet_period_at(moment: dt.datetime | None) -> QuietPeriod | None:
    """The quiet period `moment` (aware) falls in, or None."""
    if moment is None:
        return None
    return QuietPeriod.objects.filter(starts_at__lte=moment, ends_at__gt=moment).order_by("starts_at").first()


def current_and_upcoming(now: dt.datetime | None = None, limit: int = 3) -> list[QuietPeriod]:
    """The quiet period in force and the next ones, soonest first."""
    now = now or timezone.now()
    return list(QuietPeriod.objects.filter(ends_at__gt=now).order_by("starts_at")[:limit])


def overlapping(starts_at: dt.datetime, ends_at: dt.datetime, exclude_pk: int | None = None) -> QuietPeriod | None:
    periods = QuietPeriod.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
    if exclude_pk is not None:
        periods = periods.exclude(pk=exclude_pk)
    return periods.order_by("starts_at").first()


def span_text(period: QuietPeriod, zone: tuple | None = None) -> str:
    """`Dec. 17, 2026, 12:00 a.m. ET to Feb. 11, 2027, 8:00 a.m. ET`."""
    zone = zone or market_zone()
    return f"{market_moment(period.starts_at, zone)} to {market_moment(period.ends_at, zone)}"


def market_moment(moment: dt.datetime, zone: tuple | None = None) -> str:
    """`Dec. 2, 2026, 4:30 p.m. ET`; `zone` (market_zone()'s answer) saves reading the profile again."""
    tz, label = zone or market_zone()
    local = moment.astimezone(tz)
    return f"{ap_date(local.date())}, {ap_time(local)} {label}"


def describe(period: QuietPeriod) -> str:
    """`Q4 2026 quiet period (Dec. 17, 2026, 12:00 a.m. ET to Feb. 11, 2027, 8:00 a.m. ET)`."""
    return f"{period.label} ({span_text(period)})"


@transaction.atomic
def save_period(
    *,
    label: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    note: str = "",
    by,
    period: QuietPeriod | None = None,
) -> QuietPeriod:
    """Add a quiet period to the calendar (or change `period`), logged; refused when it ends first or overlaps."""
    label = " ".join((label or "").split())
    errors: dict[str, list[str]] = {}
    if not label:
        errors["label"] = ["Name the quiet period, e.g. “Q4 2026 quiet period”."]
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = ["A quiet period ends after it starts."]
    if not errors:
        clash = overlapping(starts_at, ends_at, exclude_pk=period.pk if period else None)
        if clash is not None:
            errors["starts_at"] = [f"It would overlap “{describe(clash)}”: change that one, or choose other dates."]
    if errors:
        raise ValidationError(errors)
    adding = period is None
    before = (
        {}
        if adding
        else {"label": period.label, "starts": period.starts_at.isoformat(), "ends": period.ends_at.isoformat()}
    )
    period = period or QuietPeriod(created_by=by)
    period.label, period.starts_at, period.ends_at, period.note = label, starts_at, ends_at, (note or "").strip()
    period.save()
    data = {"label": label, "starts": starts_at.isoformat(), "ends": ends_at.isoformat(), "span": span_text(period)}
    if before:
        data["before"] = before
    log(instance=period, action=ADDED_ACTION if adding else CHANGED_ACTION, user=by, data=data)
    return period


# -- the public calendar --------------------------------------------------------------------------
#
# The calendar above is the committee's. An investor sees a quiet period only on the public events
# calendar, as an event page drafted from the period (settings.IR_QUIET_PERIOD_CALENDAR_DRAFTER,
# events.drafts.draft_quiet_period) that goes public through the Disclosure Policy like any event:
# its end is the results date, which is not the committee's to publish on its own.


def calendar_drafter():
    """The callable that drafts the public calendar's entry, or None when the site has no events calendar."""
    path = getattr(settings, "IR_QUIET_PERIOD_CALENDAR_DRAFTER", "")
    return import_string(path) if path else None


@transaction.atomic
def draft_calendar_entry(period: QuietPeriod, *, by) -> Page:
    """ "Draft the public calendar entry": a draft event page spanning `period`, remembered on it; logged.

    Refused when the period has one already (edit that one: a second would show the period twice).
    """
    if not is_committee_member(by):
        raise PermissionDenied("Only the Disclosure Committee keeps the calendar of quiet periods.")
    period = QuietPeriod.objects.select_for_update().get(pk=period.pk)
    if period.calendar_page_id is not None and Page.objects.filter(pk=period.calendar_page_id).exists():
        raise ValidationError(
            f"“{period.label}” has its public calendar entry already: edit that page instead of drafting another."
        )
    drafter = calendar_drafter()
    if drafter is None:
        raise ValidationError("This site has no public events calendar to show the quiet period on.")
    page = drafter(label=period.label, starts_at=period.starts_at, ends_at=period.ends_at, by=by)
    period.calendar_page = page
    period.save(update_fields=["calendar_page"])
    log(
        instance=period,
        action=CALENDAR_DRAFTED_ACTION,
        user=by,
        data={"label": period.label, "page": page.pk, "title": page.title, "span": span_text(period)},
    )
    return page


def _moment(value) -> dt.datetime | None:
    return parse_datetime(value) if isinstance(value, str) else value


def calendar_entries(periods: list[QuietPeriod], zone: tuple | None = None) -> dict[int, dict | None]:
    """`{period id: calendar_entry}` for a list: the entries' pages and their drafts' revisions read together."""
    ids = [period.calendar_page_id for period in periods if period.calendar_page_id]
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    revisions = Revision.objects.in_bulk(
        [page.latest_revision_id for page in pages.values() if not page.live and page.latest_revision_id]
    )
    entries: dict[int, dict | None] = {}
    for period in periods:
        page = pages.get(period.calendar_page_id)
        revision = revisions.get(page.latest_revision_id) if page is not None else None
        entries[period.pk] = (
            calendar_entry(period, page=page, revision=revision, zone=zone) if page is not None else None
        )
    return entries


def calendar_entry(
    period: QuietPeriod, *, page: Page | None = None, revision: Revision | None = None, zone: tuple | None = None
) -> dict | None:
    """The period's public calendar entry as the committee's screens show it, or None when there is none.

    `live`: the public sees it. `shown_span`: the dates the public sees (live) or the draft will
    show (its latest revision); `differs`: those are not the period's dates, so the entry needs
    a new revision through the Disclosure Policy. `page` (already specific) and `revision` (its
    latest, for a draft) come from calendar_entries; else they are read.
    """
    if page is None:
        if period.calendar_page is None:
            return None
        page = period.calendar_page.specific
    if page.live:
        starts, ends = getattr(page, "start_at", None), getattr(page, "end_at", None)
    else:
        # The draft's dates as its latest revision holds them (read from its content: no page is rebuilt).
        revision = revision or page.latest_revision
        content = revision.content if revision is not None else {}
        starts, ends = _moment(content.get("start_at")), _moment(content.get("end_at"))
    differs = (starts, ends) != (period.starts_at, period.ends_at)
    return {
        "page": page,
        "live": page.live,
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "url": page.get_url() if page.live else "",
        "differs": differs,
        "shown_span": (
            f"{market_moment(starts, zone)} to {market_moment(ends, zone)}"
            if starts is not None and ends is not None
            else ""
        ),
    }


# -- the sign-off ---------------------------------------------------------------------------------


def results_category_slugs() -> tuple[str, ...]:
    return tuple(getattr(settings, "IR_RESULTS_CATEGORY_SLUGS", DEFAULT_RESULTS_CATEGORY_SLUGS))


def is_results_release(release) -> bool:
    """Whether `release` (a page or a revision's page) is a results release: in a results category.

    Read from the categories frozen into the revision (PressReleasePage.category_labels: what
    the spokesperson signs), else the page's categories.
    """
    slugs = set(results_category_slugs())
    labels = getattr(release, "category_labels", None) or []
    if labels:
        return any(isinstance(label, dict) and label.get("slug") in slugs for label in labels)
    categories = getattr(release, "categories", None)
    return categories is not None and any(category.slug in slugs for category in categories.all())


def confirmation_needed(release) -> QuietPeriod | None:
    """The quiet period a sign-off of `release` must be confirmed in (None: nothing to confirm).

    Only press releases are timed; a release in a results category needs no confirmation.
    """
    if not isinstance(release, PressReleasePage) or release.release_at is None:
        return None
    period = quiet_period_at(release.release_at)
    if period is None or is_results_release(release):
        return None
    return period


def refusal(release, period: QuietPeriod) -> str:
    title = release.title or "This release"
    return (
        f"Not signed: “{title}” goes public on {market_moment(release.release_at)}, in the {describe(period)}, "
        "and is not the results release. Confirm that it goes out in the quiet period and say why "
        "(in the Sign off dialog), or change its time."
    )


def sign_off_check(release, reason: str | None) -> tuple[QuietPeriod | None, str]:
    """(the quiet period to confirm or None, the refusal when its reason is missing: "" when it may be signed)."""
    period = confirmation_needed(release)
    if period is None:
        return None, ""
    if not (reason or "").strip():
        return period, refusal(release, period)
    return period, ""


def record_confirmation(
    release, period: QuietPeriod, *, user, reason: str, revision_id: int, task_state_id: int | None = None
) -> QuietPeriodConfirmation:
    """Record a spokesperson's confirmation (with its reason) and log it on the release."""
    now = timezone.now()
    confirmation = QuietPeriodConfirmation.objects.create(
        period=period,
        page_id=release.pk,
        revision_id=revision_id,
        task_state_id=task_state_id,
        release_at=release.release_at,
        user=user,
        reason=reason.strip(),
        confirmed_at=now,
    )
    log(
        instance=release,
        action=CONFIRMED_ACTION,
        user=user,
        revision_id=revision_id,
        data={
            "quiet_period": period.label,
            "quiet_period_id": period.pk,
            "span": span_text(period),
            "release_at": release.release_at.isoformat(),
            "revision_id": revision_id,
            "reason": confirmation.reason,
        },
    )
    return confirmation


def confirmations_by_page(page_ids: list[int]) -> dict[int, list[QuietPeriodConfirmation]]:
    """`{page id: its quiet-period confirmations, oldest first}` in one query."""
    found: dict[int, list[QuietPeriodConfirmation]] = {}
    if not page_ids:
        return found
    confirmations = (
        QuietPeriodConfirmation.objects.filter(page_id__in=page_ids)
        .select_related("period", "user")
        .order_by("confirmed_at", "pk")
    )
    for confirmation in confirmations:
        found.setdefault(confirmation.page_id, []).append(confirmation)
    return found
