"""The embargo publisher: a scheduled release goes public at its release time, to the second.

Wagtail stores an approved schedule on the revision (``approved_go_live_at``) and makes it
live only when its ``publish_scheduled`` command runs, usually from a minute-granular cron.
This module is the precise replacement, run as its own long-lived process
(``manage.py run_publisher``, started by ``make serve`` beside the web server):

- It sleeps until the next release time (re-reading the schedule at least every
  ``poll`` seconds, so a release approved meanwhile is seen) and publishes what is due.
- Releases due together are published side by side on PostgreSQL (one transaction each, two
  publishers splitting them) and in one transaction on SQLite (its one writer would otherwise
  let the task worker's writes in between: publish_scheduled_batch).
- After downtime every overdue release is published once at start-up, oldest first, and
  logged as late (``disclosure.published_late``) with the delay.
- Each release is claimed by a compare-and-set on its revision's ``approved_go_live_at``
  inside the transaction that publishes it, so two publisher processes publish it exactly
  once, and a crash in the middle rolls the claim back with everything else: the release
  is either still scheduled (and published on the next pass) or fully live.
- Pages other than releases past their expiry time are unpublished, as publish_scheduled
  does (releases never expire: that would be a withdrawal without a reason).
- A release the Disclosure Policy refuses at go-live (disclosure.guard: no standing
  approval, a material release without its exchange notice) stays scheduled and is
  logged once as held (``disclosure.publish_held``) with the reason; it goes out as soon
  as the problem is fixed (e.g. the notice is recorded), or a spokesperson cancels it.

- **The stage** (``publish_staged``): a release's publishing transaction opens
  ``IR_EMBARGO_LEAD_SECONDS`` (2 s) before its release time, publishes it with the clock
  reading the release time, renders the busiest public URLs inside the transaction for the
  content generation it will start, waits, and commits at the release time; so the release is
  public, with its pages already rendered, at the instant (measured: every surface within
  0.12 s, README "Embargo lag"). Two publishers never split one release time's releases
  between two commits. A release the publisher only reaches after its time (downtime, a
  held release) is published at once as before.

Publishing uses Wagtail's own ``revision.publish()``, so page_published fires and the feeds,
sitemap, search and files (disclosure.files) change with the page in one commit.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connection, transaction
from django.urls import get_resolver
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search import index
from wagtail.signals import page_published

from conduct.schedule import ConductSchedule
from disclosure.actions import PUBLISH_HELD_ACTION, PUBLISHED_LATE_ACTION
from disclosure.audit_chain import sealed_at_end
from disclosure.audit_verification import VerificationSchedule
from filings.schedule import ImportSchedule
from ir_site import clock
from releases.content_version import staging
from releases.listing import warm_shapes
from releases.models import PressReleasePage
from releases.prerender import prerender

logger = logging.getLogger("disclosure.embargo")

SCHEDULED_PUBLISH_ACTION = "wagtail.publish.scheduled"
# Published later than this after its release time, a release is logged as late.
LATE_AFTER = dt.timedelta(seconds=2)
# How often the schedule is re-read while nothing is due (the publisher's reaction time to
# a release approved for "in a second"); a release already known is woken for exactly.
DEFAULT_POLL = 0.5
# A held release is retried this often (quietly: its hold is logged once).
HELD_RETRY = dt.timedelta(seconds=5)
# The stage (publish_staged) stops rendering ahead this long before the release time, so that
# the commit is on time.
COMMIT_MARGIN = 0.05
# PostgreSQL: the advisory lock a staging publisher holds, so that two publishers never split
# the releases due at one time between two commits (the spare finds it taken and goes on).
STAGE_LOCK_KEY = 0x1E3B_A260


# The stage holds its releases' rows (and SQLite's writer) from its opening to its commit: never longer than this.
MAX_LEAD = 10.0


def lead_seconds() -> float:
    """How long before a release time its publishing transaction opens (IR_EMBARGO_LEAD_SECONDS; 0: at the time)."""
    return min(MAX_LEAD, max(0.0, float(getattr(settings, "IR_EMBARGO_LEAD_SECONDS", 0) or 0)))


@dataclass(frozen=True)
class Outcome:
    """What one attempt to publish a due revision did."""

    revision_id: int
    object_id: str
    title: str
    due_at: dt.datetime
    status: str  # "published", "taken" (another publisher had it), "held", "failed"
    delay: dt.timedelta = dt.timedelta(0)
    reason: str = ""

    @property
    def late(self) -> bool:
        return self.status == "published" and self.delay > LATE_AFTER


def due(now: dt.datetime | None = None) -> list[tuple[int, dt.datetime]]:
    """Scheduled revisions whose time has come, oldest first: (revision id, release time)."""
    now = now or timezone.now()
    return list(
        Revision.objects.filter(approved_go_live_at__isnull=False, approved_go_live_at__lte=now)
        .order_by("approved_go_live_at", "pk")
        .values_list("pk", "approved_go_live_at")
    )


def next_release_time() -> dt.datetime | None:
    """The earliest release time still scheduled (due or not)."""
    return (
        Revision.objects.filter(approved_go_live_at__isnull=False)
        .order_by("approved_go_live_at")
        .values_list("approved_go_live_at", flat=True)
        .first()
    )


def _claim_and_publish(revision: Revision, revision_id: int, due_at: dt.datetime) -> Outcome:
    """Inside the caller's transaction: claim the schedule and publish (PermissionDenied: the policy refuses)."""
    title, object_id = revision.object_str, revision.object_id
    # The claim: only one transaction can clear this schedule. On PostgreSQL a revision
    # another publisher is publishing right now is skipped (its row is locked), so two
    # publishers publish two releases due at the same second side by side; elsewhere
    # (SQLite's one writer) the UPDATE waits for the other's commit and matches nothing.
    # If we roll back, the schedule is still there.
    if connection.features.has_select_for_update_skip_locked:
        locked = Revision.objects.select_for_update(skip_locked=True).filter(pk=revision_id, approved_go_live_at=due_at)
        if not list(locked.values_list("pk", flat=True)):
            return Outcome(revision_id, object_id, title, due_at, "taken")
    claimed = Revision.objects.filter(pk=revision_id, approved_go_live_at=due_at).update(approved_go_live_at=None)
    if not claimed:
        return Outcome(revision_id, object_id, title, due_at, "taken")
    revision.approved_go_live_at = None
    revision.publish(log_action=SCHEDULED_PUBLISH_ACTION)
    ahead = (due_at - clock.real_now()).total_seconds()
    if ahead > 0:  # a stage (publish_staged): public at its commit, at the release time
        logger.info("Staged %r %.3f s before its release time %s", title, ahead, due_at.isoformat())
        return Outcome(revision_id, object_id, title, due_at, "published")
    delay = max(clock.real_now() - due_at, dt.timedelta(0))
    if delay > LATE_AFTER:
        log(
            instance=revision.content_object,
            action=PUBLISHED_LATE_ACTION,
            revision=revision,
            data={
                "scheduled_for": due_at.isoformat(),
                "delay_seconds": round(delay.total_seconds(), 3),
                "revision_id": revision_id,
            },
        )
        logger.warning("Published %r %.1f s late (due %s)", title, delay.total_seconds(), due_at.isoformat())
    else:
        logger.info("Published %r on time (%.3f s after %s)", title, delay.total_seconds(), due_at.isoformat())
    return Outcome(revision_id, object_id, title, due_at, "published", delay)


