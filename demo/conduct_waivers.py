"""The demo's register of exceptions to the Code: an employee's exception, and an officer's waiver disclosed.

- an employee's request, decided by the Chief Financial Officer (no disclosure: employees' are
  only kept on record);
- a waiver for an executive officer, granted by the Board on the last business day before the
  demo was built, its website disclosure drafted from the record and taken through the
  Disclosure Policy workflow by the demo users (the drafter submits, compliance reviews, the
  CEO signs off), so its four-business-day clock is met.

The people and texts are sample text, marked as such where the public sees them. Idempotent:
each entry is found by its requester and provision, and what exists is left as it is.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from conduct import business_days, waivers
from conduct.models import DecidedBy, Disposition, ExceptionRequest, Position
from disclosure.models import SpokespersonSignOffTask
from disclosure.services import place_under_disclosure_policy
from governance.models import GovernanceIndexPage

EMPLOYEE = "Chris Rivera (demo person)"
OFFICER = "Jordan Avery (demo person)"


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _section(heading_start: str) -> dict:
    """The Code's section whose heading starts so, as the register stores it."""
    for section in waivers.code_sections():
        if section.heading.startswith(heading_start):
            return {
                "provision_heading": section.heading,
                "provision_anchor": section.anchor,
                "code_page_id": section.page_id,
            }
    return {"provision_heading": heading_start, "provision_anchor": ""}


def _decision_moment(now: dt.datetime) -> dt.datetime:
    """3:00 p.m. market time on the last business day before today: the board's meeting."""
    tz, _ = waivers.market_zone()
    day = business_days.previous_business_day(now.astimezone(tz).date())
    return dt.datetime.combine(day, dt.time(15, 0), tzinfo=tz).astimezone(dt.UTC)


def _employee_exception(compliance, now: dt.datetime) -> ExceptionRequest:
    entry = ExceptionRequest.objects.filter(requester_name=EMPLOYEE).order_by("-pk").first()
    if entry is not None:
        return entry
    decided_at = _decision_moment(now) - dt.timedelta(days=7)
    entry = waivers.record_request(
        by=compliance,
        requester_name=EMPLOYEE,
        position=Position.EMPLOYEE,
        requester_title="Service technician",
        requested_on=(decided_at - dt.timedelta(days=3)).date(),
        description="Demo request (sample text): to keep a 5% stake, inherited, in a family-owned HVAC installer "
        "that buys spare parts from the Company.",
        reason="The stake was inherited; the technician has no part in sales to the installer.",
        supervisor_name="Dana Field (demo person), Service manager",
        supervisor_view="Agrees: the technician neither sells to nor services the installer.",
        **_section("CONFLICTS OF INTEREST"),
    )
    return waivers.record_decision(
        entry,
        by=compliance,
        now=now,
        disposition=Disposition.GRANTED_WITH_CONDITIONS,
        decided_by=DecidedBy.CFO,
        decided_by_name="Bonnie Brown, Chief Financial Officer",
        decided_at=decided_at,
        resolution_reference="",
        decision_reason="A passive, inherited stake; the technician has no say in the installer's purchases.",
        conditions="The technician stays out of any dealings with the installer and tells the CFO of any change.",
    )


def _officer_waiver(compliance, now: dt.datetime) -> ExceptionRequest:
    entry = waivers.current_entries().filter(requester_name=OFFICER).order_by("-pk").first()
    if entry is not None:
        return entry
    decided_at = _decision_moment(now)
    entry = waivers.record_request(
        by=compliance,
        requester_name=OFFICER,
        position=Position.EXECUTIVE_OFFICER,
        requester_title="Vice President, Operations",
        requested_on=(decided_at - dt.timedelta(days=10)).astimezone(waivers.market_zone()[0]).date(),
        description="Demo waiver (sample text, not granted by Tecogen): to serve, unpaid, on the board of a "
        "regional energy-efficiency association whose members include one of the Company's suppliers.",
        reason="Standards and policy work that benefits the industry; no pay and no say in purchasing.",
        **_section("CONFLICTS OF INTEREST"),
    )
    return waivers.record_decision(
        entry,
        by=compliance,
        now=now,
        disposition=Disposition.GRANTED,
        decided_by=DecidedBy.BOARD,
        decided_by_name="the Board of Directors",
        decided_at=decided_at,
        resolution_reference=f"Board resolution {decided_at.astimezone(waivers.market_zone()[0]):%Y-%m-%d}/2 (demo)",
        decision_reason="Demo text: the role is unpaid, serves the industry, and the officer recuses himself from "
        "any matter involving the supplier; the Company's interests are not at stake.",
        conditions="",
    )


def _decide(page, user) -> None:
    state = type(page).objects.get(pk=page.pk).current_workflow_state.current_task_state.specific
    confirm = {"revision": state.revision_id} if isinstance(state.task.specific, SpokespersonSignOffTask) else {}
    state.task.specific.on_action(state, user, "approve", comment="", **confirm)


def _publish_through_policy(page, drafter, reviewer, signer):
    """The Disclosure Policy chain, as for a release: submitted, reviewed, signed off (which publishes it)."""
    page = type(page).objects.get(pk=page.pk)
    if page.live:
        return page
    if page.current_workflow_state is None:
        page.save_revision(user=drafter)
        page.get_workflow().start(page, drafter)
    for _step in range(2):  # the review, then the sign-off (resumed where an earlier run stopped)
        state = type(page).objects.get(pk=page.pk).current_workflow_state
        if state is None:
            break
        task = state.current_task_state.task.specific
        _decide(page, signer if isinstance(task, SpokespersonSignOffTask) else reviewer)
    return type(page).objects.get(pk=page.pk)


@transaction.atomic
def build_conduct_waivers(governance_index: GovernanceIndexPage | None = None, *, now: dt.datetime | None = None):
    """The demo register and its one published waiver disclosure; needs the Code page and the Disclosure Policy."""
    now = now or timezone.now()
    compliance, drafter, ceo = _user("compliance"), _user("drafter"), _user("ceo")
    index = waivers.ensure_waiver_index(governance_index)
    place_under_disclosure_policy(index)
    employee = _employee_exception(compliance, now)
    officer = _officer_waiver(compliance, now)
    page = officer.disclosure_page or waivers.draft_disclosure(officer, by=compliance, now=now)
    page = _publish_through_policy(page, drafter, compliance, ceo)
    return {"index": index, "employee": employee, "officer": officer, "disclosure": page}
