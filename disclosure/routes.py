"""The Disclosure Committee's choice of route for one event or governance page: full, or sign-off only.

Issue 21: "a lighter one where the committee decides it is fit, e.g. review only for a conference
date, the full one for an earnings date". Every disclosed page other than a press release takes the
full Disclosure Policy (committee review, then spokesperson sign-off) unless the committee routes
it, page by page, through "Disclosure Policy — sign-off only" (one authorized spokesperson's
sign-off, the same task, signature and audit as any other). A press release always takes the full
policy.

Built on Wagtail's own mechanism: the route is the page's own workflow assignment (``WorkflowPage``).
Sign-off only assigns the lighter workflow to the page itself, which Wagtail takes before its
index's (``Page.get_workflow()``); full removes that assignment, so the page takes its index's
Disclosure Policy again. The committee never gets Wagtail's workflow permissions (with them a
member could take the review out of the policy altogether): the only way to choose is
``route_page``, behind a committee-only admin view (disclosure.views.route).

The decision is the record, not the assignment: each choice is a ``disclosure.route`` log entry
(who, when, which route, the reason), in the page's history and the audit trail, and the rest of the
committee is e-mailed when a page is routed through sign-off only (one member cannot lower the bar
quietly). The guard and the sign-off task read the decision: a workflow run that no committee
member reviewed stands only when (``review_problem``)

- the page is not a press release;
- the page's latest route decision is sign-off only, taken before the run began;
- the member who took it is still on the committee, did not submit the run, did not write the
  revision signed, and did not sign it (routing stands in for the review: nobody decides both).

So a superuser who assigns the lighter workflow in Settings → Workflows, edits a workflow's tasks,
or deactivates the review task publishes nothing: the run is refused at sign-off and by the guard.

Who may route: a member of the Disclosure Committee (never a superuser, disclosure.models.
holds_policy_power), never for a page they drafted (its owner, the author of its latest revision,
who submitted the run under way). An earnings call may be routed through sign-off only too: the
committee decides what is fit, but the decision says so ("earnings call") in the log, the audit
trail and the e-mail to the other members.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, TaskState, Workflow, WorkflowPage, WorkflowState

from company.disclosed import is_disclosed_page
from disclosure.actions import FULL_ROUTE, ROUTE_ACTION, ROUTE_LABELS, SIGN_OFF_ONLY_ROUTE, route_label
from disclosure.models import DisclosureReviewTask, SignOff
from disclosure.notifications import notify_committee_of_route
from disclosure.releases import is_release
from disclosure.services import WORKFLOW_NAME, ensure_sign_off_only_workflow, is_compliance, remembered_on
from events.models import EARNINGS_CALL, EventPage

ROUTES = tuple(ROUTE_LABELS)


@dataclass(frozen=True)
class RouteDecision:
    """One committee member's choice of route for one page, as its log entry records it."""

    route: str
    by_id: int | None
    at: dt.datetime
    reason: str
    entry_id: int

    @property
    def label(self) -> str:
        return route_label(self.route)


def latest_decision(page_pk) -> RouteDecision | None:
    """The page's latest route decision (None: never routed, so the full Disclosure Policy)."""
    entry = (
        PageLogEntry.objects.filter(page_id=page_pk, action=ROUTE_ACTION)
        .order_by("-timestamp", "-pk")
        .only("pk", "user_id", "timestamp", "data")
        .first()
    )
    if entry is None:
        return None
    data = entry.data or {}
    return RouteDecision(
        route=data.get("route", FULL_ROUTE),
        by_id=entry.user_id,
        at=entry.timestamp,
        reason=data.get("reason", ""),
        entry_id=entry.pk,
    )


def current_route(page) -> str:
    """FULL_ROUTE or SIGN_OFF_ONLY_ROUTE: what the committee decided last for this page (full by default)."""
    decision = latest_decision(page.pk)
    return decision.route if decision is not None else FULL_ROUTE


def is_earnings_call(page) -> bool:
    """A results event: the case the issue names for the full policy (the committee may still decide otherwise)."""
    specific = page if isinstance(page, EventPage) else page.specific_deferred
    return isinstance(specific, EventPage) and specific.kind == EARNINGS_CALL


