"""Verifying the audit trail's chain on a schedule, and keeping each outcome.

The embargo publisher (always running beside the site) enqueues `verify_audit_trail_task` every
IR_AUDIT_VERIFY_SECONDS (15 minutes unless set) and the task worker runs it; `manage.py
verify_audit_trail` runs the same check at once. Each run is an AuditVerification row, the
audit trail page shows the last one ("verified through entry N at <time>"), and a failure is
shown to the Disclosure Committee and e-mailed to it once per new problem.
"""

from __future__ import annotations

import time

from django.conf import settings

from django_tasks import task

from disclosure.audit_chain import last_verification, verify
from disclosure.models import AuditVerification
from disclosure.notifications import notify_audit_chain_broken

DEFAULT_INTERVAL = 15 * 60


def interval() -> float:
    return float(getattr(settings, "IR_AUDIT_VERIFY_SECONDS", DEFAULT_INTERVAL))


def record_verification() -> AuditVerification:
    """Verify the whole chain and keep the outcome; tell the committee of a new failure."""
    result = verify()
    before = last_verification()
    verification = AuditVerification.objects.create(
        intact=result.intact,
        entries=result.entries,
        head_seal=result.head_seal,
        head_at=result.head_at,
        problem=result.problem,
    )
    if not result.intact and (before is None or before.intact or before.problem != result.problem):
        notify_audit_chain_broken(verification)
    return verification


@task()
def verify_audit_trail_task() -> None:
    record_verification()


class VerificationSchedule:
    """In the publisher's loop: enqueue a verification when one is due (no query in between)."""

    def __init__(self, every: float | None = None, clock=time.monotonic):
        self.every = interval() if every is None else every
        self.clock = clock
        self.next_at = clock()  # one at start-up

    def tick(self) -> bool:
        if self.every <= 0 or self.clock() < self.next_at:
            return False
        self.next_at = self.clock() + self.every
        verify_audit_trail_task.enqueue()
        return True
