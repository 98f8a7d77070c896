"""Every decision is in the audit trail with user, time, revision and digest; only compliance reads or exports it."""

import csv
import datetime as dt
import io
import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

import pytest
import time_machine

from disclosure.actions import REAPPROVAL_ACTION
from disclosure.audit import audit_entries
from disclosure.models import SignOff, revision_digest
from disclosure.services import designate, revoke
from releases.models import PressReleasePage
from tests.factories import make_release
from tests.support.workflow import current_task_state, decide, submit

pytestmark = pytest.mark.django_db

AUDIT_URL = "/admin/disclosure/audit/"
CSV_HEADER = [
    "Time (UTC)",
    "Time (ET)",
    "Action code",
    "Action",
    "Username",
    "User",
    "Release ID",
    "Release",
    "Task",
    "Revision ID",
    "SHA-256 digest",
    "Comment",
    "Reason",
    "Detail",
    "Log",
    "Entry ID",
    "Chain position",
    "Seal (SHA-256 chain)",
]
PAST = dt.datetime(2020, 5, 5, 12, tzinfo=dt.UTC)


def draft(newsroom, roles, title="Quarterly results", **fields):
    """An unpublished release owned by the drafter, its time in the past."""
    fields.setdefault("release_at", PAST)
    return make_release(newsroom, title=title, publish=False, owner=roles["drafter"], **fields)


def run_chain(page, roles, *, review_comment="", signoff_comment=""):
    """Submit as the drafter, pass review as compliance, sign off as the CEO (publishes a non-material release)."""
    submit(page, roles["drafter"])
    decide(page, roles["compliance"], comment=review_comment)
    decide(page, roles["ceo"], comment=signoff_comment)


def by_action(rows):
    grouped = {}
    for row in rows:
        grouped.setdefault(row.action, []).append(row)
    return grouped


def test_full_chain_records_every_decision_with_revision_and_digest(newsroom, roles):
    """Submitted, reviewed, signed off and published are rows with user, times, revision and the SHA-256 digest."""
    page = draft(newsroom, roles)
    run_chain(page, roles, review_comment="Figures checked.")
    page.refresh_from_db()
    assert page.live
    signoff = SignOff.objects.get()
    rows = by_action(audit_entries(release=page))

    (submitted,) = rows["wagtail.workflow.start"]
    assert submitted.username == "drafter"
    assert submitted.action_label == "Submitted for approval"
    assert submitted.revision_id == signoff.revision_id
    assert submitted.digest == signoff.digest

    reviewed, approved = rows["wagtail.workflow.approve"]
    assert (reviewed.username, reviewed.action_label, reviewed.comment) == (
        "compliance",
        "Reviewed (passed)",
        "Figures checked.",
    )
    assert reviewed.task == "Disclosure review"
    assert (approved.username, approved.action_label) == ("ceo", "Approved (sign-off complete)")

    (signed,) = rows["disclosure.sign_off"]
    assert signed.username == "ceo"
    assert signed.revision_id == signoff.revision_id
    assert signed.digest == revision_digest(signoff.revision) == signoff.digest
    assert signed.detail == "sign-off 1 of 1"

    (published,) = rows["wagtail.publish"]
    assert published.revision_id == signoff.revision_id
    assert published.digest == signoff.digest
    assert len(published.digest) == 64

    for row in [submitted, reviewed, approved, signed, published]:
        assert (row.release_id, row.release_title) == (page.pk, "Quarterly results")
        assert row.timestamp_utc.endswith("+00:00")
        assert row.timestamp_market[-6:] in ("-04:00", "-05:00")
        assert dt.datetime.fromisoformat(row.timestamp_utc) == dt.datetime.fromisoformat(row.timestamp_market)
    times = [row.timestamp for row in audit_entries(release=page)]
    assert times == sorted(times)


