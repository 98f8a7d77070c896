"""The site-wide content version: one number that moves whenever what the public sees changes.

Historically called the "feeds generation" (the feeds were its first user), it now keys every
cache of public output: the rendered feeds (releases/feeds.py), the archive's shape
(releases/listing.py) and the whole-response cache (releases/response_cache.py).
`releases/signals.py` moves it on whenever a release is published, corrected, withdrawn, moved
or deleted, or anything a public page shows changes, so the next request renders afresh.

It sits in a module of its own, importing nothing of the app, so that every cache can read it
without importing the feeds (which import the listings, which import the models).
"""

from __future__ import annotations

import time

from django.core.cache import cache

GENERATION_KEY = "releases:feeds:generation"


def feeds_generation() -> int:
    """The current feeds generation: part of every cache key, so moving it empties the feed cache.

    It is a nanosecond timestamp of the last change rather than a count from 0, so a
    counter that fell out of the cache (eviction, restart) restarts at a value no
    earlier entry was stored under; it also tells Last-Modified when the feeds last changed.
    """
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value if value is not None else time.time_ns()  # a dummy cache keeps nothing


def bump_feeds_generation() -> None:
    """Start a new generation: every feed is rendered again on its next request."""
    current = cache.get(GENERATION_KEY) or 0
    cache.set(GENERATION_KEY, max(time.time_ns(), current + 1), timeout=None)