def route_refusal(user, page) -> str | None:
    """Why `user` may not choose the route of `page` (None when they may)."""
    if is_release(page):
        return "A press release always goes through the full Disclosure Policy: committee review, then sign-off."
    if not is_disclosed_page(page):
        return "Only events and governance pages are routed through the Disclosure Policy."
    if not _is_committee(user):
        return "Only a member of the Disclosure Committee chooses a page's route through the Disclosure Policy."
    if page.owner_id is not None and page.owner_id == user.pk:
        return "You drafted this page: another member of the Disclosure Committee chooses its route."
    latest = page.get_latest_revision()
    if latest is not None and latest.user_id == user.pk:
        return "You wrote this page's latest revision: another member of the Disclosure Committee chooses its route."
    workflow_state = page.current_workflow_state
    if workflow_state is not None and workflow_state.requested_by_id == user.pk:
        return "You submitted this page: another member of the Disclosure Committee chooses its route."
    return None


def _is_committee(user) -> bool:
    """is_compliance, remembered on the request's user object (listings ask once per row)."""
    return remembered_on(user, "_disclosure_committee_member", is_compliance)


def may_route(user, page) -> bool:
    return route_refusal(user, page) is None


def passed_reviews(task_state: TaskState) -> QuerySet:
    """The committee's passed reviews of the same revision in the same workflow run (newest first)."""
    return TaskState.objects.filter(
        workflow_state_id=task_state.workflow_state_id,
        task_id__in=DisclosureReviewTask.objects.values("pk"),
        status=TaskState.STATUS_APPROVED,
        revision_id=task_state.revision_id,
    ).order_by("-finished_at", "-pk")


def _reviewed(task_state: TaskState) -> bool:
    """Whether a committee member passed the review of the same revision in the same workflow run."""
    return passed_reviews(task_state).exists()


def _standing_light_decision(task_state: TaskState) -> tuple[RouteDecision | None, str]:
    """The sign-off-only decision that lets this unreviewed run stand, or why none does."""
    workflow_state = task_state.workflow_state
    decision = latest_decision(workflow_state.object_id)
    if decision is None or decision.route != SIGN_OFF_ONLY_ROUTE:
        return None, (
            "it was not reviewed by the Disclosure Committee, and the committee did not route it through sign-off only"
        )
    if decision.at > workflow_state.created_at:
        return None, (
            "it was not reviewed by the Disclosure Committee: it was submitted before the committee routed it "
            "through sign-off only; submit it again"
        )
    decider = get_user_model().objects.filter(pk=decision.by_id).first() if decision.by_id else None
    if decider is None or not is_compliance(decider):
        return None, (
            "it was not reviewed, and the member who routed it through sign-off only is no longer on the "
            "Disclosure Committee; it needs the full Disclosure Policy or a new route decision"
        )
    revision = task_state.revision
    if decider.pk == workflow_state.requested_by_id or (revision is not None and revision.user_id == decider.pk):
        return None, (
            "it was not reviewed, and the member who routed it through sign-off only submitted or wrote it: "
            "nobody both lowers the bar and drafts"
        )
    return decision, ""


def review_problem(task_state: TaskState, page) -> str:
    """Why an approved sign-off of `page` does not stand for want of the committee's review ("" when it does).

    The full policy's run has a passed review of the signed revision; a run without one stands only
    for a page the committee routed through sign-off only (see the module docstring).
    """
    if _reviewed(task_state):
        return ""
    if is_release(page):
        return (
            "it was not reviewed by the Disclosure Committee: a press release goes public only through the full "
            "Disclosure Policy (committee review, then spokesperson sign-off)"
        )
    decision, problem = _standing_light_decision(task_state)
    if decision is None:
        return problem
    if SignOff.objects.filter(task_state=task_state, user_id=decision.by_id).exists():
        return "the member who routed it through sign-off only also signed it: nobody decides both"
    return ""


