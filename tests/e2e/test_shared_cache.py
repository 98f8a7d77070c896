"""End to end: gunicorn's workers share the Redis cache, so no worker serves a stale feed after a publish.

Feeds are cached under a key that holds the feeds generation (releases/feeds.py); the embargo
publisher moves the generation when it publishes. That only reaches every web worker if they
all read the same cache: Redis in production (REDIS_URL). A fresh site is served by gunicorn
with 2 sync workers and the real publisher process, all on one Redis database; the RSS feed is
requested over and over by both workers before a release's time (each request a new
connection), then again after it is published. gunicorn's access log names the worker (pid)
that answered each request, so the test knows both workers answered in both phases.

Runs when REDIS_URL names a Redis server (CI's PostgreSQL pass sets redis://127.0.0.1:6379/7);
the database given there is flushed first, so it must be one nothing else uses.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import urllib.error
import urllib.request
from collections import defaultdict

import pytest

from bench.embargo_lag import Stack

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.serial,  # its own gunicorn and publisher on a flushed Redis database: run alone
    pytest.mark.skipif(
        not REDIS_URL,
        reason="REDIS_URL is not set: the shared-cache test needs a Redis server (e.g. REDIS_URL=redis://127.0.0.1:6379/7)",
    ),
]

FEED = "/news/feed/rss/"
WORKERS = 2
AFTER = 40  # feed requests after the publish, every one of which must show the release


def get(url: str) -> tuple[int, bytes]:
    """One request on a new connection (urllib keeps none; gunicorn's sync workers close each anyway)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def status_of(url: str) -> int:
    try:
        return get(url)[0]
    except urllib.error.HTTPError as exc:
        return exc.code


class FeedProbe:
    """Numbered feed requests (`?probe=N`, which the feed ignores) matched to the worker in the access log."""

    def __init__(self, stack: Stack, access_log):
        self.stack, self.access_log = stack, access_log
        self.count = 0
        self.bodies: dict[int, bytes] = {}

    def request(self) -> bytes:
        self.count += 1
        status, body = get(f"{self.stack.base_url}{FEED}?probe={self.count}")
        assert status == 200
        self.bodies[self.count] = body
        return body

    def workers(self, numbers) -> dict[str, list[int]]:
        """Worker pid -> the probe numbers it answered, among `numbers`, from gunicorn's access log."""
        wanted, seen = set(numbers), defaultdict(list)
        for _ in range(50):  # each line is written just after its response: the last may lag a little
            seen.clear()
            for line in self.access_log.read_text().splitlines():
                pid, _, query = line.partition(" ")
                if query.startswith("probe="):
                    number = int(query.split("=", 1)[1].split("&")[0])
                    if number in wanted:
                        seen[pid].append(number)
            if sum(len(v) for v in seen.values()) == len(wanted):
                break
            time.sleep(0.1)
        return dict(seen)


def flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def test_workers_sharing_redis_never_serve_a_stale_feed_after_a_publish(tmp_path):
    flush(REDIS_URL)  # a fresh site: no feeds generation or feed left from an earlier run
    with Stack(tmp_path) as stack:
        stack.env["REDIS_URL"] = REDIS_URL  # Stack drops it (runserver runs use the file cache); production's shape
        stack.setup()
        access_log = tmp_path / "access.log"
        stack.start_gunicorn(
            workers=WORKERS,
            args=("--access-logfile", str(access_log), "--access-logformat", "%(p)s %(q)s"),
        )
        stack.start_publishers(1)
        probe = FeedProbe(stack, access_log)

        [release] = stack.schedule(seconds=10, count=1, files=False)
        slug = release["slug"].encode()

        # Before its time: both workers answer the feed many times (so both have it cached), never with it.
        stop_at = release["release_at"] - dt.timedelta(seconds=1)
        while dt.datetime.now(dt.UTC) < stop_at or probe.count < 20:
            assert dt.datetime.now(dt.UTC) < release["release_at"], "too slow to warm the feed before the release"
            assert slug not in probe.request(), f"the feed showed {release['slug']} before its time"
        before = probe.workers(range(1, probe.count + 1))
        assert len(before) == WORKERS, f"only {sorted(before)} answered the feed before the release"
        assert all(len(numbers) >= 3 for numbers in before.values()), before
        assert status_of(stack.base_url + release["url"]) == 404

        # The publisher publishes it at its time (a log entry, the page answering).
        deadline = release["release_at"] + dt.timedelta(seconds=15)
        while status_of(stack.base_url + release["url"]) != 200:
            assert dt.datetime.now(dt.UTC) < deadline, "the publisher did not publish the release"
            time.sleep(0.1)
        published = dt.datetime.now(dt.UTC)

        # The feed shows it at once (at most the publisher's commit away), and from then on every
        # response from either worker shows it: no worker keeps its old copy.
        while slug not in probe.request():
            waited = (dt.datetime.now(dt.UTC) - published).total_seconds()
            assert waited < 2, f"the feed still lacks the release {waited:.1f} s after it was published"
        first = probe.count
        stale = [n for n in range(first + 1, first + 1 + AFTER) if slug not in probe.request()]
        after = probe.workers(range(first + 1, first + 1 + AFTER))
        assert stale == [], f"{len(stale)} of {AFTER} feed responses after the publish lacked the release: {after}"
        assert len(after) == WORKERS, f"only {sorted(after)} answered the feed after the publish"
        assert all(len(numbers) >= 3 for numbers in after.values()), after
        assert stack.log_actions(release["pk"]).count("wagtail.publish.scheduled") == 1
