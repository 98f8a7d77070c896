"""The task worker's part of the waiver disclosure clock: log overdue clocks once, on a schedule.

`check_waiver_clocks_task` runs conduct.waivers.record_overdue; the embargo publisher enqueues it
every 15 minutes (conduct/schedule.py) and `manage.py check_waiver_clocks` runs it at once (by
hand). The register and the dashboard also run it when read, so an overdue clock is on record from
the first moment anyone could see it.
"""

from __future__ import annotations

from django_tasks import task

from conduct.waivers import record_overdue


@task()
def check_waiver_clocks_task() -> int:
    """Log each newly overdue Code waiver disclosure ("conduct.waiver_overdue"); returns how many."""
    return len(record_overdue())
