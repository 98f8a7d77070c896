"""Quiet periods: the calendar, and the spokesperson's confirmation with a reason at sign-off."""

import datetime as dt
import json

from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import ModelLogEntry, PageLogEntry, TaskState

import pytest

from conduct import quiet_periods
from conduct.models import QuietPeriod, QuietPeriodConfirmation
from disclosure.models import SignOff
from disclosure.services import place_under_disclosure_policy
from releases.models import Category, PressReleasePage
from tests.factories import make_release
from tests.support.conduct_certification import ET, QUIET_FROM, QUIET_UNTIL, quiet_period
from tests.support.events import make_events_index
from tests.support.workflow import current_task_state, decide, shown_messages, submit, workflow_action_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_clock")]

IN_QUIET = dt.datetime(2026, 12, 18, 8, 0, tzinfo=ET)
BEFORE_QUIET = dt.datetime(2026, 12, 16, 8, 0, tzinfo=ET)
REASON = "A product launch agreed with the customer; nothing about results."


@pytest.fixture
def results_category(db):
    return Category.objects.create(name="Financial results", slug="financial-results")


def reviewed(newsroom, roles, *, release_at=IN_QUIET, title="Tecogen Launches the Tecopower 2", **fields):
    """A release reviewed by compliance, waiting for its spokesperson's sign-off."""
    page = make_release(newsroom, title=title, publish=False, release_at=release_at, **fields)
    submit(page, roles["drafter"])
    decide(page, roles["compliance"])
    return PressReleasePage.objects.get(pk=page.pk)


def sign(client, page, user, **extra):
    client.force_login(user)
    revision = current_task_state(page).revision_id
    client.post(workflow_action_url(page), {"revision": revision, **extra})
    return shown_messages(client)


def test_quiet_period_at_includes_its_start_and_excludes_its_end(q4):
    """From the start up to (not including) the end, e.g. the results release's own time."""
    assert quiet_periods.quiet_period_at(QUIET_FROM) == q4
    assert quiet_periods.quiet_period_at(QUIET_UNTIL - dt.timedelta(seconds=1)) == q4
    assert quiet_periods.quiet_period_at(QUIET_UNTIL) is None
    assert quiet_periods.quiet_period_at(QUIET_FROM - dt.timedelta(seconds=1)) is None
    assert quiet_periods.quiet_period_at(None) is None


def test_sign_off_in_a_quiet_period_without_a_reason_is_refused_with_a_message(client, newsroom, roles, q4):
    """A release that is not the results release, timed in a quiet period: no reason, no signature, and why."""
    page = reviewed(newsroom, roles)
    (text,) = sign(client, page, roles["ceo"])
    assert text.startswith("Not signed: “Tecogen Launches the Tecopower 2” goes public on Dec. 18, 2026, 8:00 a.m. ET,")
    assert "in the Q4 2026 quiet period (Dec. 17, 2026, 12:00 a.m. ET to Feb. 11, 2027, 8:00 a.m. ET)" in text
    assert "Confirm that it goes out in the quiet period and say why" in text
    assert not SignOff.objects.exists()
    assert not QuietPeriodConfirmation.objects.exists()
    assert current_task_state(page).status == TaskState.STATUS_IN_PROGRESS


def test_sign_off_with_a_reason_is_recorded_with_the_confirmation(client, newsroom, roles, q4):
    """With a reason: signed, and the confirmation kept (who, which revision, the reason) and logged on the release."""
    page = reviewed(newsroom, roles)
    revision = current_task_state(page).revision_id
    texts = sign(client, page, roles["ceo"], quiet_period=q4.pk, quiet_period_reason=f"  {REASON} ")
    assert texts[0].startswith("Signed off by Ceo")
    assert SignOff.objects.filter(user=roles["ceo"], revision_id=revision).exists()
    confirmation = QuietPeriodConfirmation.objects.get()
    assert (confirmation.period, confirmation.user, confirmation.revision_id) == (q4, roles["ceo"], revision)
    assert confirmation.reason == REASON and confirmation.release_at == IN_QUIET
    entry = PageLogEntry.objects.get(page=page, action=quiet_periods.CONFIRMED_ACTION)
    assert entry.user == roles["ceo"] and entry.revision_id == revision
    assert entry.data["reason"] == REASON and entry.data["quiet_period"] == "Q4 2026 quiet period"


