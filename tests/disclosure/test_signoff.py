"""Only authorized spokespersons, never the submitter or author, put a release before the public."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from wagtail.models import PageLogEntry, TaskState

import pytest
import time_machine

from disclosure.models import SignOff, revision_digest
from disclosure.services import designate, revoke
from tests.factories import make_release
from tests.support.workflow import confirmed, current_task_state, decide, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def outside_the_exchange_notice_window():
    """Sign-off rules, at a fixed 3 a.m. ET: no exchange notice rule holds a material release then.

    (The notice rules and the hold have their own tests, tests/disclosure/test_exchange_rules.py and
    test_embargo.py; without a fixed clock these tests would fail during market hours.)
    """
    with time_machine.travel(dt.datetime(2026, 11, 3, 8, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def release(newsroom, roles):
    page = make_release(
        newsroom,
        title="Quarterly results",
        publish=False,
        release_at=dt.datetime(2020, 5, 5, 12, tzinfo=dt.UTC),
        owner=roles["drafter"],
    )
    submit(page, roles["drafter"])
    return page


def test_compliance_reviews_first_then_spokesperson_signs_off_and_publishes(release, roles):
    """Review by compliance, one spokesperson's sign-off on a non-material release, and it is live."""
    decide(release, roles["compliance"])
    assert current_task_state(release).task.specific.__class__.__name__ == "SpokespersonSignOffTask"
    decide(release, roles["ceo"])
    release.refresh_from_db()
    assert release.live
    assert PageLogEntry.objects.filter(page=release, action="wagtail.publish", user=roles["ceo"]).exists()


def test_signoff_records_revision_and_digest(release, roles):
    """Each sign-off stores the exact revision and the SHA-256 of its content."""
    decide(release, roles["compliance"])
    state = current_task_state(release)
    decide(release, roles["president"])
    signoff = SignOff.objects.get(task_state=state)
    assert signoff.revision_id == state.revision_id
    assert signoff.digest == revision_digest(state.revision)
    assert len(signoff.digest) == 64
    entry = PageLogEntry.objects.get(page=release, action="disclosure.sign_off")
    assert entry.data["digest"] == signoff.digest
    assert entry.revision_id == state.revision_id


def test_material_release_needs_two_distinct_spokespersons(newsroom, roles):
    """A material release stays unpublished after one sign-off and goes live after a second person's."""
    page = make_release(newsroom, title="Private placement", publish=False, is_material=True)
    submit(page, roles["drafter"])
    decide(page, roles["compliance"])
    decide(page, roles["ceo"])
    page.refresh_from_db()
    assert not page.live
    assert current_task_state(page).status == TaskState.STATUS_IN_PROGRESS
    with pytest.raises(PermissionDenied):
        decide(page, roles["ceo"])  # the same person twice does not count twice
    decide(page, roles["president"])
    page.refresh_from_db()
    assert page.live


@pytest.mark.parametrize("who", ["drafter", "compliance", "cfo"])
def test_non_spokespersons_are_offered_nothing_and_refused(release, roles, who):
    """Drafter, compliance and an executive who is not designated cannot sign off, even by a forged call."""
    decide(release, roles["compliance"])
    state = current_task_state(release)
    assert state.task.specific.get_actions(release, roles[who]) == []
    with pytest.raises(PermissionDenied):
        decide(release, roles[who])
    assert not SignOff.objects.exists()
    release.refresh_from_db()
    assert not release.live


def test_spokesperson_cannot_approve_own_submission(newsroom, roles):
    """A spokesperson who drafted and submitted a release is not offered sign-off and is refused."""
    page = make_release(newsroom, title="President's own", publish=False)
    submit(page, roles["president"])
    decide(page, roles["compliance"])
    state = current_task_state(page)
    assert state.task.specific.get_actions(page, roles["president"]) == []
    with pytest.raises(PermissionDenied):
        decide(page, roles["president"])
    decide(page, roles["ceo"])
    page.refresh_from_db()
    assert page.live


