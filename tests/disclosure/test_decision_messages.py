"""Each Disclosure Policy decision answers with what happened and what comes next (disclosure.decisions)."""

import datetime as dt

from django.utils import timezone

import pytest
import time_machine

from disclosure.models import ExchangeNotice, SignOff
from releases.models import PressReleasePage
from tests.factories import make_release
from tests.support.workflow import confirmed, current_task_state, decide, shown_messages, submit, workflow_action_url

pytestmark = pytest.mark.django_db

# Monday 30 Nov 2026, 9:00 a.m. ET; the release goes public Thursday 3 Dec 2026, 8:00 a.m. ET
# (inside Nasdaq's notice window: material news needs a notice by 7:50 a.m. ET).
NOW = dt.datetime(2026, 11, 30, 14, 0, tzinfo=dt.UTC)
RELEASE_AT = dt.datetime(2026, 12, 3, 13, 0, tzinfo=dt.UTC)
HEADLINE = "Tecogen Reports Third Quarter Results"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def named(roles):
    for who, first, last in (
        ("ceo", "John", "Hatsopoulos"),
        ("president", "Benjamin", "Locke"),
        ("compliance", "Carla", "Reyes"),
    ):
        roles[who].first_name, roles[who].last_name = first, last
        roles[who].save()
    return roles


def _release(newsroom, named, *, material=True):
    page = make_release(newsroom, title=HEADLINE, publish=False, release_at=RELEASE_AT, is_material=material)
    submit(page, named["drafter"])
    return page


def _post(client, user, page, action="approve", **data):
    client.force_login(user)
    state = current_task_state(page)
    return client.post(workflow_action_url(page, action), {**confirmed(state, action), **data})


def test_review_passed_says_who_which_step_and_the_sign_offs_needed(client, newsroom, named):
    """Review passed: the reviewer, the step, and the next step with the signatures a material release needs."""
    page = _release(newsroom, named)
    _post(client, named["compliance"], page)
    assert shown_messages(client) == [
        f"Review passed by Carla Reyes (Disclosure review): “{HEADLINE}”. "
        "Next: Authorized spokesperson sign-off, 2 spokesperson sign-offs (material release)."
    ]


def test_request_changes_says_it_went_back_with_the_comment(client, newsroom, named):
    """Request changes: who asked, the comment, and that the release is back with the drafter."""
    page = _release(newsroom, named)
    _post(client, named["compliance"], page, "reject", comment="Add the ticker to the lead.")
    assert shown_messages(client) == [
        f"Changes requested by Carla Reyes (Disclosure review): “{HEADLINE}”. "
        "Comment: “Add the ticker to the lead.” It is back with the drafter, who has been told."
    ]


def test_first_of_two_sign_offs_says_one_of_two_and_who_is_awaited(client, newsroom, named):
    """A material release's first sign-off: 1 of 2, waiting for a second spokesperson; nothing scheduled."""
    page = _release(newsroom, named)
    decide(page, named["compliance"])
    revision_id = current_task_state(page).revision_id
    _post(client, named["ceo"], page)
    (text,) = shown_messages(client)
    assert text == (
        "Signed off by John Hatsopoulos: 1 of 2 — waiting for a second spokesperson. "
        f"“{HEADLINE}”, revision {revision_id} (Authorized spokesperson sign-off)."
    )
    page = PressReleasePage.objects.get(pk=page.pk)
    assert not page.live and not page.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_last_sign_off_says_scheduled_in_market_time_and_the_notice_state(client, newsroom, named):
    """The sign-off that completes the chain: 2 of 2, when it goes public (AP style, ET), no notice on record yet."""
    page = _release(newsroom, named)
    decide(page, named["compliance"])
    decide(page, named["ceo"])
    _post(client, named["president"], page)
    (text,) = shown_messages(client)
    assert text.startswith(
        "Signed off by Benjamin Locke: 2 of 2. Scheduled: goes public Thursday, Dec. 3, 2026, 8:00 a.m. ET. "
    )
    assert "Exchange notice: none on record. Notify Nasdaq by Thursday, Dec. 3, 2026, 7:50 a.m. ET" in text
    assert "Scheduled releases" in text  # the message's button to the schedule


def test_recorded_exchange_notice_is_named_in_the_scheduled_message(client, newsroom, named):
    """With the notice on record, the message says who notified the exchange and when."""
    page = _release(newsroom, named)
    ExchangeNotice.objects.create(
        page=page,
        venue="Nasdaq",
        notified_at=timezone.now(),
        release_at=RELEASE_AT,
        notified_by=named["compliance"],
        recorded_by=named["compliance"],
    )
    decide(page, named["compliance"])
    decide(page, named["ceo"])
    _post(client, named["president"], page)
    (text,) = shown_messages(client)
    assert "Exchange notice: Nasdaq notified Monday, Nov. 30, 2026, 9:00 a.m. ET by Carla Reyes (on record)." in text


def test_times_follow_the_company_profiles_market_time_zone(client, newsroom, named, profile):
    """The zone and its label come from the company profile, not a fixed "ET"."""
    profile.market_time_zone = "America/Chicago"
    profile.save()
    page = _release(newsroom, named, material=False)
    decide(page, named["compliance"])
    _post(client, named["ceo"], page)
    (text,) = shown_messages(client)
    assert text == (
        "Signed off by John Hatsopoulos: 1 of 1. Scheduled: goes public Thursday, Dec. 3, 2026, 7:00 a.m. CT. "
        "No exchange notice needed: not a material release. Scheduled releases"
    )


def test_sign_off_after_the_release_time_says_published(client, newsroom, named):
    """A release whose time has passed goes public on its last sign-off, and the message says so."""
    page = make_release(newsroom, title=HEADLINE, publish=False, release_at=NOW - dt.timedelta(hours=1))
    submit(page, named["drafter"])
    decide(page, named["compliance"])
    _post(client, named["ceo"], page)
    (text,) = shown_messages(client)
    assert text == f"Signed off by John Hatsopoulos: 1 of 1. Published: “{HEADLINE}” is public now."
    assert PressReleasePage.objects.get(pk=page.pk).live


def test_spokesperson_reject_says_so_and_signs_nothing(client, newsroom, named):
    """Reject at sign-off: who rejected, the comment, back with the drafter; no sign-off recorded."""
    page = _release(newsroom, named)
    decide(page, named["compliance"])
    _post(client, named["ceo"], page, "reject", comment="Not before the board meets.")
    assert shown_messages(client) == [
        f"Rejected by John Hatsopoulos (Authorized spokesperson sign-off): “{HEADLINE}”. "
        "Comment: “Not before the board meets.” It is back with the drafter, who has been told."
    ]
    assert not SignOff.objects.exists()


def test_no_decision_no_message(client, newsroom, named):
    """A refused (forged) decision by the drafter leaves no decision message and decides nothing."""
    page = _release(newsroom, named)
    client.force_login(named["drafter"])
    response = client.post(workflow_action_url(page))
    assert response.status_code in (302, 403)
    assert not any("Review passed" in text for text in shown_messages(client))
    assert current_task_state(page).status == "in_progress"
