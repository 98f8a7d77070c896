"""The Disclosure Policy as one permission matrix: every role against every action, through the admin's real URLs.

EXPECTED below is the policy, written as plain data for the compliance officer to read: True means
the role may take the action, False that the admin must refuse it and change nothing. It is what
the Disclosure Policy demands, not a copy of what the software happens to do, so a cell where the
software disagrees fails.

Roles (users of the demo-shaped ``roles`` fixture, tests/disclosure/conftest.py):
  drafter       PR team: may add and change pages under the newsroom.
  compliance    Disclosure Committee: may change pages; reviews releases and keeps the register.
  spokesperson  ceo: Executives group (add, change and Wagtail's publish on the newsroom), active designation.
  revoked       president: Executives group, designation revoked by compliance.
  executive     cfo: Executives group, never designated.
  superuser     Wagtail superuser, in no group.
  anonymous     not logged in.

Actions (each one POST to the admin URL a user's click sends, against fresh state):
  create            add view of a press release under the newsroom, "Save draft".
  edit              edit view of a draft release, "Save draft".
  submit            edit view of a draft release, "Submit to Disclosure Policy".
  review            workflow action "approve" on the Disclosure review step (release submitted by the drafter).
  approve           workflow action "approve" (sign off) on the spokesperson step of a non-material release
                    submitted by the drafter and reviewed by compliance.
  reject            workflow action "reject", with a comment, on the same spokesperson step.
  publish_create    add view with "Publish".
  publish_edit      edit view of a draft release with "Publish".
  publish_bulk      bulk action "Publish" on a draft release (with descendants).
  publish_revision  "Revert" to an older revision of a draft release with "Publish this version".
  publish_copy      copy of a live release with "Publish copies".
  unpublish         the spokesperson's Withdraw view, with a reason, on a live release.
  cancel_schedule   the spokesperson's Cancel-scheduled-release view, with a reason, on a release whose approved
                    revision waits for a go-live time in the future.
  designate         Admin > Spokespersons > Add: designate the cfo.
  revoke            Admin > Spokespersons > Edit the ceo's designation: end date now, with a reason.

Nobody publishes outside the approval chain: every publish_* column is False for everyone. Where
Wagtail answers a forged Publish by saving a draft instead (create and edit views, revert view,
copy), the draft is the create/edit right of that role, so for a role holding it the refused cell
checks that nothing became public; for any other role, that nothing at all changed.

At the end, three register edits the Disclosure Committee can make through the Spokesperson edit
view although the policy refuses them (found while building the designate and revoke columns).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry, PageLogEntry, Revision, TaskState, WorkflowState

import pytest

from disclosure.models import SignOff, Spokesperson, is_active_spokesperson
from disclosure.services import revoke
from releases.models import PressReleasePage
from tests.factories import make_release
from tests.support.forms import edit_form, release_form
from tests.support.matrix import ROLE_USERS, full_snapshot, public_snapshot
from tests.support.workflow import approve_all, confirmed, decide, submit

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------------------------------------------
# The policy: EXPECTED[(role, action)] is True when the role may take the action.
# ---------------------------------------------------------------------------------------------------

EXPECTED = {
    # -- drafter (PR team) -------------------------------------------------------------------------
    ("drafter", "create"): True,
    ("drafter", "edit"): True,
    ("drafter", "submit"): True,
    ("drafter", "review"): False,
    ("drafter", "approve"): False,
    ("drafter", "reject"): False,
    ("drafter", "publish_create"): False,
    ("drafter", "publish_edit"): False,
    ("drafter", "publish_bulk"): False,
    ("drafter", "publish_revision"): False,
    ("drafter", "publish_copy"): False,
    ("drafter", "unpublish"): False,
    ("drafter", "cancel_schedule"): False,
    ("drafter", "designate"): False,
    ("drafter", "revoke"): False,
    # -- compliance (Disclosure Committee: change permission, no add) ------------------------------
    ("compliance", "create"): False,
    ("compliance", "edit"): True,
    ("compliance", "submit"): True,
    ("compliance", "review"): True,
    ("compliance", "approve"): False,
    ("compliance", "reject"): False,
    ("compliance", "publish_create"): False,
    ("compliance", "publish_edit"): False,
    ("compliance", "publish_bulk"): False,
    ("compliance", "publish_revision"): False,
    ("compliance", "publish_copy"): False,
    ("compliance", "unpublish"): False,
    ("compliance", "cancel_schedule"): False,
    ("compliance", "designate"): True,
    ("compliance", "revoke"): True,
    # -- spokesperson (ceo: Executives group, active designation) ----------------------------------
    ("spokesperson", "create"): True,
    ("spokesperson", "edit"): True,
    ("spokesperson", "submit"): True,
    ("spokesperson", "review"): False,
    ("spokesperson", "approve"): True,
    ("spokesperson", "reject"): True,
    ("spokesperson", "publish_create"): False,
    ("spokesperson", "publish_edit"): False,
    ("spokesperson", "publish_bulk"): False,
    ("spokesperson", "publish_revision"): False,
    ("spokesperson", "publish_copy"): False,
    ("spokesperson", "unpublish"): True,
    ("spokesperson", "cancel_schedule"): True,
    ("spokesperson", "designate"): False,
    ("spokesperson", "revoke"): False,
    # -- revoked spokesperson (president: Executives group, designation ended) ---------------------
    ("revoked", "create"): True,
    ("revoked", "edit"): True,
    ("revoked", "submit"): True,
    ("revoked", "review"): False,
    ("revoked", "approve"): False,
    ("revoked", "reject"): False,
    ("revoked", "publish_create"): False,
    ("revoked", "publish_edit"): False,
    ("revoked", "publish_bulk"): False,
    ("revoked", "publish_revision"): False,
    ("revoked", "publish_copy"): False,
    ("revoked", "unpublish"): False,
    ("revoked", "cancel_schedule"): False,
    ("revoked", "designate"): False,
    ("revoked", "revoke"): False,
    # -- executive who is not a spokesperson (cfo: Executives group) -------------------------------
    ("executive", "create"): True,
    ("executive", "edit"): True,
    ("executive", "submit"): True,
    ("executive", "review"): False,
    ("executive", "approve"): False,
    ("executive", "reject"): False,
    ("executive", "publish_create"): False,
    ("executive", "publish_edit"): False,
    ("executive", "publish_bulk"): False,
    ("executive", "publish_revision"): False,
    ("executive", "publish_copy"): False,
    ("executive", "unpublish"): False,
    ("executive", "cancel_schedule"): False,
    ("executive", "designate"): False,
    ("executive", "revoke"): False,
    # -- superuser (not in the committee, not a spokesperson) --------------------------------------
    ("superuser", "create"): True,
    ("superuser", "edit"): True,
    ("superuser", "submit"): True,
    ("superuser", "review"): False,
    ("superuser", "approve"): False,
    ("superuser", "reject"): False,
    ("superuser", "publish_create"): False,
    ("superuser", "publish_edit"): False,
    ("superuser", "publish_bulk"): False,
    ("superuser", "publish_revision"): False,
    ("superuser", "publish_copy"): False,
    ("superuser", "unpublish"): False,
    ("superuser", "cancel_schedule"): False,
    ("superuser", "designate"): False,
    ("superuser", "revoke"): False,
    # -- anonymous (not logged in) -----------------------------------------------------------------
    ("anonymous", "create"): False,
    ("anonymous", "edit"): False,
    ("anonymous", "submit"): False,
    ("anonymous", "review"): False,
    ("anonymous", "approve"): False,
    ("anonymous", "reject"): False,
    ("anonymous", "publish_create"): False,
    ("anonymous", "publish_edit"): False,
    ("anonymous", "publish_bulk"): False,
    ("anonymous", "publish_revision"): False,
    ("anonymous", "publish_copy"): False,
    ("anonymous", "unpublish"): False,
    ("anonymous", "cancel_schedule"): False,
    ("anonymous", "designate"): False,
    ("anonymous", "revoke"): False,
}

ROLES = list(ROLE_USERS)
ACTIONS = [
    "create",
    "edit",
    "submit",
    "review",
    "approve",
    "reject",
    "publish_create",
    "publish_edit",
    "publish_bulk",
    "publish_revision",
    "publish_copy",
    "unpublish",
    "cancel_schedule",
    "designate",
    "revoke",
]

# The user behind each role (usernames of the roles fixture; "superuser" is made here).
USERNAME = ROLE_USERS

# A forged Publish that Wagtail turns into a draft save: that draft is this (create/edit) right of the role.
DRAFT_FALLBACK = {
    "publish_create": "create",
    "publish_edit": "edit",
    "publish_revision": "edit",
    "publish_copy": "create",
}

RELEASE_AT = dt.datetime(2020, 5, 5, 12, tzinfo=dt.UTC)
DESIGNATED_SINCE = dt.datetime(2020, 1, 6, 14, 0, tzinfo=dt.UTC)  # 09:00 ET
ADMIN_DATETIME = "%Y-%m-%d %H:%M"  # what the admin's date-time widget posts, in ET
NEW_SLUG = "matrix-new-release"
COPY_SLUG = "matrix-copy"
REASON = "Matrix test: a written reason."
COMMENT = "Matrix test: please restate the lead."


def test_the_matrix_covers_every_role_and_action():
    """The table is complete: one cell per role and action, nothing else."""
    assert set(EXPECTED) == {(role, action) for role in ROLES for action in ACTIONS}
    assert all(isinstance(allowed, bool) for allowed in EXPECTED.values())


# ---------------------------------------------------------------------------------------------------
# The world every cell starts from
# ---------------------------------------------------------------------------------------------------


@pytest.fixture
def people(roles):
    """The roles fixture, designations in force since 2020, the president's revoked, plus a superuser."""
    Spokesperson.objects.update(effective_from=DESIGNATED_SINCE)
    revoke(roles["president"].designations.get(), by=roles["compliance"], reason="Left the company.")
    people = dict(roles)
    people["superuser"] = get_user_model().objects.create_superuser("superuser", password="pw")  # noqa: S106
    assert is_active_spokesperson(people["ceo"])
    assert not is_active_spokesperson(people["president"])
    assert not is_active_spokesperson(people["cfo"])
    return people