def routed_by(task_state: TaskState) -> int | None:
    """The committee member whose sign-off-only decision stands in for this run's review (None: a reviewed run)."""
    if _reviewed(task_state):
        return None
    decision = latest_decision(task_state.workflow_state.object_id)
    if decision is None or decision.route != SIGN_OFF_ONLY_ROUTE:
        return None
    return decision.by_id


def exclude_routed_by(task_states: QuerySet, user) -> QuerySet:
    """The dashboard's sign-off list without the unreviewed runs of pages this user routed through sign-off only."""
    page_ids = {
        page_id
        for page_id in PageLogEntry.objects.filter(action=ROUTE_ACTION, user=user).values_list("page_id", flat=True)
        if (decision := latest_decision(page_id)) is not None
        and decision.route == SIGN_OFF_ONLY_ROUTE
        and decision.by_id == user.pk
    }
    if not page_ids:
        return task_states
    reviewed = TaskState.objects.filter(
        workflow_state_id=OuterRef("workflow_state_id"),
        task_id__in=DisclosureReviewTask.objects.values("pk"),
        status=TaskState.STATUS_APPROVED,
    )
    return task_states.exclude(Q(workflow_state__object_id__in=[str(pk) for pk in page_ids]) & ~Exists(reviewed))


@transaction.atomic
def route_page(page_pk: int, *, route: str, by, reason: str) -> RouteDecision:
    """Route one event or governance page through the full Disclosure Policy or sign-off only (logged).

    Sign-off only assigns the lighter workflow to the page itself; full removes that, and cancels a
    run under way that no committee member reviews (it would no longer stand). A run under the full
    policy is left to finish: it asks more than the lighter route.
    """
    if route not in ROUTES:
        raise ValidationError(f"Unknown route {route!r}.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give the reason for this route: it is recorded in the page's history and the audit log.")
    page = Page.objects.select_for_update().get(pk=page_pk).specific
    by.__dict__.pop("_disclosure_committee_member", None)  # asked afresh for the decision itself
    refusal = route_refusal(by, page)
    if refusal:
        raise PermissionDenied(refusal)
    previous = current_route(page)
    if route == previous:
        raise ValidationError(f"This page already goes through the {route_label(route)}.")
    cancelled = None
    if route == SIGN_OFF_ONLY_ROUTE:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": ensure_sign_off_only_workflow()})
    else:
        WorkflowPage.objects.filter(page=page).delete()
        if not _has_review(page.get_workflow()):
            # The index carries no full policy (a fresh install, or one changed in Settings): put it on the page.
            WorkflowPage.objects.create(page=page, workflow=Workflow.objects.get(name=WORKFLOW_NAME))
        cancelled = _cancel_unreviewed_run(page, by)
    earnings = is_earnings_call(page)
    data = {
        "route": route,
        "previous": previous,
        "reason": reason,
        "workflow": page.get_workflow().name if page.get_workflow() else "",
        "page_type": str(page._meta.verbose_name),
    }
    if earnings:
        data["earnings_call"] = True
    if cancelled is not None:
        data["cancelled_workflow_state"] = cancelled
    entry = log(instance=page, action=ROUTE_ACTION, user=by, data=data)
    decision = RouteDecision(route=route, by_id=by.pk, at=entry.timestamp, reason=reason, entry_id=entry.pk)
    if route == SIGN_OFF_ONLY_ROUTE:
        notify_committee_of_route(page, decision, by=by, earnings_call=earnings)
    return decision


def _has_review(workflow: Workflow | None) -> bool:
    return workflow is not None and workflow.tasks.filter(pk__in=DisclosureReviewTask.objects.values("pk")).exists()


def _cancel_unreviewed_run(page, by) -> int | None:
    """Cancel the page's run under way if its workflow has no committee review (logged by Wagtail)."""
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status not in (
        WorkflowState.STATUS_IN_PROGRESS,
        WorkflowState.STATUS_NEEDS_CHANGES,
    ):
        return None
    if _has_review(workflow_state.workflow):
        return None
    workflow_state.cancel(user=by)
    return workflow_state.pk
