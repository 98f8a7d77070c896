"""The schedule's rules: who follows a release's schedule, what is scheduled, recording an exchange notice.

The screens (Admin → Scheduled releases, the exchange notice form) are in
disclosure.views.schedule; the dashboard panel reads scheduled_releases() too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Revision, TaskState

from company.models import profiles_for
from disclosure.actions import EXCHANGE_NOTICE_ACTION, PUBLISH_HELD_ACTION
from disclosure.exchange import VENUE_RULES, notice_problem, notice_requirement
from disclosure.guard import approved_task_states_of
from disclosure.models import ExchangeNotice, SignOff, Spokesperson, SpokespersonSignOffTask, is_active_spokesperson
from disclosure.services import is_compliance
from releases.models import PressReleasePage


def may_follow_releases(user, page) -> bool:
    """Who sees a release's schedule and may record its exchange notice: its editors, compliance, spokespersons."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_compliance(user) or is_active_spokesperson(user) or page.permissions_for_user(user).can_edit()


@dataclass
class ScheduledRelease:
    page: PressReleasePage
    revision: Revision
    release_at: dt.datetime
    approvers: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    requirement: object = None
    problem: str | None = None
    held: PageLogEntry | None = None
    standing: int = 0
    required: int = 0
    may_countersign: bool = False

    @property
    def needs_signatures(self) -> bool:
        return self.standing < self.required

    @property
    def countersign_url(self) -> str:
        return reverse("disclosure_countersign", args=(self.page.pk,))

    @property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=(self.page.pk,))

    @property
    def notice_url(self) -> str:
        return reverse("disclosure_exchange_notice", args=(self.page.pk,))

    @property
    def cancel_url(self) -> str:
        return reverse("disclosure_cancel_schedule", args=(self.page.pk,))


def with_fit(notices, release_at) -> list[ExchangeNotice]:
    """The notices, each marked with whether it told the exchange of `release_at` (for the templates)."""
    notices = list(notices)
    for notice in notices:
        notice.fits = notice.is_for(release_at)
    return notices


def _pages_for_revisions(revisions) -> dict[int, PressReleasePage]:
    """The releases of these revisions, with their locale, latest revision and parent, in two queries.

    What turning a revision into a page reads beyond that (modelcluster checks the revision's
    foreign keys; Wagtail reads the open comments) stays a few queries per row.
    """
    ids = [int(r.object_id) for r in revisions]
    pages = PressReleasePage.objects.select_related("locale", "latest_revision").in_bulk(ids)
    parents = Page.objects.in_bulk({page.path[: -Page.steplen] for page in pages.values()}, field_name="path")
    for page in pages.values():
        if page.path[: -Page.steplen] in parents:
            page._cached_parent_obj = parents[page.path[: -Page.steplen]]  # treebeard's get_parent() cache
    return pages


