"""The clock a staged publish reads: the release time, not the moment its transaction began.

The embargo publisher (disclosure/embargo.py) starts a release's publishing transaction a
moment before its release time and commits it at that time, so the release is public the
instant the time comes instead of a few hundred milliseconds after. Everything that
transaction writes must still say it happened at the release time: Wagtail's publish compares
the page's go-live time with `timezone.now()` (a page whose go-live time is still ahead is
scheduled, not published), and stamps the page, the log entries and the audit seals with it.

`not_before(moment)` makes `now()` answer `moment` while the real time is earlier, in the
current context only (a context variable: other threads and other requests see the real time);
`install()` makes `django.utils.timezone.now` this `now`, so Wagtail's and Django's own calls
read it. It is installed by the publisher process (and by tests of it); everywhere else no floor
is ever set and `now()` is the real time. `real_now()` is the wall clock, for the publisher's
own timing (how long after its release time a commit happened).

A module of its own at the bottom of the layers: it imports nothing of the project.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_real_now = timezone.now
_floor: ContextVar[dt.datetime | None] = ContextVar("ir_clock_floor", default=None)


def real_now() -> dt.datetime:
    """The wall clock, whatever floor is set."""
    return _real_now()


def now() -> dt.datetime:
    """The current time, or the floor set by `not_before` while the real time is earlier."""
    current = _real_now()
    floor = _floor.get()
    return floor if floor is not None and floor > current else current


@contextmanager
def not_before(moment: dt.datetime) -> Iterator[None]:
    """Inside the block (this context only), `now()` is never earlier than `moment`."""
    token = _floor.set(moment)
    try:
        yield
    finally:
        _floor.reset(token)


def install() -> None:
    """Make `django.utils.timezone.now` this module's `now` (idempotent).

    Module attribute lookups (`timezone.now()`, as Wagtail, Django's auto_now fields and this
    project call it) then see the floor. A default captured as a function object at import
    (`default=timezone.now` on a model field) does not: the rows a publish writes set their
    times explicitly (releases/corrections.py, disclosure/audit_chain.py).
    """
    if timezone.now is not now:
        timezone.now = now
