"""The site-wide content version: one number that moves whenever what the public sees changes.

Historically called the "feeds generation" (the feeds were its first user), it now keys every
cache of public output: the rendered feeds (releases/feeds.py), the archive's shape
(releases/listing.py) and the whole-response cache (releases/response_cache.py).
`releases/signals.py` moves it on whenever a release is published, corrected, withdrawn, moved
or deleted, or anything a public page shows changes, so the next request renders afresh.

A move that only *adds* to what the public sees (a page's first publication, a release
scheduled) is recorded as such (ADDITIONS_KEY): from the generation before it, every later
generation differed only by additions. While one request renders a URL afresh for the new
generation, the whole-response cache may answer the others with that URL's copy from before
the additions (it lacks the new release; it shows nothing withdrawn or changed): so the
moment after a release time is one render of each surface, not a dozen at once. Any other
move (a withdrawal, a correction, a move, a privacy change, an edit) ends the run of additions.

It sits in a module of its own, importing nothing of the app, so that every cache can read it
without importing the feeds (which import the listings, which import the models).
"""

from __future__ import annotations

import time

from django.core.cache import cache

GENERATION_KEY = "releases:feeds:generation"
# {"base": generation, "current": generation, "at": time.time()}: every move from base to
# current added to what the public sees and changed nothing else.
ADDITIONS_KEY = "releases:feeds:additions"


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


def bump_feeds_generation(additive: bool = False) -> None:
    """Start a new generation: every feed is rendered again on its next request.

    `additive`: the change only adds to what the public sees (see the module docstring). The
    record of additions is written after the generation and names it, so a record that a
    concurrent move overtook names a generation that is no longer current and is not used.
    """
    current = cache.get(GENERATION_KEY) or 0
    new = max(time.time_ns(), current + 1)
    cache.set(GENERATION_KEY, new, timeout=None)
    if additive and current:
        record = cache.get(ADDITIONS_KEY)
        base = record["base"] if record and record.get("current") == current else current
        cache.set(ADDITIONS_KEY, {"base": base, "current": new, "at": time.time()}, timeout=3600)
    else:
        cache.set(ADDITIONS_KEY, {"base": new, "current": new, "at": time.time()}, timeout=3600)


def additions_since(generation: int, within: float) -> int | None:
    """The oldest generation whose public output still holds for `generation` but for additions; None: none.

    A copy rendered under a generation g with base <= g < generation lacks only what was added
    since (e.g. a release that just went public); it never shows anything withdrawn or changed.
    None as well when the last addition is more than `within` seconds old.
    """
    record = cache.get(ADDITIONS_KEY)
    if not record or record.get("current") != generation or record["base"] >= generation:
        return None
    if time.time() - record["at"] > within:
        return None
    return record["base"]


def bump_additive() -> None:
    """on_commit callback: the second move of an additive change (releases/signals.py)."""
    bump_feeds_generation(additive=True)
