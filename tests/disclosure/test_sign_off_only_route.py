"""The lighter route: the Disclosure Committee may send one event or governance page through sign-off only.

Issue 21: "a lighter one where the committee decides it is fit, e.g. review only for a conference
date, the full one for an earnings date". Only the committee chooses, never about a page its
member drafted, never for a press release, always with a reason on record; and no other way of
putting the lighter workflow on a page (Settings → Workflows, a review task switched off) lets
anything go public without the committee.
"""

from __future__ import annotations

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from wagtail.models import PageLogEntry, Task, TaskState, WorkflowState

import pytest

from disclosure.actions import FULL_ROUTE, ROUTE_ACTION, SIGN_OFF_ONLY_ROUTE
from disclosure.audit import audit_entries
from disclosure.decisions import confirmation
from disclosure.guard import approval_standing
from disclosure.models import DisclosureReviewTask, SignOff, SpokespersonSignOffTask
from disclosure.routes import current_route
from disclosure.services import WORKFLOW_NAME
from tests.factories import make_release
from tests.support.routes import (
    REASON,
    assign_light_workflow_behind_the_committee,
    committee_of_two,
    designate_compliance,
    event_draft,
    full,
    light_workflow,
    sign_off_only,
)
from tests.support.workflow import current_task_state, decide, fresh, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(roles):
    return committee_of_two(roles)


@pytest.fixture
def conference(home, people):
    return event_draft(home, people, title="Winter Clean Energy Investor Conference")


def live_state(page):
    return type(page).objects.filter(pk=page.pk).values_list("live", "live_revision_id").get()


def sign(page, who, people):
    """The spokesperson's Sign off, as the admin posts it (it signs nothing when it is refused)."""
    decide(page, people[who])


# -- the route the committee chooses -----------------------------------------------------------------


def test_a_committee_member_routes_a_conference_through_one_sign_off(conference, people):
    """The drafter's submission goes straight to a spokesperson; one sign-off publishes it; the choice is logged."""
    decision = sign_off_only(conference, people["compliance"])
    assert fresh(conference).get_workflow() == light_workflow()
    entry = PageLogEntry.objects.get(page=conference, action=ROUTE_ACTION)
    assert (entry.user, entry.data["route"], entry.data["reason"]) == (
        people["compliance"],
        SIGN_OFF_ONLY_ROUTE,
        REASON,
    )
    assert entry.timestamp == decision.at

    submit(conference, people["drafter"])
    state = current_task_state(conference)
    assert isinstance(state.task.specific, SpokespersonSignOffTask)
    sign(conference, "ceo", people)

    live, revision_id = live_state(conference)
    assert live and revision_id == state.revision_id
    assert approval_standing(conference.pk).revision_id == revision_id
    assert not TaskState.objects.filter(
        workflow_state=state.workflow_state, task__in=DisclosureReviewTask.objects.all()
    ).exists()
    assert SignOff.objects.filter(task_state=state).count() == 1


def test_the_other_committee_members_are_told_and_an_earnings_call_says_so(
    home, people, django_capture_on_commit_callbacks
):
    """The committee may route a results date lightly too, but not quietly: flagged in the log, the trail, the mail."""
    call = event_draft(home, people, title="Fourth quarter results call", kind="earnings_call")
    with django_capture_on_commit_callbacks(execute=True):
        sign_off_only(call, people["compliance"], reason="Only the dial-in number changed.")
    entry = PageLogEntry.objects.get(page=call, action=ROUTE_ACTION)
    assert entry.data["earnings_call"] is True
    assert [m.to for m in mail.outbox] == [["counsel@example.com"]]  # not the member who decided
    assert mail.outbox[0].subject == "Earnings call routed through sign-off only: Fourth quarter results call"
    assert "Only the dial-in number changed." in mail.outbox[0].body
    (row,) = list(audit_entries(actions=[ROUTE_ACTION]))
    assert "an earnings call" in row.detail and "Only the dial-in number changed." in row.detail


@pytest.mark.parametrize("who", ["drafter", "ceo", "superuser", "cfo"])
def test_nobody_outside_the_committee_chooses_the_route(conference, people, who):
    """A drafter cannot pick the lighter route for their page, nor a spokesperson or a superuser."""
    with pytest.raises(PermissionDenied):
        sign_off_only(conference, people[who])
    assert current_route(conference) == FULL_ROUTE
    assert fresh(conference).get_workflow().name == WORKFLOW_NAME


