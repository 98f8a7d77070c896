"""Approvers are emailed when a release waits for them and see it on their dashboard; the drafter hears the outcome."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from disclosure.audit import audit_entries
from disclosure.models import SignOff
from tests.factories import make_release
from tests.support.disclosed_pages import draft_of
from tests.support.workflow import decide, submit

pytestmark = pytest.mark.django_db

OUR_SUBJECTS = (
    "Release awaiting your sign-off: ",
    "Release awaiting your disclosure review: ",
    "Release approved: ",
    "Release published: ",
    "Changes requested: ",
    "Release rejected: ",
)


@pytest.fixture
def people(roles):
    """The roles with email addresses, and a superuser who has no part in the Disclosure Policy."""
    for user in roles.values():
        user.email = f"{user.username}@example.com"
        user.save()
    get_user_model().objects.create_superuser("root", email="root@example.com", password="pw")  # noqa: S106
    return roles


@pytest.fixture
def page(newsroom, people):
    return make_release(
        newsroom,
        title="Quarterly results",
        publish=False,
        release_at=dt.datetime(2020, 5, 5, 12, tzinfo=dt.UTC),
        owner=people["drafter"],
    )


def mails(mailoutbox, prefix):
    """{recipient: message} of the messages whose subject starts with prefix (one recipient each)."""
    found = {}
    for message in mailoutbox:
        if message.subject.startswith(prefix):
            (address,) = message.to
            found[address] = message
    return found


def assert_only_ours(mailoutbox):
    assert all(message.subject.startswith(OUR_SUBJECTS) for message in mailoutbox), [m.subject for m in mailoutbox]


def test_compliance_gets_the_review_notice(page, people, mailoutbox, django_capture_on_commit_callbacks):
    """Submitting emails the Disclosure Committee, not the submitter, not superusers; nothing before commit."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit(page, people["drafter"])
        assert not mailoutbox
    assert callbacks
    notices = mails(mailoutbox, "Release awaiting your disclosure review: Quarterly results")
    assert set(notices) == {"compliance@example.com"}
    assert f"http://testserver/admin/pages/{page.pk}/edit/" in notices["compliance@example.com"].body
    assert_only_ours(mailoutbox)
    assert len(mailoutbox) == 1


def test_spokespersons_get_the_signoff_notice(page, people, mailoutbox, django_capture_on_commit_callbacks):
    """Passing review emails every active spokesperson "awaiting your sign-off", with the edit link."""
    submit(page, people["drafter"])
    with django_capture_on_commit_callbacks(execute=True):
        decide(page, people["compliance"])
    notices = mails(mailoutbox, "Release awaiting your sign-off: Quarterly results")
    assert set(notices) == {"ceo@example.com", "president@example.com"}
    assert f"http://testserver/admin/pages/{page.pk}/edit/" in notices["ceo@example.com"].body
    assert_only_ours(mailoutbox)


def test_requester_and_author_are_not_asked_to_sign_off(page, people, mailoutbox, django_capture_on_commit_callbacks):
    """The spokesperson who wrote the latest revision and the one who submitted get no sign-off notice."""
    page.save_revision(user=people["ceo"])
    page.get_workflow().start(page, people["president"])
    with django_capture_on_commit_callbacks(execute=True):
        decide(page, people["compliance"])
    assert mails(mailoutbox, "Release awaiting your sign-off: ") == {}
    mailoutbox.clear()

    other = make_release(page.get_parent(), title="Second", publish=False, owner=people["drafter"])
    submit(other, people["president"])
    with django_capture_on_commit_callbacks(execute=True):
        decide(other, people["compliance"])
    assert set(mails(mailoutbox, "Release awaiting your sign-off: Second")) == {"ceo@example.com"}


