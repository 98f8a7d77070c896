"""Dashboard panels: the releases whose current Disclosure Policy step you can decide, and what is scheduled.

Each release waiting for you is listed once, in the panel of its current step: "Awaiting your
review" (the Disclosure Committee's review) or "Awaiting your sign-off" (a spokesperson's). Wagtail's
own "Awaiting your review" panel stays for every other workflow but leaves the Disclosure Policy's
steps to these panels (OtherWorkflowsToModeratePanel): it would list the same releases a second
time, including ones the user may not decide, and offer "Sign off" in one click from the listing,
without the release in front of the signer.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, TaskState, WorkflowState

from company.dashboard import RowsPanel
from disclosure.models import DisclosureReviewTask, SignOff, SpokespersonSignOffTask
from disclosure.schedule import scheduled_releases

DISCLOSURE_TASKS = (DisclosureReviewTask, SpokespersonSignOffTask)


def releases_awaiting(user, tasks=DISCLOSURE_TASKS) -> list[dict]:
    """In-progress steps of `tasks` (review, sign-off) where the task offers this user an action, oldest first."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    states = list(
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
            task__content_type__in=ContentType.objects.get_for_models(*tasks).values(),
        )
        .select_related("task", "revision", "workflow_state__requested_by")
        .order_by("started_at", "pk")
    )
    if not states:
        return []
    pages = Page.objects.filter(pk__in=[state.workflow_state.object_id for state in states]).specific().in_bulk()
    items = []
    for state in states:
        page = pages.get(int(state.workflow_state.object_id))
        if page is None:
            continue
        task = state.task.specific
        if not task.get_actions(page, user):
            continue
        draft = state.revision.as_object()
        signoffs = ""
        if isinstance(task, SpokespersonSignOffTask):
            given = SignOff.objects.filter(task_state=state).count()
            signoffs = f"{given} of {task.required_for(draft)} signed"
        requester = state.workflow_state.requested_by
        items.append(
            {
                "page": page,
                "title": draft.title,
                "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                "task_name": task.name,
                "signoffs": signoffs,
                "is_material": getattr(draft, "is_material", False),
                "submitted_by": (requester.get_full_name() or requester.get_username()) if requester else "",
                "started_at": state.started_at,
            }
        )
    return items


class AwaitingDecisionPanel(Component):
    """The releases at one Disclosure Policy step that this user can decide now; not rendered when none."""

    template_name = "disclosure/awaiting_decision_panel.html"
    tasks: tuple = ()
    heading = ""
    panel_id = ""

    def __init__(self, user):
        self.user = user
        self._items = None

    @property
    def items(self) -> list[dict]:
        if self._items is None:
            self._items = releases_awaiting(self.user, self.tasks)
        return self._items

    def get_context_data(self, parent_context=None):
        return {"items": self.items, "heading": self.heading, "panel_id": self.panel_id}

    def render_html(self, parent_context=None) -> str:
        if not self.items:
            return ""
        return super().render_html(parent_context)


class AwaitingReviewPanel(AwaitingDecisionPanel):
    name = "disclosure_awaiting_review"
    order = 145  # above Wagtail's own workflow panels (210, 220)
    tasks = (DisclosureReviewTask,)
    heading = "Awaiting your review"
    panel_id = "disclosure-awaiting-review"


class AwaitingSignOffPanel(AwaitingDecisionPanel):
    name = "disclosure_awaiting_signoff"
    order = 150
    tasks = (SpokespersonSignOffTask,)
    heading = "Awaiting your sign-off"
    panel_id = "disclosure-awaiting-signoff"


class OtherWorkflowsToModeratePanel(WorkflowObjectsToModeratePanel):
    """Wagtail's "Awaiting your review", for every workflow but the Disclosure Policy's steps (listed above)."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        ours = {ct.pk for ct in ContentType.objects.get_for_models(*DISCLOSURE_TASKS).values()}
        context["states"] = [s for s in context["states"] if s["task_state"].task.content_type_id not in ours]
        return context


class ScheduledReleasesPanel(RowsPanel):
    """Dashboard: the approved releases waiting for their time that this user follows (disclosure.schedule)."""

    name = "disclosure_scheduled_releases"
    template_name = "disclosure/scheduled_panel.html"
    order = 160

    def get_rows(self):
        return scheduled_releases(self.user)

    def get_context_data(self, parent_context=None):
        # The market zone's label from the releases' own profile (panels render without context processors).
        tz_label = self.rows[0].page.profile.tz_label if self.rows else ""
        return {"rows": self.rows, "schedule_url": reverse("disclosure_scheduled"), "tz_label": tz_label}
