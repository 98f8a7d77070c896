"""The demo's register (demo/conduct_waivers.py): an employee's exception, an officer's waiver disclosed in time."""

import pytest

from conduct import waivers
from conduct.models import CodeWaiverDisclosurePage, Disposition, ExceptionRequest
from demo.conduct_waivers import build_conduct_waivers

pytestmark = pytest.mark.django_db


def test_the_demo_register(demo, client):
    """One employee exception decided by the CFO; one officer waiver whose disclosure the workflow published in time."""
    built = build_conduct_waivers()
    employee, officer, page = built["employee"], built["officer"], built["disclosure"]
    assert employee.decided_by == "cfo" and employee.disposition == Disposition.GRANTED_WITH_CONDITIONS
    assert not waivers.clock(employee).applies
    assert officer.decided_by == "board" and officer.position == "executive_officer"
    assert page.live and page.url.endswith("/governance/code-waivers/" + page.slug + "/")
    officer.refresh_from_db()
    clock = waivers.clock(officer)
    assert clock.stopped and not clock.late and clock.disclosed_how == waivers.BY_WEBSITE
    assert client.get(page.url).status_code == 200
    assert "Demo waiver" in client.get(page.url).content.decode()


def test_the_demo_is_idempotent(demo):
    build_conduct_waivers()
    counts = (ExceptionRequest.objects.count(), CodeWaiverDisclosurePage.objects.count())
    build_conduct_waivers()
    assert (ExceptionRequest.objects.count(), CodeWaiverDisclosurePage.objects.count()) == counts == (2, 1)
