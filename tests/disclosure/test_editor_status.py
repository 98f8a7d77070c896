"""The drafter reads the reviewers' comments in the editor, and the footer's primary button ends nothing."""

import datetime as dt

from django.urls import reverse

from wagtail.models import Page

import pytest
import time_machine

from disclosure.workflow_comments import workflow_comments
from releases.models import PressReleasePage
from tests.factories import make_release
from tests.support.admin_html import more_actions, open_request_for_changes, primary_action, status_comments
from tests.support.workflow import EMBARGO_RELEASE_AT, decide, submit

pytestmark = pytest.mark.django_db

# Tuesday 3 Nov 2026, 3:00 a.m. ET: outside the exchanges' notice windows (no hold on sign-off).
DECIDED_AT = dt.datetime(2026, 11, 3, 8, 0, tzinfo=dt.UTC)
DECIDED_AT_ET = "Nov. 3, 2026, 3:00 a.m. ET"
HOSTILE = 'Revenue is $2.9M, not $29M. <script>alert("x")</script> <b>Check</b> para 2.'


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(DECIDED_AT, tick=False):
        yield


@pytest.fixture
def release(newsroom, roles):
    return make_release(
        newsroom, title="Quarterly results", publish=False, release_at=EMBARGO_RELEASE_AT, owner=roles["drafter"]
    )


def edit_html(client, user, page) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    return response.content.decode()


def test_drafter_reads_the_request_for_changes_with_who_and_when(client, release, roles):
    """After "Request changes", the status panel shows the comment, the reviewer, the step and the time."""
    submit(release, roles["drafter"])
    decide(release, roles["compliance"], "reject", comment=HOSTILE)

    html = edit_html(client, roles["drafter"], release)
    (shown,) = status_comments(html)
    assert shown.startswith("Changes requested · Disclosure review")
    assert HOSTILE in shown  # the whole text, as written
    assert f"Compliance, {DECIDED_AT_ET}" in shown
    assert open_request_for_changes(html) == shown  # what the release waits on stands out
    assert '<time datetime="2026-11-03T03:00:00-05:00">' in html


def test_the_comment_is_text_never_html(client, release, roles):
    """A comment's markup is shown as typed: escaped, never run or rendered."""
    submit(release, roles["drafter"])
    decide(release, roles["compliance"], "reject", comment=HOSTILE)

    html = edit_html(client, roles["drafter"], release)
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;Check&lt;/b&gt;" in html


def test_the_request_for_changes_stays_while_the_drafter_fixes_it(client, release, roles):
    """Wagtail forgets a comment once the release has a newer revision; the status panel keeps it."""
    submit(release, roles["drafter"])
    decide(release, roles["compliance"], "reject", comment="Add the ticker to the lead.")
    page = PressReleasePage.objects.get(pk=release.pk).get_latest_revision_as_object()
    page.title = "Quarterly results (ticker added)"
    page.save_revision(user=roles["drafter"])

    html = edit_html(client, roles["drafter"], release)
    assert [c for c in status_comments(html) if "Add the ticker to the lead." in c]

    # Resubmitted: the reviewer sees what was asked, no longer marked as what the release waits on.
    page.current_workflow_state.resume(roles["drafter"])
    html = edit_html(client, roles["compliance"], release)
    assert [c for c in status_comments(html) if "Add the ticker to the lead." in c]
    assert open_request_for_changes(html) is None


def test_comments_of_the_run_newest_first_across_both_steps(client, release, roles):
    """Request for changes, then review passed with comment, a sign-off with comment, a rejection: all there."""
    release.is_material = True
    release.save_revision()
    submit(release, roles["drafter"])
    decide(release, roles["compliance"], "reject", comment="First: fix the date.")
    with time_machine.travel(DECIDED_AT + dt.timedelta(minutes=10), tick=False):
        page = PressReleasePage.objects.get(pk=release.pk).get_latest_revision_as_object()
        page.save_revision(user=roles["drafter"])
        page.current_workflow_state.resume(roles["drafter"])
    with time_machine.travel(DECIDED_AT + dt.timedelta(minutes=20), tick=False):
        decide(release, roles["compliance"], "approve", comment="Passed: date fixed.")
    with time_machine.travel(DECIDED_AT + dt.timedelta(minutes=30), tick=False):
        decide(release, roles["ceo"], "approve", comment="Signed; mind the legend next time.")
    with time_machine.travel(DECIDED_AT + dt.timedelta(minutes=40), tick=False):
        decide(release, roles["president"], "reject", comment="Hold: the figure is wrong.")

    shown = status_comments(edit_html(client, roles["drafter"], release))
    assert [c.split(" · ")[0] for c in shown] == ["Changes requested", "Signed off", "Approved", "Changes requested"]
    assert "Hold: the figure is wrong." in shown[0] and "President, Nov. 3, 2026, 3:40 a.m. ET" in shown[0]
    assert "Signed; mind the legend next time." in shown[1] and "Ceo, Nov. 3, 2026, 3:30 a.m. ET" in shown[1]
    assert "Authorized spokesperson sign-off" in shown[1]
    assert "Passed: date fixed." in shown[2] and "Disclosure review" in shown[2]
    assert "First: fix the date." in shown[3]