def test_each_spokesperson_of_a_material_release_confirms(client, newsroom, roles, q4):
    """A material release: both signatures are confirmed, each with its own reason."""
    page = reviewed(newsroom, roles, is_material=True)
    sign(client, page, roles["ceo"], quiet_period_reason="Contract signed today.")
    (refused,) = sign(client, page, roles["president"])
    assert refused.startswith("Not signed:")
    sign(client, page, roles["president"], quiet_period_reason="Customer announces it too.")
    assert sorted(QuietPeriodConfirmation.objects.values_list("user__username", flat=True)) == ["ceo", "president"]
    assert SignOff.objects.count() == 2


def test_the_results_release_needs_no_confirmation(client, newsroom, roles, q4, results_category):
    """The release in the financial-results category is what ends the quiet period: signed as always."""
    page = reviewed(newsroom, roles, title="Tecogen Reports Fourth Quarter Results", categories=[results_category])
    texts = sign(client, page, roles["ceo"])
    assert texts[0].startswith("Signed off by Ceo")
    assert SignOff.objects.count() == 1
    assert not QuietPeriodConfirmation.objects.exists()


def test_outside_quiet_periods_nothing_changes(client, newsroom, roles, q4):
    """A release timed before the quiet period is signed without a reason; nothing about quiet periods is recorded."""
    page = reviewed(newsroom, roles, release_at=BEFORE_QUIET)
    html = modal(client, page, roles["ceo"])
    assert "quiet period" not in html.lower()
    texts = sign(client, page, roles["ceo"])
    assert texts[0].startswith("Signed off by Ceo")
    assert not QuietPeriodConfirmation.objects.exists()
    assert not PageLogEntry.objects.filter(action=quiet_periods.CONFIRMED_ACTION).exists()


def modal(client, page, user) -> str:
    client.force_login(user)
    state = current_task_state(page)
    response = client.get(reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk)))
    return json.loads(response.content)["html"]


