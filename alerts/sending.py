"""Sending an alert: after the release is public, once per subscriber, by the task worker, in batches.

The order of things, and why each is safe:

1. The publishing transaction records the release's version (releases/corrections.py); its
   `version_published` registers an on-commit hook (alerts/signals.py). Nothing exists before the
   commit: no alert row, no task, no rendered text. A rolled-back publication leaves nothing.
2. After the commit the hook enqueues `alert_for_version` (alerts/tasks.py). The worker creates
   the `Alert` (once per version: a unique key) and one `Delivery` per active subscriber whose
   topics match (`fan_out`, in chunks: memory does not grow with the list).
3. `send_due` claims a batch of due deliveries with one conditional UPDATE (status pending, or
   a claim older than ALERTS_CLAIM_TIMEOUT) marked with a fresh claim token, so two workers never
   hold the same row: on PostgreSQL the second UPDATE re-reads each row after the first commits
   and skips what it took; SQLite has one writer at a time.
4. Each message goes over one SMTP connection and is marked sent in its own commit the moment
   the server accepts it. A worker killed mid-batch leaves its unsent rows claimed; when the claim
   is stale another run (the successor every run enqueues as a dead-man's switch) sends them.
   The one window left is the instant between the server's "250 OK" and that commit: a kill
   exactly there resends that one message with the same Message-ID.
5. A temporary failure (4xx, connection lost) is retried with back-off (RETRY_AFTER); a permanent
   one (5xx for the recipient) fails the delivery and counts a bounce, and SUPPRESS_AFTER_BOUNCES
   of them suppress the address. An unsubscribe, an erasure or a withdrawal of the release stops
   whatever is not yet sent: the sender re-reads the alert's state as it goes (CANCEL_CHECK).
"""

from __future__ import annotations

import logging
import smtplib
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import reset_queries, transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from wagtail.log_actions import log

from alerts.messages import AlertContent, PreparedAlert, alert_subject
from alerts.models import Alert, Delivery, Subscriber
from alerts.subscriptions import suppress
from releases.models import PressReleasePage, ReleaseVersion

logger = logging.getLogger(__name__)

RETRY_AFTER = [timedelta(seconds=s) for s in (30, 120, 600, 3600, 6 * 3600)]
SUPPRESS_AFTER_BOUNCES = 3
CANCEL_CHECK = 0.25  # seconds between re-reads of the alert's state while sending
FAN_OUT_CHUNK = 1000
# A first publication whose release time lies further back is history being imported, not news.
HISTORY_CUTOFF = timedelta(hours=48)
SENT_ACTION = "alerts.sent"
STOPPED_ACTION = "alerts.stopped"


def batch_size() -> int:
    return int(getattr(settings, "ALERTS_BATCH_SIZE", 100))


def claim_timeout() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "ALERTS_CLAIM_TIMEOUT", 60)))


def is_news(version: ReleaseVersion, page: PressReleasePage) -> bool:
    """Whether this version is alerted: every correction, and a first publication of a current release."""
    if version.number > 1:
        return True
    return page.release_at is None or page.release_at >= version.published_at - HISTORY_CUTOFF


def queue_alert(version_id: int) -> Alert | None:
    """The alert of a version that is public now (None if the release is no longer live, or is history)."""
    version = ReleaseVersion.objects.filter(pk=version_id).first()
    if version is None:
        return None
    page = PressReleasePage.objects.filter(pk=version.page_id).first()
    if page is None or not page.live or not is_news(version, page):
        return None
    if page.get_view_restrictions().exists():
        return None  # not public: behind a password or a login
    alert, _ = Alert.objects.get_or_create(
        version=version, defaults={"page_id": version.page_id, "subject": alert_subject(version)}
    )
    return alert


