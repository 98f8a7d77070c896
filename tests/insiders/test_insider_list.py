"""The insider list keeps itself: everyone who touched a material release before it went public, and nobody else."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest
import time_machine
from openpyxl import load_workbook

from disclosure.actions import INSIDER_LIST_EXPORTED_ACTION, INSIDER_LIST_VIEWED_ACTION
from disclosure.audit import audit_entries
from insiders import lists
from insiders import models as m
from insiders.recording import record_access
from insiders.records import add_permanent, update_details
from releases.models import PressReleasePage
from tests.factories import make_release
from tests.support.insiders import RELEASE_AT, goes_public, insiders_of, material_release_walked, step
from tests.support.privacy import files_on_disk, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def walked(client, newsroom, roles):
    page, _ = material_release_walked(client, newsroom, roles)
    return page


def test_the_list_names_everyone_who_touched_the_release_with_their_first_access(walked):
    assert insiders_of(walked) == {
        "drafter": (step(1), m.OPENED_EDITOR),
        "compliance": (step(3), m.REVIEWED),
        "ceo": (step(4), m.SIGNED_OFF),
        "president": (step(5), m.SIGNED_OFF),
    }


def test_nobody_else_is_on_it_and_access_ceases_when_it_goes_public(client, walked, roles):
    goes_public(walked, roles)
    page = PressReleasePage.objects.get(pk=walked.pk)
    assert page.live
    # After the release time its content is public: opening it is no longer access to inside information.
    with time_machine.travel(RELEASE_AT + dt.timedelta(minutes=1), tick=False):
        login(client, "cfo")
        assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    assert set(insiders_of(page)) == {"drafter", "compliance", "ceo", "president"}
    section = lists.release_section(page)
    assert {row["ceased"] for row in section.rows} == {lists.utc(RELEASE_AT)}


def test_a_preview_and_a_later_visit_keep_the_first_time(client, walked, roles):
    with time_machine.travel(step(10), tick=False):
        login(client, "cfo")  # in the test's time: a session from today's date would have expired by then
        response = client.get(reverse("wagtailadmin_pages:view_draft", args=[walked.pk]))
        assert response.status_code == 200
    with time_machine.travel(step(20), tick=False):
        client.get(reverse("wagtailadmin_pages:edit", args=[walked.pk]))
    assert insiders_of(walked)["cfo"] == (step(10), m.PREVIEWED)


def test_downloading_an_embargoed_attachment_puts_the_downloader_on_the_list(
    client, newsroom, roles, settings, tmp_path
):
    files_on_disk(settings, tmp_path)
    page, pdf = material_release_walked(client, newsroom, roles, with_pdf=True)
    with time_machine.travel(step(30), tick=False):
        login(client, "cfo")
        response = client.get(pdf.url)
        assert response.status_code == 200
        b"".join(response.streaming_content) if response.streaming else response.content
    assert insiders_of(page)["cfo"] == (step(30), m.DOWNLOADED_FILE)


def test_the_export_has_the_eu_template_columns_in_csv_and_xlsx(client, walked, roles):
    login(client, "compliance")
    url = reverse("insiders_release", args=[walked.pk])
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = {row[0]: row[1] for row in rows[:4]}
    assert header["Name of the inside information / event"].startswith(f"Press release #{walked.pk}:")
    columns = next(row for row in rows if row and row[0] == "First name(s) of the insider")
    template = [heading for _, heading in lists.RELEASE_COLUMNS]
    assert columns[: len(template)] == template
    assert "Obtained (the date and time at which a person obtained access to inside information)" in columns
    body = rows[rows.index(columns) + 1 :]
    assert sorted(r[1] for r in body) == ["ceo", "compliance", "drafter", "president"]
    obtained = columns.index(template[6])
    assert {r[1]: r[obtained] for r in body}["drafter"] == "2027-01-04, 14:01 UTC"

    response = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    headings = next(row for row in cells if row and row[0] == "First name(s) of the insider")
    assert headings[: len(template)] == template


def test_an_export_without_personal_fields_leaves_them_out(client, walked):
    login(client, "compliance")
    response = client.get(reverse("insiders_release", args=[walked.pk]), {"export": "csv", "personal": "0"})
    text = response.content.decode()
    assert "Date of birth" not in text and "Personal full home address" not in text


@pytest.mark.parametrize("who", ["drafter", "ceo", "president", "admin"])
def test_only_the_committee_sees_insider_lists_superusers_refused(client, walked, roles, who, django_user_model):
    if who == "admin":
        django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    login(client, who)
    for url in (
        reverse("insiders_index"),
        reverse("insiders_release", args=[walked.pk]),
        reverse("insiders_release", args=[walked.pk]) + "?export=csv",
        reverse("insiders_permanent"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"drafter" not in response.content
    admin_home = client.get(reverse("wagtailadmin_home"))
    assert reverse("insiders_index").encode() not in admin_home.content


def test_every_view_and_export_is_in_the_audit_trail(client, walked, roles):
    login(client, "compliance")
    client.get(reverse("insiders_index"))
    client.get(reverse("insiders_release", args=[walked.pk]))
    client.get(reverse("insiders_release", args=[walked.pk]), {"export": "xlsx"})
    viewed = [r.detail for r in audit_entries(actions=[INSIDER_LIST_VIEWED_ACTION])]
    exported = [r.detail for r in audit_entries(actions=[INSIDER_LIST_EXPORTED_ACTION])]
    assert sorted(viewed) == ["index of insider lists", f"release #{walked.pk}"]
    assert exported == [f"release #{walked.pk}; XLSX"]
    assert ModelLogEntry.objects.filter(action=INSIDER_LIST_EXPORTED_ACTION, user=roles["compliance"]).count() == 1


def test_a_change_of_details_is_a_new_version_and_the_earlier_one_stays_readable(client, walked, roles):
    before = lists.release_section(walked)
    insider = m.Insider.objects.get(user=roles["drafter"])
    insider.professional_phone = "+1 781 466 6400"
    insider.function = "Director of Investor Relations: drafted the release"
    insider.save()
    with time_machine.travel(step(60), tick=False):
        update_details(insider, by=roles["compliance"])
    after = lists.release_section(walked)
    assert after.version == before.version + 1
    drafter_row = next(r for r in after.rows if r["surnames"] == "drafter")
    assert drafter_row["professional_phone"] == "+1 781 466 6400"
    earlier = lists.release_section(walked, version=before.versions[-1][0])
    assert next(r for r in earlier.rows if r["surnames"] == "drafter")["professional_phone"] == ""
    login(client, "compliance")
    page = client.get(reverse("insiders_release", args=[walked.pk]), {"version": before.versions[-1][0]})
    assert b"+1 781 466 6400" not in page.content and b"an earlier version" in page.content


def test_the_committee_edits_details_through_the_admin_and_bad_input_changes_nothing(client, walked, roles):
    insider = m.Insider.objects.get(user=roles["ceo"])
    login(client, "compliance")
    url = reverse("insiders_person", args=[insider.pk])
    bad = client.post(url, {"surnames": "Ceo", "email": "not an address", "date_of_birth": "31/31/1970"})
    assert bad.status_code == 400 and b"Enter a valid email address" in bad.content
    assert m.InsiderListChange.objects.filter(kind=m.InsiderListChange.DETAILS).count() == 0
    good = client.post(url, {"first_names": "Benjamin", "surnames": "Locke", "email": "ceo@tecogen.example"})
    assert good.status_code == 302
    assert m.InsiderListChange.objects.filter(kind=m.InsiderListChange.DETAILS, insider=insider).count() == 1


def test_each_insider_is_told_once_without_the_headline_and_acknowledges_by_link(newsroom, roles, client):
    roles["drafter"].email = "drafter@tecogen.example"
    roles["drafter"].save()
    # The notices go out on commit, which the test's transaction never reaches: run them as it would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        walked_page, _ = material_release_walked(client, newsroom, roles)
    notices = [msg for msg in mail.outbox if msg.to == ["drafter@tecogen.example"] and "Insider list" in msg.subject]
    assert len(notices) == 1
    assert walked_page.title not in notices[0].body and walked_page.title not in notices[0].subject
    ack = m.Acknowledgement.objects.get(insider__user=roles["drafter"], release=walked_page)
    assert str(ack.token) in notices[0].body
    anonymous = Client()
    url = reverse("insiders_acknowledge", args=[ack.token])
    assert b"I have read and understood" in anonymous.get(url).content
    with time_machine.travel(step(40), tick=False):
        anonymous.post(url)
    with time_machine.travel(step(50), tick=False):
        anonymous.post(url)  # twice: the first time stands
    ack.refresh_from_db()
    assert ack.acknowledged_at == step(40) and "insider trading" in ack.text
    row = next(r for r in lists.release_section(walked_page).rows if r["surnames"] == "drafter")
    assert row["acknowledged"] == lists.utc(step(40))


def test_an_unknown_acknowledgement_link_is_a_404(client):
    assert client.get("/insiders/acknowledge/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_permanent_insiders_are_kept_by_the_committee_with_versions(client, roles):
    login(client, "compliance")
    response = client.post(reverse("insiders_permanent"), {"user": roles["ceo"].pk})
    assert response.status_code == 302
    again = client.post(reverse("insiders_permanent"), {"user": roles["ceo"].pk})
    assert again.status_code == 400 and b"permanent insider already" in again.content
    entry = m.PermanentInsider.objects.get(insider__user=roles["ceo"], until=None)
    first_version = lists.permanent_section().versions[-1][0]
    client.post(reverse("insiders_permanent_remove", args=[entry.pk]))
    assert lists.permanent_section().rows == []
    assert [r["surnames"] for r in lists.permanent_section(version=first_version).rows] == ["ceo"]
    csv_text = client.get(reverse("insiders_permanent"), {"export": "csv"}).content.decode()
    assert "Included (the date and time at which a person was included in the permanent insider section)" in csv_text


def test_the_date_range_export_holds_the_lists_with_an_access_in_range(client, walked, roles):
    add_permanent(roles["compliance"], by=roles["compliance"])
    login(client, "compliance")
    inside = client.get(reverse("insiders_index"), {"since": "2027-01-04", "until": "2027-01-04", "export": "csv"})
    text = inside.content.decode()
    assert f"Press release #{walked.pk}:" in text and "Permanent insiders" in text
    outside = client.get(reverse("insiders_index"), {"since": "2027-02-01", "until": "2027-02-28", "export": "csv"})
    assert f"Press release #{walked.pk}:" not in outside.content.decode()
    backwards = client.get(reverse("insiders_index"), {"since": "2027-02-28", "until": "2027-02-01", "export": "csv"})
    assert backwards.status_code == 200 and b"must be on or before" in backwards.content


def test_the_index_lists_material_releases_open_until_public(client, walked):
    login(client, "compliance")
    html = client.get(reverse("insiders_index")).content.decode()
    assert f"#{walked.pk} {walked.title}" in html and "not public yet" in html
    assert "2027-01-04, 14:01" in html  # the drafter's first access, in UTC as labelled (not the admin's zone)


def test_saving_details_never_redirects_off_site(client, walked, roles):
    insider = m.Insider.objects.get(user=roles["ceo"])
    login(client, "compliance")
    response = client.post(
        reverse("insiders_person", args=[insider.pk]),
        {"surnames": "Locke", "email": "ceo@tecogen.example", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("insiders_index")


def test_the_demo_keeps_the_committee_and_the_spokespersons_as_permanent_insiders(demo):
    section = lists.permanent_section()
    assert sorted(row["surnames"] for row in section.rows) == ["Brown", "Hatsopoulos", "Langley", "Panora"]
    assert all(row["function"] and row["company_name"] for row in section.rows)


def test_a_deleted_draft_keeps_the_record_of_who_had_access(client, newsroom, roles):
    """The author may delete a draft nobody submitted; who opened it before stays on record."""
    page = make_release(
        newsroom, title="Abandoned idea", publish=False, release_at=RELEASE_AT, owner=roles["drafter"], is_material=True
    )
    client.force_login(roles["drafter"])
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    assert client.post(reverse("wagtailadmin_pages:delete", args=[page.pk])).status_code == 302
    assert not PressReleasePage.objects.filter(pk=page.pk).exists()
    access = m.InsiderAccess.objects.get(release_id=page.pk)
    assert access.insider.user == roles["drafter"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's (CI's second pass)")
@pytest.mark.parametrize("table", ["insiders_insideraccess", "insiders_insiderlistchange"])
def test_postgresql_refuses_to_rewrite_who_had_access(walked, table):
    for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):  # noqa: S608 - fixed names
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert set(insiders_of(walked)) == {"drafter", "compliance", "ceo", "president"}


def test_a_list_costs_the_same_queries_however_many_insiders_it_has(client, walked, roles, django_user_model):
    login(client, "compliance")
    url = reverse("insiders_release", args=[walked.pk])
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).status_code == 200
    with time_machine.travel(step(90), tick=False):
        for n in range(8):
            record_access(walked, how=m.PREVIEWED, user=django_user_model.objects.create_user(f"reader{n}"))
    with CaptureQueriesContext(connection) as twelve:
        assert client.get(url).status_code == 200
    assert len(lists.release_section(walked).rows) == 12
    assert len(twelve.captured_queries) == len(four.captured_queries)