def test_modal_says_so_and_asks_for_the_reason(client, newsroom, roles, q4):
    """The Sign off modal names the quiet period and asks why; posted without a reason it shows the error in place."""
    page = reviewed(newsroom, roles)
    html = modal(client, page, roles["ceo"])
    assert "It goes public in the <strong>Q4 2026 quiet period</strong>" in html
    assert f'name="quiet_period" value="{q4.pk}"' in html
    assert 'name="quiet_period_reason"' in html
    state = current_task_state(page)
    response = client.post(
        workflow_action_url(page),
        {"revision": state.revision_id, "quiet_period": q4.pk, "quiet_period_reason": ""},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    again = json.loads(response.content)
    assert again["step"] == "action"
    assert "This release goes out in a quiet period and is not the results release" in again["html"]
    assert not SignOff.objects.exists()


def test_modal_of_the_results_release_asks_nothing(client, newsroom, roles, q4, results_category):
    """The results release's modal mentions the quiet period and asks no reason."""
    page = reviewed(newsroom, roles, title="Tecogen Reports Fourth Quarter Results", categories=[results_category])
    html = modal(client, page, roles["ceo"])
    assert "the results release, no confirmation needed" in html
    assert 'name="quiet_period_reason"' not in html


def test_a_forged_quiet_period_field_changes_nothing(client, newsroom, roles, q4):
    """The task decides from the release's own time, not from what the modal posted: a missing id is no way round."""
    page = reviewed(newsroom, roles)
    (text,) = sign(client, page, roles["ceo"], quiet_period="")
    assert text.startswith("Not signed:")
    assert not SignOff.objects.exists()


# -- the calendar -------------------------------------------------------------------------------------


def test_committee_adds_a_quiet_period_in_market_time_logged(client, roles):
    """Times are entered in market time and stored in UTC; the addition is logged."""
    client.force_login(roles["compliance"])
    response = client.post(
        reverse("conduct_quiet_period_new"),
        {"label": "Q1 2027 quiet period", "starts_at": "2027-03-17T00:00", "ends_at": "2027-05-06T08:00"},
    )
    assert response.status_code == 302
    period = QuietPeriod.objects.get()
    assert period.starts_at == dt.datetime(2027, 3, 17, 4, 0, tzinfo=dt.UTC)  # EDT from March 14
    assert period.ends_at == dt.datetime(2027, 5, 6, 12, 0, tzinfo=dt.UTC)
    entry = ModelLogEntry.objects.get(action=quiet_periods.ADDED_ACTION)
    assert entry.user == roles["compliance"] and entry.data["label"] == "Q1 2027 quiet period"


def test_calendar_refuses_an_end_before_the_start_and_overlaps(client, roles, q4):
    """Clear errors, nothing saved."""
    client.force_login(roles["compliance"])
    url = reverse("conduct_quiet_period_new")
    backwards = client.post(url, {"label": "Backwards", "starts_at": "2027-03-17T00:00", "ends_at": "2027-03-01T00:00"})
    assert backwards.status_code == 400 and "A quiet period ends after it starts." in backwards.content.decode()
    overlap = client.post(url, {"label": "Overlap", "starts_at": "2027-02-01T00:00", "ends_at": "2027-03-01T00:00"})
    assert "It would overlap “Q4 2026 quiet period" in overlap.content.decode()
    nameless = client.post(url, {"label": " ", "starts_at": "2027-03-17T00:00", "ends_at": "2027-05-01T00:00"})
    assert nameless.status_code == 400
    assert QuietPeriod.objects.count() == 1


def test_calendar_and_dashboard_show_the_releases_timed_in_the_quiet_period(
    client, newsroom, roles, q4, results_category
):
    """Each release timed in the quiet period, and whether its sign-off needs a reason."""
    reviewed(newsroom, roles)
    reviewed(
        newsroom,
        roles,
        title="Tecogen Reports Fourth Quarter Results",
        release_at=QUIET_UNTIL - dt.timedelta(minutes=1),
        categories=[results_category],
    )
    client.force_login(roles["compliance"])
    calendar = client.get(reverse("conduct_quiet_periods")).content.decode()
    assert "Q4 2026 quiet period" in calendar
    assert "Tecogen Launches the Tecopower 2</a>, Dec. 18, 2026, 8:00 a.m. ET:" in calendar
    assert "a sign-off needs a confirmation with a reason" in calendar
    assert "results release, no confirmation needed" in calendar
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="conduct-quiet-periods' in dashboard or "conduct-quiet-periods" in dashboard
    assert "not the results release: its sign-off confirms why" in dashboard


def test_the_calendar_costs_the_same_queries_however_many_periods_it_lists(client, home, newsroom, roles, q4):
    """Periods and their calendar entries (drafts read from their revisions) are read together, not one query a
    period; the releases timed in them are read in one query too."""
    place_under_disclosure_policy(make_events_index(home))
    for day in range(3):
        reviewed(newsroom, roles, title=f"Tecogen news {day}", release_at=IN_QUIET + dt.timedelta(days=day))
    quiet_periods.draft_calendar_entry(q4, by=roles["compliance"])
    client.force_login(roles["compliance"])
    url = reverse("conduct_quiet_periods")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for label, starts, ends in (
        ("Q1 2027 quiet period", (2027, 3, 31), (2027, 5, 10)),
        ("Q2 2027 quiet period", (2027, 6, 30), (2027, 8, 10)),
    ):
        period = quiet_period(label, dt.datetime(*starts, tzinfo=ET), dt.datetime(*ends, tzinfo=ET), by=roles["ceo"])
        quiet_periods.draft_calendar_entry(period, by=roles["compliance"])
    with CaptureQueriesContext(connection) as three:
        calendar = client.get(url).content.decode()
    assert "Q2 2027 quiet period" in calendar and calendar.count('data-quiet-calendar="draft"') == 3
    assert "Tecogen news 2</a>, Dec. 20, 2026, 8:00 a.m. ET" in calendar
    assert len(three.captured_queries) == len(one.captured_queries)


def test_badge_tag_for_scheduled_releases(newsroom, roles, q4):
    """The tag Scheduled releases and the dashboard can show: the period's label, nothing outside one."""
    page = reviewed(newsroom, roles)
    template = Template("{% load conduct_tags %}{% quiet_period_badge page.release_at page %}")
    assert "Quiet period: Q4 2026 quiet period (sign-off confirms why)" in template.render(Context({"page": page}))
    page.release_at = BEFORE_QUIET
    assert template.render(Context({"page": page})).strip() == ""


def test_committee_changes_a_quiet_period_logged(client, roles, q4):
    """The form shows market time; a change is saved and logged with what it was before."""
    client.force_login(roles["compliance"])
    url = reverse("conduct_quiet_period_edit", args=[q4.pk])
    assert 'value="2026-12-17T00:00"' in client.get(url).content.decode()
    client.post(url, {"label": q4.label, "starts_at": "2026-12-17T00:00", "ends_at": "2027-02-12T08:00"})
    q4.refresh_from_db()
    assert q4.ends_at == dt.datetime(2027, 2, 12, 8, 0, tzinfo=ET)
    entry = ModelLogEntry.objects.get(action=quiet_periods.CHANGED_ACTION)
    assert entry.data["before"]["ends"] == QUIET_UNTIL.astimezone(dt.UTC).isoformat()
