"""The Disclosure Policy's permission matrix for the other disclosed pages: events, governance documents, the board.

Every role against every action, for each page type, through the admin's real URLs, the way
test_permission_matrix.py asks it of releases. EXPECTED is the policy as plain data; it is the
same for the three page types (they go public the way a release does: company.disclosed), and a
cell where the software disagrees fails. Each role holds the newsroom's page permissions on the
page's index, as in the demo (the Executives group even holds Wagtail's publish permission there).

Actions (each one POST to the admin URL a click sends, against fresh state):
  create        add view under the index, "Save draft".
  edit          edit view of a draft, "Save draft".
  submit        edit view of a draft, "Submit to Disclosure Policy".
  review        workflow action "approve" on the Disclosure review step (submitted by the drafter).
  approve       workflow action "approve" (sign off) on the spokesperson step (reviewed by compliance).
  reject        workflow action "reject", with a comment, on the same spokesperson step.
  publish_edit  edit view of a draft with "Publish".
  publish_bulk  bulk action "Publish" on a draft.
  withdraw      the spokesperson's Withdraw view, with a reason, on a live page.
  route         the committee's Disclosure route view: "sign-off only", with a reason, on a draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Page, PageLogEntry, TaskState, WorkflowState

import pytest

from disclosure.actions import ROUTE_ACTION, SIGN_OFF_ONLY_ROUTE
from disclosure.models import SignOff, is_active_spokesperson
from disclosure.routes import current_route
from disclosure.services import SIGN_OFF_ONLY_WORKFLOW_NAME, revoke
from tests.support.disclosed_pages import draft_of, live_of
from tests.support.matrix import (
    NEW_SLUG,
    PAGE_KINDS,
    PAGE_TYPES,
    ROLE_USERS,
    full_snapshot,
    grant_role_permissions,
    index_for,
    page_form,
    public_snapshot,
)
from tests.support.workflow import confirmed, current_task_state, decide, fresh, submit

pytestmark = pytest.mark.django_db

ROLES = list(ROLE_USERS)
ACTIONS = [
    "create",
    "edit",
    "submit",
    "review",
    "approve",
    "reject",
    "publish_edit",
    "publish_bulk",
    "withdraw",
    "route",
]

# The policy, per role: the actions it may take on an event, a governance document or the board page.
ALLOWED = {
    "drafter": {"create", "edit", "submit"},
    "compliance": {"edit", "submit", "review", "route"},  # change permission only; the committee's route
    "spokesperson": {"create", "edit", "submit", "approve", "reject", "withdraw"},
    "revoked": {"create", "edit", "submit"},
    "executive": {"create", "edit", "submit"},
    "superuser": {"create", "edit", "submit"},  # runs the site, holds no Disclosure Policy power
    "anonymous": set(),
}
EXPECTED = {(role, action): action in ALLOWED[role] for role in ROLES for action in ACTIONS}
# A forged Publish that Wagtail turns into a draft save: that draft is the role's edit right.
DRAFT_FALLBACK = {"publish_edit": "edit"}

REASON = "Matrix test: a written reason."
COMMENT = "Matrix test: please restate the date."


def test_the_matrix_covers_every_role_and_action():
    """One cell per role and action, the same table for each page type."""
    assert set(ALLOWED) == set(ROLES)
    assert all(allowed <= set(ACTIONS) for allowed in ALLOWED.values())
    # Nobody publishes outside the approval chain, whatever the page type.
    assert not any(EXPECTED[(role, action)] for role in ROLES for action in ("publish_edit", "publish_bulk"))


@pytest.fixture
def people(roles):
    """The roles fixture, the president's designation revoked, plus a superuser."""
    revoke(roles["president"].designations.get(), by=roles["compliance"], reason="Left the company.")
    people = dict(roles)
    people["superuser"] = get_user_model().objects.create_superuser("superuser", password="pw")  # noqa: S106
    assert not is_active_spokesperson(people["president"])
    return people


# -- prepare --------------------------------------------------------------------------------------


def _governed(page):
    grant_role_permissions(page.get_parent())
    return {"page": fresh(page)}


def prepare_index(kind, home, people):
    return {"index": index_for(kind, home)}


def prepare_draft(kind, home, people):
    return _governed(draft_of(kind, home, people))


def prepare_in_review(kind, home, people):
    ctx = prepare_draft(kind, home, people)
    submit(ctx["page"], people["drafter"])
    ctx["task_state"] = current_task_state(ctx["page"])
    assert ctx["task_state"].task.name == "Disclosure review"
    return ctx


def prepare_awaiting_signoff(kind, home, people):
    ctx = prepare_in_review(kind, home, people)
    decide(ctx["page"], people["compliance"])
    ctx["task_state"] = current_task_state(ctx["page"])
    assert ctx["task_state"].task.name == "Authorized spokesperson sign-off"
    return ctx


def prepare_live(kind, home, people):
    return _governed(live_of(kind, home, people))


# -- perform --------------------------------------------------------------------------------------


def _edit(client, ctx, **data):
    page = ctx["page"]
    form = page_form(page_kind(page), title=f"{page.title} (edited)", slug=page.slug)
    return client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), {**form, **data})


def page_kind(page) -> str:
    return next(kind for kind, (app, model) in PAGE_TYPES.items() if page._meta.model_name == model)


def _workflow_action(client, ctx, action, **data):
    url = reverse("wagtailadmin_pages:workflow_action", args=(ctx["page"].pk, action, ctx["task_state"].pk))
    return client.post(url, data)


def perform_create(client, kind, ctx):
    app, model = PAGE_TYPES[kind]
    url = reverse("wagtailadmin_pages:add", args=(app, model, ctx["index"].pk))
    return client.post(url, page_form(kind, title="Matrix new page", slug=NEW_SLUG))