def _draft(newsroom, people, slug="matrix-draft"):
    return make_release(
        newsroom, title="Quarterly results", slug=slug, publish=False, release_at=RELEASE_AT, owner=people["drafter"]
    )


def _page(ctx) -> PressReleasePage:
    return PressReleasePage.objects.get(pk=ctx["page"].pk)


def _task_state(pk) -> TaskState:
    return TaskState.objects.get(pk=pk)


# -- prepare: the state each action needs ----------------------------------------------------------


def prepare_nothing(newsroom, people):
    return {}


def prepare_draft(newsroom, people):
    return {"page": _draft(newsroom, people)}


def prepare_draft_with_history(newsroom, people):
    page = _draft(newsroom, people)
    older = page.get_latest_revision()
    page.title = "Quarterly results, second draft"
    page.save_revision(user=people["drafter"])
    return {"page": page, "older": older}


def prepare_in_review(newsroom, people):
    page = _draft(newsroom, people)
    submit(page, people["drafter"])
    page = PressReleasePage.objects.get(pk=page.pk)
    state = page.current_workflow_state.current_task_state
    assert state.task.name == "Disclosure review"
    return {"page": page, "task_state": state}


def prepare_awaiting_signoff(newsroom, people):
    ctx = prepare_in_review(newsroom, people)
    decide(ctx["page"], people["compliance"])
    page = _page(ctx)
    state = page.current_workflow_state.current_task_state
    assert state.task.name == "Authorized spokesperson sign-off"
    assert not page.is_material
    return {"page": page, "task_state": state}


