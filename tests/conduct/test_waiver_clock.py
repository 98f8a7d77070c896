"""The disclosure clock of a waiver for an executive officer or director: deadline, warning, overdue, Form 8-K."""

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError

from wagtail.models import ModelLogEntry

import pytest

from conduct import waivers
from conduct.models import Disposition
from conduct.tasks import check_waiver_clocks_task
from tests.support.conduct_waivers import BOARD_MEETING, board_decision, granted_officer_waiver, officer_request

pytestmark = pytest.mark.django_db


def at_et(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=zoneinfo.ZoneInfo("America/New_York"))


def test_a_friday_board_decision_is_due_thursday(profile, roles):
    """Granted Friday 4 Dec 2026: due Thursday 10 Dec, running on Monday."""
    entry = granted_officer_waiver(roles["compliance"])
    clock = waivers.clock(entry, now=at_et(2026, 12, 7, 9, 0))
    assert clock.applies and clock.due == dt.date(2026, 12, 10)
    assert clock.state == waivers.RUNNING and clock.days_left == 3
    assert clock.label == "Disclosure due by Dec. 10, 2026"


def test_warned_one_business_day_before(profile, roles):
    """From Wednesday (and on Thursday until midnight ET) the clock warns, in words."""
    entry = granted_officer_waiver(roles["compliance"])
    for moment in (at_et(2026, 12, 9, 0, 5), at_et(2026, 12, 10, 23, 59)):
        clock = waivers.clock(entry, now=moment)
        assert clock.is_due_soon
        assert clock.label.startswith("Due by Dec. 10, 2026")


def test_overdue_after_midnight_et_and_logged_once(profile, roles):
    """Friday 00:00 ET the clock is overdue; one "conduct.waiver_overdue" audit entry, however often checked."""
    entry = granted_officer_waiver(roles["compliance"])
    friday = at_et(2026, 12, 11, 0, 0)
    clock = waivers.clock(entry, now=friday)
    assert clock.is_overdue and clock.label == "Overdue: disclosure was due by Dec. 10, 2026"
    assert waivers.record_overdue(at_et(2026, 12, 10, 23, 59)) == []
    assert [e.pk for e in waivers.record_overdue(friday)] == [entry.pk]
    assert waivers.record_overdue(friday + dt.timedelta(hours=1)) == []
    logged = ModelLogEntry.objects.filter(action=waivers.OVERDUE_ACTION)
    assert logged.count() == 1 and logged.get().data["due"] == "2026-12-10"


def test_the_task_worker_logs_overdue_clocks(profile, roles, time_machine):
    """The periodic task (and manage.py check_waiver_clocks) records them too."""
    granted_officer_waiver(roles["compliance"])
    time_machine.move_to(at_et(2026, 12, 14, 9, 0), tick=False)
    result = check_waiver_clocks_task.enqueue()
    assert result.return_value == 1
    assert ModelLogEntry.objects.filter(action=waivers.OVERDUE_ACTION).count() == 1


def test_a_refused_waiver_has_no_clock(profile, roles):
    entry = officer_request(roles["compliance"])
    entry = waivers.record_decision(
        entry, by=roles["compliance"], now=BOARD_MEETING, **board_decision(disposition=Disposition.REFUSED)
    )
    assert not waivers.clock(entry).applies
    assert waivers.attention_entries(BOARD_MEETING) == []


def test_a_form_8k_stops_the_clock(profile, roles):
    """A Form 8-K filed instead (date, accession number) stops the clock: "disclosed by Form 8-K", in time."""
    entry = granted_officer_waiver(roles["compliance"])
    entry = waivers.record_form_8k(
        entry,
        by=roles["compliance"],
        filed_on=dt.date(2026, 12, 8),
        accession="0000927654-26-000041",
        now=at_et(2026, 12, 8, 17, 0),
    )
    clock = waivers.clock(entry, now=at_et(2026, 12, 14, 9, 0))
    assert clock.stopped and not clock.is_overdue
    assert clock.label == "Disclosed by Form 8-K on Dec. 8, 2026, in time"
    assert waivers.record_overdue(at_et(2026, 12, 14, 9, 0)) == []
    assert ModelLogEntry.objects.filter(action=waivers.FORM_8K_ACTION).get().data["accession"] == "0000927654-26-000041"


def test_a_late_form_8k_says_late(profile, roles):
    entry = granted_officer_waiver(roles["compliance"])
    entry = waivers.record_form_8k(
        entry,
        by=roles["compliance"],
        filed_on=dt.date(2026, 12, 14),
        accession="0000927654-26-000042",
        now=at_et(2026, 12, 14, 17, 0),
    )
    assert waivers.clock(entry).label == "Disclosed by Form 8-K on Dec. 14, 2026 (late: due by Dec. 10, 2026)"


def test_a_bad_accession_number_is_refused(profile, roles):
    entry = granted_officer_waiver(roles["compliance"])
    with pytest.raises(ValidationError, match="accession"):
        waivers.record_form_8k(
            entry, by=roles["compliance"], filed_on=dt.date(2026, 12, 8), accession="8-K", now=at_et(2026, 12, 8, 17, 0)
        )


def test_the_clock_follows_the_correction(profile, roles):
    """A correction of the decision's date moves the deadline; the corrected entry no longer counts."""
    entry = granted_officer_waiver(roles["compliance"])
    correction = waivers.record_correction(
        entry,
        by=roles["compliance"],
        note="The board met on Monday, not Friday.",
        decided_at=at_et(2026, 12, 7, 10, 0),
        now=at_et(2026, 12, 7, 12, 0),
    )
    rows = waivers.attention_entries(at_et(2026, 12, 8, 9, 0))
    assert [(e.pk, c.due) for e, c in rows] == [(correction.pk, dt.date(2026, 12, 11))]