def _log_committed(outcomes: list[Outcome]) -> None:
    # The commit is the moment a release is public (the benchmark reads these lines).
    now = clock.real_now()
    for outcome in outcomes:
        if outcome.status == "published":
            lag = (now - outcome.due_at).total_seconds()
            logger.info("Committed %r %.3f s after its release time", outcome.title, lag)


def publish_scheduled_revision(revision_id: int, due_at: dt.datetime) -> Outcome:
    """Claim and publish one scheduled revision in one transaction; see the module docstring."""
    revision = Revision.objects.filter(pk=revision_id).first()
    if revision is None:
        return Outcome(revision_id, "", "", due_at, "taken")
    try:
        with transaction.atomic(), sealed_at_end():
            outcome = _claim_and_publish(revision, revision_id, due_at)
    except PermissionDenied as exc:
        _log_hold_once(revision, due_at, str(exc))
        return Outcome(revision_id, revision.object_id, revision.object_str, due_at, "held", reason=str(exc))
    _log_committed([outcome])
    return outcome


def _publish_each(
    items: list[tuple[int, dt.datetime]], revisions: dict[int, Revision]
) -> tuple[list[Outcome], list[tuple[Revision, dt.datetime, str]]]:
    """Inside the caller's transaction: claim and publish each due revision in a savepoint of its own."""
    outcomes: list[Outcome] = []
    held: list[tuple[Revision, dt.datetime, str]] = []
    for revision_id, due_at in items:
        revision = revisions.get(revision_id)
        if revision is None:
            outcomes.append(Outcome(revision_id, "", "", due_at, "taken"))
            continue
        try:
            with transaction.atomic():
                outcomes.append(_claim_and_publish(revision, revision_id, due_at))
        except PermissionDenied as exc:
            held.append((revision, due_at, str(exc)))
            outcomes.append(
                Outcome(revision_id, revision.object_id, revision.object_str, due_at, "held", reason=str(exc))
            )
        except Exception as exc:  # a bug or a database error: this one stays scheduled, the others go out
            logger.exception("Publishing revision %s failed; it stays scheduled", revision_id)
            outcomes.append(
                Outcome(revision_id, revision.object_id, revision.object_str, due_at, "failed", reason=repr(exc))
            )
    return outcomes, held