def perform_edit(client, kind, ctx):
    return _edit(client, ctx)


def perform_submit(client, kind, ctx):
    return _edit(client, ctx, **{"action-submit": "1"})


def perform_review(client, kind, ctx):
    return _workflow_action(client, ctx, "approve")


def perform_approve(client, kind, ctx):
    return _workflow_action(client, ctx, "approve", **confirmed(ctx["task_state"]))


def perform_reject(client, kind, ctx):
    return _workflow_action(client, ctx, "reject", comment=COMMENT)


def perform_publish_edit(client, kind, ctx):
    return _edit(client, ctx, **{"action-publish": "1"})


def perform_publish_bulk(client, kind, ctx):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={ctx['page'].pk}"
    return client.post(url, {"include_descendants": "on"})


def perform_withdraw(client, kind, ctx):
    return client.post(reverse("disclosure_withdraw", args=(ctx["page"].pk,)), {"reason": REASON})


def perform_route(client, kind, ctx):
    return client.post(
        reverse("disclosure_route", args=(ctx["page"].pk,)), {"route": SIGN_OFF_ONLY_ROUTE, "reason": REASON}
    )


# -- done: what an allowed action must have changed -------------------------------------------------


def done_create(ctx, user):
    page = Page.objects.get(slug=NEW_SLUG).specific
    assert page.get_parent().pk == ctx["index"].pk
    assert not page.live and page.owner_id == user.pk
    assert list(page.revisions.values_list("user_id", flat=True)) == [user.pk]


def done_edit(ctx, user):
    page = fresh(ctx["page"])
    latest = page.get_latest_revision()
    assert latest.user_id == user.pk and latest.as_object().title.endswith("(edited)")
    assert not page.live and not page.workflow_states.exists()


def done_submit(ctx, user):
    workflow_state = fresh(ctx["page"]).current_workflow_state
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert workflow_state.requested_by_id == user.pk
    assert workflow_state.current_task_state.task.name == "Disclosure review"
    assert not fresh(ctx["page"]).live


def done_review(ctx, user):
    state = TaskState.objects.get(pk=ctx["task_state"].pk)
    assert state.status == TaskState.STATUS_APPROVED and state.finished_by_id == user.pk
    assert current_task_state(ctx["page"]).task.name == "Authorized spokesperson sign-off"
    assert not fresh(ctx["page"]).live


def done_approve(ctx, user):
    state = TaskState.objects.get(pk=ctx["task_state"].pk)
    assert state.status == TaskState.STATUS_APPROVED and state.finished_by_id == user.pk
    assert SignOff.objects.get(task_state=state).user_id == user.pk
    page = fresh(ctx["page"])
    assert page.live and page.live_revision_id == state.revision_id


def done_reject(ctx, user):
    state = TaskState.objects.get(pk=ctx["task_state"].pk)
    assert state.status == TaskState.STATUS_REJECTED and state.comment == COMMENT
    assert not SignOff.objects.filter(task_state=state).exists()
    assert not fresh(ctx["page"]).live


def done_published(ctx, user):
    """Only reached if the table ever allowed a publish route."""
    raise AssertionError("a publish route outside the approval chain was allowed")


def done_withdraw(ctx, user):
    page = fresh(ctx["page"])
    assert not page.live
    entry = PageLogEntry.objects.get(page=page, action="disclosure.withdraw")
    assert (entry.user_id, entry.data["reason"]) == (user.pk, REASON)


def done_route(ctx, user):
    page = fresh(ctx["page"])
    assert current_route(page) == SIGN_OFF_ONLY_ROUTE
    assert page.get_workflow().name == SIGN_OFF_ONLY_WORKFLOW_NAME
    entry = PageLogEntry.objects.get(page=page, action=ROUTE_ACTION)
    assert (entry.user_id, entry.data["reason"]) == (user.pk, REASON)


@dataclass(frozen=True)
class Action:
    prepare: Any
    perform: Any
    done: Any


HOW = {
    "create": Action(prepare_index, perform_create, done_create),
    "edit": Action(prepare_draft, perform_edit, done_edit),
    "submit": Action(prepare_draft, perform_submit, done_submit),
    "review": Action(prepare_in_review, perform_review, done_review),
    "approve": Action(prepare_awaiting_signoff, perform_approve, done_approve),
    "reject": Action(prepare_awaiting_signoff, perform_reject, done_reject),
    "publish_edit": Action(prepare_draft, perform_publish_edit, done_published),
    "publish_bulk": Action(prepare_draft, perform_publish_bulk, done_published),
    "withdraw": Action(prepare_live, perform_withdraw, done_withdraw),
    "route": Action(prepare_draft, perform_route, done_route),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_permission_matrix_for_disclosed_pages(client, home, people, kind, role, action):
    """Each allowed cell does what it says; each refused cell is refused and changes nothing."""
    how = HOW[action]
    ctx = how.prepare(kind, home, people)
    user = people[ROLE_USERS[role]] if ROLE_USERS[role] else None
    if user is not None:
        client.force_login(user)
    before = full_snapshot()

    response = how.perform(client, kind, ctx)
    assert response.status_code < 500

    if EXPECTED[(role, action)]:
        assert response.status_code in (200, 302)
        how.done(ctx, user)
        return

    fallback = DRAFT_FALLBACK.get(action)
    if fallback and EXPECTED[(role, fallback)]:
        assert public_snapshot() == before["public"], f"{kind}: {role} {action}: refused, but something went public"
    else:
        assert full_snapshot() == before, f"{kind}: {role} {action}: refused, but the state changed"
