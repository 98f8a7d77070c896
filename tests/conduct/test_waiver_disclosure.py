"""The website disclosure of a Code waiver: drafted from the record, public only through the workflow, kept.

Drafted as a CodeWaiverDisclosurePage under /governance/code-waivers/, published by the Disclosure
Policy's final sign-off (no side door), listed newest first, not withdrawn for 12 months, then
archived (still readable), kept five years in all and never deleted.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from wagtail.models import ModelLogEntry, Page, PageLogEntry

import pytest
import time_machine

from conduct import waivers
from conduct.models import AppendOnlyError, CodeWaiverDisclosurePage
from disclosure.guard import historical_record
from tests.support.conduct_waivers import (
    BOARD_MEETING,
    board_decision,
    cfo_decision,
    employee_request,
    granted_officer_waiver,
    officer_request,
    waiver_index,
)
from tests.support.workflow import approve_all, fresh

pytestmark = pytest.mark.django_db

# Monday 7 Dec 2026, 10:00 a.m. ET: the committee drafts and the chain approves.
MONDAY = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def waiver(home, roles):
    waiver_index(home)
    return granted_officer_waiver(roles["compliance"])


@pytest.fixture
def drafted(waiver, roles):
    with time_machine.travel(MONDAY, tick=False):
        return waivers.draft_disclosure(waiver, by=roles["compliance"])


@pytest.fixture
def published(drafted, roles):
    with time_machine.travel(MONDAY + dt.timedelta(hours=1), tick=False):
        return approve_all(drafted, roles)


def test_drafted_from_the_record(drafted, waiver, roles):
    """Who, which provision, what was waived, the date, the board's reasons: a draft under /governance/code-waivers/."""
    page = fresh(drafted)
    assert not page.live
    assert page.get_parent().url_path.endswith("/governance/code-waivers/")
    assert page.person_name == "Benjamin Locke" and page.person_title == "Chief Executive Officer"
    assert page.provision_heading == "CONFLICTS OF INTEREST"
    assert page.waived == waiver.description
    assert page.decision_date == dt.date(2026, 12, 4)
    assert page.decided_by == "Board of Directors"
    assert page.reason == waiver.decision_reason
    assert page.title == "Waiver of the Code of Business Conduct and Ethics: Benjamin Locke, Chief Executive Officer"
    assert ModelLogEntry.objects.filter(action=waivers.DRAFTED_ACTION, data__page=page.pk).exists()
    # Drafting twice gives the same page.
    assert waivers.draft_disclosure(waiver, by=roles["compliance"]).pk == page.pk


def test_an_employee_exception_is_not_disclosed(home, roles):
    waiver_index(home)
    entry = employee_request(roles["compliance"])
    entry = waivers.record_decision(entry, by=roles["compliance"], now=BOARD_MEETING, **cfo_decision())
    with pytest.raises(Exception, match="executive officer or director"):
        waivers.draft_disclosure(entry, by=roles["compliance"])


@pytest.mark.parametrize("who", ["drafter", "compliance", "superuser"])
def test_no_side_door(drafted, roles, django_user_model, who):
    """Neither a drafter, the committee nor a superuser can publish the disclosure directly."""
    user = (
        django_user_model.objects.create_superuser("root", password="pw")  # noqa: S106
        if who == "superuser"
        else roles[who]
    )
    revision = drafted.save_revision(user=user)
    with pytest.raises(PermissionDenied), transaction.atomic():
        revision.publish(user=user)
    assert not fresh(drafted).live


def test_the_workflow_publishes_it_and_stops_the_clock(published, waiver):
    """Review by the committee, sign-off by a spokesperson: live, and the clock says disclosed in time."""
    page = fresh(published)
    assert page.live and page.first_published_at == MONDAY + dt.timedelta(hours=1)
    waiver.refresh_from_db()
    clock = waivers.clock(waiver, now=MONDAY + dt.timedelta(days=10))
    assert clock.stopped and clock.label == "Disclosed on the website on Dec. 7, 2026, in time"
    assert waivers.attention_entries(MONDAY + dt.timedelta(days=10)) == []


