"""The publisher's schedule of the Code's checks: overdue waiver clocks within 15 minutes, weekly reminders."""

import datetime as dt
import threading
import zoneinfo

from django.core import mail

from wagtail.models import ModelLogEntry

import pytest

from conduct import certification, waivers
from conduct.schedule import ConductSchedule
from disclosure.embargo import Publisher
from tests.support.conduct_certification import CERTIFICATION_NOW, committee_member, employee, start
from tests.support.conduct_waivers import granted_officer_waiver

pytestmark = pytest.mark.django_db

ET = zoneinfo.ZoneInfo("America/New_York")
# The CEO's waiver, granted Friday 4 Dec 2026, is due by the end of Thursday 10 Dec (ET).
DEADLINE = dt.datetime(2026, 12, 11, 0, 0, tzinfo=ET)


def overdue_entries() -> list[int]:
    return list(ModelLogEntry.objects.filter(action=waivers.OVERDUE_ACTION).values_list("data__entry", flat=True))


def test_an_overdue_waiver_is_flagged_within_15_minutes_with_nobody_in_the_admin(profile, roles, time_machine):
    """Checked at start-up, then every 15 minutes: flagged in the audit trail once, at most 15 minutes late."""
    entry = granted_officer_waiver(roles["compliance"])
    time_machine.move_to(DEADLINE - dt.timedelta(minutes=5), tick=False)
    schedule = ConductSchedule()
    assert schedule.tick() == ["waiver_clocks", "certification_reminders"]  # at start-up: not yet overdue
    assert overdue_entries() == []
    time_machine.move_to(DEADLINE + dt.timedelta(minutes=9, seconds=59), tick=False)
    assert schedule.tick() == []  # overdue, but the next check is 15 minutes after the last
    assert overdue_entries() == []
    time_machine.move_to(DEADLINE + dt.timedelta(minutes=10), tick=False)
    assert "waiver_clocks" in schedule.tick()
    assert overdue_entries() == [entry.pk]
    time_machine.move_to(DEADLINE + dt.timedelta(minutes=25), tick=False)
    assert "waiver_clocks" in schedule.tick()
    assert overdue_entries() == [entry.pk]  # once


def test_a_clock_set_back_does_not_hold_up_the_checks(profile):
    """The wall clock put back an hour: the check runs again at once, not an hour and 15 minutes later."""
    now = [100_000.0]
    schedule = ConductSchedule(reminders_every=0, clock=lambda: now[0])
    assert schedule.tick() == ["waiver_clocks"]
    now[0] -= 3600
    assert schedule.tick() == ["waiver_clocks"]
    now[0] += 899
    assert schedule.tick() == []


def test_pending_people_are_reminded_at_most_once_a_week(home, code, time_machine, django_capture_on_commit_callbacks):
    """Invited Thursday: no reminder for six days; a week on, those who have not certified get one, then not again."""
    time_machine.move_to(CERTIFICATION_NOW, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        campaign, _ = start(committee_member(), employee("robert", "Robert", "Panora"), employee("dana", "Dana", "Doe"))
    dana = campaign.invitations.get(email="dana@example.com")
    shown = certification.current_code()
    certification.certify(
        dana,
        printed_name="Dana Doe",
        signed_on=CERTIFICATION_NOW.date(),
        ticked=[True] * len(shown.form.statements),
        shown_revision_id=shown.revision_id,
    )
    mail.outbox.clear()
    schedule = ConductSchedule(clock_every=0)

    def tick_at(moment) -> list[str]:
        time_machine.move_to(moment, tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            schedule.tick()
        return [message.to[0] for message in mail.outbox if message.subject.startswith("Reminder")]

    assert tick_at(CERTIFICATION_NOW + dt.timedelta(hours=1)) == []
    assert tick_at(CERTIFICATION_NOW + dt.timedelta(days=6, hours=23)) == []
    assert tick_at(CERTIFICATION_NOW + dt.timedelta(days=7, hours=1)) == ["robert@example.com"]  # not Dana: done
    for hours in range(2, 24 * 7, 7):  # every few hours through the following week: nothing more
        assert tick_at(CERTIFICATION_NOW + dt.timedelta(days=7, hours=hours)) == ["robert@example.com"]
    assert tick_at(CERTIFICATION_NOW + dt.timedelta(days=14, hours=2)) == ["robert@example.com"] * 2
    reminded = ModelLogEntry.objects.filter(action=certification.REMINDED_ACTION)
    assert [entry.data["how"] for entry in reminded] == ["weekly reminder"] * 2


def test_the_publisher_loop_runs_the_checks(profile, roles, time_machine, monkeypatch):
    """`manage.py run_publisher`'s loop ticks the Code's checks on each pass (an overdue clock is flagged)."""
    entry = granted_officer_waiver(roles["compliance"])
    time_machine.move_to(DEADLINE + dt.timedelta(minutes=1), tick=False)
    stop = threading.Event()
    publisher = Publisher(poll=0.01, stop=stop)
    monkeypatch.setattr(publisher, "run_once", stop.set)  # one pass, then stop
    publisher.run()
    assert overdue_entries() == [entry.pk]