def prepare_live(newsroom, people):
    page = approve_all(_draft(newsroom, people, slug="matrix-live"), people)
    assert page.live
    return {"page": page}


def prepare_scheduled(newsroom, people):
    page = make_release(
        newsroom,
        title="Embargoed results",
        slug="matrix-scheduled",
        publish=False,
        release_at=timezone.now() + dt.timedelta(days=2),
    )
    page = approve_all(page, people)
    assert not page.live
    return {"page": page, "revision": page.revisions.get(approved_go_live_at__isnull=False)}


def prepare_designation(newsroom, people):
    return {"designation": people["ceo"].designations.get()}


# -- perform: the POST a click sends ---------------------------------------------------------------


def _add_url(newsroom):
    return reverse("wagtailadmin_pages:add", args=("releases", "pressreleasepage", newsroom.pk))


def _new_release_form():
    return release_form(title="Matrix new release", slug=NEW_SLUG, is_material="False")


def _workflow_action(client, ctx, action, **data):
    url = reverse("wagtailadmin_pages:workflow_action", args=(ctx["page"].pk, action, ctx["task_state"].pk))
    return client.post(url, data)


def perform_create(client, newsroom, people, ctx):
    return client.post(_add_url(newsroom), _new_release_form())


def perform_edit(client, newsroom, people, ctx):
    url = reverse("wagtailadmin_pages:edit", args=(ctx["page"].pk,))
    return client.post(url, edit_form(ctx["page"], title="Quarterly results (edited)"))