def test_scheduled_release_is_recorded_with_the_signed_off_digest(newsroom, roles):
    """A release whose release time is ahead is scheduled by the last sign-off; the row has that revision's digest."""
    go_live = timezone.now() + dt.timedelta(days=3)
    page = draft(newsroom, roles, release_at=go_live)
    run_chain(page, roles)
    page.refresh_from_db()
    assert not page.live
    signoff = SignOff.objects.get()
    (scheduled,) = audit_entries(release=page, actions=["wagtail.publish.schedule"])
    assert scheduled.action_label == "Scheduled for publication"
    assert (scheduled.username, scheduled.revision_id) == ("ceo", signoff.revision_id)
    assert scheduled.digest == signoff.digest
    assert scheduled.detail.startswith("go live at ")


def test_rejection_is_recorded_with_its_comment(newsroom, roles):
    """A change request is a row with the reviewer, the comment and the revision's digest."""
    page = draft(newsroom, roles)
    submit(page, roles["drafter"])
    decide(page, roles["compliance"], action="reject", comment="Add the ticker to the lead.")
    (row,) = audit_entries(release=page, actions=["wagtail.workflow.reject"])
    assert row.username == "compliance"
    assert row.comment == "Add the ticker to the lead."
    assert row.action_label == "Reviewed (changes requested)"
    assert row.digest == revision_digest(page.get_latest_revision())


def test_designation_and_revocation_are_in_the_trail(roles):
    """Granting and revoking a designation are rows with who did it, whom it concerns and the reason."""
    revoke(roles["ceo"].designations.get(), by=roles["compliance"], reason="Left the company")
    granted = [row for row in audit_entries(actions=["disclosure.designate"]) if "ceo" in row.detail]
    assert len(granted) == 1
    # The fixture's designations date from 2000: historical entries, logged as such with their reason.
    assert (granted[0].username, granted[0].action_label) == ("compliance", "Historical designation (entered later)")
    assert granted[0].reason.startswith("Test fixture")
    assert "title: Chief Executive Officer" in granted[0].detail
    (revoked,) = audit_entries(actions=["disclosure.revoke"])
    assert (revoked.username, revoked.action_label, revoked.reason) == (
        "compliance",
        "Designation revoked",
        "Left the company",
    )
    assert revoked.detail.startswith("spokesperson: ceo")
    assert revoked.release_id is None and revoked.digest == ""


def test_edit_after_an_approval_records_reapproval_required_once(newsroom, roles):
    """An edit that voids the review's approval logs "re-approval required" with the new revision's digest, once."""
    page = draft(newsroom, roles)
    submit(page, roles["drafter"])
    decide(page, roles["compliance"])
    reviewed_revision = current_task_state(page).revision
    edited = PressReleasePage.objects.get(pk=page.pk)
    edited.title = "Quarterly results (corrected)"
    new_revision = edited.save_revision(user=roles["president"])
    edited.save_revision(user=roles["president"])  # a second edit voids nothing new
    (row,) = audit_entries(release=page, actions=[REAPPROVAL_ACTION])
    assert row.action_label == "Re-approval required"
    assert row.username == "president"
    assert row.revision_id == new_revision.pk
    assert row.digest == revision_digest(new_revision)
    assert f"Disclosure review by compliance (revision {reviewed_revision.pk})" in row.detail


def test_no_reapproval_record_for_edits_outside_a_workflow(newsroom, roles):
    """Drafting and submitting log no re-approval."""
    page = draft(newsroom, roles)
    page.save_revision(user=roles["drafter"])
    submit(page, roles["drafter"])
    assert not PageLogEntry.objects.filter(action=REAPPROVAL_ACTION).exists()


