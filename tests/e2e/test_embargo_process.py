"""End to end: the real embargo publisher processes against the real web server, over HTTP.

A fresh site (its own database: SQLite, or PostgreSQL in CI's second pass) is served by the
web server with two publisher processes running at once, as in a deployment with a spare.
Releases with a PDF and an image are scheduled a few seconds ahead through the approval
chain; every public surface is polled from three seconds before their time.
"""

import datetime as dt
import time
import urllib.error
import urllib.request

import pytest

from bench.embargo_lag import Poller, Stack

# Timing-bound (visible within 1 s: the stage renders ahead): `make test` runs it alone, after the parallel part.
pytestmark = pytest.mark.serial


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_publishers_and_web_server_over_http(tmp_path):
    """Never early on any surface, visible everywhere within 1 s, published once; after downtime, caught up late."""
    with Stack(tmp_path, publishers=2) as stack:
        stack.setup()
        stack.start_server()
        stack.start_worker()
        stack.start_publishers()

        releases = stack.schedule(seconds=7, count=3)
        sightings = Poller(stack.base_url, releases).run()
        assert len(sightings) == 3 * 9
        for sighting in sightings.values():
            assert sighting.early == [], f"{sighting.surface} showed {sighting.slug} before its time"
            assert sighting.polls > 1 and sighting.errors == 0
            assert sighting.lag is not None and sighting.lag <= 1.0, f"{sighting.surface}: lag {sighting.lag}"
        for release in releases:
            actions = stack.log_actions(release["pk"])
            assert actions.count("wagtail.publish.scheduled") == 1, actions  # two publishers, one publish
            assert "disclosure.published_late" not in actions

        # Downtime: with no publisher running, a release's time passes and it stays unpublished.
        stack.stop_publishers()
        [late] = stack.schedule(seconds=5, count=1)  # approved while its time is still ahead
        assert status(stack.base_url + late["url"]) == 404
        while dt.datetime.now(dt.UTC) < late["release_at"] + dt.timedelta(seconds=2):
            time.sleep(0.2)
        assert status(stack.base_url + late["url"]) == 404
        assert status(stack.base_url + late["pdf"]) == 404
        # A publisher starting up publishes it at once, logged as late.
        stack.start_publishers(1)
        deadline = time.monotonic() + 20
        while status(stack.base_url + late["url"]) != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert status(stack.base_url + late["url"]) == 200
        assert status(stack.base_url + late["pdf"]) == 200
        actions = stack.log_actions(late["pk"])
        assert actions.count("wagtail.publish.scheduled") == 1
        assert "disclosure.published_late" in actions
