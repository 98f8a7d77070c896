"""Helpers for the tests of the embargo's stage: what another reader sees while a stage is open."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.test import Client

from disclosure import embargo
from releases.content_version import GENERATION_KEY
from releases.response_cache import HIT_HEADER


@dataclass
class Seen:
    """One anonymous GET made from another thread (a context without the stage) during the stage."""

    url: str
    status: int
    content: bytes
    cache_header: str | None


@dataclass
class StageProbe:
    """Installed in place of the stage's wait: looks at the site from outside, then waits as the stage would."""

    urls: list[str]
    seen: list[Seen] = field(default_factory=list)
    generation_during: list = field(default_factory=list)
    waited: int = 0

    def __call__(self, due_at) -> None:
        def look() -> None:
            client = Client()
            self.generation_during.append(cache.get(GENERATION_KEY))
            for url in self.urls:
                response = client.get(url)
                self.seen.append(Seen(url, response.status_code, response.content, response.get(HIT_HEADER)))

        reader = threading.Thread(target=look)  # a new thread: the stage's context variables are not set there
        reader.start()
        reader.join()
        self.waited += 1
        original_wait(due_at)


original_wait = embargo._wait_until


def probe_stage(monkeypatch, urls: list[str]) -> StageProbe:
    """Look at `urls` from outside the stage, between its renders and its commit."""
    probe = StageProbe(urls)
    monkeypatch.setattr(embargo, "_wait_until", probe)
    return probe


@contextmanager
def another_publisher_staging():
    """Hold the stage's advisory lock from another connection (PostgreSQL), as a second publisher staging would."""
    held, done = threading.Event(), threading.Event()
    key = embargo.STAGE_LOCK_KEY

    def stage() -> None:
        try:
            with connection.cursor() as cursor:  # this thread's own connection
                cursor.execute("SELECT pg_advisory_lock(%s)", [key])
                held.set()
                done.wait(30)
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        finally:
            connection.close()

    thread = threading.Thread(target=stage)
    thread.start()
    assert held.wait(10), "the other publisher did not get the lock"
    try:
        yield
    finally:
        done.set()
        thread.join()
