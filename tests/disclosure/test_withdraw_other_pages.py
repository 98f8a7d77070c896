"""Withdrawing an event or a governance page: the spokesperson's decision, with a reason, logged, like a release's.

Wagtail's own unpublish is closed for these page types (test_side_doors_other_pages); the
spokesperson's Withdraw (unpublish)… takes the page down with a written reason, in its history and
the audit trail, and a new approval is needed to put it back. A Code waiver disclosure is never
withdrawn (twelve months on the site, then archived: conduct), and the same screen says so.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

import pytest

from disclosure.guard import approval_standing
from disclosure.withdraw import cancel_scheduled_release, withdraw_release
from tests.support.disclosed_pages import draft_of, live_of
from tests.support.matrix import grant_role_permissions
from tests.support.workflow import approve_all, fresh

pytestmark = pytest.mark.django_db

KINDS = ["event", "governance document", "board page"]
REASON = "Posted in error: the date is not confirmed."


@pytest.fixture
def people(roles):
    people = dict(roles)
    people["superuser"] = get_user_model().objects.create_superuser("root", password="pw")  # noqa: S106
    return people


def _live(kind, home, people):
    page = live_of(kind, home, people)
    grant_role_permissions(page.get_parent())
    return page


def _url(page):
    return reverse("disclosure_withdraw", args=(page.pk,))


@pytest.mark.parametrize("kind", KINDS)
def test_a_spokesperson_withdraws_with_a_reason(client, home, people, kind):
    """The page goes off the site, the reason is in its history, and the approval no longer stands."""
    page = _live(kind, home, people)
    public_url = page.url
    assert client.get(public_url).status_code == 200
    client.force_login(people["ceo"])
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert _url(page) in client.get(edit).content.decode()  # offered in the editor and the page menu
    assert client.get(_url(page)).status_code == 200
    response = client.post(_url(page), {"reason": REASON})
    assert response.status_code == 302

    page = fresh(page)
    assert not page.live
    entry = PageLogEntry.objects.get(page=page, action="disclosure.withdraw")
    assert (entry.user, entry.data["reason"]) == (people["ceo"], REASON)
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unpublish", user=people["ceo"]).exists()
    assert "withdrawn" in approval_standing(page.pk).problem
    client.logout()
    assert client.get(public_url).status_code == 404
    with pytest.raises(PermissionDenied):  # putting the signed revision back needs a new approval
        page.get_latest_revision().publish()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", ["drafter", "compliance", "superuser", "president"])
def test_nobody_but_an_active_spokesperson_withdraws(client, home, people, kind, who):
    """The drafter, the committee, a superuser and a spokesperson whose designation ended change nothing."""
    page = _live(kind, home, people)
    if who == "president":
        people["president"].designations.update(effective_until=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(people[who])
    assert _url(page) not in client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    client.post(_url(page), {"reason": REASON})
    assert fresh(page).live
    assert not PageLogEntry.objects.filter(page=page, action="disclosure.withdraw").exists()
    with pytest.raises(PermissionDenied):
        withdraw_release(page.pk, by=people[who], reason=REASON)


def test_a_withdrawal_needs_its_reason(client, home, people):
    page = _live("event", home, people)
    client.force_login(people["ceo"])
    assert client.post(_url(page), {"reason": ""}).status_code == 200
    assert fresh(page).live


def test_the_event_form_points_to_a_cancelled_version(client, home, people):
    """Calling an event off is a new version with status Cancelled (calendars update); the form says so."""
    page = _live("event", home, people)
    client.force_login(people["ceo"])
    html = client.get(_url(page)).content.decode()
    assert "Withdraw event" in html and "status Cancelled" in html


def test_a_waiver_disclosure_is_not_withdrawn(client, home, people):
    """The Code's waivers stay up twelve months, then are archived: no spokesperson withdraws one."""
    page = live_of("waiver disclosure", home, people)
    client.force_login(people["ceo"])
    response = client.get(_url(page))
    assert response.status_code == 302
    client.post(_url(page), {"reason": REASON})
    assert fresh(page).live
    with pytest.raises(PermissionDenied, match="12 months"):
        withdraw_release(page.pk, by=people["ceo"], reason=REASON)
    assert not PageLogEntry.objects.filter(page=page, action="disclosure.withdraw").exists()


def test_a_scheduled_event_is_taken_off_the_schedule_with_a_reason(home, people):
    """An approved event timed for later: the spokesperson cancels its publication, logged; it stays unpublished."""
    page = draft_of("event", home, people)
    page.go_live_at = timezone.now() + dt.timedelta(days=2)
    page.save_revision()
    page = approve_all(page, people)
    assert not page.live and page.revisions.filter(approved_go_live_at__isnull=False).exists()
    with pytest.raises(PermissionDenied):
        cancel_scheduled_release(page.pk, by=people["drafter"], reason=REASON)
    revision = cancel_scheduled_release(page.pk, by=people["ceo"], reason=REASON)
    assert revision.approved_go_live_at is None
    entry = PageLogEntry.objects.get(page=page, action="disclosure.cancel_schedule")
    assert (entry.user, entry.data["reason"]) == (people["ceo"], REASON)
    assert "withdrawn" in approval_standing(page.pk).problem
