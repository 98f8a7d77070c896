"""Importing EDGAR's feed on a schedule in production, as the audit trail is verified.

The embargo publisher (always running beside the site) calls `ImportSchedule.tick()` in its loop,
as it does for the audit trail's verification (disclosure/audit_verification.py); when an import
is due it enqueues `import_filings_task` and the task worker (`manage.py db_worker`) fetches and
imports. Off unless EDGAR_IMPORT_ENABLED is set, so `make serve`, the demo and the tests never
reach the internet; every EDGAR_IMPORT_SECONDS (hourly) when on, and once at start-up.
"""

from __future__ import annotations

import logging
import time

from django_tasks import task

from filings import conf
from filings.edgar import FeedError
from filings.services import fetch_and_import

logger = logging.getLogger(__name__)


@task()
def import_filings_task() -> None:
    """Fetch and import EDGAR's feed; a refusal is kept as a failed FilingImport (the admin shows it)."""
    try:
        outcome = fetch_and_import()
    except FeedError as exc:
        logger.warning("EDGAR import failed: %s", exc)
        return
    logger.info("EDGAR import: %s new, %s changed, %s unchanged", outcome.created, outcome.updated, outcome.unchanged)


class ImportSchedule:
    """In the publisher's loop: enqueue an EDGAR import when one is due (no query in between)."""

    def __init__(self, every: float | None = None, *, enabled: bool | None = None, clock=time.monotonic):
        self.enabled = conf.import_enabled() if enabled is None else enabled
        self.every = conf.import_interval() if every is None else every
        self.clock = clock
        self.next_at = clock()  # one at start-up

    def tick(self) -> bool:
        if not self.enabled or self.every <= 0 or self.clock() < self.next_at:
            return False
        self.next_at = self.clock() + self.every
        import_filings_task.enqueue()
        return True