def publish_scheduled_batch(items: list[tuple[int, dt.datetime]]) -> list[Outcome]:
    """Publish several due revisions in one transaction, each in a savepoint of its own.

    On SQLite, whose one writer the task worker also needs, releases due at the same second
    published one transaction each let the worker's writes (the tasks the first publish
    queued) in between: measured, the second and third release waited 0.6 s each for the
    write lock. In one transaction they go public together, at one commit. A release the
    policy refuses, or whose publish fails, is rolled back alone (its savepoint) and stays
    scheduled; the others go out.
    """
    revisions = Revision.objects.in_bulk([revision_id for revision_id, _ in items])
    with transaction.atomic(), sealed_at_end():
        outcomes, held = _publish_each(items, revisions)
    _log_committed(outcomes)
    for revision, due_at, reason in held:
        _log_hold_once(revision, due_at, reason)
    return outcomes


def _stage_lock() -> bool:
    """Inside the stage's transaction: this publisher stages the releases due now (False: another one does)."""
    if connection.vendor != "postgresql":
        return True  # SQLite's one writer: the other publisher's transaction waits for this one
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [STAGE_LOCK_KEY])
        return bool(cursor.fetchone()[0])


def _wait_until(due_at: dt.datetime) -> None:
    """Sleep until the wall clock, the one release times are read on, has reached `due_at` (never a moment less)."""
    while (remaining := (due_at - clock.real_now()).total_seconds()) > 0:
        time.sleep(remaining)


def _render_ahead(page_ids: list[int], deadline: float) -> dict:
    """releases.prerender for the pages just published; a failure costs only the renders, never the publish."""
    try:
        with transaction.atomic():
            return prerender(list(Page.objects.filter(pk__in=page_ids).specific()), deadline)
    except Exception:
        logger.exception("Rendering ahead failed; the release goes public at its time all the same")
        return {}


