"""The real processes: `make serve`'s publisher and task worker, a real SMTP server, a kill -9.

One site for the module (migrated, demo loaded); each test adds its own subscribers and schedules
its own release a few seconds ahead, then watches what the SMTP server accepts.
"""

import collections
import os
import signal
import time

from django.utils import timezone

import pytest

from bench.embargo_lag import Stack
from tests.support.alerts import active_addresses, add_subscribers_code, alert_tasks, outbox_messages
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.serial

AHEAD = 8  # seconds: demo_schedule's own start-up must be over before the release time


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with Stack(tmp_path_factory.mktemp("alerts-site")) as stack:
        stack.setup()
        stack.start_publishers()
        yield stack


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


def _worker(stack, smtp, **env):
    return stack.start_worker(
        env={"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port), **env}, log=f"worker-{time.time_ns()}.log"
    )


def _stop(process) -> None:
    if process.poll() is None:
        process.terminate()
        process.wait(20)


def _until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _alerts_of(smtp, release) -> list:
    return [r for r in smtp.received if r.message["Subject"] == release["title"]]


def _each_once(smtp, stack, headline: str) -> None:
    """Every active subscriber of all releases received the alert with this headline exactly once."""
    counts = collections.Counter(r.to for r in smtp.received if r.message["Subject"] == headline)
    assert set(counts) == active_addresses(stack)
    assert max(counts.values()) == 1, [a for a, n in counts.items() if n > 1]


def test_nothing_before_the_release_time_then_everyone_at_once(stack, smtp):
    stack.manage("shell", "-c", add_subscribers_code(40, "early.example"))
    worker = _worker(stack, smtp)
    try:
        scheduled_at = timezone.now()
        (release,) = stack.schedule(seconds=AHEAD, count=1, files=False)
        release_at = release["release_at"].timestamp()
        _until(lambda: time.time() >= release_at - 1, AHEAD, "one second before the release time")
        # One second before: nothing of the release in the SMTP server, the outbox, the task queue, the tables.
        # (The worker sends the demo's own messages meanwhile: its subscribers' confirmations.)
        assert [r for r in smtp.received if r.message["Subject"] == release["title"]] == []
        # (The outbox holds the workflow's notices to the reviewers, who are insiders: none to a subscriber.)
        assert not [m for m in outbox_messages(stack) if "early.example" in m["To"]]
        assert alert_tasks(stack, scheduled_at) == []
        assert stack.query("SELECT COUNT(*) FROM alerts_alert WHERE subject = %s", (release["title"],)) == [(0,)]
        assert time.time() < release_at, "the probe itself ran late: rerun on a less loaded machine"

        expected = len(active_addresses(stack))
        _until(lambda: len(_alerts_of(smtp, release)) >= expected, 30, f"{expected} alerts")
        first = min(r.at for r in _alerts_of(smtp, release))
        assert first >= release_at, f"an alert was accepted {release_at - first:.3f} s before the release time"
        _each_once(smtp, stack, release["title"])
    finally:
        _stop(worker)


def test_a_worker_killed_mid_batch_sends_the_rest_and_nobody_twice(stack, smtp):
    stack.manage("shell", "-c", add_subscribers_code(120, "crash.example"))
    total = len(active_addresses(stack))
    # One SMTP lane: then the worker had recorded every message the server accepted before the one in
    # flight when it died. (With several lanes, one may be killed between a "250 OK" and its commit:
    # the documented window, which resends that message with the same Message-ID.)
    crash_env = {"ALERTS_CLAIM_TIMEOUT": "3", "ALERTS_BATCH_SIZE": "20", "ALERTS_SMTP_CONNECTIONS": "1"}
    worker = _worker(stack, smtp, **crash_env)
    seen, headline = [], {}

    def kill_at_the_30th(envelope):
        if headline.get("title", "\0").encode() not in envelope.content:
            return None  # not this release's alert
        seen.append(envelope.rcpt_tos[0])
        if len(seen) == 30:
            os.kill(worker.pid, signal.SIGKILL)  # in the middle of DATA: this message is never accepted
        return "421 4.3.2 Connection lost" if len(seen) >= 30 else None

    smtp.handler.on_data = kill_at_the_30th
    try:
        (release,) = stack.schedule(seconds=AHEAD, count=1, files=False)
        headline["title"] = release["title"]
        _until(lambda: worker.poll() is not None, AHEAD + 30, "the worker's death")
        assert len(_alerts_of(smtp, release)) == 29
        smtp.handler.on_data = None
        killed_at = timezone.now()
        worker = _worker(stack, smtp, **crash_env)
        _until(lambda: len(_alerts_of(smtp, release)) >= total, 60, f"all {total} alerts after the restart")
        time.sleep(4)  # a duplicate would come now, with the next stale-claim takeover
        _each_once(smtp, stack, release["title"])
        assert stack.query("SELECT state FROM alerts_alert ORDER BY id DESC LIMIT 1") == [("sent",)]
        assert timezone.now() > killed_at
    finally:
        _stop(worker)


def test_two_workers_never_send_the_same_message(stack, smtp):
    stack.manage("shell", "-c", add_subscribers_code(300, "pair.example"))
    total = len(active_addresses(stack))
    workers = [_worker(stack, smtp, ALERTS_BATCH_SIZE="10"), _worker(stack, smtp, ALERTS_BATCH_SIZE="10")]
    try:
        (release,) = stack.schedule(seconds=AHEAD, count=1, files=False)
        _until(lambda: _alerts_of(smtp, release), AHEAD + 30, "the first alert")
        # More runs of the same alert while the first is sending: both workers now claim its batches.
        stack.manage(
            "shell",
            "-c",
            "from alerts.models import Alert\nfrom alerts.tasks import send_alert\n"
            "alert = Alert.objects.latest('pk')\n[send_alert.enqueue(alert.pk) for _ in range(3)]\n",
        )
        _until(lambda: len(_alerts_of(smtp, release)) >= total, 90, f"all {total} alerts")
        time.sleep(2)
        _each_once(smtp, stack, release["title"])
    finally:
        for worker in workers:
            _stop(worker)
