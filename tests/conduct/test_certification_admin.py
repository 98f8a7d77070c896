"""The committee's side of certification: starting a campaign, who has not certified, reminders, closing, the export."""

import csv
import datetime as dt
import io

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest
import time_machine

from conduct import certification
from conduct.models import CertificationCampaign, CertificationInvitation
from tests.support.conduct_certification import (
    CERTIFICATION_NOW,
    committee_member,
    employee,
    form_data,
    links_in_outbox,
    path_of,
    start,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("certification_clock")]


@pytest.fixture
def bonnie(code):
    return committee_member()


@pytest.fixture
def staff():
    group = Group.objects.create(name="Employees")
    return group, [
        employee("robert", "Robert", "Panora", group=group),
        employee("dana", "Dana", "Drafter", group=group),
        employee("nomail", "Nora", "Nomail", group=group, email=""),
    ]


def test_committee_starts_a_campaign_for_a_group_a_user_and_people_without_a_login(client, bonnie, staff):
    """The admin form invites the group's members with an address, and the people listed by name and address."""
    group, _ = staff
    john = employee("john", "John", "Hatsopoulos")
    client.force_login(bonnie)
    with pytest.MonkeyPatch.context():
        response = client.post(
            reverse("conduct_certification_new"),
            {
                "title": "2026 annual certification",
                "kind": "annual",
                "due_on": "2026-12-31",
                "groups": [group.pk],
                "users": [john.pk],
                "others": "Jane Doe <jane.doe@example.org>\nMark Outside, mark@example.net",
                "weekly_reminders": "on",
            },
            follow=True,
        )
    assert response.status_code == 200
    campaign = CertificationCampaign.objects.get()
    invited = sorted(campaign.invitations.values_list("name", "email", "user__username"))
    assert invited == [
        ("Dana Drafter", "dana@example.com", "dana"),
        ("Jane Doe", "jane.doe@example.org", None),
        ("John Hatsopoulos", "john@example.com", "john"),
        ("Mark Outside", "mark@example.net", None),
        ("Robert Panora", "robert@example.com", "robert"),
    ]
    html = response.content.decode()
    assert "Nora Nomail (user nomail) has no e-mail address" in html
    assert "5 invitations queued for sending." in html
    assert ModelLogEntry.objects.filter(action=certification.INVITED_ACTION).count() == 5
    assert ModelLogEntry.objects.filter(action=certification.STARTED_ACTION).count() == 1


def test_start_form_refuses_bad_lines_and_an_empty_choice(client, bonnie):
    """A line without an address, or nobody chosen, is refused with a clear error; nothing is started."""
    client.force_login(bonnie)
    response = client.post(
        reverse("conduct_certification_new"),
        {"title": "2026 annual certification", "kind": "annual", "others": "Jane Doe"},
    )
    assert response.status_code == 400
    assert "Line 1 (“Jane Doe”): write a name and an e-mail address" in response.content.decode()
    response = client.post(reverse("conduct_certification_new"), {"title": "2026", "kind": "annual"})
    assert "Choose the people to invite" in response.content.decode()
    assert not CertificationCampaign.objects.exists()


def test_only_the_committee_sees_the_campaigns(client, bonnie, staff, admin_user):
    """Others (a superuser too) are refused; the committee sees the menu's screen."""
    _, (robert, *_) = staff
    robert.groups.add(Group.objects.get_or_create(name="Admins")[0])
    robert.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for user in (admin_user, robert):
        client.force_login(user)
        response = client.get(reverse("conduct_certification"))
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
        for url in (reverse("conduct_certification_new"), reverse("conduct_quiet_periods")):
            assert client.get(url).status_code == 302
    client.force_login(bonnie)
    assert client.get(reverse("conduct_certification")).status_code == 200


@pytest.fixture
def running(bonnie, staff, django_capture_on_commit_callbacks, client):
    """Robert and Dana invited, and Jane (no login); Jane has certified."""
    _, (robert, dana, _) = staff
    with django_capture_on_commit_callbacks(execute=True):
        campaign, _ = start(bonnie, robert, dana, certification.Invitee(name="Jane Doe", email="jane.doe@example.org"))
    jane = CertificationInvitation.objects.get(email="jane.doe@example.org")
    client.post(path_of(links_in_outbox("jane.doe@example.org")[0]), form_data(jane))
    mail.outbox.clear()
    return campaign


def test_campaign_page_lists_who_has_and_has_not_certified(client, bonnie, running):
    """Counts, the not-yet-certified with their invitation, the certified with version and date."""
    client.force_login(bonnie)
    url = reverse("conduct_certification_campaign", args=[running.pk])
    html = client.get(url).content.decode()
    assert "1 of 3 certified" in html and "2 not yet" in html
    pending = html.split('id="certification-pending"')[1].split("</table>")[0]
    assert "Robert Panora" in pending and "Dana Drafter" in pending and "Jane Doe" not in pending
    done = html.split('id="certification-done"')[1].split("</table>")[0]
    assert "Jane Doe" in done and "(no login)" in done and "2011" in done
    only_pending = client.get(url + "?status=pending").content.decode()
    assert 'id="certification-done"' not in only_pending and 'id="certification-pending"' in only_pending
    listing = client.get(reverse("conduct_certification")).content.decode()
    assert "2026 annual certification" in listing


