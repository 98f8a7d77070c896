"""No side door: a release goes live only through the completed Disclosure Policy approval chain.

Every publishing route of the Wagtail admin is tried through its real URL by a superuser, a
spokesperson who holds Wagtail's publish permission, and the drafter; code that publishes
directly is refused at the model level. Withdrawing a release or cancelling its schedule is
a spokesperson's decision with a written reason, logged.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, Revision

import pytest
import time_machine

from disclosure.guard import historical_record, standing_approved_revision_id
from releases.models import PressReleasePage
from tests.factories import make_release
from tests.support.forms import edit_form, release_form
from tests.support.workflow import approve_all, confirmed, current_task_state, submit

pytestmark = pytest.mark.django_db

WHO = ["superuser", "ceo", "drafter"]
RELEASE_AT = dt.datetime(2020, 5, 5, 12, tzinfo=dt.UTC)


@pytest.fixture
def people(roles):
    people = dict(roles)
    people["superuser"] = get_user_model().objects.create_superuser("root", password="pw")  # noqa: S106
    return people


@pytest.fixture
def draft(newsroom, people):
    return make_release(
        newsroom, title="Quarterly results", slug="quarterly-results", publish=False, release_at=RELEASE_AT
    )


@pytest.fixture
def live(newsroom, people):
    page = make_release(newsroom, title="Annual results", slug="annual-results", publish=False, release_at=RELEASE_AT)
    page = approve_all(page, people)
    assert page.live
    return page


@pytest.fixture
def scheduled(newsroom, people):
    page = make_release(
        newsroom, title="Embargoed results", publish=False, release_at=timezone.now() + dt.timedelta(days=2)
    )
    page = approve_all(page, people)
    assert not page.live
    assert page.revisions.filter(approved_go_live_at__isnull=False).exists()
    return page


def state(page):
    """What the public sees of a release: live flag and live revision."""
    return PressReleasePage.objects.filter(pk=page.pk).values_list("live", "live_revision_id").get()


def refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard (a 403 elsewhere)."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


# -- the admin offers no way to publish -------------------------------------------------------------


@pytest.mark.parametrize("who", WHO)
def test_create_view_publish_leaves_a_draft(client, newsroom, people, who):
    """The create view offers no Publish; a forged action-publish creates an unpublished draft."""
    client.force_login(people[who])
    url = reverse("wagtailadmin_pages:add", args=("releases", "pressreleasepage", newsroom.pk))
    assert b'name="action-publish"' not in client.get(url).content
    response = client.post(url, {**release_form(), "action-publish": "action-publish"})
    assert response.status_code == 302
    page = PressReleasePage.objects.get(slug="tecogen-reports-record-quarter")
    assert not page.live
    assert page.live_revision is None
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()


@pytest.mark.parametrize("who", WHO)
def test_edit_view_publish_saves_a_draft(client, draft, people, who):
    """A forged action-publish in the editor saves a draft revision and publishes nothing."""
    client.force_login(people[who])
    url = reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    response = client.post(url, {**edit_form(draft, title="Quarterly results (final)"), "action-publish": "1"})
    assert response.status_code == 302
    assert response.url == url  # saved as a draft and back in the editor, not refused after the click
    page = PressReleasePage.objects.get(pk=draft.pk)
    assert not page.live
    assert page.get_latest_revision_as_object().title == "Quarterly results (final)"


@pytest.mark.parametrize("who", ["superuser", "ceo"])
def test_edit_view_publish_leaves_the_live_version_alone(client, live, people, who):
    """On a live release, Publish is a draft save: the approved revision stays the one the public sees."""
    before = state(live)
    client.force_login(people[who])
    url = reverse("wagtailadmin_pages:edit", args=(live.pk,))
    response = client.post(url, {**edit_form(live, title="Annual results, unapproved"), "action-publish": "1"})
    assert response.status_code == 302
    assert response.url == url
    assert state(live) == before
    assert PressReleasePage.objects.get(pk=live.pk).title == "Annual results"


@pytest.mark.parametrize("who", ["superuser", "ceo"])
def test_editor_shows_no_publish_or_unpublish_button(client, live, draft, people, who):
    """Hidden, not failing after a click: no Publish, no Wagtail Unpublish, for a superuser or a publisher."""
    client.force_login(people[who])
    html = client.get(reverse("wagtailadmin_pages:edit", args=(live.pk,))).content.decode()
    assert 'name="action-publish"' not in html
    assert reverse("wagtailadmin_pages:unpublish", args=(live.pk,)) not in html
    assert 'data-a11y-dialog-show="set-privacy"' not in html  # no "Change privacy" toggle


@pytest.mark.parametrize("who", ["superuser", "ceo"])
def test_bulk_publish_publishes_nothing(client, draft, people, who):
    """The bulk Publish action skips releases; the newsroom's "include descendants" does too."""
    client.force_login(people[who])
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={draft.pk}"
    assert b"have permission to publish" in client.get(url).content
    client.post(url, {"include_descendants": "on"})
    newsroom_url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={draft.get_parent().pk}"
    )
    client.post(newsroom_url, {"include_descendants": "on"})
    assert state(draft) == (False, None)