@pytest.fixture
def two_releases(newsroom, roles):
    """Release A decided on 15 Jan 2031, release B on 15 Feb 2031 (UTC afternoons)."""
    first = draft(newsroom, roles, title="Release A")
    second = draft(newsroom, roles, title="Release B")
    with time_machine.travel(dt.datetime(2031, 1, 15, 15, tzinfo=dt.UTC), tick=True):
        run_chain(first, roles)
    with time_machine.travel(dt.datetime(2031, 2, 15, 15, tzinfo=dt.UTC), tick=True):
        submit(second, roles["drafter"])
        decide(second, roles["compliance"], action="reject", comment="Not yet.")
    return first, second


def test_filter_by_release(two_releases):
    """Filtering by a release gives only its entries and none of the register's."""
    first, second = two_releases
    rows = list(audit_entries(release=first))
    assert rows and {row.release_id for row in rows} == {first.pk}
    assert {row.release_id for row in audit_entries(release=second.pk)} == {second.pk}
    assert len(rows) < len(audit_entries())


def test_filter_by_person(two_releases, roles):
    """Filtering by a person gives what they did, plus designations of them."""
    rows = list(audit_entries(user=roles["ceo"]))
    page_rows = [row for row in rows if row.release_id]
    assert page_rows and {row.username for row in page_rows} == {"ceo"}
    assert {row.action for row in page_rows} >= {"disclosure.sign_off", "wagtail.workflow.approve"}
    register_rows = [row for row in rows if not row.release_id]
    assert [row.action for row in register_rows] == ["disclosure.designate"]
    # "": the fixture seeds the committee with compliance by a bootstrap, run from no admin account.
    assert {row.username for row in audit_entries(user=roles["compliance"].pk)} == {"compliance", ""}


def test_filter_by_action(two_releases):
    """Filtering by action codes (or a prefix) gives only those actions."""
    first, second = two_releases
    rejects = list(audit_entries(actions=["wagtail.workflow.reject"]))
    assert [(row.release_id, row.comment) for row in rejects] == [(second.pk, "Not yet.")]
    assert {row.action for row in audit_entries(actions="disclosure.*")} == {
        "disclosure.committee_bootstrap",  # the fixture seeds the committee
        "disclosure.designate",
        "disclosure.sign_off",
    }
    both = {row.action for row in audit_entries(actions=["wagtail.publish", "wagtail.workflow.start"])}
    assert both == {"wagtail.publish", "wagtail.workflow.start"}


def test_filter_by_date_in_market_time(two_releases, newsroom, roles):
    """Dates are whole days in ET: 03:30 UTC on 1 March is still 28 February in New York."""
    first, second = two_releases
    assert {row.release_id for row in audit_entries(since=dt.date(2031, 2, 1))} == {second.pk}
    january = audit_entries(since=dt.date(2031, 1, 1), until=dt.date(2031, 1, 31))
    assert {row.release_id for row in january} == {first.pk}
    late = draft(newsroom, roles, title="Late evening")
    with time_machine.travel(dt.datetime(2031, 3, 1, 3, 30, tzinfo=dt.UTC), tick=False):
        submit(late, roles["drafter"])
    february = audit_entries(since=dt.date(2031, 2, 28), until=dt.date(2031, 2, 28))
    assert [row.release_id for row in february] == [late.pk]
    assert not list(audit_entries(since=dt.date(2031, 3, 1), until=dt.date(2031, 3, 1)))
    window = audit_entries(
        since=dt.datetime(2031, 2, 15, 14, tzinfo=dt.UTC), until=dt.datetime(2031, 2, 15, 16, tzinfo=dt.UTC)
    )
    assert {row.release_id for row in window} == {second.pk}