def perform_submit(client, newsroom, people, ctx):
    url = reverse("wagtailadmin_pages:edit", args=(ctx["page"].pk,))
    return client.post(url, {**edit_form(ctx["page"]), "action-submit": "1"})


def perform_review(client, newsroom, people, ctx):
    return _workflow_action(client, ctx, "approve")


def perform_approve(client, newsroom, people, ctx):
    return _workflow_action(client, ctx, "approve", **confirmed(ctx["task_state"].specific))


def perform_reject(client, newsroom, people, ctx):
    return _workflow_action(client, ctx, "reject", comment=COMMENT)


def perform_publish_create(client, newsroom, people, ctx):
    return client.post(_add_url(newsroom), {**_new_release_form(), "action-publish": "action-publish"})


def perform_publish_edit(client, newsroom, people, ctx):
    url = reverse("wagtailadmin_pages:edit", args=(ctx["page"].pk,))
    return client.post(url, {**edit_form(ctx["page"], title="Quarterly results (final)"), "action-publish": "1"})


def perform_publish_bulk(client, newsroom, people, ctx):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={ctx['page'].pk}"
    return client.post(url, {"include_descendants": "on"})


def perform_publish_revision(client, newsroom, people, ctx):
    url = reverse("wagtailadmin_pages:revisions_revert", args=(ctx["page"].pk, ctx["older"].pk))
    return client.post(url, {**edit_form(ctx["page"], title="Quarterly results"), "action-publish": "1"})


def perform_publish_copy(client, newsroom, people, ctx):
    url = reverse("wagtailadmin_pages:copy", args=(ctx["page"].pk,))
    data = {
        "new_title": "Quarterly results (copy)",
        "new_slug": COPY_SLUG,
        "new_parent_page": str(newsroom.pk),
        "publish_copies": "on",
    }
    return client.post(url, data)


def perform_unpublish(client, newsroom, people, ctx):
    return client.post(reverse("disclosure_withdraw", args=(ctx["page"].pk,)), {"reason": REASON})


def perform_cancel_schedule(client, newsroom, people, ctx):
    return client.post(reverse("disclosure_cancel_schedule", args=(ctx["page"].pk,)), {"reason": REASON})


def _register_form(designation=None, **overrides):
    """The Spokesperson form as the admin posts it, from an existing designation or blank."""
    data = {"user": "", "title": "", "effective_from": "", "effective_until": "", "revocation_reason": "", "note": ""}
    if designation is not None:
        data.update(
            user=designation.user_id,
            title=designation.title,
            effective_from=timezone.localtime(designation.effective_from).strftime(ADMIN_DATETIME),
            note=designation.note,
        )
    data.update(overrides)
    return data


def perform_designate(client, newsroom, people, ctx):
    data = _register_form(
        user=people["cfo"].pk,
        title="Chief Financial Officer",
        effective_from=timezone.localtime().strftime(ADMIN_DATETIME),
    )
    return client.post(reverse("wagtailsnippets_disclosure_spokesperson:add"), data)


def perform_revoke(client, newsroom, people, ctx):
    designation = ctx["designation"]
    ended = timezone.localtime()  # effective now (the widget's minute): a revocation is never dated in the past
    data = _register_form(designation, effective_until=ended.strftime(ADMIN_DATETIME), revocation_reason=REASON)
    return client.post(reverse("wagtailsnippets_disclosure_spokesperson:edit", args=(designation.pk,)), data)


# -- done: what an allowed action must have changed -------------------------------------------------


def _live_releases():
    return set(PressReleasePage.objects.filter(live=True).values_list("pk", "live_revision_id"))