def test_compliance_cannot_review_own_submission(newsroom, roles):
    """The reviewer is never the submitter."""
    page = make_release(newsroom, title="Compliance's own", publish=False)
    submit(page, roles["compliance"])
    with pytest.raises(PermissionDenied):
        decide(page, roles["compliance"])


def test_revocation_takes_effect_for_waiting_releases(release, roles):
    """A spokesperson revoked while a release waits can no longer sign it off."""
    decide(release, roles["compliance"])
    designation = roles["ceo"].designations.get()
    revoke(designation, by=roles["compliance"], reason="Left the company")
    assert current_task_state(release).task.specific.get_actions(release, roles["ceo"]) == []
    with pytest.raises(PermissionDenied):
        decide(release, roles["ceo"])


def test_only_compliance_designates_and_revokes(roles):
    """Designation and revocation are refused to anyone outside the Disclosure Committee and are logged."""
    with pytest.raises(PermissionDenied):
        designate(roles["cfo"], title="CFO", by=roles["ceo"])
    with pytest.raises(PermissionDenied):
        revoke(roles["ceo"].designations.get(), by=roles["ceo"], reason="x")
    with pytest.raises(ValidationError):
        revoke(roles["ceo"].designations.get(), by=roles["compliance"], reason=" ")
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="disclosure.designate").count() == 2


def test_rejection_sends_comment_back(release, roles):
    """A change request carries its comment and leaves the release unpublished."""
    decide(release, roles["compliance"], action="reject", comment="Add the ticker to the lead.")
    release.refresh_from_db()
    assert not release.live
    state = release.workflow_states.get()
    assert state.status == "needs_changes"
    assert state.current_task_state.comment == "Add the ticker to the lead."


def test_signoff_through_the_admin_workflow_action(client, release, roles):
    """The admin's workflow action URL signs off for a spokesperson and refuses a forged post by the drafter."""
    decide(release, roles["compliance"])
    state = current_task_state(release)
    url = reverse("wagtailadmin_pages:workflow_action", args=(release.pk, "approve", state.pk))
    client.force_login(roles["drafter"])
    client.post(url, {})
    assert not SignOff.objects.exists()
    client.force_login(roles["ceo"])
    response = client.post(url, confirmed(state))
    assert response.status_code in (200, 302)
    release.refresh_from_db()
    assert release.live


def test_register_in_the_admin_is_for_compliance_only(client, roles):
    """Compliance designates through the admin (recorded and logged); a superuser or executive cannot."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from disclosure.models import Spokesperson

    url = reverse("wagtailsnippets_disclosure_spokesperson:add")
    data = {
        "user": roles["cfo"].pk,
        "title": "Chief Financial Officer",
        # Effective now (the widget's minute): a start in the past would be a historical entry.
        "effective_from": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "effective_until": "",
        "revocation_reason": "",
        "note": "",
    }
    admin = get_user_model().objects.create_superuser("root", password="pw")  # noqa: S106
    for outsider in (admin, roles["ceo"]):
        client.force_login(outsider)
        client.post(url, data)
        assert not Spokesperson.objects.filter(user=roles["cfo"]).exists()
    client.force_login(roles["compliance"])
    response = client.post(url, data)
    assert response.status_code == 302
    designation = Spokesperson.objects.get(user=roles["cfo"])
    assert designation.designated_by == roles["compliance"]
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(action="disclosure.designate", user=roles["compliance"]).count() == 3


def test_content_changed_in_place_after_signoff_is_not_published(newsroom, roles):
    """If a signed-off revision's content is overwritten in place, the final sign-off publishes nothing."""
    page = make_release(newsroom, title="Overwritten", publish=False, is_material=True)
    submit(page, roles["drafter"])
    decide(page, roles["compliance"])
    decide(page, roles["ceo"])
    revision = current_task_state(page).revision
    revision.content["title"] = "Overwritten after sign-off"
    revision.save(update_fields=["content"])
    with pytest.raises(PermissionDenied):
        decide(page, roles["president"])
    page.refresh_from_db()
    assert not page.live
    assert SignOff.objects.filter(user=roles["president"]).count() == 0