def test_drafter_hears_of_approval_and_publication(page, people, mailoutbox, django_capture_on_commit_callbacks):
    """The last sign-off emails the drafter "approved" and "published", and nobody gets Wagtail's generic mails."""
    submit(page, people["drafter"])
    decide(page, people["compliance"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(page, people["ceo"])
    page.refresh_from_db()
    assert page.live
    approved = mails(mailoutbox, "Release approved: Quarterly results")
    published = mails(mailoutbox, "Release published: Quarterly results")
    assert set(approved) == set(published) == {"drafter@example.com"}
    assert "It has been published." in approved["drafter@example.com"].body
    assert page.full_url in published["drafter@example.com"].body
    assert_only_ours(mailoutbox)
    assert len(mailoutbox) == 2


def test_drafter_hears_when_approval_schedules_the_release(
    newsroom, people, mailoutbox, django_capture_on_commit_callbacks
):
    """A release approved for a later time: "approved" says when; "published" comes when the scheduler publishes it."""
    page = make_release(
        newsroom,
        title="Embargoed results",
        publish=False,
        release_at=timezone.now() + dt.timedelta(days=3),
        owner=people["drafter"],
    )
    submit(page, people["drafter"])
    decide(page, people["compliance"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(page, people["ceo"])
    approved = mails(mailoutbox, "Release approved: Embargoed results")
    assert set(approved) == {"drafter@example.com"}
    assert "It is scheduled to go live at " in approved["drafter@example.com"].body
    assert " ET." in approved["drafter@example.com"].body
    assert mails(mailoutbox, "Release published: ") == {}
    with time_machine.travel(timezone.now() + dt.timedelta(days=4)), django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert set(mails(mailoutbox, "Release published: Embargoed results")) == {"drafter@example.com"}
    (row,) = audit_entries(release=page, actions=["wagtail.publish.scheduled"])
    assert row.digest == SignOff.objects.get().digest


@pytest.mark.parametrize(
    ("step", "subject"),
    [("review", "Changes requested: Quarterly results"), ("sign-off", "Release rejected: Quarterly results")],
)
def test_drafter_hears_of_rejection_with_the_comment(
    page, people, mailoutbox, django_capture_on_commit_callbacks, step, subject
):
    """A rejection at either step emails the drafter with the comment."""
    submit(page, people["drafter"])
    decider = people["compliance"]
    if step == "sign-off":
        decide(page, people["compliance"])
        decider = people["ceo"]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(page, decider, action="reject", comment="Add the ticker to the lead.")
    rejected = mails(mailoutbox, subject)
    assert set(rejected) == {"drafter@example.com"}
    assert "Add the ticker to the lead." in rejected["drafter@example.com"].body
    assert_only_ours(mailoutbox)
    assert len(mailoutbox) == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(page, people, mailoutbox, django_capture_on_commit_callbacks):
    """The notices wait for the commit: uncommitted decisions send nothing."""
    with django_capture_on_commit_callbacks(execute=False):
        submit(page, people["drafter"])
    assert mailoutbox == []


def test_dashboard_shows_awaiting_your_signoff_to_the_spokesperson_only(client, page, people):
    """The CEO's dashboard lists the release waiting for sign-off with its edit link; the drafter's does not.

    At the review step compliance sees it under "Awaiting your review" (tests/disclosure/test_dashboard_panels.py).
    """
    submit(page, people["drafter"])
    client.force_login(people["compliance"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in html and "Awaiting your sign-off" not in html
    decide(page, people["compliance"])
    assert "Awaiting your sign-off" not in client.get(reverse("wagtailadmin_home")).content.decode()

    client.force_login(people["ceo"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your sign-off" in html
    panel = html[html.index('id="disclosure-awaiting-signoff-content"') :]
    assert "Quarterly results" in panel
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in panel

    client.force_login(people["drafter"])
    assert "Awaiting your sign-off" not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(people["cfo"])
    assert "Awaiting your sign-off" not in client.get(reverse("wagtailadmin_home")).content.decode()

    decide(page, people["ceo"])
    client.force_login(people["president"])
    assert "Awaiting your sign-off" not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize(
    ("kind", "word", "opening"),
    [
        ("event", "Event", "An event waits"),
        ("governance document", "Governance document", "A governance document waits"),
        ("waiver disclosure", "Code waiver disclosure", "A Code waiver disclosure waits"),
    ],
)
def test_notices_name_what_waits_not_always_a_press_release(
    home, people, mailoutbox, django_capture_on_commit_callbacks, kind, word, opening
):
    page = draft_of(kind, home, people)
    with django_capture_on_commit_callbacks(execute=True):
        submit(page, people["drafter"])
    [notice] = mails(mailoutbox, f"{word} awaiting your disclosure review: ").values()
    assert notice.body.startswith(f"{opening} for the Disclosure Committee's review")
    assert "press release" not in notice.body