def done_create(newsroom, people, ctx, user, before):
    page = PressReleasePage.objects.get(slug=NEW_SLUG)
    assert page.get_parent().pk == newsroom.pk
    assert not page.live
    assert page.live_revision_id is None
    assert page.owner_id == user.pk
    assert list(page.revisions.values_list("user_id", flat=True)) == [user.pk]
    assert not page.workflow_states.exists()


def done_edit(newsroom, people, ctx, user, before):
    page = _page(ctx)
    latest = page.get_latest_revision()
    assert latest.user_id == user.pk
    assert latest.as_object().title == "Quarterly results (edited)"
    assert page.revisions.count() == 2
    assert not page.live
    assert not page.workflow_states.exists()


def done_submit(newsroom, people, ctx, user, before):
    page = _page(ctx)
    workflow_state = page.current_workflow_state
    assert workflow_state is not None
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert workflow_state.requested_by_id == user.pk
    assert workflow_state.current_task_state.task.name == "Disclosure review"
    assert workflow_state.current_task_state.revision.user_id == user.pk
    assert not page.live


def done_review(newsroom, people, ctx, user, before):
    state = _task_state(ctx["task_state"].pk)
    assert state.status == TaskState.STATUS_APPROVED
    assert state.finished_by_id == user.pk
    page = _page(ctx)
    assert page.current_workflow_state.current_task_state.task.name == "Authorized spokesperson sign-off"
    assert not page.live


def done_approve(newsroom, people, ctx, user, before):
    state = _task_state(ctx["task_state"].pk)
    assert state.status == TaskState.STATUS_APPROVED
    assert state.finished_by_id == user.pk
    signoff = SignOff.objects.get(task_state=state)
    assert signoff.user_id == user.pk
    assert signoff.revision_id == state.revision_id
    page = _page(ctx)
    assert page.live
    assert page.live_revision_id == state.revision_id
    assert state.workflow_state.status == WorkflowState.STATUS_APPROVED


def done_reject(newsroom, people, ctx, user, before):
    state = _task_state(ctx["task_state"].pk)
    assert state.status == TaskState.STATUS_REJECTED
    assert state.finished_by_id == user.pk
    assert state.comment == COMMENT
    assert WorkflowState.objects.get(pk=state.workflow_state_id).status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not SignOff.objects.filter(task_state=state).exists()
    assert not _page(ctx).live


def done_published(newsroom, people, ctx, user, before):
    """Only reached if the table ever said a publish route is allowed: something new went live."""
    assert _live_releases() - before["public"]["live"]


def done_unpublish(newsroom, people, ctx, user, before):
    page = _page(ctx)
    assert not page.live
    assert page.live_revision_id is None
    entry = PageLogEntry.objects.get(page=page, action="disclosure.withdraw")
    assert entry.user_id == user.pk
    assert entry.data["reason"] == REASON


def done_cancel_schedule(newsroom, people, ctx, user, before):
    revision = Revision.objects.get(pk=ctx["revision"].pk)
    assert revision.approved_go_live_at is None
    entry = PageLogEntry.objects.get(page=ctx["page"], action="disclosure.cancel_schedule")
    assert entry.user_id == user.pk
    assert entry.data["reason"] == REASON
    assert not _page(ctx).live


def done_designate(newsroom, people, ctx, user, before):
    designation = Spokesperson.objects.get(user=people["cfo"])
    assert designation.designated_by_id == user.pk
    assert designation.title == "Chief Financial Officer"
    assert is_active_spokesperson(people["cfo"])
    assert ModelLogEntry.objects.filter(action="disclosure.designate", user=user).exists()


def done_revoke(newsroom, people, ctx, user, before):
    designation = Spokesperson.objects.get(pk=ctx["designation"].pk)
    assert designation.effective_until is not None
    assert designation.effective_until <= timezone.now()
    assert designation.revoked_by_id == user.pk
    assert designation.revocation_reason == REASON
    assert not is_active_spokesperson(designation.user)
    assert ModelLogEntry.objects.filter(action="disclosure.revoke", user=user).exists()


@dataclass(frozen=True)
class Action:
    prepare: Any
    perform: Any
    done: Any


