"""The decisions taken while one admin request runs, noted for the message that answers them.

The Disclosure Policy's tasks decide in ``on_action`` (disclosure.models), which has no request;
Wagtail's workflow action views then say only "Page '…' has been updated." (the editor) or
nothing (the dashboard's workflow action). So each decision is noted here, as plain facts, and
disclosure.decisions turns the notes of the request into its messages once the view is done.

This module imports no model: disclosure.models notes its decisions through it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

APPROVED = "approve"
REJECTED = "reject"
REFUSED = "refused"


@dataclass(frozen=True)
class Decision:
    """One decision on one step: who, which step, what they did; for a sign-off, the count after it.

    ``refused`` carries the reason when nothing was done (a stale confirmation, for one).
    """

    task_state_id: int
    page_id: int
    user_id: int
    action: str
    comment: str = ""
    given: int | None = None
    required: int | None = None
    revision_id: int | None = None
    refused: str = ""


_noted: contextvars.ContextVar[list[Decision] | None] = contextvars.ContextVar("disclosure_decisions", default=None)


@contextmanager
def collecting() -> Iterator[list[Decision]]:
    """Collect the decisions taken inside the block (one admin request)."""
    notes: list[Decision] = []
    token = _noted.set(notes)
    try:
        yield notes
    finally:
        _noted.reset(token)


def note(decision: Decision) -> None:
    """Note a decision for the request's messages; outside a request (tests, commands) nothing listens."""
    notes = _noted.get()
    if notes is not None:
        notes.append(decision)