def publish_staged(items: list[tuple[int, dt.datetime]], due_at: dt.datetime) -> list[Outcome]:
    """Publish releases due at `due_at` (still ahead) so that they are public at that instant, not after it.

    The stage: one transaction opened a moment before the release time (lead_seconds())
    publishes them with the clock reading the release time (ir_site/clock.py: Wagtail's publish,
    the log entries, the version record and the audit seals all say `due_at`), then renders
    the busiest public URLs inside the transaction under a staged content generation
    (releases/prerender.py, releases/content_version.py), then waits for the release time and
    commits. At the commit the staged generation becomes current: the release, its files, its
    search entry and every kept page, feed and sitemap that shows it are public at once, and
    the first readers get kept copies instead of waiting for renders. Nothing is visible before
    the commit: the transaction's writes are invisible to every other connection, and what it
    rendered is kept under a generation no request reads until then.

    From the opening of the stage to the commit the releases' rows (and, on SQLite, the whole
    database's writer) are held by this transaction: a change to one of them in that last
    moment waits for the commit. A release the policy refuses stays scheduled and is logged as
    held after the commit, as in publish_scheduled_batch.
    """
    revisions = Revision.objects.in_bulk([revision_id for revision_id, _ in items])
    rendered: dict = {}
    held: list[tuple[Revision, dt.datetime, str]] = []
    with clock.not_before(due_at), staging() as stage, transaction.atomic():
        # First: before any purge or task another callback starts. Robust: if the shared cache
        # is down at that moment, the commit's other callbacks still run.
        transaction.on_commit(stage.switch, robust=True)
        if not _stage_lock():
            outcomes = [Outcome(rid, "", "", at, "taken") for rid, at in items]
        else:
            with sealed_at_end():
                outcomes, held = _publish_each(items, revisions)
            published = [int(o.object_id) for o in outcomes if o.status == "published"]
            if published:
                deadline = time.monotonic() + (due_at - clock.real_now()).total_seconds() - COMMIT_MARGIN
                rendered = _render_ahead(published, deadline)
                _wait_until(due_at)
    _log_committed(outcomes)
    if rendered:
        logger.info("Rendered %(rendered)s URLs ahead (%(failed)s failed, %(left)s left for readers)", rendered)
    for revision, at, reason in held:
        _log_hold_once(revision, at, reason)
    return outcomes


def _log_hold_once(revision: Revision, due_at: dt.datetime, reason: str) -> None:
    """A release the policy refuses at go-live stays scheduled; its hold is logged once per schedule."""
    already = PageLogEntry.objects.filter(
        page_id=revision.object_id, action=PUBLISH_HELD_ACTION, data__revision_id=revision.pk
    ).exists()
    if already:
        return
    logger.error("Held %r at its release time %s: %s", revision.object_str, due_at.isoformat(), reason)
    log(
        instance=revision.content_object,
        action=PUBLISH_HELD_ACTION,
        revision=revision,
        data={"scheduled_for": due_at.isoformat(), "reason": reason, "revision_id": revision.pk},
    )


def expire_due(now: dt.datetime | None = None) -> list[int]:
    """Unpublish pages past their expiry time, as publish_scheduled would; never a release.

    Releases have no expiry (taking one down is a spokesperson's withdrawal with a reason);
    other pages (e.g. a governance document) keep Wagtail's behaviour.
    """
    now = now or timezone.now()
    expired = []
    for page in Page.objects.live().filter(expire_at__lt=now).not_type(PressReleasePage).specific():
        page.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
        expired.append(page.pk)
    return expired


