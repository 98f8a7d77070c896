"""Walking a release through the Disclosure Policy workflow in tests, as the task code would."""

import datetime as dt

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import strip_tags

from disclosure.models import SpokespersonSignOffTask
from releases.models import PressReleasePage
from tests.factories import make_release

# Wednesday 2 Dec 2026, 10:30:00 a.m. ET: inside Nasdaq's and NYSE's notice windows.
EMBARGO_RELEASE_AT = dt.datetime(2026, 12, 2, 15, 30, tzinfo=dt.UTC)


def submit(page, user):
    """Save a revision as `user` and submit it to the newsroom's workflow."""
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def fresh(page):
    """The page re-read from the database, as its own type (a release, an event, a governance document)."""
    return type(page).objects.get(pk=page.pk)


def current_task_state(page):
    page = fresh(page)
    return page.current_workflow_state.current_task_state.specific


def confirmed(state, action="approve") -> dict:
    """What the admin posts with a decision: a sign-off names the revision its modal showed."""
    if action == "approve" and isinstance(state.task.specific, SpokespersonSignOffTask):
        return {"revision": state.revision_id}
    return {}


def decide(page, user, action="approve", comment=""):
    """Decide the current step as `user`, as the admin does (a sign-off confirms the revision it signs)."""
    state = current_task_state(page)
    state.task.specific.on_action(state, user, action, comment=comment, **confirmed(state, action))


def approve_all(page, roles, signers=("ceo",)):
    """The whole chain as the demo roles: the drafter submits, compliance reviews, `signers` sign off."""
    submit(page, roles["drafter"])
    decide(page, roles["compliance"])
    for who in signers:
        decide(page, roles[who])
    return fresh(page)


def approved(newsroom, roles, *, release_at=EMBARGO_RELEASE_AT, title="Third quarter results", **fields):
    """A release taken through the whole Disclosure Policy chain while its time is still ahead."""
    page = make_release(newsroom, title=title, publish=False, release_at=release_at, **fields)
    submit(page, roles["drafter"])
    decide(page, roles["compliance"])
    decide(page, roles["ceo"])
    if page.is_material:
        decide(page, roles["president"])
    return PressReleasePage.objects.get(pk=page.pk)


def shown_messages(client) -> list[str]:
    """The admin messages the user sees on the next page they open (after a decision's redirect), as plain text."""
    response = client.get(reverse("wagtailadmin_home"))
    return [" ".join(strip_tags(str(m.message)).split()) for m in get_messages(response.wsgi_request)]


def workflow_action_url(page, action="approve"):
    """The dashboard's workflow action URL for the page's current step (Wagtail's WorkflowAction view)."""
    state = current_task_state(page)
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, state.pk))