def test_a_member_does_not_route_a_page_they_drafted(conference, people):
    """The author of the latest revision (or its submitter) leaves the choice to another member."""
    conference.save_revision(user=people["compliance"])
    with pytest.raises(PermissionDenied, match="another member"):
        sign_off_only(conference, people["compliance"])
    sign_off_only(conference, people["counsel"])
    assert current_route(conference) == SIGN_OFF_ONLY_ROUTE


def test_a_route_needs_a_reason(conference, people):
    with pytest.raises(ValidationError):
        sign_off_only(conference, people["compliance"], reason="  ")
    assert not PageLogEntry.objects.filter(action=ROUTE_ACTION).exists()


def test_a_press_release_always_takes_the_full_policy(newsroom, people):
    """The committee cannot route a release lightly, and a light workflow put on the newsroom publishes nothing."""
    release = make_release(newsroom, title="Quarterly results", publish=False)
    with pytest.raises(PermissionDenied, match="press release"):
        sign_off_only(release, people["compliance"])
    assign_light_workflow_behind_the_committee(newsroom)  # a superuser in Settings → Workflows
    submit(release, people["drafter"])
    assert isinstance(current_task_state(release).task.specific, SpokespersonSignOffTask)
    sign(release, "ceo", people)
    assert live_state(release) == (False, None)
    assert not SignOff.objects.exists()
    # Even a step approved behind the task's back (code calling TaskState.approve) is refused by the guard.
    with pytest.raises(PermissionDenied, match="full Disclosure Policy"):
        current_task_state(release).approve(user=people["ceo"])
    assert live_state(release) == (False, None)


def test_a_light_workflow_put_on_a_page_behind_the_committee_publishes_nothing(conference, people):
    """A superuser assigning the lighter workflow in Settings: no committee decision, so no signature counts."""
    assign_light_workflow_behind_the_committee(conference)
    submit(conference, people["drafter"])
    sign(conference, "ceo", people)
    assert live_state(conference) == (False, None)
    assert not SignOff.objects.exists()
    assert current_task_state(conference).status == TaskState.STATUS_IN_PROGRESS


@pytest.mark.parametrize("kind", ["release", "event"])
def test_switching_the_review_task_off_publishes_nothing(newsroom, home, people, kind):
    """Deactivating "Disclosure review" in Settings → Tasks skips it in Wagtail; the policy still asks for it."""
    page = make_release(newsroom, publish=False) if kind == "release" else event_draft(home, people)
    Task.objects.filter(pk__in=DisclosureReviewTask.objects.values("pk")).update(active=False)
    submit(page, people["drafter"])
    assert isinstance(current_task_state(page).task.specific, SpokespersonSignOffTask)
    sign(page, "ceo", people)
    assert live_state(page) == (False, None)


def test_a_route_chosen_after_submission_does_not_cover_that_run(conference, people):
    """The decision must come before the run: a run started under a superuser's assignment stays unsigned."""
    assign_light_workflow_behind_the_committee(conference)
    submit(conference, people["drafter"])
    sign_off_only(conference, people["compliance"])
    sign(conference, "ceo", people)
    assert live_state(conference) == (False, None)


def test_the_member_who_routed_it_does_not_sign_it(conference, people):
    """Routing stands in for the review: a member who is also a spokesperson does not decide both."""
    designate_compliance(people)
    sign_off_only(conference, people["compliance"])
    submit(conference, people["drafter"])
    state = current_task_state(conference)
    task = state.task.specific
    assert task.get_actions(conference, people["compliance"]) == []
    assert not task.get_task_states_user_can_moderate(people["compliance"]).filter(pk=state.pk).exists()
    assert task.get_task_states_user_can_moderate(people["ceo"]).filter(pk=state.pk).exists()
    with pytest.raises(PermissionDenied):
        task.on_action(state, people["compliance"], "approve", revision=state.revision_id)
    assert live_state(conference) == (False, None)


def test_a_route_stops_counting_when_its_decider_loses_the_committees_power(conference, people):
    """Like a revoked signer's sign-off: the decision of someone who lost the committee's power does not stand."""
    sign_off_only(conference, people["compliance"])
    submit(conference, people["drafter"])
    people["compliance"].is_superuser = True  # a superuser holds no Disclosure Policy power, by any route
    people["compliance"].save()
    sign(conference, "ceo", people)
    assert live_state(conference) == (False, None)


