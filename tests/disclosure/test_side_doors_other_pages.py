"""No side door for events and governance pages: like a release, they go public only through the Disclosure Policy.

Each disclosed page type (company.disclosed) is tried the way test_side_doors tries releases: the
editor offers no Publish and a forged one saves a draft, code that publishes is refused, the
bulk action publishes nothing, Wagtail's unpublish, privacy and delete are closed, and the full
approval chain (review by the committee, sign-off by a spokesperson) is what publishes.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import querydict_from_html

import pytest

from disclosure.guard import standing_approved_revision_id
from disclosure.services import place_under_disclosure_policy
from tests.support.disclosed_pages import KINDS, draft_of, event_index, live_of
from tests.support.workflow import approve_all, confirmed, current_task_state, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(roles):
    people = dict(roles)
    people["superuser"] = get_user_model().objects.create_superuser("root", password="pw")  # noqa: S106
    return people


def state(page):
    return type(page).objects.filter(pk=page.pk).values_list("live", "live_revision_id").get()


@pytest.mark.parametrize("kind", KINDS)
def test_the_editor_offers_no_publish_and_a_forged_one_publishes_nothing(client, home, people, kind):
    """Not even a superuser sees Publish or Privacy; a forged action-publish leaves the page unpublished."""
    page = draft_of(kind, home, people)
    client.force_login(people["superuser"])
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    html = client.get(url).content
    assert b'name="action-publish"' not in html
    assert b'data-a11y-dialog-show="set-privacy"' not in html
    data = querydict_from_html(html, form_id="page-edit-form").copy()
    data.setdefault("body-count", "0")  # a StreamField is drawn by JavaScript: post it empty
    data["action-publish"] = "1"
    client.post(url, data)  # valid or not (an empty body may be refused), nothing goes live
    assert state(page) == (False, None)
    assert not PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_publishing_in_code_is_refused(home, people, kind):
    """`revision.publish()`, even with permission checks skipped by a superuser, changes nothing."""
    page = draft_of(kind, home, people)
    revision = page.save_revision()
    for kwargs in ({}, {"user": people["superuser"], "skip_permission_checks": True}):
        with pytest.raises(PermissionDenied, match="no completed Disclosure Policy approval"):
            revision.publish(**kwargs)
    assert state(page) == (False, None)
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_a_live_flag_set_by_hand_is_refused(home, people, kind):
    page = draft_of(kind, home, people)
    page.live = True
    with pytest.raises(PermissionDenied):
        page.save()
    assert state(page)[0] is False


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", ["superuser", "ceo"])
def test_bulk_publish_publishes_nothing(client, home, people, kind, who):
    page = draft_of(kind, home, people)
    client.force_login(people[who])
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={page.pk}"
    assert b"have permission to publish" in client.get(url).content
    assert state(page)[0] is False


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", ["superuser", "ceo"])
def test_wagtail_unpublish_delete_and_privacy_are_refused(client, home, people, kind, who):
    """Taking a live page down, deleting it or restricting it are disclosure decisions, not Wagtail actions."""
    page = live_of(kind, home, people)
    client.force_login(people[who])
    before = state(page)
    for name in ("unpublish", "delete"):
        client.post(reverse(f"wagtailadmin_pages:{name}", args=(page.pk,)))
        assert state(page) == before, name
    assert type(page).objects.filter(pk=page.pk).exists()
    client.post(reverse("wagtailadmin_pages:set_privacy", args=(page.pk,)), {"restriction_type": "login"})
    assert not page.get_view_restrictions().exists()


@pytest.mark.parametrize("kind", KINDS)
def test_the_approval_chain_publishes_the_signed_off_revision(client, home, people, kind):
    """Review by the committee, sign-off by a spokesperson: that revision is what the public sees."""
    page = draft_of(kind, home, people)
    submit(page, people["drafter"])
    for who in ("compliance", "ceo"):
        task_state = current_task_state(page)
        client.force_login(people[who])
        url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
        modal = client.get(url)  # each step's dialog; the Sign off one says what exactly is signed, for any page type
        assert modal.status_code == 200
        if who == "ceo":
            assert page.title in modal.json()["html"] and "revision" in modal.json()["html"]
        assert client.post(url, confirmed(task_state)).status_code in (200, 302)
    live, revision_id = state(page)
    assert live and revision_id == task_state.revision_id
    assert standing_approved_revision_id(page.pk) == revision_id
    assert PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish", user=people["ceo"]).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_nobody_approves_what_they_submitted(home, people, kind):
    """Separation of duties holds for these pages too: the submitter gets no review or sign-off action."""
    page = draft_of(kind, home, people)
    submit(page, people["ceo"])
    task_state = current_task_state(page)
    assert task_state.task.specific.get_actions(page, people["ceo"]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_an_edit_after_sign_off_is_not_what_goes_live(home, people, kind):
    """A change saved after the signature does not reach the public: the signed revision stays live."""
    page = approve_all(draft_of(kind, home, people), people)
    signed = state(page)
    assert signed[0]
    page.title = "Changed after the signature"
    if hasattr(page, "effective_date"):
        page.version = "1.1"  # a governance document's new text is a new version (governance.versions)
    revision = page.save_revision(user=people["drafter"])
    with pytest.raises(PermissionDenied):
        revision.publish()
    assert state(page) == signed
    assert type(page).objects.get(pk=page.pk).title != "Changed after the signature"


def test_the_indexes_can_be_placed_under_the_policy(home, people):
    """place_under_disclosure_policy gives an index the same workflow as the newsroom."""
    index = event_index(home)
    workflow = place_under_disclosure_policy(index)
    assert index.get_workflow() == workflow
    assert workflow.name == "Disclosure Policy"
