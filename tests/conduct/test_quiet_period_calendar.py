"""A quiet period on the public events calendar: drafted from the committee's record, public only through the policy.

The committee's calendar of quiet periods is internal. Its end is the results date, so an
investor sees a quiet period only once an event page drafted from it has been reviewed and
signed off like any other event.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from wagtail.models import ModelLogEntry, PageLogEntry

import pytest
import time_machine

from conduct import quiet_periods
from conduct.models import QuietPeriod
from disclosure.services import place_under_disclosure_policy
from events.models import QUIET_PERIOD, EventPage
from tests.support.conduct_certification import ET, QUIET_FROM, QUIET_UNTIL
from tests.support.events import make_events_index, parse_calendar, vevents
from tests.support.workflow import approve_all, fresh, shown_messages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_clock")]

NOTE = "Internal: the audit committee meets Feb. 9; results to the board Feb. 10."


@pytest.fixture
def events_index(home):
    index = make_events_index(home)
    place_under_disclosure_policy(index)
    return index


@pytest.fixture
def q4(q4):
    """The Q4 quiet period, with a note the committee keeps to itself."""
    q4.note = NOTE
    q4.save()
    return q4


def draft(client, user, period):
    client.force_login(user)
    return client.post(reverse("conduct_quiet_period_calendar", args=[period.pk]))


def test_the_committee_drafts_an_event_spanning_the_period_that_is_not_public(client, roles, events_index, q4):
    response = draft(client, roles["compliance"], q4)

    page = EventPage.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert (page.kind, page.title, page.start_at, page.end_at) == (QUIET_PERIOD, q4.label, QUIET_FROM, QUIET_UNTIL)
    assert not page.live and page.get_parent().pk == events_index.pk
    assert NOTE not in page.summary and "does not discuss its results" in page.summary
    assert fresh(q4).calendar_page_id == page.pk
    assert ModelLogEntry.objects.filter(
        action=quiet_periods.CALENDAR_DRAFTED_ACTION, object_id=str(q4.pk), user=roles["compliance"]
    ).exists()
    assert PageLogEntry.objects.filter(page=page, action="wagtail.create", user=roles["compliance"]).exists()
    # Nothing public: not the page, not the index, not the calendar.
    client.logout()
    assert client.get("/events/").content.count(b"Q4 2026 quiet period") == 0
    assert vevents(parse_calendar(client.get("/events/calendar.ics"))) == []
    assert client.get(f"/events/{page.slug}/").status_code == 404


def test_through_the_disclosure_policy_it_is_on_the_public_calendar_as_free_time(client, roles, events_index, q4):
    quiet_periods.draft_calendar_entry(q4, by=roles["compliance"])
    live = approve_all(EventPage.objects.get(), roles)
    assert live.live

    index_html = client.get("/events/").content.decode()
    assert "Quiet period" in index_html and "Q4 2026 quiet period" in index_html
    page_html = client.get(live.url).content.decode()
    assert "How to join" not in page_html
    (event,) = vevents(parse_calendar(client.get("/events/calendar.ics")))
    assert str(event["summary"]) == "Q4 2026 quiet period"
    assert str(event["transp"]) == "TRANSPARENT"
    assert event.decoded("dtstart") == QUIET_FROM and event.decoded("dtend") == QUIET_UNTIL


def test_a_second_draft_is_refused_and_changes_nothing(client, roles, events_index, q4):
    draft(client, roles["compliance"], q4)
    response = draft(client, roles["compliance"], q4)
    assert response.status_code == 302 and response["Location"] == reverse("conduct_quiet_periods")
    (text,) = [m for m in shown_messages(client) if "already" in m]
    assert "has its public calendar entry already" in text
    assert EventPage.objects.count() == 1
    assert ModelLogEntry.objects.filter(action=quiet_periods.CALENDAR_DRAFTED_ACTION).count() == 1


def test_only_the_committee_drafts_it_and_only_by_post(client, roles, events_index, q4):
    refused = draft(client, roles["drafter"], q4)  # Wagtail's admin answers PermissionDenied with its dashboard
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    client.force_login(roles["compliance"])
    assert client.get(reverse("conduct_quiet_period_calendar", args=[q4.pk])).status_code == 405
    with pytest.raises(PermissionDenied):
        quiet_periods.draft_calendar_entry(q4, by=roles["ceo"])
    assert not EventPage.objects.exists() and fresh(q4).calendar_page_id is None


def test_without_an_events_page_the_draft_is_refused_with_a_reason(client, roles, home, q4):
    draft(client, roles["compliance"], q4)
    assert any("has no events page" in m for m in shown_messages(client))
    assert fresh(q4).calendar_page_id is None
    assert not ModelLogEntry.objects.filter(action=quiet_periods.CALENDAR_DRAFTED_ACTION).exists()


@override_settings(IR_QUIET_PERIOD_CALENDAR_DRAFTER="")
def test_a_site_without_a_public_calendar_offers_no_draft(client, roles, events_index, q4):
    client.force_login(roles["compliance"])
    assert b"Draft the public calendar entry" not in client.get(reverse("conduct_quiet_periods")).content
    with pytest.raises(ValidationError, match="no public events calendar"):
        quiet_periods.draft_calendar_entry(q4, by=roles["compliance"])


def test_moving_the_period_after_publication_warns_that_the_public_calendar_differs(client, roles, events_index, q4):
    quiet_periods.draft_calendar_entry(q4, by=roles["compliance"])
    approve_all(EventPage.objects.get(), roles)
    client.force_login(roles["compliance"])
    listing = client.get(reverse("conduct_quiet_periods")).content.decode()
    assert 'data-quiet-calendar="live"' in listing and 'data-quiet-calendar="differs"' not in listing

    response = client.post(
        reverse("conduct_quiet_period_edit", args=[q4.pk]),
        {"label": q4.label, "starts_at": "2026-12-17T00:00", "ends_at": "2027-02-12T08:00", "note": ""},
    )
    assert response.status_code == 302
    (warning,) = [m for m in shown_messages(client) if m.startswith("The public events calendar shows")]
    assert "Feb. 11, 2027, 8:00 a.m. ET" in warning and "send it through the Disclosure Policy" in warning
    listing = client.get(reverse("conduct_quiet_periods")).content.decode()
    assert 'data-quiet-calendar="differs"' in listing
    # The public still sees the signed dates until a new revision is signed off.
    (event,) = vevents(parse_calendar(client.get("/events/calendar.ics")))
    assert event.decoded("dtend") == QUIET_UNTIL
    assert QuietPeriod.objects.get().ends_at == dt.datetime(2027, 2, 12, 8, 0, tzinfo=ET)


def test_once_over_the_quiet_period_leaves_the_lists_but_stays_in_the_calendar(client, roles, events_index, q4):
    """Past events are what one looks back at (slides, replays): an ended quiet period is not listed there."""
    quiet_periods.draft_calendar_entry(q4, by=roles["compliance"])
    approve_all(EventPage.objects.get(), roles)
    assert "Q4 2026 quiet period" in client.get("/events/").content.decode()  # upcoming
    with time_machine.travel(QUIET_UNTIL + dt.timedelta(days=1), tick=False):
        response = client.get("/events/")
        assert response.status_code == 200 and "Q4 2026 quiet period" not in response.content.decode()
        (event,) = vevents(parse_calendar(client.get("/events/calendar.ics")))
        assert str(event["summary"]) == "Q4 2026 quiet period"
