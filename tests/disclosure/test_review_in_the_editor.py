"""A reviewer deciding in the editor does not become the page's last editor by a form they did not change."""

import json

from django.contrib.auth.models import Permission
from django.urls import reverse

from wagtail.models import Revision

import pytest

from company.disclosed import blank_if_empty
from disclosure.models import SpokespersonSignOffTask
from disclosure.services import place_under_disclosure_policy
from events.models import EventPage
from tests.support.events import event_form, make_events_index
from tests.support.workflow import current_task_state

pytestmark = pytest.mark.django_db

# What Draftail posts for an editor nobody typed in: one empty block when the page is created …
EMPTY_BLOCK = json.dumps(
    {
        "blocks": [
            {"key": "ahjbc", "text": "", "type": "unstyled", "depth": 0, "inlineStyleRanges": [], "entityRanges": []}
        ],
        "entityMap": {},
    }
)
# … and "null" when the same, still empty, editor is posted again.
UNTOUCHED = "null"
# The annual meeting's place, and the (empty) comments the editor posts.
FIELDS = {
    "location": "Tecogen, 45 First Avenue, Waltham, Mass.",
    "comments-TOTAL_FORMS": "0",
    "comments-INITIAL_FORMS": "0",
    "comments-MIN_NUM_FORMS": "0",
    "comments-MAX_NUM_FORMS": "1000",
}


def test_empty_rich_text_is_stored_empty():
    assert blank_if_empty('<p data-block-key="ahjbc"></p>') == ""
    assert blank_if_empty("<p> &nbsp; </p>") == ""
    assert blank_if_empty("<p>Dial in early.</p>") == "<p>Dial in early.</p>"
    assert blank_if_empty('<p><embed embedtype="image" id="1"/></p>').startswith("<p><embed")


def test_review_passed_in_the_editor_moves_the_event_on_to_sign_off(client, home, roles):
    """The drafter creates and submits an event; compliance passes the review in the editor: next is sign-off."""
    index = make_events_index(home)
    place_under_disclosure_policy(index)
    for group in roles["drafter"].groups.all():
        group.page_permissions.create(page=index, permission_id=_permission("add_page"))
        group.page_permissions.create(page=index, permission_id=_permission("change_page"))
    client.force_login(roles["drafter"])
    add = reverse("wagtailadmin_pages:add", args=("events", "eventpage", index.pk))
    response = client.post(add, {**event_form(description=EMPTY_BLOCK, **FIELDS), "action-submit": "1"})
    assert response.status_code == 302
    page = EventPage.objects.get(slug="annual-meeting-2027")
    assert page.get_parent().pk == index.pk
    assert page.get_latest_revision_as_object().description == ""
    state = current_task_state(page)

    client.force_login(roles["compliance"])
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = client.post(
        edit,
        {
            **event_form(description=UNTOUCHED, **FIELDS),
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
        },
    )
    assert response.status_code == 302
    assert not Revision.objects.filter(object_id=str(page.pk), user=roles["compliance"]).exists()
    following = current_task_state(page)
    assert following.pk != state.pk and isinstance(following.task.specific, SpokespersonSignOffTask)


def _permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename).pk