@pytest.mark.parametrize("who", ["superuser", "ceo"])
def test_copy_with_publish_makes_no_live_copy(client, live, people, who):
    """Copying a live release with "publish copies" is refused; no live copy exists."""
    client.force_login(people[who])
    url = reverse("wagtailadmin_pages:copy", args=(live.pk,))
    response = client.post(
        url,
        {
            "new_title": "Quarterly results (copy)",
            "new_slug": "quarterly-results-copy",
            "new_parent_page": str(live.get_parent().pk),
            "publish_copies": "on",
        },
    )
    assert response.status_code == 200
    assert "You do not have permission to publish pages at" in response.content.decode()
    assert not PressReleasePage.objects.filter(slug="quarterly-results-copy").exists()
    # Without "publish copies" a copy is an ordinary unpublished draft.
    client.post(
        url,
        {
            "new_title": "Quarterly results (copy)",
            "new_slug": "quarterly-results-copy",
            "new_parent_page": str(live.get_parent().pk),
        },
    )
    copy = PressReleasePage.objects.get(slug="quarterly-results-copy")
    assert not copy.live


@pytest.mark.parametrize("who", ["superuser", "ceo"])
def test_publishing_an_older_revision_is_refused(client, live, people, who):
    """ "Revert" to an older, never-approved revision with Publish: a draft, the approved version stays live."""
    before = state(live)
    older = live.revisions.order_by("created_at", "pk").first()
    assert older.pk != live.live_revision_id
    client.force_login(people[who])
    url = reverse("wagtailadmin_pages:revisions_revert", args=(live.pk, older.pk))
    assert b'name="action-publish"' not in client.get(url).content
    client.post(url, {**edit_form(live, title="Older text"), "action-publish": "1"})
    assert state(live) == before


@pytest.mark.parametrize("who", ["superuser", "ceo"])
def test_admin_api_actions_are_refused(client, draft, live, people, who):
    """The admin API's publish, copy-and-keep-live and unpublish actions answer 403 and change nothing."""
    client.force_login(people[who])
    api = "wagtailadmin_api:pages:action"
    assert client.post(reverse(api, args=(draft.pk, "publish")), {}).status_code == 403
    assert state(draft) == (False, None)
    response = client.post(reverse(api, args=(live.pk, "copy")), {"slug": "api-copy", "keep_live": True})
    assert response.status_code == 403
    assert not PressReleasePage.objects.filter(slug="api-copy").exists()
    before = state(live)
    assert client.post(reverse(api, args=(live.pk, "unpublish")), {}).status_code == 403
    assert state(live) == before


@pytest.mark.parametrize("who", ["superuser", "ceo"])
def test_wagtail_unpublish_delete_and_privacy_are_refused(client, live, people, who):
    """Wagtail's unpublish (view and bulk), delete and privacy of a live release are closed, spokespersons included."""
    before = state(live)
    client.force_login(people[who])
    assert refused(client.post(reverse("wagtailadmin_pages:unpublish", args=(live.pk,))))
    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "unpublish")) + f"?id={live.pk}"
    client.post(bulk, {})
    assert state(live) == before
    assert refused(client.post(reverse("wagtailadmin_pages:delete", args=(live.pk,))))
    assert PressReleasePage.objects.filter(pk=live.pk).exists()
    response = client.post(reverse("wagtailadmin_pages:set_privacy", args=(live.pk,)), {"restriction_type": "login"})
    assert refused(response)
    assert not live.get_view_restrictions().exists()


