"""The Code of Conduct's checks on a schedule: waiver clocks every 15 minutes, certification reminders.

The embargo publisher (always running beside the site) calls `ConductSchedule.tick()` in its
loop, as it does for the audit trail's verification and the EDGAR import; when a check is due
it enqueues its task and the task worker (`manage.py db_worker`) runs it:

- `check_waiver_clocks_task` (conduct.tasks) every IR_WAIVER_CLOCK_SECONDS (15 minutes): each
  Code waiver whose four business days to disclose ran out is flagged in the audit trail once
  ("conduct.waiver_overdue"), within 15 minutes of its deadline, whether or not anyone opens
  the register or the dashboard;
- `send_weekly_certification_reminders` (conduct.certification) every
  IR_CERTIFICATION_REMINDER_SECONDS (hourly): in each open campaign that asks for weekly
  reminders, whoever has not certified and was last written to a week ago or more is reminded;
  the week is counted per person from their last e-mail, so nobody gets more than one a week
  however often the round runs.

Both run once at start-up. Their due times are kept in wall-clock time (the checks are about
calendar days and weeks, and a frozen clock in tests moves them): after the clock is set back
a check runs at once rather than after the difference. 0 turns a check off.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings

from conduct.certification import send_weekly_certification_reminders
from conduct.tasks import check_waiver_clocks_task

DEFAULT_CLOCK_INTERVAL = 15 * 60
DEFAULT_REMINDER_INTERVAL = 60 * 60


class Every:
    """A task enqueued at the first tick, then at most once every `every` seconds (no query in between)."""

    def __init__(self, task, every: float, clock: Callable[[], float] = time.time):
        self.task = task
        self.every = every
        self.clock = clock
        self.next_at = clock()  # one at start-up

    def tick(self) -> bool:
        now = self.clock()
        if self.next_at - now > self.every:  # the clock was set back
            self.next_at = now
        if self.every <= 0 or now < self.next_at:
            return False
        self.next_at = now + self.every
        self.task.enqueue()
        return True


class ConductSchedule:
    """In the publisher's loop: the waiver clock check and the certification reminders, each when due."""

    def __init__(
        self,
        *,
        clock_every: float | None = None,
        reminders_every: float | None = None,
        clock: Callable[[], float] = time.time,
    ):
        if clock_every is None:
            clock_every = float(getattr(settings, "IR_WAIVER_CLOCK_SECONDS", DEFAULT_CLOCK_INTERVAL))
        if reminders_every is None:
            reminders_every = float(getattr(settings, "IR_CERTIFICATION_REMINDER_SECONDS", DEFAULT_REMINDER_INTERVAL))
        self.waiver_clocks = Every(check_waiver_clocks_task, clock_every, clock)
        self.reminders = Every(send_weekly_certification_reminders, reminders_every, clock)

    def tick(self) -> list[str]:
        """Enqueue what is due; returns the names of the checks enqueued."""
        ran = []
        if self.waiver_clocks.tick():
            ran.append("waiver_clocks")
        if self.reminders.tick():
            ran.append("certification_reminders")
        return ran
