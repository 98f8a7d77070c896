"""The task worker's part: alerts go out from `manage.py db_worker` (django-tasks-db), never from a request.

`alert_for_version` is enqueued when a publishing transaction commits (alerts/signals.py);
`send_alert` continues an alert: a retry falling due, or the dead-man's successor each run
leaves behind before it sends (run_after the claim timeout), which finishes the work of a
worker killed mid-batch. A successor that finds nothing to do ends the chain.
"""

from __future__ import annotations

from django.utils import timezone

from django_tasks import task

from alerts.sending import claim_timeout, next_run_at, queue_alert, send_due


def _can_defer() -> bool:
    # The immediate backend (tests, IR_TASKS=immediate) cannot run a task later: it would run
    # the successor at once, inside this one.
    return send_alert.get_backend().supports_defer


def _successor(alert_id: int, at) -> None:
    if _can_defer():
        send_alert.using(run_after=at).enqueue(alert_id)


def _run(alert_id: int) -> int:
    sent = send_due(alert_id, on_claim=lambda: _successor(alert_id, timezone.now() + claim_timeout()))
    later = next_run_at(alert_id)
    if later is not None:
        _successor(alert_id, max(later, timezone.now()))
    return sent


@task()
def alert_for_version(version_id: int) -> int:
    """A release version is public: create its alert and send it. Returns the messages accepted."""
    alert = queue_alert(version_id)
    return _run(alert.pk) if alert is not None else 0


@task()
def send_alert(alert_id: int) -> int:
    return _run(alert_id)