@pytest.mark.parametrize("who", ["superuser", "ceo"])
def test_wagtail_unschedule_is_refused(client, scheduled, people, who):
    """Wagtail's "cancel scheduled publish" refuses: cancelling is our spokesperson view, with a reason."""
    revision = scheduled.revisions.get(approved_go_live_at__isnull=False)
    client.force_login(people[who])
    response = client.post(reverse("wagtailadmin_pages:revisions_unschedule", args=(scheduled.pk, revision.pk)))
    assert refused(response)
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None


# -- code is refused too (defence in depth) --------------------------------------------------------


def test_revision_publish_in_code_is_refused(draft, people):
    """`revision.publish()` outside the approval path raises PermissionDenied and changes nothing."""
    revision = draft.get_latest_revision()
    for kwargs in ({}, {"user": people["superuser"], "skip_permission_checks": True}):
        with pytest.raises(PermissionDenied, match="no completed Disclosure Policy approval"):
            revision.publish(**kwargs)
        assert state(draft) == (False, None)
    assert not PageLogEntry.objects.filter(page=draft, action="wagtail.publish").exists()


def test_saving_a_release_live_in_code_is_refused(newsroom, draft):
    """A live flag set by hand, on the release or its base Page row, or a release created live, is refused."""
    draft.live = True
    with pytest.raises(PermissionDenied):
        draft.save()
    base = Page.objects.get(pk=draft.pk)
    base.live = True
    with pytest.raises(PermissionDenied):
        base.save()
    assert state(draft) == (False, None)
    page = PressReleasePage(title="Born live", release_at=RELEASE_AT, dateline_city="WALTHAM", wire="prnewswire")
    with pytest.raises(PermissionDenied):
        newsroom.add_child(instance=page)


def test_a_superseded_or_withdrawn_approval_does_not_publish_again(client, live, people):
    """Only the latest approval, not withdrawn since, may go live: no putting back an old approved revision."""
    first_approved = live.live_revision
    live.title = "Quarterly results, corrected"
    approve_all(live, people)
    corrected = PressReleasePage.objects.get(pk=live.pk)
    assert corrected.live_revision_id != first_approved.pk
    with pytest.raises(PermissionDenied):
        first_approved.publish()
    client.force_login(people["president"])
    client.post(reverse("disclosure_withdraw", args=(live.pk,)), {"reason": "Figures under review."})
    assert state(live) == (False, None)
    with pytest.raises(PermissionDenied):
        Revision.objects.get(pk=corrected.live_revision_id).publish()
    assert standing_approved_revision_id(live.pk) is None


def test_historical_record_is_explicit_and_logged(newsroom):
    """The only exception: a reason is required and each release it lets through is logged with it."""
    with pytest.raises(ValueError), historical_record("  "):
        pass
    page = make_release(newsroom, title="Released in 2011")
    assert page.live
    entry = PageLogEntry.objects.get(page=page, action="disclosure.historical_record")
    assert entry.data["reason"] == "test fixture"
    assert entry.revision_id == page.live_revision_id


# -- the approval chain still publishes -------------------------------------------------------------


def test_full_approval_chain_publishes_the_approved_revision(client, draft, people):
    """Through the admin's workflow actions: review, sign-off, and the signed-off revision is live."""
    submit(draft, people["drafter"])
    for who in ("compliance", "ceo"):
        state_ = current_task_state(draft)
        client.force_login(people[who])
        url = reverse("wagtailadmin_pages:workflow_action", args=(draft.pk, "approve", state_.pk))
        assert client.post(url, confirmed(state_)).status_code in (200, 302)
    page = PressReleasePage.objects.get(pk=draft.pk)
    assert page.live
    assert page.live_revision_id == state_.revision_id
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=people["ceo"]).exists()


