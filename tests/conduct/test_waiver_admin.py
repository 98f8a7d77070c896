"""Admin → Code of Conduct → Exceptions and waivers: the committee's screens, the dashboard panel, refusals."""

import datetime as dt

from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest
import time_machine

from conduct import waivers
from conduct.models import ExceptionRequest
from tests.support.conduct_waivers import (
    code_page,
    employee_request,
    granted_officer_waiver,
    officer_request,
    waiver_index,
)
from tests.support.workflow import approve_all

pytestmark = pytest.mark.django_db

# Wednesday 9 Dec 2026, 10:00 a.m. ET: one business day before a Friday decision's deadline.
WEDNESDAY = dt.datetime(2026, 12, 9, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def committee_client(client, roles):
    client.force_login(roles["compliance"])
    return client


def screens(entry) -> list[str]:
    return [
        reverse("conduct_waivers"),
        reverse("conduct_waivers_export"),
        reverse("conduct_waiver_new"),
        reverse("conduct_waiver", args=[entry.pk]),
        reverse("conduct_waiver_correct", args=[entry.pk]),
    ]


def test_the_committee_sees_every_screen(committee_client, roles, home):
    code_page(home)
    entry = employee_request(roles["compliance"])
    for url in screens(entry):
        assert committee_client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["drafter", "ceo", "superuser"])
def test_others_are_refused(client, roles, django_user_model, who):
    """Admin users outside the committee are refused (Wagtail sends them to the dashboard), superusers too."""
    entry = employee_request(roles["compliance"])
    user = (
        django_user_model.objects.create_superuser("root", password="pw")  # noqa: S106
        if who == "superuser"
        else roles[who]
    )
    client.force_login(user)
    for url in screens(entry):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert client.post(reverse("conduct_waiver_decide", args=[entry.pk]), {}).status_code in (302, 403)
    assert not ExceptionRequest.objects.get(pk=entry.pk).is_decided


def test_signed_out_visitors_are_sent_to_sign_in(client, roles):
    response = client.get(reverse("conduct_waivers"))
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]


def test_the_menu_shows_the_register_to_the_committee_only(client, roles):
    client.force_login(roles["compliance"])
    assert reverse("conduct_waivers") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(roles["drafter"])
    assert reverse("conduct_waivers") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_recording_a_request_from_the_form(committee_client, roles, home):
    """The provision is chosen from the Code's headings; the entry keeps the heading and its anchor."""
    code_page(home)
    response = committee_client.post(
        reverse("conduct_waiver_new"),
        {
            "kind": "exception",
            "requester_name": "Pat Employee",
            "position": "employee",
            "provision": "conflicts-of-interest",
            "requested_on": "2026-11-30",
            "description": "Keep a stake in a supplier.",
            "reason": "Inherited.",
        },
    )
    entry = ExceptionRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("conduct_waiver", args=[entry.pk])
    assert entry.provision_heading == "CONFLICTS OF INTEREST" and entry.provision_anchor == "conflicts-of-interest"
    assert entry.recorded_by == roles["compliance"]


def test_bad_input_is_a_clear_error_not_a_500(committee_client, roles, home):
    code_page(home)
    response = committee_client.post(reverse("conduct_waiver_new"), {"position": "king", "requested_on": "soon"})
    assert response.status_code == 400
    assert b"error-message" in response.content
    entry = employee_request(roles["compliance"])
    response = committee_client.post(
        reverse("conduct_waiver_decide", args=[entry.pk]),
        {
            "disposition": "granted",
            "decided_by": "board",
            "decided_by_name": "Board",
            "decided_at": "2026-12-04T15:00",
            "resolution_reference": "R1",
        },
    )
    assert response.status_code == 400
    assert "Chief Financial or Accounting Officer" in response.content.decode()
    assert not ExceptionRequest.objects.get(pk=entry.pk).is_decided


def test_deciding_and_drafting_from_the_entry(committee_client, roles, home):
    """The officer's waiver decided by the board, then "Draft the website disclosure" opens the draft in the editor."""
    waiver_index(home)
    entry = officer_request(roles["compliance"])
    with time_machine.travel(WEDNESDAY, tick=False):
        response = committee_client.post(
            reverse("conduct_waiver_decide", args=[entry.pk]),
            {
                "disposition": "granted",
                "decided_by": "board",
                "decided_by_name": "Board of Directors",
                "decided_at": "2026-12-04T15:00",
                "resolution_reference": "Board resolution 2026-12-04/3",
                "decision_reason": "Standards work.",
            },
        )
        assert response.status_code == 302
        entry.refresh_from_db()
        assert entry.decided_at == dt.datetime(2026, 12, 4, 20, 0, tzinfo=dt.UTC)  # 3:00 p.m. ET
        page = committee_client.get(reverse("conduct_waiver", args=[entry.pk])).content.decode()
        assert "Warning: due soon" in page and "Dec. 10, 2026" in page
        response = committee_client.post(reverse("conduct_waiver_draft", args=[entry.pk]))
    entry.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[entry.disclosure_page_id])
    assert committee_client.get(response["Location"]).status_code == 200


