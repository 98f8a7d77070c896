"""Separation of duties across steps, and a revocation that takes effect on releases already waiting."""

import datetime as dt

from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from wagtail.models import PageLogEntry, TaskState

import pytest
import time_machine

from disclosure.embargo import Publisher
from disclosure.models import DisclosureReviewTask, SignOff, Spokesperson, SpokespersonSignOffTask
from disclosure.services import designate, revoke
from releases.models import PressReleasePage
from tests.factories import make_release
from tests.support.register import with_counsel
from tests.support.workflow import approve_all, current_task_state, decide, submit

pytestmark = pytest.mark.django_db

# Thursday 3 Dec 2026, 3:00 a.m. ET: outside the exchange notice windows.
RELEASE_AT = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)
BEFORE = RELEASE_AT - dt.timedelta(hours=6)


@pytest.fixture
def frozen():
    with time_machine.travel(BEFORE, tick=False) as traveller:
        yield traveller


@pytest.fixture
def committee_spokesperson(roles, frozen):
    """Compliance, also designated a spokesperson by a second committee member (in the tests' frozen time).

    Designated at the real time, the designation would start after the frozen clock of the test.
    """
    second = with_counsel(roles)["counsel"]
    designate(roles["compliance"], title="General Counsel", by=second)
    return roles["compliance"]


def draft(newsroom, roles, **fields):
    return make_release(newsroom, title="Tecogen Announces Contract", publish=False, release_at=RELEASE_AT, **fields)


def test_reviewer_cannot_sign_off_the_release_they_reviewed(client, newsroom, roles, committee_spokesperson, frozen):
    """A committee member who is also a spokesperson reviews; no sign-off is offered to them, a forged one fails."""
    page = draft(newsroom, roles)
    submit(page, roles["drafter"])
    decide(page, committee_spokesperson)
    state = current_task_state(page)
    assert state.task.specific.get_actions(page, committee_spokesperson) == []
    client.force_login(committee_spokesperson)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk))
    client.post(url, {})
    assert not SignOff.objects.filter(user=committee_spokesperson).exists()
    assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_IN_PROGRESS
    moderated = state.task.specific.get_task_states_user_can_moderate(committee_spokesperson)
    assert not moderated.filter(pk=state.pk).exists()
    decide(page, roles["ceo"])  # another spokesperson signs
    assert current_task_state_or_none(page) is None


def current_task_state_or_none(page):
    page = PressReleasePage.objects.get(pk=page.pk)
    return page.current_workflow_state


def test_spokesperson_on_the_committee_may_sign_what_others_reviewed(newsroom, roles, committee_spokesperson, frozen):
    """Separation is per release: the committee spokesperson signs a release another member reviewed."""
    second = committee_spokesperson.__class__.objects.get(username="counsel")
    page = draft(newsroom, roles)
    submit(page, roles["drafter"])
    decide(page, second)
    assert [a[1] for a in current_task_state(page).task.specific.get_actions(page, committee_spokesperson)][
        1
    ] == "Sign off"


@pytest.fixture
def scheduled(newsroom, roles, frozen):
    page = approve_all(draft(newsroom, roles), roles)
    assert not page.live
    return page


def test_revocation_voids_the_signature_of_a_scheduled_release_and_holds_it(
    client, roles, scheduled, frozen, django_capture_on_commit_callbacks
):
    """Revoked after signing: the sign-off is voided (kept), logged, the committee told; at its time it is held."""
    designation = Spokesperson.objects.get(user=roles["ceo"])
    roles["compliance"].email = "compliance@example.com"
    roles["compliance"].save()
    with django_capture_on_commit_callbacks(execute=True):
        revoke(designation, by=roles["compliance"], reason="Left the company")
    signoff = SignOff.objects.get(user=roles["ceo"])
    assert signoff.voided_at is not None and "Left the company" in signoff.void_reason
    entry = PageLogEntry.objects.get(page=scheduled, action="disclosure.signoff_voided")
    assert entry.data["held"] is True and entry.data["standing"] == 0
    [message] = [m for m in mail.outbox if "Sign-off voided" in m.subject]
    assert message.to == ["compliance@example.com"] and "0 of 1 required" in message.body
    frozen.move_to(RELEASE_AT)
    [outcome] = Publisher().run_once()
    assert outcome.status == "held"
    assert "sign-offs stand" in outcome.reason
    assert not PressReleasePage.objects.get(pk=scheduled.pk).live


def test_a_second_spokesperson_signs_again_and_it_goes_out(client, roles, scheduled, frozen):
    """Scheduled releases → Sign again…: the confirmation shows what is signed; after it the release goes public."""
    revoke(Spokesperson.objects.get(user=roles["ceo"]), by=roles["compliance"], reason="Left the company")
    client.force_login(roles["president"])
    listing = client.get(reverse("disclosure_scheduled")).content.decode()
    assert "0 of 1 required sign-offs stand" in listing and "Sign again" in listing
    url = reverse("disclosure_countersign", args=(scheduled.pk,))
    confirmation = client.get(url).content.decode()
    revision = scheduled.get_latest_revision()
    assert scheduled.title in confirmation and str(revision.pk) in confirmation
    assert client.post(url, {"comment": "Checked"}).status_code == 302
    assert SignOff.objects.filter(user=roles["president"], voided_at__isnull=True).exists()
    frozen.move_to(RELEASE_AT)
    [outcome] = Publisher().run_once()
    assert outcome.status == "published"


