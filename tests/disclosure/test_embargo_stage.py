"""The embargo's stage: a release published a moment ahead inside a transaction, public at its commit at the time.

The publisher opens the transaction IR_EMBARGO_LEAD_SECONDS before the release time, publishes
with the clock reading the release time, renders the busiest public URLs for the generation it
will start, and commits at the time. What a regulator and a reader care about: nothing is
visible before the time (not the page, not a kept copy of a listing), everything the publish
records says the release time, the first reader after the time gets a page already rendered,
and a stage that fails or is overtaken leaves nothing wrong behind.
"""

import datetime as dt
import threading

from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

import pytest
import time_machine

from disclosure.embargo import SCHEDULED_PUBLISH_ACTION, Publisher
from disclosure.models import AuditSeal
from ir_site import clock
from releases.content_version import GENERATION_KEY, additions_since, feeds_generation, staging
from releases.models import PressReleasePage, ReleaseVersion
from releases.response_cache import HIT_HEADER, recent_urls
from tests.support.embargo_stage import another_publisher_staging, probe_stage
from tests.support.workflow import EMBARGO_RELEASE_AT, approved

pytestmark = pytest.mark.django_db

RELEASE_AT = EMBARGO_RELEASE_AT
# The stage opens this long ahead; the tests start it AHEAD before the time (a publish here takes well under that).
LEAD = 3.0
AHEAD = dt.timedelta(seconds=2.5)


@pytest.fixture(autouse=True)
def staged_publisher(settings):
    settings.IR_EMBARGO_LEAD_SECONDS = LEAD
    settings.IR_RESPONSE_CACHE_SECONDS = 300
    settings.IR_BUMP_BEFORE_COMMIT = False  # as in production: the generation moves at the commit
    cache.clear()


@pytest.fixture
def frozen():
    """The clock runs (a stage waits for the wall clock to reach the release time), from the day before."""
    with time_machine.travel(RELEASE_AT - dt.timedelta(days=1), tick=True) as traveller:
        yield traveller


@pytest.fixture
def stopped():
    with time_machine.travel(RELEASE_AT - dt.timedelta(days=1), tick=False) as traveller:
        yield traveller