def test_scheduled_approval_goes_live_with_publish_scheduled(scheduled):
    """An approved future release is scheduled, and Wagtail's publish_scheduled makes it live on time."""
    revision = scheduled.revisions.get(approved_go_live_at__isnull=False)
    call_command("publish_scheduled")
    assert state(scheduled) == (False, None)
    with time_machine.travel(revision.approved_go_live_at + dt.timedelta(minutes=1)):
        call_command("publish_scheduled")
    assert state(scheduled) == (True, revision.pk)


# -- withdrawing and cancelling a schedule: spokesperson, reason, log ------------------------------


@pytest.mark.parametrize("who", ["drafter", "superuser", "compliance", "cfo"])
def test_withdraw_is_refused_to_anyone_but_a_spokesperson(client, live, people, who):
    """The drafter, a superuser, compliance and a non-designated executive are refused and not offered it."""
    url = reverse("disclosure_withdraw", args=(live.pk,))
    client.force_login(people[who])
    assert url not in client.get(reverse("wagtailadmin_pages:edit", args=(live.pk,))).content.decode()
    assert url not in client.get(reverse("wagtailadmin_explore", args=(live.get_parent().pk,))).content.decode()
    assert refused(client.get(url))
    assert refused(client.post(url, {"reason": "Because."}))
    assert state(live)[0] is True


def test_spokesperson_withdraws_with_a_reason(client, live, people):
    """Offered in the editor; without a reason nothing happens; with one, unpublished and logged with it."""
    url = reverse("disclosure_withdraw", args=(live.pk,))
    client.force_login(people["president"])
    assert url in client.get(reverse("wagtailadmin_pages:edit", args=(live.pk,))).content.decode()
    assert url in client.get(reverse("wagtailadmin_explore", args=(live.get_parent().pk,))).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert state(live)[0] is True
    response = client.post(url, {"reason": "Figures restated; a corrected release follows."})
    assert response.status_code == 302
    assert state(live) == (False, None)
    entry = PageLogEntry.objects.get(page=live, action="disclosure.withdraw")
    assert entry.user == people["president"]
    assert entry.data["reason"] == "Figures restated; a corrected release follows."
    assert entry.revision_id == live.live_revision_id
    assert PageLogEntry.objects.filter(page=live, action="wagtail.unpublish", user=people["president"]).exists()


@pytest.mark.parametrize("who", ["drafter", "superuser", "compliance"])
def test_cancel_schedule_is_refused_to_anyone_but_a_spokesperson(client, scheduled, people, who):
    url = reverse("disclosure_cancel_schedule", args=(scheduled.pk,))
    client.force_login(people[who])
    assert url not in client.get(reverse("wagtailadmin_pages:edit", args=(scheduled.pk,))).content.decode()
    assert refused(client.post(url, {"reason": "Because."}))
    assert scheduled.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_spokesperson_cancels_a_schedule_with_a_reason(client, scheduled, people):
    """Offered in the editor; a reason is required; the schedule is cancelled, logged, and stays cancelled."""
    revision = scheduled.revisions.get(approved_go_live_at__isnull=False)
    go_live_at = revision.approved_go_live_at
    url = reverse("disclosure_cancel_schedule", args=(scheduled.pk,))
    client.force_login(people["president"])
    assert url in client.get(reverse("wagtailadmin_pages:edit", args=(scheduled.pk,))).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 200
    revision.refresh_from_db()
    assert revision.approved_go_live_at == go_live_at
    response = client.post(url, {"reason": "Market-moving news; the release waits for the call."})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None
    entry = PageLogEntry.objects.get(page=scheduled, action="disclosure.cancel_schedule")
    assert entry.user == people["president"]
    assert entry.data["reason"] == "Market-moving news; the release waits for the call."
    assert entry.revision_id == revision.pk
    with time_machine.travel(go_live_at + dt.timedelta(minutes=1)):
        call_command("publish_scheduled")
        with pytest.raises(PermissionDenied):
            revision.publish()
    assert state(scheduled) == (False, None)