HOW = {
    "create": Action(prepare_nothing, perform_create, done_create),
    "edit": Action(prepare_draft, perform_edit, done_edit),
    "submit": Action(prepare_draft, perform_submit, done_submit),
    "review": Action(prepare_in_review, perform_review, done_review),
    "approve": Action(prepare_awaiting_signoff, perform_approve, done_approve),
    "reject": Action(prepare_awaiting_signoff, perform_reject, done_reject),
    "publish_create": Action(prepare_nothing, perform_publish_create, done_published),
    "publish_edit": Action(prepare_draft, perform_publish_edit, done_published),
    "publish_bulk": Action(prepare_draft, perform_publish_bulk, done_published),
    "publish_revision": Action(prepare_draft_with_history, perform_publish_revision, done_published),
    "publish_copy": Action(prepare_live, perform_publish_copy, done_published),
    "unpublish": Action(prepare_live, perform_unpublish, done_unpublish),
    "cancel_schedule": Action(prepare_scheduled, perform_cancel_schedule, done_cancel_schedule),
    "designate": Action(prepare_nothing, perform_designate, done_designate),
    "revoke": Action(prepare_designation, perform_revoke, done_revoke),
}


# ---------------------------------------------------------------------------------------------------
# The matrix
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, newsroom, people, role, action):
    """Each allowed cell does what it says; each refused cell is refused and changes nothing."""
    how = HOW[action]
    ctx = how.prepare(newsroom, people)
    user = people[USERNAME[role]] if USERNAME[role] else None
    if user is not None:
        client.force_login(user)
    before = full_snapshot()

    response = how.perform(client, newsroom, people, ctx)
    assert response.status_code < 500

    if EXPECTED[(role, action)]:
        assert response.status_code in (200, 302)
        how.done(newsroom, people, ctx, user, before)
        return

    fallback = DRAFT_FALLBACK.get(action)
    if fallback and EXPECTED[(role, fallback)]:
        # Wagtail saved the forged Publish as a draft, which this role may do: nothing became public.
        assert public_snapshot() == before["public"], f"{role} {action}: refused, but something was published"
    else:
        assert full_snapshot() == before, f"{role} {action}: refused, but the state changed"


# ---------------------------------------------------------------------------------------------------
# Found while building the designate / revoke columns: the register's edit view, which only the
# Disclosure Committee may use, lets a committee member do through a form what the policy refuses
# (disclosure.services.revoke; "nothing is ever deleted, revoking sets an end date"; "every
# designation and revocation is in the audit log"). Each post below must be refused and leave the
# register as it was.
# ---------------------------------------------------------------------------------------------------


def _ended_a_minute_ago():
    return (timezone.localtime() - dt.timedelta(minutes=1)).strftime(ADMIN_DATETIME)


REGISTER_EDITS = {
    # A revocation needs its written reason (services.revoke refuses a blank one).
    "revoke-without-a-reason": ("ceo", lambda people: {"effective_until": _ended_a_minute_ago()}),
    # An ended designation stays ended: re-designating is a new, logged designation, not erasing the end date.
    "reinstate-by-clearing-the-end-date": ("president", lambda people: {"effective_until": ""}),
    # A designation belongs to one person: moving it to someone else designates them with no designation entry.
    "move-a-designation-to-another-person": ("ceo", lambda people: {"user": people["cfo"].pk}),
}


@pytest.mark.parametrize("edit", list(REGISTER_EDITS))
def test_register_edit_view_keeps_the_designate_and_revoke_rules(client, people, edit):
    """Compliance may revoke through the admin, but not without a reason, nor reinstate or move a designation."""
    username, changes = REGISTER_EDITS[edit]
    designation = people[username].designations.get()
    data = _register_form(designation, revocation_reason=designation.revocation_reason, **changes(people))
    who = ("ceo", "president", "cfo")
    active_before = {name: is_active_spokesperson(people[name]) for name in who}
    register_before = public_snapshot()["register"]

    client.force_login(people["compliance"])
    client.post(reverse("wagtailsnippets_disclosure_spokesperson:edit", args=(designation.pk,)), data)

    active_after = {name: is_active_spokesperson(people[name]) for name in who}
    assert active_after == active_before, f"{edit}: who may sign off changed: {active_before} -> {active_after}"
    assert public_snapshot()["register"] == register_before, f"{edit}: the register was rewritten"