def read(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode(), response.get(HIT_HEADER)


def test_nothing_shows_during_the_stage_and_everything_is_rendered_at_the_commit(
    client, newsroom, roles, frozen, monkeypatch, django_capture_on_commit_callbacks
):
    page = approved(newsroom, roles)
    url = page.url
    frozen.move_to(RELEASE_AT - dt.timedelta(seconds=10))  # kept copies last minutes, not the day since approval
    # Readers are on the newsroom, the feed and the release's own (still refused) URL.
    for path in ("/news/", "/news/feed/rss/", url):
        client.get(path)
    assert client.get(url).status_code == 404 and client.get(url)[HIT_HEADER] == "hit"
    before = cache.get(GENERATION_KEY)
    probe = probe_stage(monkeypatch, ["/news/", "/news/feed/rss/", url])

    frozen.move_to(RELEASE_AT - AHEAD)
    with django_capture_on_commit_callbacks(execute=True):
        [outcome] = Publisher().run_once()
    assert outcome.status == "published"

    # During the stage, from outside it: the generation had not moved, every URL was the kept
    # copy from before, and none showed the release.
    assert probe.waited == 1 and probe.generation_during == [before]
    for seen in probe.seen:
        assert seen.cache_header == "hit", seen.url
        assert page.title.encode() not in seen.content, seen.url
    assert [seen.status for seen in probe.seen] == [200, 200, 404]

    # At the commit: a new generation, and the release page, newsroom and feed already rendered for it.
    assert cache.get(GENERATION_KEY) != before
    for path in (url, "/news/", "/news/feed/rss/"):
        status, content, header = read(client, path)
        assert (status, header) == (200, "hit"), path
        assert page.title in content, path


def test_what_the_stage_records_says_the_release_time(newsroom, roles, frozen, django_capture_on_commit_callbacks):
    """Published seconds ahead of its commit: the page, log entry, version and audit seal all say the time."""
    page = approved(newsroom, roles)
    frozen.move_to(RELEASE_AT - AHEAD)
    with django_capture_on_commit_callbacks(execute=True):
        [outcome] = Publisher().run_once()
    assert outcome.status == "published" and not outcome.late
    page = PressReleasePage.objects.get(pk=page.pk)
    assert page.live and page.first_published_at == RELEASE_AT and page.last_published_at == RELEASE_AT
    entry = PageLogEntry.objects.get(page=page, action=SCHEDULED_PUBLISH_ACTION)
    assert entry.timestamp == RELEASE_AT
    assert ReleaseVersion.objects.get(page_id=page.pk).published_at == RELEASE_AT
    seal = AuditSeal.objects.filter(source="page", entry_id=entry.pk).get()
    assert seal.sealed_at == RELEASE_AT


def test_the_publisher_opens_the_stage_its_lead_ahead_not_earlier(newsroom, roles, stopped):
    page = approved(newsroom, roles)
    publisher = Publisher()
    stopped.move_to(RELEASE_AT - dt.timedelta(seconds=3.5))
    assert publisher.run_once() == []
    assert not PressReleasePage.objects.get(pk=page.pk).live
    assert publisher.seconds_until_next() == pytest.approx(0.5)  # polls
    stopped.move_to(RELEASE_AT - dt.timedelta(seconds=3.3))
    assert publisher.seconds_until_next() == pytest.approx(0.3)  # wakes as the stage opens


def test_a_release_the_policy_refuses_in_its_stage_stays_scheduled_and_is_held(
    newsroom, roles, frozen, django_capture_on_commit_callbacks
):
    """Material, Nasdaq window, no exchange notice: refused in the stage as at its time; nothing moves."""
    page = approved(newsroom, roles, is_material=True)
    before = cache.get(GENERATION_KEY)
    frozen.move_to(RELEASE_AT - dt.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        [outcome] = Publisher().run_once()
    assert outcome.status == "held" and "notified by 10:20 a.m. ET" in outcome.reason
    assert not PressReleasePage.objects.get(pk=page.pk).live
    assert PageLogEntry.objects.filter(page=page, action="disclosure.publish_held").count() == 1
    assert cache.get(GENERATION_KEY) == before


def test_a_stage_overtaken_by_another_change_starts_a_fresh_generation():
    """Another change moved the generation while the stage was open: what it rendered may lack that change."""
    first = feeds_generation()
    with staging() as stage:
        stage.record(additive=True)
        cache.set(GENERATION_KEY, first + 5)  # another process's change, meanwhile
        stage.switch()
    current = cache.get(GENERATION_KEY)
    assert current not in (first, first + 5, stage.generation) and current > stage.generation
    assert additions_since(current, within=60) is None  # nothing older may answer for it


def test_a_stage_that_is_not_overtaken_makes_its_generation_current_as_an_addition():
    first = feeds_generation()
    with staging() as stage:
        stage.record(additive=True)
        stage.switch()
        stage.switch()  # on_commit callbacks after the first change nothing
    assert cache.get(GENERATION_KEY) == stage.generation
    assert additions_since(stage.generation, within=60) == first


def test_a_stage_rolled_back_leaves_the_generation_where_it_was(client, newsroom, roles, frozen, monkeypatch):
    """The commit fails: the release stays scheduled, the generation never moves, its renders are never served."""
    page = approved(newsroom, roles)
    frozen.move_to(RELEASE_AT - dt.timedelta(seconds=10))
    client.get("/news/")
    before = cache.get(GENERATION_KEY)
    frozen.move_to(RELEASE_AT - dt.timedelta(seconds=1))

    def commit_fails(due_at):
        raise RuntimeError("the database went away at the commit")

    monkeypatch.setattr("disclosure.embargo._wait_until", commit_fails)
    [outcome] = Publisher().run_once()
    assert outcome.status == "failed"
    assert cache.get(GENERATION_KEY) == before
    assert not PressReleasePage.objects.get(pk=page.pk).live
    assert page.revisions.filter(approved_go_live_at=RELEASE_AT).exists()
    status, content, header = read(client, "/news/")
    assert header == "hit" and page.title not in content


def test_the_release_clock_is_set_in_its_own_context_only():
    clock.install()
    ahead = timezone.now() + dt.timedelta(minutes=5)
    elsewhere = []
    with clock.not_before(ahead):
        assert timezone.now() == ahead
        thread = threading.Thread(target=lambda: elsewhere.append(timezone.now()))
        thread.start()
        thread.join()
        assert clock.real_now() < ahead
    assert elsewhere[0] < ahead and timezone.now() < ahead


def test_readers_urls_are_remembered_with_their_host_and_query(client, newsroom):
    client.get("/news/?q=turbine")
    client.get("/news/feed/atom/", HTTP_HOST="ir.example.com")
    assert recent_urls()[:2] == ["http://ir.example.com/news/feed/atom/", "http://testserver/news/?q=turbine"]


def test_a_cancellation_that_lost_to_the_release_time_says_so(client, newsroom, roles, frozen, settings):
    """The cancel waited for the stage's commit: it cancels nothing and says the release went public, and when."""
    page = approved(newsroom, roles)
    url = reverse("disclosure_cancel_schedule", args=(page.pk,))
    client.force_login(roles["ceo"])
    assert client.get(url).status_code == 200  # the form, while it is still scheduled
    settings.IR_EMBARGO_LEAD_SECONDS = 0
    frozen.move_to(RELEASE_AT)
    assert Publisher().run_once()[0].status == "published"
    response = client.post(url, {"reason": "Hold it for the call."}, follow=True)
    text = response.content.decode()
    assert "went public at 2026-12-02 10:30:00 ET before the cancellation" in text and "nothing was cancelled" in text
    assert not PageLogEntry.objects.filter(page=page, action="disclosure.cancel_schedule").exists()


def test_a_url_that_cannot_be_rendered_ahead_never_holds_up_the_release(
    client, newsroom, roles, frozen, monkeypatch, django_capture_on_commit_callbacks
):
    page = approved(newsroom, roles)
    frozen.move_to(RELEASE_AT - dt.timedelta(seconds=10))
    client.get("/news/")

    def broken(url):
        raise ValueError(f"cannot build a request for {url}")

    monkeypatch.setattr("releases.prerender._request", broken)
    frozen.move_to(RELEASE_AT - AHEAD)
    with django_capture_on_commit_callbacks(execute=True):
        [outcome] = Publisher().run_once()
    assert outcome.status == "published" and not outcome.late
    page = PressReleasePage.objects.get(pk=page.pk)
    assert page.live and page.first_published_at == RELEASE_AT
    status, content, header = read(client, "/news/")  # rendered by its first reader instead
    assert status == 200 and header is None and page.title in content


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="an advisory lock is PostgreSQL's; on SQLite the one writer orders the publishers (test_embargo.py)",
)
def test_a_second_publisher_leaves_a_release_time_to_the_one_staging_it(
    newsroom, roles, frozen, django_capture_on_commit_callbacks
):
    """Two publishers on PostgreSQL: while one stages a release time, the other publishes none of its releases."""
    page = approved(newsroom, roles)
    frozen.move_to(RELEASE_AT - AHEAD)
    with another_publisher_staging():
        [outcome] = Publisher().run_once()
    assert outcome.status == "taken"
    assert not PressReleasePage.objects.get(pk=page.pk).live
    assert page.revisions.filter(approved_go_live_at=RELEASE_AT).exists()
    with django_capture_on_commit_callbacks(execute=True):
        [outcome] = Publisher().run_once()  # the other one is gone (say it crashed): this one stages it
    assert outcome.status == "published" and PressReleasePage.objects.get(pk=page.pk).first_published_at == RELEASE_AT
