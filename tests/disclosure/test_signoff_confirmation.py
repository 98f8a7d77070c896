"""Sign off asks for confirmation in Wagtail's workflow action modal and signs exactly the revision it showed."""

import datetime as dt
import json

from django.urls import reverse

from wagtail.models import PageLogEntry, TaskState

import pytest
import time_machine

from disclosure.models import SignOff
from disclosure.signature import sign
from releases.models import PressReleasePage
from tests.factories import make_release
from tests.support.forms import editor_form
from tests.support.workflow import current_task_state, decide, shown_messages, submit, workflow_action_url

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 30, 14, 0, tzinfo=dt.UTC)  # Monday, 9:00 a.m. ET
RELEASE_AT = dt.datetime(2026, 12, 3, 13, 0, tzinfo=dt.UTC)  # Thursday, 8:00 a.m. ET
HEADLINE = "Tecogen Reports Third Quarter Results"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def awaiting(newsroom, roles):
    """A material release reviewed and waiting for its two sign-offs."""
    page = make_release(newsroom, title=HEADLINE, publish=False, release_at=RELEASE_AT, is_material=True)
    submit(page, roles["drafter"])
    decide(page, roles["compliance"])
    return PressReleasePage.objects.get(pk=page.pk)


def modal_html(client, user, page, *, editor=True) -> str:
    """The Sign off modal as the editor's menu (collect data) or the dashboard (workflow action) opens it."""
    client.force_login(user)
    state = current_task_state(page)
    name = "collect_workflow_action_data" if editor else "workflow_action"
    response = client.get(reverse(f"wagtailadmin_pages:{name}", args=(page.pk, "approve", state.pk)))
    assert response.status_code == 200
    return json.loads(response.content)["html"]


def test_sign_off_is_offered_only_with_its_confirmation_modal(awaiting, roles):
    """The only approve action of the sign-off step opens a modal (Wagtail's modal flag)."""
    state = current_task_state(awaiting)
    approve = [a for a in state.task.specific.get_actions(awaiting, roles["ceo"]) if a[0] == "approve"]
    assert approve == [("approve", "Sign off", True)]


def test_modal_shows_what_is_signed(client, awaiting, roles):
    """Headline, release time in market time, revision, the digest's first characters, materiality, and 1 of 2."""
    html = modal_html(client, roles["ceo"], awaiting)
    revision = current_task_state(awaiting).revision
    digest = sign(revision).digest
    assert HEADLINE in html
    assert "Thursday, Dec. 3, 2026, 8:00 a.m. ET" in html
    assert f"{revision.pk}, saved " in html
    assert f"{digest[:16]}…" in html and f'title="{digest}"' in html
    assert "Material: 2 distinct spokespersons must sign off" in html
    assert "Your sign-off will be 1 of 2: the release then waits for a second spokesperson." in html
    assert f'name="revision" value="{revision.pk}"' in html


def test_modal_for_the_last_sign_off_says_it_schedules(client, awaiting, roles):
    """The second spokesperson's modal (from the dashboard) says theirs schedules the release, and the notice state."""
    decide(awaiting, roles["ceo"])
    html = modal_html(client, roles["president"], awaiting, editor=False)
    assert "Yours is the last sign-off needed (2 of 2): it schedules the release to go public" in html
    assert "Thursday, Dec. 3, 2026, 8:00 a.m. ET" in html
    assert "Exchange notice: none on record. Notify Nasdaq by" in html


def test_opening_and_cancelling_the_modal_changes_nothing(client, awaiting, roles):
    """Opening the modal (then closing it) records no sign-off, no log entry, no revision."""
    before = (SignOff.objects.count(), PageLogEntry.objects.count(), awaiting.revisions.count())
    modal_html(client, roles["ceo"], awaiting)
    modal_html(client, roles["ceo"], awaiting, editor=False)
    assert (SignOff.objects.count(), PageLogEntry.objects.count(), awaiting.revisions.count()) == before
    assert current_task_state(awaiting).status == TaskState.STATUS_IN_PROGRESS


def test_confirming_signs_exactly_the_revision_shown(client, awaiting, roles):
    """The confirmation posts the revision shown; the sign-off records that revision and its digest."""
    revision = current_task_state(awaiting).revision
    client.force_login(roles["ceo"])
    client.post(workflow_action_url(awaiting), {"revision": revision.pk, "comment": "Checked the figures."})
    signoff = SignOff.objects.get()
    assert (signoff.user, signoff.revision_id, signoff.digest) == (roles["ceo"], revision.pk, sign(revision).digest)
    assert shown_messages(client)[0].startswith("Signed off by Ceo: 1 of 2 — waiting for a second spokesperson.")


def test_stale_confirmation_is_refused_with_a_message(client, awaiting, roles):
    """The release edited after the modal showed revision N: confirming N signs nothing and says why."""
    shown = current_task_state(awaiting).revision_id
    modal_html(client, roles["ceo"], awaiting)
    edited = PressReleasePage.objects.get(pk=awaiting.pk)
    edited.title = "Tecogen Reports Third Quarter Results (corrected)"
    latest = edited.save_revision(user=roles["compliance"])
    client.force_login(roles["ceo"])
    client.post(workflow_action_url(awaiting), {"revision": shown})
    (text,) = shown_messages(client)
    assert text.startswith(f"Not signed: “{HEADLINE}” changed after the revision you confirmed (revision {shown}):")
    assert f"its latest is revision {latest.pk}, saved by Compliance. Nothing was signed." in text
    assert not SignOff.objects.exists()
    assert current_task_state(awaiting).status == TaskState.STATUS_IN_PROGRESS


def test_modal_of_a_release_edited_during_the_step_offers_no_confirmation(client, awaiting, roles):
    """Edited after the step began: the modal says the step's revision is not the editor's text, and has no form."""
    edited = PressReleasePage.objects.get(pk=awaiting.pk)
    edited.title = "Tecogen Reports Third Quarter Results (corrected)"
    edited.save_revision(user=roles["compliance"])
    html = modal_html(client, roles["ceo"], awaiting)
    assert "The release was edited after this step began" in html
    assert 'name="revision"' not in html


def test_confirmation_without_a_revision_is_refused(client, awaiting, roles):
    """A forged post that names no revision signs nothing and says how to sign."""
    client.force_login(roles["ceo"])
    client.post(workflow_action_url(awaiting), {})
    (text,) = shown_messages(client)
    assert text.startswith(f"Not signed: “{HEADLINE}”. A sign-off is confirmed in its dialog")
    assert not SignOff.objects.exists()


def test_editor_sign_off_with_an_edit_is_refused(client, awaiting, roles):
    """Editing and signing in one go from the editor: the sign-off is refused, with its message instead of Wagtail's."""
    revision = current_task_state(awaiting).revision
    client.force_login(roles["ceo"])
    data = editor_form(client, awaiting, title="Tecogen Reports Record Third Quarter")
    data.update(
        {
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps({"revision": revision.pk, "comment": ""}),
        }
    )
    client.post(reverse("wagtailadmin_pages:edit", args=(awaiting.pk,)), data)
    texts = shown_messages(client)
    (refusal,) = [text for text in texts if text.startswith("Not signed:")]
    assert "Nothing was signed." in refusal
    assert not any("has been updated" in text for text in texts)
    assert not SignOff.objects.exists()
