"""Entries of the register of exceptions to the Code, and its governance pages, for tests."""

from __future__ import annotations

import datetime as dt

import time_machine

from conduct import waivers
from conduct.models import DecidedBy, Disposition, Position
from disclosure.guard import historical_record
from disclosure.services import place_under_disclosure_policy
from governance.code_import import ensure_governance_index, load_code_page
from tests.support.workflow import approve_all

# Friday 4 Dec 2026, 3:00 p.m. ET: a board meeting.
BOARD_MEETING = dt.datetime(2026, 12, 4, 20, 0, tzinfo=dt.UTC)
# Monday 7 Dec 2026, 10:00 a.m. ET: the committee drafts the website disclosure; 11:00 the chain approves it.
DRAFTED_AT = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)
APPROVED_AT = DRAFTED_AT + dt.timedelta(hours=1)


def code_page(home):
    """`/governance/` and the Code page loaded from the sample text (published as history)."""
    with historical_record("Test fixture: the Code as published before this system existed."):
        index = ensure_governance_index(home)
        return load_code_page(index)


def waiver_index(home):
    """`/governance/code-waivers/` under the Disclosure Policy workflow (needs the `roles` fixture first)."""
    code_page(home)
    index = waivers.ensure_waiver_index()
    place_under_disclosure_policy(index)
    return index


def request_fields(**overrides) -> dict:
    """An employee's request, as the committee records it (overrides: any request field)."""
    fields = {
        "requester_name": "Pat Employee",
        "position": Position.EMPLOYEE,
        "requester_title": "Sales engineer",
        "provision_heading": "CONFLICTS OF INTEREST",
        "provision_anchor": "conflicts-of-interest",
        "requested_on": dt.date(2026, 11, 30),
        "description": "To keep a 5% stake in a family-owned HVAC installer that buys from the Company.",
        "reason": "Inherited stake; no role in purchasing decisions.",
        "supervisor_name": "Sam Supervisor",
        "supervisor_view": "Agrees: no influence on the installer's orders.",
    }
    fields.update(overrides)
    return fields


def employee_request(by, **overrides):
    return waivers.record_request(by=by, **request_fields(**overrides))


def officer_request(by, **overrides):
    """A request from the Chief Executive Officer (an executive officer: the board decides)."""
    fields = {
        "requester_name": "Benjamin Locke",
        "position": Position.EXECUTIVE_OFFICER,
        "requester_title": "Chief Executive Officer",
        "description": "To serve as an unpaid director of a supplier's industry association.",
        "reason": "Industry standards work; the association's members include a supplier.",
        "supervisor_name": "",
        "supervisor_view": "",
    }
    fields.update(overrides)
    return employee_request(by, **fields)


def board_decision(decided_at=BOARD_MEETING, **overrides) -> dict:
    decision = {
        "disposition": Disposition.GRANTED,
        "decided_by": DecidedBy.BOARD,
        "decided_by_name": "Board of Directors",
        "decided_at": decided_at,
        "resolution_reference": "Board resolution 2026-12-04/3",
        "decision_reason": (
            "The role serves the industry, the Company's interests are not at stake, and he recuses himself."
        ),
        "conditions": "",
    }
    decision.update(overrides)
    return decision


def granted_officer_waiver(by, decided_at=BOARD_MEETING, **decision):
    """A waiver for the CEO granted by the board at `decided_at`: its clock starts."""
    entry = officer_request(by)
    return waivers.record_decision(
        entry, by=by, now=decided_at + dt.timedelta(hours=1), **board_decision(decided_at, **decision)
    )


def cfo_decision(decided_at=BOARD_MEETING, **overrides) -> dict:
    decision = {
        "disposition": Disposition.GRANTED_WITH_CONDITIONS,
        "decided_by": DecidedBy.CFO,
        "decided_by_name": "Bonnie Brown",
        "decided_at": decided_at,
        "resolution_reference": "",
        "decision_reason": "A passive stake; the employee has no say in the installer's purchases.",
        "conditions": "The employee stays out of any dealings with the installer.",
    }
    decision.update(overrides)
    return decision


def drafted_disclosure(roles, *, at: dt.datetime = DRAFTED_AT):
    """The website disclosure of the CEO's waiver (granted at BOARD_MEETING), drafted at `at`.

    Needs `waiver_index` first (and the `roles` fixture).
    """
    entry = granted_officer_waiver(roles["compliance"])
    with time_machine.travel(at, tick=False):
        return waivers.draft_disclosure(entry, by=roles["compliance"])


def disclose(page, roles, *, at: dt.datetime = APPROVED_AT, go_live_at: dt.datetime | None = None):
    """The drafted disclosure through the Disclosure Policy workflow at `at`: live, or scheduled for `go_live_at`."""
    with time_machine.travel(at, tick=False):
        if go_live_at is not None:
            page.go_live_at = go_live_at
        return approve_all(page, roles)