def test_register_flags_overdue_in_words_and_logs_once(committee_client, roles, profile):
    entry = granted_officer_waiver(roles["compliance"])
    with time_machine.travel(dt.datetime(2026, 12, 11, 14, 0, tzinfo=dt.UTC), tick=False):
        html = committee_client.get(reverse("conduct_waivers")).content.decode()
        committee_client.get(reverse("conduct_waivers"))
    assert "Overdue" in html and "waiver-overdue" in html
    assert list(waivers.record_overdue()) == []
    assert ModelLogEntry.objects.filter(action=waivers.OVERDUE_ACTION, data__entry=entry.pk).count() == 1


def test_dashboard_panel_for_committee_members_only(client, roles, profile):
    """One business day before the deadline the committee's dashboard warns; nobody else sees the panel."""
    granted_officer_waiver(roles["compliance"])
    with time_machine.travel(WEDNESDAY, tick=False):
        client.force_login(roles["compliance"])
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Code waivers to disclose" in html
        assert "Warning: due soon" in html and "Dec. 10, 2026" in html
        for who in ("drafter", "ceo"):
            client.force_login(roles[who])
            assert "Code waivers to disclose" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_archive_screen_refuses_before_twelve_months(committee_client, roles, home):
    waiver_index(home)
    entry = granted_officer_waiver(roles["compliance"])
    with time_machine.travel(WEDNESDAY, tick=False):
        page = approve_all(waivers.draft_disclosure(entry, by=roles["compliance"]), roles)
        url = reverse("conduct_waiver_archive", args=[page.pk])
        html = committee_client.get(url).content.decode()
        assert "it can be archived from Dec. 9, 2027" in html
        assert "Keep until" in html and "Dec. 9, 2031" in html
        response = committee_client.post(url, {"note": "too soon"})
    assert response.status_code == 302
    assert not type(page).objects.get(pk=page.pk).is_archived


def test_correcting_from_the_form(committee_client, roles, home):
    """The correction form starts from the entry; saving records a new entry and leaves the old one as it was."""
    code_page(home)
    entry = granted_officer_waiver(roles["compliance"])
    url = reverse("conduct_waiver_correct", args=[entry.pk])
    form = committee_client.get(url).context["form"]
    decision_form = committee_client.get(url).context["decision_form"]
    data = {name: value for name, value in {**form.initial, **decision_form.initial}.items() if value is not None}
    data["requester"] = ""
    data["decided_at"] = "2026-12-04T15:00"
    data["requested_on"] = "2026-11-30"
    data["requester_title"] = "Chief Executive Officer and Chairman"
    data["correction_note"] = "His title was incomplete."
    with time_machine.travel(WEDNESDAY, tick=False):
        response = committee_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    correction = ExceptionRequest.objects.get(corrects=entry)
    assert correction.requester_title == "Chief Executive Officer and Chairman"
    assert correction.decided_at == entry.decided_at and correction.disposition == entry.disposition
    assert ExceptionRequest.objects.get(pk=entry.pk).requester_title == "Chief Executive Officer"
    html = committee_client.get(reverse("conduct_waivers")).content.decode()
    assert f'Corrected by <a href="{reverse("conduct_waiver", args=[correction.pk])}">' in html


def test_recording_a_form_8k_from_the_entry(committee_client, roles, profile):
    entry = granted_officer_waiver(roles["compliance"])
    url = reverse("conduct_waiver_form_8k", args=[entry.pk])
    with time_machine.travel(WEDNESDAY, tick=False):
        bad = committee_client.post(url, {"filed_on": "2026-12-08", "accession": "12345"})
        assert bad.status_code == 400 and "accession number reads" in bad.content.decode()
        good = committee_client.post(url, {"filed_on": "2026-12-08", "accession": "0000927654-26-000041"})
        assert good.status_code == 302
        html = committee_client.get(reverse("conduct_waiver", args=[entry.pk])).content.decode()
    assert "Disclosed by Form 8-K on Dec. 8, 2026, in time" in html