def test_nobody_else_may_sign_again(client, roles, scheduled):
    """The drafter, the reviewer and the revoked signer are refused the Sign again page."""
    revoke(Spokesperson.objects.get(user=roles["ceo"]), by=roles["compliance"], reason="Left the company")
    url = reverse("disclosure_countersign", args=(scheduled.pk,))
    for who in ("drafter", "compliance", "ceo", "cfo"):
        client.force_login(roles[who])
        assert client.post(url, {}).status_code in (302, 403), who
    assert SignOff.objects.filter(voided_at__isnull=True).count() == 0


def test_revocation_mid_signoff_needs_another_signature(newsroom, roles, frozen, django_user_model):
    """A material release signed by one of two: the revoked signer's sign-off no longer counts toward the two."""
    page = draft(newsroom, roles, is_material=True)
    submit(page, roles["drafter"])
    decide(page, roles["compliance"])
    decide(page, roles["ceo"])
    revoke(Spokesperson.objects.get(user=roles["ceo"]), by=roles["compliance"], reason="Revoked")
    decide(page, roles["president"])
    assert current_task_state(page).status == TaskState.STATUS_IN_PROGRESS  # 1 of 2 stand
    assert not PressReleasePage.objects.get(pk=page.pk).live


def test_a_designation_ending_before_the_release_time_holds_it(roles, scheduled, frozen):
    """A designation that ends (a dated revocation) before the release time: its signature no longer counts then."""
    Spokesperson.objects.filter(user=roles["ceo"]).update(effective_until=RELEASE_AT - dt.timedelta(minutes=1))
    frozen.move_to(RELEASE_AT)
    [outcome] = Publisher().run_once()
    assert outcome.status == "held"


def test_live_releases_keep_their_record(roles, scheduled, frozen):
    """A release already public is not touched by a later revocation of its signer."""
    frozen.move_to(RELEASE_AT)
    Publisher().run_once()
    revoke(Spokesperson.objects.get(user=roles["ceo"]), by=roles["compliance"], reason="Left the company")
    assert SignOff.objects.get(user=roles["ceo"]).voided_at is None
    assert PressReleasePage.objects.get(pk=scheduled.pk).live


def test_lowering_the_signoff_count_in_settings_changes_nothing(client, newsroom, roles, frozen, django_user_model):
    """Settings → Workflows → the sign-off task set to 1 for material releases: refused on the form, and the
    policy's floor of two holds even if the row is changed behind the form."""
    task = SpokespersonSignOffTask.objects.get()
    admin = django_user_model.objects.create_superuser("root", password="pw")  # noqa: S106
    client.force_login(admin)
    response = client.post(
        reverse("wagtailadmin_workflows:edit_task", args=(task.pk,)),
        {"name": task.name, "material_signoffs_required": "1", "signoffs_required": "1"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert SpokespersonSignOffTask.objects.get().material_signoffs_required == 2
    SpokespersonSignOffTask.objects.update(material_signoffs_required=1)
    page = draft(newsroom, roles, is_material=True)
    submit(page, roles["drafter"])
    decide(page, roles["compliance"])
    decide(page, roles["ceo"])
    assert current_task_state(page).status == TaskState.STATUS_IN_PROGRESS  # one signature is not enough


def test_regrouping_the_review_step_grants_nobody_review(newsroom, roles, frozen):
    """A group of the superuser's choosing added to the review task: its members are still not reviewers."""
    crony_group = Group.objects.get(name="Executives")
    DisclosureReviewTask.objects.get().groups.add(crony_group)
    page = draft(newsroom, roles)
    submit(page, roles["drafter"])
    state = current_task_state(page)
    assert state.task.specific.get_actions(page, roles["cfo"]) == []
    assert state.task.specific.get_actions(page, roles["compliance"]) != []


def test_a_superuser_in_the_committee_is_not_told_of_embargoed_releases(
    newsroom, roles, frozen, django_user_model, django_capture_on_commit_callbacks
):
    """The review notice goes to committee members who may decide, never to a superuser placed in the group."""
    admin = django_user_model.objects.create_superuser("root", password="pw", email="root@example.com")  # noqa: S106
    roles["compliance"].email = "compliance@example.com"
    roles["compliance"].save()
    committee = Group.objects.get(name="Disclosure Committee")
    committee.user_set.through.objects.create(group=committee, user=admin)  # behind the guard's back, as raw SQL would
    with django_capture_on_commit_callbacks(execute=True):
        submit(draft(newsroom, roles), roles["drafter"])
    recipients = {address for m in mail.outbox if "disclosure review" in m.subject for address in m.to}
    assert recipients == {"compliance@example.com"}