def test_the_last_sign_off_comment_is_listed_once(client, release, roles):
    """The sign-off that completes the step carries its comment on both the sign-off and the task: shown once."""
    submit(release, roles["drafter"])
    decide(release, roles["compliance"], "reject", comment="Tidy the headline.")
    PressReleasePage.objects.get(pk=release.pk).current_workflow_state.resume(roles["drafter"])
    decide(release, roles["compliance"])
    decide(release, roles["ceo"], "approve", comment="Signed as shown.")
    # Approved and scheduled: the run is over, so the editor shows no run; its history keeps the comments.
    page = PressReleasePage.objects.get(pk=release.pk)
    assert page.current_workflow_state is None
    comments = workflow_comments(page.workflow_states.get())
    assert [(c.decision, c.text) for c in comments] == [
        ("Signed off", "Signed as shown."),
        ("Changes requested", "Tidy the headline."),
    ]


def test_no_comment_no_box(client, release, roles):
    """A decision without a comment adds nothing to the status panel."""
    submit(release, roles["drafter"])
    decide(release, roles["compliance"], "reject")
    html = edit_html(client, roles["drafter"], release)
    assert status_comments(html) == []
    assert 'id="workflow-comments"' not in html


def test_workflow_history_detail_shows_the_comment_who_and_when(client, release, roles):
    """Wagtail's workflow history page keeps the comment beside the reviewer and the time."""
    submit(release, roles["drafter"])
    decide(release, roles["compliance"], "reject", comment=HOSTILE)
    state = PressReleasePage.objects.get(pk=release.pk).current_workflow_state
    client.force_login(roles["drafter"])
    response = client.get(reverse("wagtailadmin_pages:workflow_history_detail", args=(release.pk, state.pk)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Changes requested" in html or "Rejected" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert "Compliance" in html
    assert "Nov. 3, 2026, 3 a.m." in html  # Django's DATETIME_FORMAT in the admin's time zone (ET)


def test_drafter_primary_button_after_submit_is_not_cancel_workflow(client, release, roles):
    """Submitted and locked for the drafter: the primary button says so; Cancel workflow is in the menu."""
    submit(release, roles["drafter"])
    html = edit_html(client, roles["drafter"], release)
    assert primary_action(html) == "Page locked"
    assert "Cancel workflow" in more_actions(html)


def test_drafter_primary_button_after_changes_requested_is_save_draft(client, release, roles):
    """Back with the drafter: "Save draft" first, then resubmit; cancelling stays in the menu."""
    submit(release, roles["drafter"])
    decide(release, roles["compliance"], "reject", comment="Fix it.")
    html = edit_html(client, roles["drafter"], release)
    assert primary_action(html) == "Save draft"
    menu = more_actions(html)
    assert "Resubmit to Disclosure review" in menu and "Cancel workflow" in menu


def test_reviewer_primary_button_is_save_draft_with_decisions_in_the_menu(client, release, roles):
    """The reviewer's footer: "Save draft" first, "Request changes" and "Review passed" in the menu."""
    submit(release, roles["drafter"])
    html = edit_html(client, roles["compliance"], release)
    assert primary_action(html) == "Save draft"
    assert {"Request changes", "Review passed"} <= set(more_actions(html))


def test_a_page_outside_the_disclosure_policy_shows_its_comments_too(client, home, roles, django_user_model):
    """The status panel's comments come from Wagtail's task states: any workflow, e.g. the default one."""
    superuser = django_user_model.objects.create_superuser("root", password="pw")  # noqa: S106
    page = Page.objects.get(pk=home.pk).specific
    page.save_revision(user=superuser)
    page.get_workflow().start(page, superuser)
    state = page.current_workflow_state.current_task_state
    state.task.specific.on_action(state, superuser, "reject", comment="Shorter welcome, please.")

    shown = status_comments(edit_html(client, superuser, page))
    assert len(shown) == 1 and "Shorter welcome, please." in shown[0]