class Publisher:
    """The loop of ``manage.py run_publisher``: publish what is due, sleep until the next release time."""

    def __init__(self, poll: float = DEFAULT_POLL, stop: threading.Event | None = None):
        self.poll = poll
        self.stop = stop or threading.Event()
        self._retry_at: dict[int, dt.datetime] = {}
        self.warm_in_background = False  # run() sets it
        self._warming: threading.Thread | None = None
        self.lead = lead_seconds()
        clock.install()  # Wagtail's publish reads timezone.now(): in a stage, the release time

    def run_once(self) -> list[Outcome]:
        """Publish every due revision, oldest first (held ones at most every HELD_RETRY)."""
        outcomes = []
        now = clock.real_now()
        lead = dt.timedelta(seconds=self.lead)
        ready = [
            (revision_id, due_at)
            for revision_id, due_at in due(now + lead)
            if self._retry_at.get(revision_id, now) <= now
        ]
        upcoming = [(revision_id, due_at) for revision_id, due_at in ready if due_at > now]
        ready = [(revision_id, due_at) for revision_id, due_at in ready if due_at <= now]
        if upcoming and not ready:
            # The next release time is within the lead: stage the releases due at that instant.
            first = upcoming[0][1]
            group = [(revision_id, due_at) for revision_id, due_at in upcoming if due_at == first]
            try:
                outcomes = publish_staged(group, first)
            except Exception as exc:  # the stage's commit failed: all stay scheduled, published when due
                logger.exception("Staging %s revisions due at %s failed; they stay scheduled", len(group), first)
                outcomes = [Outcome(rid, "", "", due_at, "failed", reason=repr(exc)) for rid, due_at in group]
        elif len(ready) > 1 and not connection.features.has_select_for_update_skip_locked:
            # One writer (SQLite): the due releases in one transaction (publish_scheduled_batch).
            try:
                outcomes = publish_scheduled_batch(ready)
            except Exception as exc:  # the batch's commit failed: all stay scheduled, retried later
                logger.exception("Publishing %s due revisions failed; they stay scheduled", len(ready))
                outcomes = [Outcome(rid, "", "", due_at, "failed", reason=repr(exc)) for rid, due_at in ready]
        else:
            for revision_id, due_at in ready:
                try:
                    outcomes.append(publish_scheduled_revision(revision_id, due_at))
                except Exception as exc:  # a bug or a database error: keep the others going, retry later
                    logger.exception("Publishing revision %s failed; it stays scheduled", revision_id)
                    object_id, title = (
                        Revision.objects.filter(pk=revision_id).values_list("object_id", "object_str").first()
                    ) or ("", "")
                    outcomes.append(Outcome(revision_id, object_id, title, due_at, "failed", reason=repr(exc)))
        for outcome in outcomes:
            if outcome.status in ("held", "failed"):
                self._retry_at[outcome.revision_id] = now + HELD_RETRY
            else:
                self._retry_at.pop(outcome.revision_id, None)
        expire_due(now)  # after the releases: they are what the second is for
        if any(o.status == "published" for o in outcomes):
            # After the whole batch: the newsroom's counts for the new generation, so no reader's
            # request computes them. In the long-running loop on a thread of its own (a second
            # on SQLite at 100k releases), so that it never holds up the next release.
            if self.warm_in_background:
                if self._warming is None or not self._warming.is_alive():
                    self._warming = threading.Thread(target=self._warm, name="warm-shapes", daemon=True)
                    self._warming.start()
            else:
                self._warm()
        return outcomes

    @staticmethod
    def _warm() -> None:
        try:
            warm_shapes()
        except Exception:
            logger.exception("Computing the archive's shape after publishing failed")
        finally:
            if threading.current_thread() is not threading.main_thread():
                connection.close()  # this thread's own connection

    def seconds_until_next(self) -> float:
        """Sleep this long: until the next release time, but never longer than the poll interval."""
        upcoming = next_release_time()
        if upcoming is None:
            return self.poll
        wait = (upcoming - clock.real_now()).total_seconds() - self.lead  # the stage opens `lead` ahead
        if wait <= 0:  # due but held/failed: the retry clock decides
            return self.poll
        return min(wait, self.poll)

    def run(self) -> None:
        logger.info("Embargo publisher started (poll %.2f s)", self.poll)
        # The URL patterns are compiled on a process's first reverse() (0.15 s here): at start-up,
        # not inside the first release's publishing transaction at its release time.
        get_resolver().reverse_dict  # noqa: B018 - the property compiles them
        self.warm_in_background = True
        verification = VerificationSchedule()  # the audit chain's, run by the task worker
        filings_import = ImportSchedule()  # EDGAR's feed, only when EDGAR_IMPORT_ENABLED (filings/schedule.py)
        conduct_checks = ConductSchedule()  # waiver clocks, certification reminders (conduct/schedule.py)
        while not self.stop.is_set():
            try:
                self.run_once()
                verification.tick()
                filings_import.tick()
                conduct_checks.tick()
                wait = self.seconds_until_next()
            except Exception:  # the database went away: wait and try again
                logger.exception("Embargo publisher pass failed")
                close_old_connections()
                wait = max(self.poll, 1.0)
            # Never sleep in big steps: stop is honoured within the wait.
            self.stop.wait(wait)
        logger.info("Embargo publisher stopped")


def index_published_release(sender, instance, **kwargs) -> None:
    """page_published of a release: bring its reference and search index entries up to date now.

    Wagtail queues both as background tasks (run by `manage.py db_worker`). A release's files
    become public through the reference index (disclosure.files) and its text searchable through
    the search index, so both are written inside the publishing transaction: the release, its
    files and its search entry go public in one commit, not when the worker gets to them.
    """
    ReferenceIndex.create_or_update_for_object(instance)
    index.insert_or_update_object(instance)


def connect_indexing() -> None:
    """Called once from DisclosureConfig.ready()."""
    page_published.connect(index_published_release, sender=PressReleasePage, dispatch_uid="embargo-index-now")
