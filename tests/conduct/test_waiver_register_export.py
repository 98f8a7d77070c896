"""The register of exceptions filtered in the admin, and exported as CSV for the audit committee."""

import csv
import datetime as dt
import io
import re

from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from conduct import waivers
from conduct.models import DecidedBy, Disposition
from tests.support.conduct_waivers import (
    board_decision,
    cfo_decision,
    employee_request,
    granted_officer_waiver,
    officer_request,
)

pytestmark = pytest.mark.django_db

# Friday 11 Dec 2026, 10:00 a.m. ET: the CEO's waiver of Friday 4 Dec was due by the end of yesterday.
READ_AT = dt.datetime(2026, 12, 11, 15, 0, tzinfo=dt.UTC)
# Monday 23 Nov 2026, 3:00 p.m. ET: a director's waiver, due Monday 30 Nov (Thanksgiving is not counted).
EARLIER_MEETING = dt.datetime(2026, 11, 23, 20, 0, tzinfo=dt.UTC)


@pytest.fixture
def register(profile, roles):
    """An employee's exception (CFO) and its correction, a pending request, a waiver overdue, one disclosed late."""
    by = roles["compliance"]
    exception = employee_request(by)
    exception = waivers.record_decision(exception, by=by, now=READ_AT, **cfo_decision())
    corrected = waivers.record_correction(exception, by=by, note="The stake is 4%, not 5%.", now=READ_AT)
    pending = employee_request(by, requester_name="Quinn Pending", reason='=HYPERLINK("http://evil")')
    overdue = granted_officer_waiver(by)
    late = officer_request(
        by,
        requester_name="Dana Director",
        position="director",
        requester_title="Director",
        requested_on=dt.date(2026, 11, 20),
    )
    late = waivers.record_decision(late, by=by, now=READ_AT, **board_decision(EARLIER_MEETING))
    waivers.record_form_8k(late, by=by, filed_on=dt.date(2026, 12, 2), accession="0001234567-26-000123", now=READ_AT)
    return {"exception": exception, "corrected": corrected, "pending": pending, "overdue": overdue, "late": late}


@pytest.fixture
def committee_client(client, roles, time_machine):
    time_machine.move_to(READ_AT, tick=False)
    client.force_login(roles["compliance"])
    return client


def listed(client, **filters) -> set[int]:
    """The entry numbers in the register's table, filtered as the form asks."""
    html = client.get(reverse("conduct_waivers"), filters).content.decode()
    table = html.split('id="waiver-register-count"')[1]
    return {int(pk) for pk in re.findall(r'<a href="/admin/conduct/waivers/(\d+)/">No\. ', table)}


def exported(client, **filters) -> list[dict]:
    response = client.get(reverse("conduct_waivers_export"), filters)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="code-exceptions-register-20261211.csv"'
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def pks(*entries) -> set[int]:
    return {entry.pk for entry in entries}


def test_the_register_is_filtered_by_disposition_decider_and_deadline(committee_client, register):
    r = register
    assert listed(committee_client) == pks(*r.values())
    assert listed(committee_client, disposition=Disposition.PENDING) == pks(r["pending"])
    assert listed(committee_client, disposition=Disposition.GRANTED) == pks(r["overdue"], r["late"])
    assert listed(committee_client, decided_by=DecidedBy.CFO) == pks(r["exception"], r["corrected"])
    assert listed(committee_client, decided_by=DecidedBy.BOARD) == pks(r["overdue"], r["late"])
    assert listed(committee_client, deadline="overdue") == pks(r["overdue"])
    assert listed(committee_client, deadline="late") == pks(r["late"])
    assert listed(committee_client, deadline="overdue", decided_by=DecidedBy.CFO) == set()
    html = committee_client.get(reverse("conduct_waivers"), {"deadline": "overdue"}).content.decode()
    assert "Entries shown: 1 (filtered)" in html
    assert 'href="/admin/conduct/waivers/export.csv?deadline=overdue"' in html  # exports what is shown


def test_the_csv_has_every_entry_with_its_decision_and_clock(committee_client, register):
    rows = {int(row["No."]): row for row in exported(committee_client)}
    assert set(rows) == pks(*register.values())
    overdue = rows[register["overdue"].pk]
    assert overdue["Name"] == "Benjamin Locke" and overdue["Position"] == "Executive officer"
    assert overdue["Provision of the Code"] == "CONFLICTS OF INTEREST"
    assert overdue["Disposition"] == "Granted" and overdue["Decided by"] == "Board of Directors"
    assert overdue["Decided at"] == "2026-12-04T15:00:00-05:00"  # market time, with its offset
    assert overdue["Resolution"] == "Board resolution 2026-12-04/3"
    assert overdue["Disclosure due by"] == "2026-12-10"
    assert overdue["Disclosure clock"] == "Overdue: disclosure was due by Dec. 10, 2026"
    assert overdue["Overdue logged at"] == "2026-12-11T10:00:00-05:00"  # flagged when first seen
    late = rows[register["late"].pk]
    assert late["Disclosure due by"] == "2026-11-30" and late["Disclosed on"] == "2026-12-02"
    assert late["Disclosure clock"] == "Disclosed by Form 8-K on Dec. 2, 2026 (late: due by Nov. 30, 2026)"
    assert late["Form 8-K filed on"] == "2026-12-02" and late["Accession number"] == "0001234567-26-000123"
    old, new = rows[register["exception"].pk], rows[register["corrected"].pk]
    assert old["Corrected by No."] == str(register["corrected"].pk)
    assert old["Disclosure clock"] == f"Corrected by No. {register['corrected'].pk}"
    assert new["Corrects No."] == str(register["exception"].pk) and new["Correction note"] == "The stake is 4%, not 5%."
    assert new["Disposition"] == "Granted with conditions" and new["Decided by"] == "Chief Financial Officer"
    assert new["Disclosure clock"] == "No disclosure required"
    assert rows[register["pending"].pk]["Why"] == '\'=HYPERLINK("http://evil")'  # never a formula


def test_the_export_follows_the_filters_and_is_logged(committee_client, register, roles):
    rows = exported(committee_client, deadline="late")
    assert [int(row["No."]) for row in rows] == [register["late"].pk]
    entry = ModelLogEntry.objects.get(action=waivers.EXPORTED_ACTION)
    assert entry.user_id == roles["compliance"].pk
    assert entry.data["rows"] == 1
    assert entry.data["filters"] == {"Disclosure deadline": "Disclosed after the deadline"}