def test_routing_back_to_full_cancels_a_run_without_review(conference, people):
    """Tightening takes effect at once: the sign-off-only run under way is cancelled, the next one is reviewed."""
    sign_off_only(conference, people["compliance"])
    workflow_state = submit(conference, people["drafter"])
    full(conference, people["counsel"])
    assert WorkflowState.objects.get(pk=workflow_state.pk).status == WorkflowState.STATUS_CANCELLED
    entry = PageLogEntry.objects.filter(page=conference, action=ROUTE_ACTION).latest("timestamp")
    assert entry.data["cancelled_workflow_state"] == workflow_state.pk
    submit(fresh(conference), people["drafter"])
    assert isinstance(current_task_state(conference).task.specific, DisclosureReviewTask)


def test_a_full_run_under_way_is_kept_when_the_page_is_routed_lightly(conference, people):
    """The run already asks more than the lighter route; it finishes reviewed, and publishes."""
    submit(conference, people["drafter"])
    sign_off_only(conference, people["counsel"])
    decide(conference, people["compliance"])
    sign(conference, "ceo", people)
    assert live_state(conference)[0]


# -- the admin ----------------------------------------------------------------------------------------


def test_the_route_screen_is_the_committees(client, conference, people):
    """Offered to a committee member in the page's menu; refused to a drafter and a superuser; posts the decision."""
    url = reverse("disclosure_route", args=(conference.pk,))
    edit = reverse("wagtailadmin_pages:edit", args=(conference.pk,))
    for who in ("drafter", "superuser", "ceo"):
        client.force_login(people[who])
        assert url not in client.get(edit).content.decode()
        refused = client.post(url, {"route": SIGN_OFF_ONLY_ROUTE, "reason": REASON})
        assert refused.status_code in (302, 403) and refused.get("Location", "") != edit  # Wagtail's "no permission"
    assert current_route(conference) == FULL_ROUTE

    client.force_login(people["compliance"])
    assert url in client.get(edit).content.decode()
    assert "Now: full Disclosure Policy" in client.get(url).content.decode()
    assert client.post(url, {"route": SIGN_OFF_ONLY_ROUTE, "reason": ""}).status_code == 200  # reason required
    assert current_route(conference) == FULL_ROUTE
    response = client.post(url, {"route": SIGN_OFF_ONLY_ROUTE, "reason": REASON})
    assert response.status_code == 302
    assert current_route(conference) == SIGN_OFF_ONLY_ROUTE
    assert "Submit to Disclosure Policy — sign-off only" in client.get(edit).content.decode()


def test_the_earnings_call_warning_is_on_the_form(client, home, people):
    call = event_draft(home, people, kind="earnings_call")
    client.force_login(people["compliance"])
    assert "This is an earnings call" in client.get(reverse("disclosure_route", args=(call.pk,))).content.decode()


def test_the_demo_routes_its_conference_through_sign_off_only(demo):
    """`load_demo`: the conference goes via sign-off only, decided by compliance with a reason; the calls do not."""
    from events.models import EventPage

    conference = EventPage.objects.get(slug="winter-clean-energy-investor-conference")
    assert conference.get_workflow().name == "Disclosure Policy — sign-off only"
    entry = PageLogEntry.objects.get(page=conference, action=ROUTE_ACTION)
    assert entry.user.username == "compliance" and entry.data["reason"]
    for call in EventPage.objects.filter(kind="earnings_call"):
        assert call.get_workflow().name == "Disclosure Policy"


def test_the_sign_off_dialog_says_the_run_was_not_reviewed_and_who_chose_that(conference, people, newsroom):
    """The spokesperson signing a sign-off-only run is told there was no review, who chose the route and why."""
    sign_off_only(conference, people["compliance"])
    submit(conference, people["drafter"])
    route = confirmation(current_task_state(conference)).route
    assert route.startswith("Sign-off only, not reviewed: Compliance of the Disclosure Committee chose this route")
    assert f"(“{REASON}”)" in route and "only check before it goes public" in route

    release = make_release(newsroom, publish=False)
    submit(release, people["drafter"])
    decide(release, people["compliance"])  # the committee's review
    route = confirmation(current_task_state(release)).route
    assert route.startswith("Full Disclosure Policy: Compliance of the Disclosure Committee passed this revision's")