def test_compliance_sees_the_filtered_table(client, two_releases, roles):
    """The admin view lists the entries and filters them by release, person, action and dates."""
    first, second = two_releases
    client.force_login(roles["compliance"])
    response = client.get(AUDIT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Release A" in html and "Release B" in html
    assert response.context["page_obj"].paginator.count == len(audit_entries())
    response = client.get(AUDIT_URL, {"release": second.pk, "action": "wagtail.workflow.reject"})
    assert [(row.release_id, row.comment) for row in response.context["rows"]] == [(second.pk, "Not yet.")]
    response = client.get(AUDIT_URL, {"person": roles["ceo"].pk, "date_from": "2031-01-01", "date_to": "2031-01-31"})
    rows = response.context["rows"]
    assert rows and {(row.username, row.release_id) for row in rows} == {("ceo", first.pk)}


def test_csv_export_has_header_rows_and_neutralised_formulas(client, newsroom, roles):
    """The CSV is an attachment with a header row and one row per entry; a formula in a comment is neutralised."""
    page = draft(newsroom, roles, title="+Injected title")
    submit(page, roles["drafter"])
    decide(page, roles["compliance"], action="reject", comment="=cmd|' /C calc'!A0")
    client.force_login(roles["compliance"])
    response = client.get(AUDIT_URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert re.fullmatch(r'attachment; filename="disclosure-audit-\d{8}\.csv"', response["Content-Disposition"])
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0] == CSV_HEADER
    assert len(table) == 1 + len(audit_entries())
    rejected = [line for line in table if line[2] == "wagtail.workflow.reject"]
    assert len(rejected) == 1
    assert rejected[0][CSV_HEADER.index("Comment")] == "'=cmd|' /C calc'!A0"
    assert rejected[0][CSV_HEADER.index("Release")] == "'+Injected title"
    assert all(not cell.startswith(("=", "+", "-", "@")) for line in table for cell in line)

    filtered = client.get(AUDIT_URL, {"export": "csv", "action": "wagtail.workflow.reject"})
    lines = list(csv.reader(io.StringIO(filtered.content.decode())))
    assert [line[2] for line in lines[1:]] == ["wagtail.workflow.reject"]


@pytest.mark.parametrize("who", ["drafter", "ceo", "superuser"])
def test_only_compliance_may_read_or_export(client, roles, who):
    """Drafter, spokesperson and superuser are refused the view and the CSV and are not shown the menu item."""
    superuser = get_user_model().objects.create_superuser("root", password="pw")  # noqa: S106
    client.force_login(superuser if who == "superuser" else roles[who])
    for params in ({}, {"export": "csv"}):
        response = client.get(AUDIT_URL, params)
        assert response.status_code in (302, 403)
        assert not response.get("Content-Type", "").startswith("text/csv")
        assert b"Audit trail" not in response.content
    assert AUDIT_URL.encode() not in client.get(reverse("wagtailadmin_home")).content
    client.force_login(roles["compliance"])
    assert AUDIT_URL.encode() in client.get(reverse("wagtailadmin_home")).content


def test_view_queries_do_not_grow_with_the_entries(client, newsroom, roles):
    """A page of the table costs the same number of queries for a few entries as for many."""
    page = draft(newsroom, roles)
    run_chain(page, roles)
    client.force_login(roles["compliance"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(AUDIT_URL).status_code == 200
        return len(captured)

    few = queries()
    other = draft(newsroom, roles, title="Busy release")
    for _ in range(12):
        other.save_revision(user=roles["drafter"], log_action=True)
    for n in range(6):
        user = get_user_model().objects.create_user(f"exec{n}", password="pw")  # noqa: S106
        designate(user, title="Executive", by=roles["compliance"])
    assert len(audit_entries()) > 25
    assert queries() == few


def test_html_view_is_paginated_by_50(client, roles):
    """More than 50 entries make a second page."""
    for n in range(26):
        user = get_user_model().objects.create_user(f"exec{n}", password="pw")  # noqa: S106
        designation = designate(user, title="Executive", by=roles["compliance"])
        revoke(designation, by=roles["compliance"], reason="Rotation")
    client.force_login(roles["compliance"])
    first = client.get(AUDIT_URL)
    assert len(first.context["rows"]) == 50
    assert first.context["page_obj"].has_next()
    second = client.get(AUDIT_URL, {"p": 2})
    assert len(second.context["rows"]) == len(audit_entries()) - 50