def test_public_page_and_index_newest_first(published, roles, client, django_assert_max_num_queries):
    """The disclosure reads as a page of its own; the index lists disclosures newest first."""
    earlier = officer_request(
        roles["compliance"],
        requester_name="Ann Director",
        position="director",
        requester_title="Director",
        requested_on=dt.date(2026, 10, 30),
    )
    earlier = waivers.record_decision(
        earlier, by=roles["compliance"], now=BOARD_MEETING, **board_decision(BOARD_MEETING - dt.timedelta(days=30))
    )
    with time_machine.travel(MONDAY, tick=False):
        other = waivers.draft_disclosure(earlier, by=roles["compliance"])
    with historical_record("Test fixture: an earlier disclosure."):
        other.save_revision().publish()
    page = fresh(published)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Benjamin Locke, Chief Executive Officer" in html
    assert '<time datetime="2026-12-04">Dec. 4, 2026</time>' in html
    with django_assert_max_num_queries(20):
        response = client.get(page.get_parent().url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Benjamin Locke") < html.index("Ann Director")


def test_not_withdrawn_for_twelve_months(published, roles):
    """Before 12 months the product refuses, saying the date archiving becomes possible."""
    page = fresh(published)
    eleven_months = MONDAY + dt.timedelta(days=330)
    refusal = waivers.withdrawal_refusal(page, eleven_months)
    assert refusal == (
        "A Code waiver disclosure stays on the website for at least 12 months from its publication "
        "on Dec. 7, 2026: it can be archived from Dec. 7, 2027."
    )
    with pytest.raises(PermissionDenied, match="Dec. 7, 2027"):
        waivers.archive_disclosure(page, by=roles["compliance"], now=eleven_months)
    assert not fresh(page).is_archived


def test_archived_after_twelve_months_still_readable(published, roles, client):
    """After 12 months it is archived, never deleted: still at its URL with a banner, listed under Archived."""
    page = fresh(published)
    a_year = MONDAY + dt.timedelta(days=366)
    assert waivers.withdrawal_refusal(page, a_year) is None
    with time_machine.travel(a_year, tick=False):
        waivers.archive_disclosure(page, by=roles["compliance"], note="Twelve months up.")
    page = fresh(page)
    assert page.is_archived and page.live
    assert PageLogEntry.objects.filter(page=page, action=waivers.ARCHIVED_ACTION).exists()
    html = client.get(page.url).content.decode()
    assert "Archived" in html and "Benjamin Locke" in html
    index_html = client.get(page.get_parent().url).content.decode()
    assert index_html.index("Archived") < index_html.index("Benjamin Locke")


def test_kept_five_years_and_never_deleted(published):
    """Keep-until is five years from publication; deletion is refused, before and after."""
    page = fresh(published)
    assert page.keep_until == dt.datetime(2031, 12, 7, 16, 0, tzinfo=dt.UTC)
    assert "kept at least until Dec. 7, 2031" in waivers.deletion_refusal(page)
    with pytest.raises(AppendOnlyError), transaction.atomic():
        page.delete()
    with pytest.raises((AppendOnlyError, ProtectedError)), transaction.atomic():
        Page.objects.get(pk=page.pk).delete()  # as a base page, or in a subtree
    assert CodeWaiverDisclosurePage.objects.filter(pk=page.pk).exists()


def test_admin_delete_and_unpublish_are_refused(published, roles, client):
    """Wagtail's own delete and unpublish views do not remove the disclosure (no 500 either)."""
    page = fresh(published)
    client.force_login(roles["compliance"])
    for name in ("wagtailadmin_pages:delete", "wagtailadmin_pages:unpublish"):
        response = client.post(reverse(name, args=[page.pk]))
        assert response.status_code in (302, 403)
    assert fresh(page).live


def test_in_the_feeds_once_public(drafted, roles, client, django_assert_max_num_queries):
    """RSS and Atom of the index list a disclosure once the workflow published it, never its draft."""
    index = fresh(drafted).get_parent().specific
    rss = client.get(f"{index.url}feed/rss/")
    assert rss.status_code == 200 and b"Benjamin Locke" not in rss.content
    with time_machine.travel(MONDAY + dt.timedelta(hours=1), tick=False):
        page = approve_all(drafted, roles)
    with django_assert_max_num_queries(15):
        rss = client.get(f"{index.url}feed/rss/")
    atom = client.get(f"{index.url}feed/atom/")
    assert rss["Content-Type"].startswith("application/xml")
    assert b"Benjamin Locke" in rss.content and page.full_url.encode() in rss.content
    assert b"<entry>" in atom.content and b"Benjamin Locke" in atom.content
    assert client.get(f"{index.url}feed/json/").status_code == 404
    head = client.get(page.url).content.decode().split("</head>")[0]
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Code waivers (RSS)" href="{index.url}feed/rss/">'
        in head
    )