def scheduled_releases(user) -> list[ScheduledRelease]:
    """Approved releases waiting for their time that `user` may follow, soonest first.

    Sign-offs, notices, holds and company profiles are read for all rows at once: the page and
    the dashboard panel cost the same few queries for one scheduled release or twenty.
    """
    page_type = ContentType.objects.get_for_model(Page)
    revisions = list(
        Revision.objects.filter(approved_go_live_at__isnull=False, base_content_type=page_type).order_by(
            "approved_go_live_at", "pk"
        )
    )
    pages = _pages_for_revisions(revisions)
    follows_all = is_compliance(user) or is_active_spokesperson(user)  # asked once, not per row
    followed = [
        r
        for r in revisions
        if int(r.object_id) in pages and (follows_all or may_follow_releases(user, pages[int(r.object_id)]))
    ]
    if not followed:
        return []
    page_ids = [int(r.object_id) for r in followed]

    # The sign-off that approved each revision: its newest approved spokesperson task.
    sign_off_states = {}
    for state in approved_task_states_of([r.pk for r in followed]).select_related("workflow_state"):
        sign_off_states.setdefault(state.revision_id, state)
    approvers = defaultdict(list)
    for sign_off in SignOff.objects.filter(task_state__in=sign_off_states.values()).select_related("user"):
        approvers[sign_off.task_state_id].append(sign_off)
    active_ids = set(Spokesperson.objects.active().values_list("user_id", flat=True))
    tasks = SpokespersonSignOffTask.objects.in_bulk({state.task_id for state in sign_off_states.values()})
    # Who decided the other steps of each approval's workflow run (nobody signs a step they reviewed).
    deciders = defaultdict(set)
    for run_id, user_id in TaskState.objects.filter(
        workflow_state_id__in={state.workflow_state_id for state in sign_off_states.values()},
        status__in=(TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED),
    ).values_list("workflow_state_id", "finished_by_id"):
        deciders[run_id].add(user_id)
    notices = defaultdict(list)
    for notice in ExchangeNotice.objects.filter(page_id__in=page_ids).select_related("notified_by"):
        notices[notice.page_id].append(notice)
    held = {}
    for entry in PageLogEntry.objects.filter(page_id__in=page_ids, action=PUBLISH_HELD_ACTION).order_by("-timestamp"):
        held.setdefault((entry.page_id, (entry.data or {}).get("revision_id")), entry)
    profiles = profiles_for(pages[page_id] for page_id in page_ids)

    rows = []
    for revision in followed:
        page_id = int(revision.object_id)
        release = pages[page_id].with_content_json(revision.content)  # revision.as_object(), from the batch
        release.profile = profiles[page_id]  # the cached property, filled from the batch
        state = sign_off_states.get(revision.pk)
        signoffs = approvers[state.pk] if state else []
        standing = sum(1 for s in signoffs if s.voided_at is None and s.user_id in active_ids)
        task = tasks.get(state.task_id) if state else None
        signers = {s.user_id for s in signoffs}
        excluded = (
            signers | deciders[state.workflow_state_id] | {state.workflow_state.requested_by_id, revision.user_id}
            if state
            else set()
        )
        rows.append(
            ScheduledRelease(
                page=release,
                revision=revision,
                release_at=revision.approved_go_live_at,
                approvers=approvers[state.pk] if state else [],
                notices=with_fit(notices[page_id], release.release_at),
                requirement=notice_requirement(release.profile.exchange, revision.approved_go_live_at)
                if release.is_material
                else None,
                problem=notice_problem(
                    release, now=max(timezone.now(), revision.approved_go_live_at), notices=notices[page_id]
                ),
                held=held.get((page_id, revision.pk)),
                standing=standing,
                required=task.required_for(release) if task else 0,
                may_countersign=user.pk in active_ids and user.pk not in excluded,
            )
        )
    return rows


@transaction.atomic
def record_exchange_notice(page, *, notified_at, notified_by, reference="", by) -> ExchangeNotice:
    """Record (and log) that the listing venue was notified of `page`."""
    if not may_follow_releases(by, page):
        raise PermissionDenied("You may not record notices for this release.")
    rule = VENUE_RULES.get(page.profile.exchange)
    if rule is None:
        raise ValidationError("The company profile names no listing venue with a notice rule.")
    if page.live:
        raise ValidationError("This release is already public.")
    if notified_at > timezone.now() + dt.timedelta(minutes=1):
        raise ValidationError("A notice cannot be recorded before it is given: this time is in the future.")
    # The notice is of the release time now drafted (what the exchange is told); a reschedule
    # needs a new one.
    release_at = page.get_latest_revision_as_object().release_at
    if release_at is None:
        raise ValidationError("Set the release time first: the exchange is told when the release goes public.")
    notice = ExchangeNotice.objects.create(
        page=page,
        venue=rule.name,
        notified_at=notified_at,
        release_at=release_at,
        notified_by=notified_by,
        reference=reference,
        recorded_by=by,
    )
    log(
        instance=page,
        action=EXCHANGE_NOTICE_ACTION,
        user=by,
        data={
            "venue": rule.name,
            "notified_at": notified_at.isoformat(),
            "release_at": release_at.isoformat(),
            "notified_by": notified_by.get_username(),
            "reference": reference,
        },
    )
    return notice
