"""The reviewers' comments on a workflow run, for the people who open the editor (the drafter first).

Wagtail keeps a decision's comment on its TaskState and shows it only inside the status
panel's "View details" dialog, and only for task states on the latest revision (with
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT on, as here): the request for changes disappears
the moment the drafter saves the first fix. This module lists every comment given in one
workflow run, whichever revision it was given on, newest first, with who gave it, at which
step and when; the status panel shows them (templates/wagtailadmin/shared/side_panels/
includes/status/workflow.html). A spokesperson's sign-off that does not yet complete its step
leaves the task state in progress, so its comment lives only in the sign-off's log entry
(disclosure.models.record_sign_off): it is listed from there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.utils import timezone

from wagtail.admin.utils import get_user_display_name
from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState

from company.ap_style import ap_date, ap_time
from company.models import profile_for
from disclosure.actions import SIGN_OFF_ACTION
from disclosure.models import SignOff

CHANGES_REQUESTED = "Changes requested"
APPROVED = "Approved"
SIGNED_OFF = "Signed off"


@dataclass(frozen=True)
class WorkflowComment:
    """One comment as the editor shows it: plain text, never HTML (the template escapes it)."""

    decision: str
    step: str
    by: str
    at: dt.datetime
    at_display: str
    text: str
    open: bool = False  # the request for changes the release is waiting on now

    @property
    def changes_requested(self) -> bool:
        return self.decision == CHANGES_REQUESTED


def _clock(obj):
    """(time zone, label) the times are shown in: the release's market time, else the admin's own."""
    if isinstance(obj, Page):
        profile = profile_for(obj)
        return profile.tz, profile.tz_label
    zone = timezone.get_current_timezone()
    return zone, str(zone)


def _display(moment: dt.datetime, clock) -> str:
    zone, label = clock
    local = timezone.localtime(moment, zone)
    return f"{ap_date(local.date())}, {ap_time(local)} {label}"


def workflow_comments(workflow_state: WorkflowState | None) -> list[WorkflowComment]:
    """Every comment given in this workflow run (request for changes, approval, sign-off), newest first."""
    if workflow_state is None or workflow_state.pk is None:
        return []
    obj = workflow_state.content_object
    clock = _clock(obj)
    # Sorted by time; at the same instant (a frozen clock, or one transaction's timestamps) by the
    # task state, whose ids grow in the order the steps ran (sign-offs and task states share it),
    # then by sign-off: never by ids of two different tables.
    found: list[tuple[tuple[dt.datetime, int, int], WorkflowComment]] = []
    signed: set[tuple[int | None, str]] = set()

    if isinstance(obj, Page):
        # Each sign-off of this run, with the comment its log entry holds (one log entry per sign-off).
        logged = {
            (entry.user_id, entry.revision_id): entry
            for entry in PageLogEntry.objects.filter(
                page_id=obj.pk, action=SIGN_OFF_ACTION, timestamp__gte=workflow_state.created_at
            ).order_by("timestamp", "pk")
        }
        for signoff in SignOff.objects.filter(task_state__workflow_state=workflow_state).select_related(
            "user", "task_state__task"
        ):
            entry = logged.get((signoff.user_id, signoff.revision_id))
            text = str(((entry.data or {}).get("comment") if entry else "") or "").strip()
            if not text:
                continue
            signed.add((signoff.user_id, text))
            found.append(
                (
                    (signoff.signed_at, signoff.task_state_id, signoff.pk),
                    WorkflowComment(
                        decision=SIGNED_OFF,
                        step=signoff.task_state.task.name,
                        by=get_user_display_name(signoff.user),
                        at=signoff.signed_at,
                        at_display=_display(signoff.signed_at, clock),
                        text=text,
                    ),
                )
            )

    states = (
        TaskState.objects.filter(
            workflow_state=workflow_state,
            status__in=(TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED),
            finished_at__isnull=False,
        )
        .exclude(comment="")
        .select_related("task", "finished_by")
    )
    for state in states:
        text = state.comment.strip()
        if not text:
            continue
        rejected = state.status == TaskState.STATUS_REJECTED
        if not rejected and (state.finished_by_id, text) in signed:
            continue  # the last sign-off's comment, already listed from its log entry
        found.append(
            (
                (state.finished_at, state.pk, 0),
                WorkflowComment(
                    decision=CHANGES_REQUESTED if rejected else APPROVED,
                    step=state.task.name,
                    by=get_user_display_name(state.finished_by) if state.finished_by else "",
                    at=state.finished_at,
                    at_display=_display(state.finished_at, clock),
                    text=text,
                ),
            )
        )
    found.sort(key=lambda item: item[0], reverse=True)
    comments = [comment for _, comment in found]
    if comments and comments[0].changes_requested and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        comments[0] = replace(comments[0], open=True)
    return comments
