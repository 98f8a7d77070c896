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

A **staged** generation (`staging()`) is how the embargo publisher makes a release public at
its release time with everything already rendered: it publishes inside a transaction opened a
moment before the time, renders the busiest public URLs inside that transaction under a new
generation that nobody else reads yet, and commits at the release time; at the commit
(`Stage.switch`, its first on-commit callback) that generation becomes the current one, so the
first request after the release time is a cache hit. Until then the staged generation exists
only in the publisher's own context: every other process and request keeps reading the current
one, and nothing rendered for the staged one can be served (a rolled-back stage leaves entries
under a generation that never becomes current). If another change moved the generation while
the stage was open, what the stage rendered may lack it, and the switch starts a fresh
generation instead.

It sits in a module of its own, importing nothing of the app, so that every cache can read it
without importing the feeds (which import the listings, which import the models).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.cache import cache

GENERATION_KEY = "releases:feeds:generation"
# {"base": generation, "current": generation, "at": time.time()}: every move from base to
# current added to what the public sees and changed nothing else.
ADDITIONS_KEY = "releases:feeds:additions"


@dataclass
class Stage:
    """A generation rendered inside a transaction and made current at its commit (see the module docstring)."""

    base: int | None  # the current generation when the stage opened
    generation: int  # the one its output is rendered under
    moved: bool = False  # something in the transaction changed what the public sees
    additive: bool = True  # ... and every such change only added to it
    switched: bool = False

    def record(self, additive: bool) -> None:
        self.moved = True
        self.additive = self.additive and additive

    def switch(self) -> None:
        """on_commit, registered first: make the staged generation current (or a fresh one, if overtaken)."""
        if not self.moved or self.switched:
            return
        self.switched = True
        current = cache.get(GENERATION_KEY)
        if current == self.base:
            _move(current, self.generation, self.additive)
        else:  # another change moved it meanwhile: what the stage rendered may lack that change
            _move(current, max(time.time_ns(), (current or 0) + 1, self.generation + 1), additive=False)


_staged: ContextVar[Stage | None] = ContextVar("releases_staged_generation", default=None)


def staged() -> Stage | None:
    """The stage open in this context, if any."""
    return _staged.get()


@contextmanager
def staging() -> Iterator[Stage]:
    """Open a staged generation in this context: caches read and write under it; bumps are recorded in it.

    The caller registers `stage.switch` with `transaction.on_commit` first thing in its
    transaction, and keeps the stage open until the transaction has committed.
    """
    try:
        base = cache.get(GENERATION_KEY)
    except Exception:  # noqa: BLE001 - the cache is down: the switch finds it moved and starts a fresh one
        base = None
    stage = Stage(base=base, generation=max(time.time_ns(), (base or 0) + 1))
    token = _staged.set(stage)
    try:
        yield stage
    finally:
        _staged.reset(token)


def current_generation() -> int | None:
    """What the response cache keys by: the staged generation inside a stage, else the shared one (None: unset)."""
    stage = _staged.get()
    if stage is not None:
        return stage.generation
    return cache.get(GENERATION_KEY)


def feeds_generation() -> int:
    """The current feeds generation: part of every cache key, so moving it empties the feed cache.

    It is a nanosecond timestamp of the last change rather than a count from 0, so a
    counter that fell out of the cache (eviction, restart) restarts at a value no
    earlier entry was stored under; it also tells Last-Modified when the feeds last changed.
    Inside a stage, the staged generation.
    """
    value = current_generation()
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value if value is not None else time.time_ns()  # a dummy cache keeps nothing


def bump_feeds_generation(additive: bool = False) -> None:
    """Start a new generation: every feed is rendered again on its next request.

    `additive`: the change only adds to what the public sees (see the module docstring). The
    record of additions is written after the generation and names it, so a record that a
    concurrent move overtook names a generation that is no longer current and is not used.
    Inside a stage the move is only recorded: the stage's switch makes it at the commit.
    """
    stage = _staged.get()
    if stage is not None:
        if not stage.switched:
            stage.record(additive)
        return
    current = cache.get(GENERATION_KEY) or 0
    _move(current, max(time.time_ns(), current + 1), additive)


def _move(current: int | None, new: int, additive: bool) -> None:
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