def _matching_subscribers(alert: Alert):
    """Active subscribers whose topics include the release, and who had confirmed when it went public.

    Someone who confirms after the publication (while the worker catches up, say) is not sent
    yesterday's news as if it were today's.
    """
    category_ids = PressReleasePage.categories.through.objects.filter(pressreleasepage_id=alert.page_id).values(
        "category_id"
    )
    return (
        Subscriber.objects.filter(status=Subscriber.ACTIVE, confirmed_at__lte=alert.version.published_at)
        .filter(Q(all_releases=True) | Q(categories__in=category_ids))
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def fan_out(alert: Alert) -> None:
    """One delivery per matching subscriber, once (a second call, or a second worker, adds nothing)."""
    if alert.fanned_out_at is not None:
        return
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        if locked.fanned_out_at is not None or locked.state == Alert.CANCELLED:
            alert.fanned_out_at, alert.state = locked.fanned_out_at, locked.state
            return
        chunk = []
        for subscriber_id in _matching_subscribers(alert).iterator(chunk_size=FAN_OUT_CHUNK):
            chunk.append(Delivery(alert_id=alert.pk, subscriber_id=subscriber_id))
            if len(chunk) >= FAN_OUT_CHUNK:
                Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
                chunk = []
        if chunk:
            Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
        now = timezone.now()
        Alert.objects.filter(pk=alert.pk).update(fanned_out_at=now, state=Alert.SENDING)
        alert.fanned_out_at, alert.state = now, Alert.SENDING


def _due(alert_id: int, now):
    stale = now - claim_timeout()
    return Q(alert_id=alert_id) & (
        Q(status=Delivery.PENDING, next_attempt_at__lte=now) | Q(status=Delivery.SENDING, claimed_at__lt=stale)
    )


def claim(alert_id: int) -> tuple[str, list[Delivery]]:
    """Take a batch of due deliveries for this worker alone: (claim token, deliveries with their subscribers)."""
    now = timezone.now()
    ids = list(Delivery.objects.filter(_due(alert_id, now)).order_by("pk").values_list("pk", flat=True)[: batch_size()])
    if not ids:
        return "", []
    token = uuid.uuid4().hex
    Delivery.objects.filter(_due(alert_id, now), pk__in=ids).update(
        status=Delivery.SENDING, claim=token, claimed_at=now
    )
    return token, list(Delivery.objects.filter(claim=token).select_related("subscriber").order_by("pk"))


def _release(token: str, status: str = Delivery.PENDING) -> None:
    Delivery.objects.filter(claim=token, status=Delivery.SENDING).update(status=status, claim="")


def _mark(delivery: Delivery, token: str, **fields) -> bool:
    return bool(Delivery.objects.filter(pk=delivery.pk, claim=token, status=Delivery.SENDING).update(**fields))


def _temporary_failure(delivery: Delivery, token: str, error: str) -> None:
    attempts = delivery.attempts + 1
    if attempts > len(RETRY_AFTER):
        _mark(delivery, token, status=Delivery.FAILED, attempts=attempts, last_error=error, claim="")
        return
    _mark(
        delivery,
        token,
        status=Delivery.PENDING,
        attempts=attempts,
        last_error=error,
        claim="",
        next_attempt_at=timezone.now() + RETRY_AFTER[attempts - 1],
    )


def _permanent_failure(delivery: Delivery, token: str, error: str) -> None:
    _mark(delivery, token, status=Delivery.FAILED, attempts=delivery.attempts + 1, last_error=error, claim="")
    subscriber = delivery.subscriber
    bounces = Subscriber.objects.filter(pk=subscriber.pk).values_list("bounce_count", flat=True).first() or 0
    Subscriber.objects.filter(pk=subscriber.pk).update(bounce_count=bounces + 1)
    if bounces + 1 >= SUPPRESS_AFTER_BOUNCES:
        suppress(subscriber, f"{bounces + 1} permanent delivery failures; the last: {error}")


def _classify(exc: Exception) -> tuple[bool, str]:
    """(permanent?, what the server said) for an SMTP error."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, message = next(iter(exc.recipients.values()))
        return 500 <= code < 600, f"{code} {message!r}"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return False, f"{exc.smtp_code} {exc.smtp_error!r} (our sender address was refused)"
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600, f"{exc.smtp_code} {exc.smtp_error!r}"
    return False, f"{type(exc).__name__}: {exc}"


class _StopWatch:
    """What was stopped while this batch is being sent, re-read at most every CANCEL_CHECK seconds.

    The alert (its release withdrawn), or single deliveries of the batch (an unsubscribe, an
    erasure, a suppression marks them while they are claimed): one query per quarter second, not one
    per message.
    """

    def __init__(self, alert_id: int):
        self.alert_id, self.checked, self.cancelled, self.stopped = alert_id, 0.0, False, set()

    def refresh(self, token: str) -> None:
        if time.monotonic() - self.checked < CANCEL_CHECK:
            return
        self.cancelled = Alert.objects.filter(pk=self.alert_id, state=Alert.CANCELLED).exists()
        self.stopped = set(
            Delivery.objects.filter(claim=token).exclude(status=Delivery.SENDING).values_list("pk", flat=True)
        )
        self.checked = time.monotonic()


def send_due(alert_id: int, *, on_claim=None) -> int:
    """Send what is due of this alert; returns how many messages the server accepted in this run.

    `on_claim` is called once, when there is work (the task enqueues its dead-man's successor there).
    With ALERTS_SMTP_CONNECTIONS above one, that many lanes (threads, each with its own database and
    SMTP connection) claim and send batches side by side: most of a message's time is the SMTP
    server's round trips, which the lanes overlap.
    """
    alert = Alert.objects.select_related("version").filter(pk=alert_id).first()
    if alert is None or alert.state == Alert.CANCELLED:
        return 0
    fan_out(alert)
    if alert.state == Alert.CANCELLED:
        return 0
    once = _Once(on_claim)
    lanes = smtp_connections()
    try:
        if lanes <= 1:
            return _lane(alert, once)
        with ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="alert-lane") as pool:
            return sum(pool.map(lambda _: _thread_lane(alert, once), range(lanes)))
    finally:
        _summarise(alert.pk)


def smtp_connections() -> int:
    return max(1, int(getattr(settings, "ALERTS_SMTP_CONNECTIONS", 1)))


class _Once:
    """Calls `callback` the first time any lane has work, and never again."""

    def __init__(self, callback):
        self.callback, self.lock, self.done = callback, threading.Lock(), callback is None

    def __call__(self) -> None:
        with self.lock:
            if not self.done:
                self.done = True
                self.callback()


def _thread_lane(alert: Alert, once: _Once) -> int:
    try:
        return _lane(alert, once)
    finally:
        db_connection.close()  # this thread's own database connection


def _lane(alert: Alert, once: _Once) -> int:
    """Claim and send batches of this alert until none is due; returns the messages accepted."""
    content, connection, sent = None, None, 0
    watch = _StopWatch(alert.pk)
    half_timeout = claim_timeout() / 2
    try:
        while True:
            token, batch = claim(alert.pk)
            if not batch:
                break
            once()
            reset_queries()  # under DEBUG (`make serve`) Django keeps every query: not 10,000 of them
            claimed_at = batch[0].claimed_at
            watch.checked = 0.0  # a new batch: read its state afresh
            content = content or PreparedAlert(AlertContent.render(alert))
            for delivery in batch:
                watch.refresh(token)
                if watch.cancelled:
                    _release(token, Delivery.CANCELLED)
                    return sent
                if delivery.pk in watch.stopped:
                    continue
                if timezone.now() - claimed_at > half_timeout:
                    break  # the claim is getting old: give the rest back and claim afresh
                subscriber = delivery.subscriber
                if subscriber is None or subscriber.status != Subscriber.ACTIVE:
                    suppressed = subscriber is not None and subscriber.status == Subscriber.SUPPRESSED
                    status = Delivery.SUPPRESSED if suppressed else Delivery.CANCELLED
                    _mark(delivery, token, status=status, claim="")
                    continue
                try:
                    if connection is None:
                        connection = get_connection()
                        connection.open()
                    connection.send_messages([content.message(delivery, subscriber, connection)])
                except (smtplib.SMTPException, OSError) as exc:
                    permanent, error = _classify(exc)
                    if permanent:
                        _permanent_failure(delivery, token, error)
                    else:
                        _temporary_failure(delivery, token, error)
                        if not isinstance(exc, smtplib.SMTPRecipientsRefused):
                            _close(connection)  # the connection may be broken (or never opened): a fresh one
                            connection = None
                    continue
                now = timezone.now()
                _mark(delivery, token, status=Delivery.SENT, sent_at=now, attempts=delivery.attempts + 1, claim="")
                sent += 1
            _release(token)
    finally:
        _close(connection)
    return sent


def _close(connection) -> None:
    if connection is not None:
        try:
            connection.close()
        except (smtplib.SMTPException, OSError):
            logger.warning("closing the SMTP connection failed", exc_info=True)


def _summarise(alert_id: int) -> None:
    """The alert's first and last send times and, once nothing is left to send, its state."""
    stats = Delivery.objects.filter(alert_id=alert_id).aggregate(
        first=Min("sent_at"),
        last=Max("sent_at"),
        open=Count("pk", filter=Q(status__in=[Delivery.PENDING, Delivery.SENDING])),
    )
    fields = {"first_sent_at": stats["first"], "last_sent_at": stats["last"]}
    if stats["open"]:
        Alert.objects.filter(pk=alert_id).update(**fields)
        return
    finished = Alert.objects.filter(pk=alert_id, state__in=[Alert.QUEUED, Alert.SENDING]).update(
        state=Alert.SENT, **fields
    )
    if finished:
        _log_on_release(Alert.objects.get(pk=alert_id), SENT_ACTION)


def _log_on_release(alert: Alert, action: str) -> None:
    """The alert's outcome in the release's history, and so in the audit trail (counts, first and last send)."""
    page = PressReleasePage.objects.filter(pk=alert.page_id).first()
    if page is None:
        return
    counts = alert_counts(alert)
    log(
        instance=page,
        action=action,
        data={
            "version": alert.version.number,
            "counts": counts,
            "first_sent_at": alert.first_sent_at.isoformat() if alert.first_sent_at else None,
            "last_sent_at": alert.last_sent_at.isoformat() if alert.last_sent_at else None,
        },
    )


def next_run_at(alert_id: int):
    """When unsent work of this alert falls due (a retry, or another worker's claim going stale); None if none."""
    alert = Alert.objects.filter(pk=alert_id).values_list("state", flat=True).first()
    if alert is None or alert == Alert.CANCELLED:
        return None
    stats = Delivery.objects.filter(alert_id=alert_id).aggregate(
        retry=Min("next_attempt_at", filter=Q(status=Delivery.PENDING)),
        claimed=Min("claimed_at", filter=Q(status=Delivery.SENDING)),
    )
    times = [stats["retry"]] + ([stats["claimed"] + claim_timeout()] if stats["claimed"] else [])
    times = [t for t in times if t is not None]
    return min(times) if times else None


def cancel_for_page(page_id: int) -> int:
    """The release was withdrawn: stop its alerts; what is not yet sent is never sent. Returns deliveries stopped."""
    now = timezone.now()
    alerts = Alert.objects.filter(page_id=page_id, state__in=[Alert.QUEUED, Alert.SENDING])
    ids = list(alerts.values_list("pk", flat=True))
    if not ids:
        return 0
    Alert.objects.filter(pk__in=ids).update(state=Alert.CANCELLED, cancelled_at=now)
    stopped = Delivery.objects.filter(alert_id__in=ids, status__in=[Delivery.PENDING, Delivery.SENDING]).update(
        status=Delivery.CANCELLED
    )
    for alert in Alert.objects.filter(pk__in=ids).select_related("version"):
        _log_on_release(alert, STOPPED_ACTION)
    return stopped


def alert_counts(alert: Alert) -> dict:
    rows = Delivery.objects.filter(alert=alert).values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status, _ in Delivery.STATUS_CHOICES}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