def test_campaign_page_costs_the_same_queries_for_more_people(client, bonnie, running):
    """No query per person: ten more invitees (two certified) cost no more queries."""
    client.force_login(bonnie)
    url = reverse("conduct_certification_campaign", args=[running.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    more = certification.invite(
        running, [certification.Invitee(name=f"Person {n}", email=f"p{n}@example.com") for n in range(10)], by=bonnie
    )
    for invitation in more.created[:2]:
        client.post(path_of(certification.link_url(invitation)), form_data(invitation))
    client.force_login(bonnie)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) <= len(before)


def test_reminders_go_to_those_who_have_not_certified_and_are_logged(
    client, bonnie, running, django_capture_on_commit_callbacks
):
    """The button reminds exactly the two who have not certified; each reminder is logged and counted."""
    client.force_login(bonnie)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("conduct_certification_remind", args=[running.pk]), follow=True)
    assert "2 reminders queued for sending." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["dana@example.com", "robert@example.com"]
    assert all(m.subject.startswith("Reminder: please certify") for m in mail.outbox)
    assert all("You have not yet certified" in m.body for m in mail.outbox)
    reminded = ModelLogEntry.objects.filter(action=certification.REMINDED_ACTION)
    assert sorted(e.data["name"] for e in reminded) == ["Dana Drafter", "Robert Panora"]
    assert all(e.user_id == bonnie.pk for e in reminded)
    assert set(CertificationInvitation.objects.filter(reminders_sent=1).values_list("email", flat=True)) == {
        "dana@example.com",
        "robert@example.com",
    }


def test_reminder_link_is_the_same_personal_link(client, running, django_capture_on_commit_callbacks):
    """A reminder carries the same link as the invitation: both open the form."""
    robert = CertificationInvitation.objects.get(email="robert@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        certification.remind(running, by=running.started_by)
    assert links_in_outbox("robert@example.com") == [certification.link_url(robert)]
    assert client.get(path_of(certification.link_url(robert))).status_code == 200


def test_weekly_reminders_remind_only_those_written_to_a_week_ago(running, django_capture_on_commit_callbacks):
    """Automatic reminders: nothing before a week has passed; after, each pending person once; closed campaigns none."""
    with django_capture_on_commit_callbacks(execute=True):
        assert certification.remind_due() == 0
    with time_machine.travel(CERTIFICATION_NOW + dt.timedelta(days=7, minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_certification_reminders", stdout=io.StringIO())
        assert sorted(m.to[0] for m in mail.outbox) == ["dana@example.com", "robert@example.com"]
        with django_capture_on_commit_callbacks(execute=True):
            assert certification.remind_due() == 0  # reminded just now
    certification.close_campaign(running, by=running.started_by)
    with time_machine.travel(CERTIFICATION_NOW + dt.timedelta(days=30), tick=False):
        assert certification.remind_due() == 0
    weekly = ModelLogEntry.objects.filter(action=certification.REMINDED_ACTION)
    assert {e.data["how"] for e in weekly} == {"weekly reminder"}


def test_closing_stops_reminders_and_keeps_the_record(client, bonnie, running):
    """Closed: the counts stay, reminders are refused, the close is logged with the figures."""
    client.force_login(bonnie)
    response = client.post(reverse("conduct_certification_close", args=[running.pk]), follow=True)
    assert "closed: 1 of 3 certified, 2 did not." in response.content.decode()
    response = client.post(reverse("conduct_certification_remind", args=[running.pk]), follow=True)
    assert "This campaign is closed: nobody is reminded." in response.content.decode()
    entry = ModelLogEntry.objects.get(action=certification.CLOSED_ACTION)
    assert entry.data == {"invited": 3, "certified": 1, "not_certified": 2}


def test_csv_export_for_the_audit_committee(client, bonnie, running):
    """One row per person: status, printed name, date, time, version certified; formula cells neutralised; logged."""
    CertificationInvitation.objects.filter(email="dana@example.com").update(name="=HYPERLINK(1)")
    client.force_login(bonnie)
    response = client.get(reverse("conduct_certification_export", args=[running.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["Name (invited)"] for r in rows] == ["'=HYPERLINK(1)", "Jane Doe", "Robert Panora"]
    jane = rows[1]
    assert jane["Status"] == "certified" and jane["Printed name"] == "Jane Doe"
    assert jane["Date on the form"] == "2026-12-03"
    assert jane["Certified at"].startswith("2026-12-03T10:0") and jane["Certified at"].endswith("-05:00")
    assert jane["Version certified"] == "2011" and jane["Effective date"] == "2011-01-01"
    assert jane["Login"] == "" and rows[2]["Login"] == "robert"
    assert jane["Statements certified"].startswith("1. I have received and carefully read")
    assert rows[2]["Status"] == "not certified" and rows[2]["Printed name"] == ""
    assert rows[2]["Campaign started against"] == "version 2011, effective January 1, 2011"
    assert ModelLogEntry.objects.get(action=certification.EXPORTED_ACTION).data["rows"] == 3


def test_dashboard_shows_open_campaigns_to_the_committee(client, bonnie, running):
    """The committee's dashboard: the open campaign and how many have not certified."""
    client.force_login(bonnie)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Certification of the Code" in html and "1 of 3 certified" in html and "2 not yet" in html


def test_committee_screens_open(client, bonnie, running):
    """The listing, the start form (naming the current version) and the campaign page open for the committee."""
    client.force_login(bonnie)
    form = client.get(reverse("conduct_certification_new"))
    assert form.status_code == 200 and "version 2011" in form.content.decode()
    assert client.get(reverse("conduct_certification")).status_code == 200
    assert client.get(reverse("conduct_certification_campaign", args=[running.pk])).status_code == 200
